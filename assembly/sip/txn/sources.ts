// Trusted sources: the transport addresses (address and port) the station
// takes requests from as its own infrastructure: the registrar, the backup
// registrar, an outbound proxy. The application fills the list from its
// configuration; the transaction layer reserves table capacity for them
// (table.ts), and the UA trusts identities they assert (RFC 3325 §5: a
// P-Asserted-Identity is believed only from a trusted element). Anyone else is
// a stranger. The list holds copies of the peers (peer.ts form); empty by
// default: nobody is trusted.

import { PEER_SIZE, copyPeer, samePeer } from "./peer";

export const MAX_SOURCES = 4;
const LIST: usize = memory.data(MAX_SOURCES * <i32>PEER_SIZE);
let count: i32 = 0;

export function sourcesClear(): void { count = 0; }

/** Trusts `peer` (address and port); false when the list is full. */
export function sourceAdd(peer: usize): bool {
  for (let i = 0; i < count; i++) if (samePeer(LIST + <usize>i * PEER_SIZE, peer)) return true;
  if (count >= MAX_SOURCES) return false;
  copyPeer(LIST + <usize>count * PEER_SIZE, peer);
  count++;
  return true;
}

export function sourcesCount(): i32 { return count; }

/** Whether `peer` (address and port) is one of the trusted sources. */
export function isTrustedSource(peer: usize): bool {
  for (let i = 0; i < count; i++) if (samePeer(LIST + <usize>i * PEER_SIZE, peer)) return true;
  return false;
}
