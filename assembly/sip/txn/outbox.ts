// What the engine asks the host to send. Each engine call (receive, tick, a
// user-agent action) starts with an empty outbox; the host drains it after
// the call returns. Every message is copied in when queued, so a transaction
// that replaces its kept message later in the same call (a 100 Trying, then
// a 491 at once) cannot change what was already queued.
// A message for a peer the station holds a stream with goes over that stream
// (RFC 3261 §18.1.1 and §18.2.2: the connection of the registrar, of the
// request): the entry carries the stream's handle, and a request's top Via
// says TCP or TLS (§18.1.1: the Via names the transport the request goes over).

import { PEER_SIZE, copyPeer } from "./peer";
import { TX } from "../msg/buffers";
import { zeroRecord } from "./record";
import { txnCounters } from "./counters";
import { streamTo, streamIsOpen, streamHandle, streamIsSecure } from "../transport/streams";

/** One queued datagram, laid over static memory (never allocated); its destination follows it. */
// @ts-ignore: decorator
@unmanaged class OutboxEntry {
  /** Where its octets are: their offset in SCRATCH (below SCRATCH_CAPACITY). */
  offset: u16;
  /** How many. */
  length: u16;
  /** The stream it goes over (the board's handle); 0: a UDP datagram. */
  stream: u8;
}

export const OUTBOX_CAPACITY = 24;
const O_PEER: usize = offsetof<OutboxEntry>();
const ENTRY: usize = (O_PEER + PEER_SIZE + 3) & ~3; // the record, the 18-octet peer, padding
const ENTRIES: usize = memory.data(<i32>(OUTBOX_CAPACITY * <i32>ENTRY));

// Room for the messages of one engine call; beyond it a message is dropped
// and counted (a retransmission timer sends it again later). 6 KiB holds the
// largest call the station makes: a parallel ring's four INVITEs with their
// SDP (about 900 octets each) and the answers of the same call. A UDP message
// is at most 1,300 octets (larger ones go over TCP, RFC 3261 §18.1.1); it was
// 8 KiB until the streams and the locator needed the 2 KiB (docs/transports.md).
const SCRATCH_CAPACITY = 6144;
const SCRATCH: usize = memory.data(SCRATCH_CAPACITY);

/** Where the outbox stands within one engine call, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class OutboxQueue {
  /** Octets of SCRATCH taken (at most SCRATCH_CAPACITY). */
  used: u16;
  /** Datagrams queued (at most OUTBOX_CAPACITY). */
  count: u8;
}

export const OUTBOX_QUEUE: usize = memory.data(<i32>offsetof<OutboxQueue>(), 4);

// @ts-ignore: decorator
@inline function q(): OutboxQueue { return changetype<OutboxQueue>(OUTBOX_QUEUE); }

/** Empty: the start of every engine call (and the state at start-up). */
export function outboxReset(): void { zeroRecord(OUTBOX_QUEUE, offsetof<OutboxQueue>()); }

export function outboxCount(): i32 { return <i32>q().count; }
/** Messages that did not fit in the outbox since start-up (a gauge for tests; never expected). */
export function outboxDropped(): i32 { return <i32>txnCounters().outboxDropped; }

function entry(i: i32): usize { return ENTRIES + <usize>i * ENTRY; }
// @ts-ignore: decorator
@inline function record(i: i32): OutboxEntry { return changetype<OutboxEntry>(entry(i)); }
export function outboxData(i: i32): usize { return <u32>i < <u32>q().count ? SCRATCH + <usize>record(i).offset : 0; }
export function outboxLength(i: i32): i32 { return <u32>i < <u32>q().count ? <i32>record(i).length : 0; }
export function outboxPeer(i: i32): usize { return <u32>i < <u32>q().count ? entry(i) + O_PEER : 0; }
/** The stream entry i goes over (its handle), 0 for a datagram. */
export function outboxStream(i: i32): i32 { return <u32>i < <u32>q().count ? <i32>record(i).stream : 0; }

function queue(data: usize, len: i32, peer: usize, stream: i32): bool {
  const n = <i32>q().count;
  if (n >= OUTBOX_CAPACITY || len <= 0) {
    txnCounters().outboxDropped++;
    return false;
  }
  const e = record(n);
  e.offset = <u16>(data - SCRATCH);
  e.length = <u16>len;
  e.stream = <u8>stream;
  copyPeer(entry(n) + O_PEER, peer);
  q().count = <u8>(n + 1);
  return true;
}

const VIA_UDP = "SIP/2.0/UDP ";

/** In the request at p: its first Via's "SIP/2.0/UDP " becomes "SIP/2.0/TCP ", or "SIP/2.0/TLS " over TLS (the same length, §18.1.1, §26.2); a response is left as it is. */
function viaOverTcp(p: usize, len: i32, tls: bool): void {
  if (len < 8 || load<u32>(p) == 0x2f504953) return; // "SIP/": a status line
  const n = VIA_UDP.length;
  for (let k = 0; k + n <= len; k++) {
    let same = true;
    for (let j = 0; j < n && same; j++) same = load<u8>(p + <usize>(k + j)) == <u8>VIA_UDP.charCodeAt(j);
    if (same) {
      store<u8>(p + <usize>(k + 8), 0x54); // T
      store<u8>(p + <usize>(k + 9), tls ? 0x4c : 0x43); // L or C
      store<u8>(p + <usize>(k + 10), tls ? 0x53 : 0x50); // S or P
      return;
    }
  }
}

/**
 * Whether the message at p is a response whose top Via's sent-protocol is UDP
 * (the first "/2.0/" after the status line is that Via's): RFC 3261 §18.2.2
 * sends it as a datagram even when the station holds a stream with its
 * destination (a proxy listening on UDP and TCP at one address).
 */
function responseOverUdp(p: usize, len: i32): bool {
  if (len < 8 || load<u32>(p) != 0x2f504953) return false; // "SIP/": a status line
  for (let k = 8; k + 8 <= len; k++) {
    if (load<u32>(p + <usize>k) != 0x302e322f || load<u8>(p + <usize>(k + 4)) != 0x2f) continue; // "/2.0/"
    const t = load<u32>(p + <usize>(k + 5)) & 0x00dfdfdf; // the transport's 3 letters, upper case
    return t == 0x00504455; // "UDP"
  }
  return false;
}

/**
 * Queues a copy of the `len` octets at `data` for `peer`, over the stream the
 * station holds with `peer` if any (not a response to a request that came as
 * a datagram: responseOverUdp); false (counted in outboxDropped) when
 * there is no room. A stream still connecting takes nothing (false, not
 * counted): its transactions send when it opens (client.ts).
 */
export function send(data: usize, len: i32, peer: usize): bool {
  const s = responseOverUdp(data, len) ? -1 : streamTo(peer);
  if (s >= 0 && !streamIsOpen(s)) return false;
  const used = <i32>q().used;
  if (len <= 0 || used + len > SCRATCH_CAPACITY) {
    txnCounters().outboxDropped++;
    return false;
  }
  const dst = SCRATCH + <usize>used;
  for (let i: usize = 0; i < <usize>len; i++) store<u8>(dst + i, load<u8>(data + i));
  q().used = <u16>(used + len);
  if (s >= 0) viaOverTcp(dst, len, streamIsSecure(s));
  return queue(dst, len, peer, s >= 0 ? streamHandle(s) : 0);
}

/** Queues a copy of the message built in TX (its length `len`) for `peer`. */
export function sendCopyOfTx(len: i32, peer: usize): bool {
  return send(TX, len, peer);
}
