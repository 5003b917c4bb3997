// Who this user agent is and where it sends: the local identity (user,
// domain, display name), the address it writes in Via and Contact, the
// outbound proxy every request goes to, and the digest credentials. The
// password is write-only: nothing reads it back out of the engine.

import { setText, textLength, textData } from "./text";
import { PEER_SIZE, copyPeer } from "../txn/peer";
import { zeroRecord } from "../txn/record";
import { contactTls } from "../transport/streams";

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
  if (id == ID_LOCAL_HOST) forgetPublic(); // a new local address: what a registrar saw is stale
  return setText(field(id), IDENTITY_CAPACITY, src, len);
}

export function identityData(id: i32): usize { return textData(field(id)); }
export function identityLength(id: i32): i32 { return textLength(field(id)); }
/** Identity field `id` as a text (text.ts: its length, then its octets). */
export function identityText(id: i32): usize { return field(id); }
export function hasPassword(): bool { return textLength(field(ID_PASSWORD)) > 0; }

// A setting, not state: the configuration's port, written when a configuration is applied (as are the
// outbound proxy below and the texts above); only publicPort is learned at run time.
export let localPort: u32 = 5060;
export function setLocalPort(port: u32): void {
  localPort = port > 0 && port < 65536 ? port : 5060;
  forgetPublic();
}

// The address the Contact names (§8.1.1.8): the local one, or behind a NAT
// the one the registrar saw the REGISTER come from (RFC 3581 §4: the
// "received" and "rport" of the top Via of its 2xx), once register.ts has
// learned it. Field 0 of FIELDS (no setIdentity id) holds that host.
/** The port a registrar saw, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class PublicAddress {
  /** 0: none learned, the Contact names the local address. */
  port: u16;
}

export const PUBLIC_ADDRESS: usize = memory.data(<i32>offsetof<PublicAddress>(), 2);
const PUBLIC_HOST: usize = FIELDS;

// @ts-ignore: decorator
@inline function publicPort(): u32 { return <u32>changetype<PublicAddress>(PUBLIC_ADDRESS).port; }

/** No address learned: the Contact names the local one, as at start-up (the host's octets are unused until then). */
export function forgetPublic(): void { zeroRecord(PUBLIC_ADDRESS, offsetof<PublicAddress>()); }

/** The Contact's address is the one a registrar saw: host [src, src+len), port. */
export function setPublicAddress(src: usize, len: i32, port: u32): void {
  const learned = port > 0 && port < 65536 && setText(PUBLIC_HOST, IDENTITY_CAPACITY, src, len);
  changetype<PublicAddress>(PUBLIC_ADDRESS).port = learned ? <u16>port : 0;
}
/** The Contact names an address a registrar saw (not the local one). */
export function publicLearned(): bool { return publicPort() > 0; }
export function contactHostData(): usize { return publicPort() > 0 ? textData(PUBLIC_HOST) : identityData(ID_LOCAL_HOST); }
export function contactHostLength(): i32 { return publicPort() > 0 ? textLength(PUBLIC_HOST) : identityLength(ID_LOCAL_HOST); }
/** The port the Via's sent-by names, as a registrar would see it: its view once learned, else localPort (over TLS the Contact's port is another). */
export function sentByPort(): u32 { return publicPort() > 0 ? publicPort() : localPort; }
/** The Contact's port: a registrar's view, else localPort, or localPort + 1 where the board listens for TLS (docs/transports.md) when the Contact is sips:. */
export function contactPort(): u32 { return publicPort() > 0 ? publicPort() : contactTls() ? localPort + 1 : localPort; }

/** Where requests go (an outbound proxy, RFC 3261 §8.1.2); set by the board from its configuration. */
export const OUTBOUND: usize = memory.data(<i32>PEER_SIZE);
export let hasOutbound: bool = false; // a setting, as localPort
export function setOutbound(peer: usize): void {
  copyPeer(OUTBOUND, peer);
  hasOutbound = true;
}
export function clearOutbound(): void { hasOutbound = false; }
