// Trusted sources: the transport addresses (address and port) the station
// takes requests from as its own infrastructure: the registrar, the backup
// registrar, an outbound proxy. The application fills the list from its
// configuration; the transaction layer reserves table capacity for them
// (table.ts), and the UA trusts identities they assert (RFC 3325 §5: a
// P-Asserted-Identity is believed only from a trusted element). Anyone else is
// a stranger. The list holds copies of the peers (peer.ts form); empty by
// default: nobody is trusted.

import { PEER_SIZE, copyPeer, samePeer, sameAddress } from "./peer";
import { zeroRecord } from "./record";
import { rxStream } from "../transport/streams";

export const MAX_SOURCES = 4;

/** The list's length, laid over static memory (never allocated); the peers follow it. */
// @ts-ignore: decorator
@unmanaged export class TrustedSources {
  count: u8;
}

const O_LIST: usize = (offsetof<TrustedSources>() + 1) & ~1;
/** The record and its MAX_SOURCES peers (peer.ts form). */
export const TRUSTED_SOURCES_SIZE: usize = O_LIST + <usize>MAX_SOURCES * PEER_SIZE;
export const TRUSTED_SOURCES: usize = memory.data(<i32>TRUSTED_SOURCES_SIZE, 4);
const LIST: usize = TRUSTED_SOURCES + O_LIST;

// @ts-ignore: decorator
@inline function src(): TrustedSources { return changetype<TrustedSources>(TRUSTED_SOURCES); }

/** Nobody is trusted: the list as at start-up, every peer zeroed. */
export function sourcesClear(): void { zeroRecord(TRUSTED_SOURCES, TRUSTED_SOURCES_SIZE); }

/** Trusts `peer` (address and port); false when the list is full. */
export function sourceAdd(peer: usize): bool {
  const n = <i32>src().count;
  for (let i = 0; i < n; i++) if (samePeer(LIST + <usize>i * PEER_SIZE, peer)) return true;
  if (n >= MAX_SOURCES) return false;
  copyPeer(LIST + <usize>n * PEER_SIZE, peer);
  src().count = <u8>(n + 1);
  return true;
}

export function sourcesCount(): i32 { return <i32>src().count; }

/**
 * Whether `peer` (address and port) is one of the trusted sources. A message
 * that came over a stream counts by address alone: a proxy's connection to
 * the station comes from a port of its choosing (RFC 3261 §18.2.2 has the
 * response follow the connection, not the Via), and a TCP source address is
 * not forged without its handshake.
 */
export function isTrustedSource(peer: usize): bool {
  const n = <i32>src().count;
  const byAddress = rxStream() != 0;
  for (let i = 0; i < n; i++) {
    const p = LIST + <usize>i * PEER_SIZE;
    if (byAddress ? sameAddress(p, peer) : samePeer(p, peer)) return true;
  }
  return false;
}
