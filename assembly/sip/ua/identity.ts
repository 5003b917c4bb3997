// Who this user agent is and where it sends: the local identity (user,
// domain, display name), the address it writes in Via and Contact, the
// outbound proxy every request goes to, and the digest credentials. The
// password is write-only: nothing reads it back out of the engine.

import { setText, textLength, textData } from "./text";
import { PEER_SIZE, copyPeer } from "../txn/peer";

export const ID_USER = 1;
export const ID_DOMAIN = 2;
export const ID_DISPLAY = 3;
export const ID_LOCAL_HOST = 4;
export const ID_AUTH_USER = 5;
export const ID_PASSWORD = 6;

/** Octets each field holds: a domain name of 127 (what the configuration allows, docs/config.md). */
export const IDENTITY_CAPACITY: i32 = 127;
const STRIDE: i32 = 2 + IDENTITY_CAPACITY + 1; // the u16 length, the octets, one to keep it even
const FIELDS: usize = memory.data(7 * STRIDE);

function field(id: i32): usize { return FIELDS + <usize>(id * STRIDE); }

/** Sets identity field `id` from [src, src+len); false when the id is unknown or the value too long. */
export function setIdentity(id: i32, src: usize, len: i32): bool {
  if (id < ID_USER || id > ID_PASSWORD) return false;
  return setText(field(id), IDENTITY_CAPACITY, src, len);
}

export function identityData(id: i32): usize { return textData(field(id)); }
export function identityLength(id: i32): i32 { return textLength(field(id)); }
export function hasPassword(): bool { return textLength(field(ID_PASSWORD)) > 0; }

export let localPort: u32 = 5060;
export function setLocalPort(port: u32): void { localPort = port > 0 && port < 65536 ? port : 5060; }

/** Where requests go (an outbound proxy, RFC 3261 §8.1.2); set by the board from its configuration. */
export const OUTBOUND: usize = memory.data(<i32>PEER_SIZE);
export let hasOutbound: bool = false;
export function setOutbound(peer: usize): void {
  copyPeer(OUTBOUND, peer);
  hasOutbound = true;
}
export function clearOutbound(): void { hasOutbound = false; }
