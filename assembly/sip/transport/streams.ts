// The stream table (RFC 3261 §18: TCP between the station and its peers).
// The board holds each connection and its octets (docs/transports.md, board
// ABI 5); the firmware keeps only what it decides on: the board's handle, the
// peer, whether the station opened it, whether the registration keeps it, and
// two ages: since when a partial message waits (a connection holding one for
// 64*T1 is closed, so a peer that stops mid-message never keeps a slot) and
// when it was last used (a connection nobody used for IDLE_MS is closed,
// unless the registration keeps it or a call or transaction uses it). At most
// MAX_STREAMS: when full, a peer's idle connection gives way (streamIdlest), so
// silent peers never lock the station out. Pure: the time is an argument; what
// to close is returned, the caller closes.

import { PEER_SIZE, copyPeer, samePeer } from "../txn/peer";
import { zeroRecord } from "../txn/record";
import { T1 } from "../txn/clock";
import { until } from "../../runtime/time";
import { streamHeld } from "./held";

export const MAX_STREAMS = 4;
/** An idle connection nobody uses is closed after this long (docs/transports.md; RFC 5923 §11 leaves it to the implementation). */
export const IDLE_MS: u32 = 120000;

// Flags of a stream.
export const F_USED: u8 = 1;
/** The board reported it open (boardStreamOpened status 0, or an accepted one). */
export const F_OPEN: u8 = 2;
/** The station opened it (streamOpen), rather than a peer (boardStreamAccepted). */
export const F_OURS: u8 = 4;
/** The registration keeps it: never closed for idleness. */
export const F_KEPT: u8 = 8;
/** Octets of a message that is not whole yet wait on it. */
export const F_PARTIAL: u8 = 16;
/** TLS (board.streamOpen secure 1, or accepted on the TLS port). */
export const F_SECURE: u8 = 32;

// One connection: its handle and flags (an octet each), its peer (PEER_SIZE
// octets), then two u32: when its partial message's first octets came (valid
// with F_PARTIAL) and when a message last went or came over it. 28 octets,
// laid out by hand so that the peer needs no padding.
const O_FLAGS: usize = 1;
const O_PEER: usize = 2;
const O_PARTIAL_SINCE: usize = O_PEER + PEER_SIZE;
const O_LAST_USED: usize = O_PARTIAL_SINCE + 4;
const ENTRY: usize = O_LAST_USED + 4;
/** The stream a message in RX came over (its handle; 0: a datagram), whether the Contact says TCP, then the table. */
const HEAD: usize = 4;
export const STREAM_TABLE_SIZE: usize = HEAD + <usize>MAX_STREAMS * ENTRY;
export const STREAM_TABLE: usize = memory.data(<i32>STREAM_TABLE_SIZE, 4);

// @ts-ignore: decorator
@inline function at(i: i32): usize { return STREAM_TABLE + HEAD + <usize>i * ENTRY; }
// @ts-ignore: decorator
@inline function flags(i: i32): u8 { return load<u8>(at(i) + O_FLAGS); }
// @ts-ignore: decorator
@inline function setFlags(i: i32, f: u8): void { store<u8>(at(i) + O_FLAGS, f); }

/** No stream, no receive stream: the state at start-up. */
export function streamsReset(): void { zeroRecord(STREAM_TABLE, STREAM_TABLE_SIZE); }

/** The handle of the stream the message in RX came over; 0 for a datagram. */
export function rxStream(): i32 { return <i32>load<u8>(STREAM_TABLE); }
export function setRxStream(handle: i32): void { store<u8>(STREAM_TABLE, <u8>handle); }
/** Whether the station's Contact names TCP (RFC 3261 §19.1.1 transport=tcp): it registers over TCP. */
export function contactTcp(): bool { return load<u8>(STREAM_TABLE + 1) == CONTACT_TCP; }
export function setContactTcp(on: bool): void { store<u8>(STREAM_TABLE + 1, on ? CONTACT_TCP : 0); }
// What the station's Contact names (the octet beside the receive stream): 0 UDP, TCP, or TLS.
export const CONTACT_TCP: u8 = 1;
/** A sips: Contact on the station's TLS port (RFC 5630 §3.1.1): it registers over TLS. */
export const CONTACT_TLS: u8 = 2;
/** Whether the station's Contact is a sips: URI (RFC 5630 §3.1.1): it registers over TLS. */
export function contactTls(): bool { return load<u8>(STREAM_TABLE + 1) == CONTACT_TLS; }
/** The Contact names `transport`: 0 UDP, CONTACT_TCP or CONTACT_TLS. */
export function setContactTransport(transport: u8): void { store<u8>(STREAM_TABLE + 1, transport); }

export function streamUsed(i: i32): bool { return <u32>i < <u32>MAX_STREAMS && (flags(i) & F_USED) != 0; }
export function streamHandle(i: i32): i32 { return <i32>load<u8>(at(i)); }
export function streamPeer(i: i32): usize { return at(i) + O_PEER; }
export function streamIsOpen(i: i32): bool { return streamUsed(i) && (flags(i) & F_OPEN) != 0; }
/** Whether stream i is TLS (RFC 3261 §26.2: its Via says TLS). */
export function streamIsSecure(i: i32): bool { return streamUsed(i) && (flags(i) & F_SECURE) != 0; }
export function streamIsKept(i: i32): bool { return streamUsed(i) && (flags(i) & F_KEPT) != 0; }
export function streamCount(): i32 {
  let n = 0;
  for (let i = 0; i < MAX_STREAMS; i++) if (streamUsed(i)) n++;
  return n;
}

/** The entry of the stream with `handle`; -1 if none. */
export function streamFind(handle: i32): i32 {
  if (handle <= 0) return -1;
  for (let i = 0; i < MAX_STREAMS; i++) if (streamUsed(i) && streamHandle(i) == handle) return i;
  return -1;
}

/** The entry of a stream to or from `peer` (address and port); -1 if none. */
export function streamTo(peer: usize): i32 {
  for (let i = 0; i < MAX_STREAMS; i++) if (streamUsed(i) && samePeer(streamPeer(i), peer)) return i;
  return -1;
}

/** Enters the stream `handle` with `peer` and `flags` at `now`: its entry, or -1 when the table is full. */
export function streamAdd(handle: i32, peer: usize, f: u8, now: u32): i32 {
  if (handle <= 0 || handle > 255) return -1;
  for (let i = 0; i < MAX_STREAMS; i++) {
    if (streamUsed(i)) continue;
    store<u8>(at(i), <u8>handle);
    setFlags(i, f | F_USED);
    store<u32>(at(i) + O_PARTIAL_SINCE, 0);
    store<u32>(at(i) + O_LAST_USED, now);
    copyPeer(streamPeer(i), peer);
    return i;
  }
  return -1;
}

export function streamForget(i: i32): void { if (<u32>i < <u32>MAX_STREAMS) zeroRecord(at(i), ENTRY); }
export function streamMarkOpen(i: i32, now: u32): void {
  setFlags(i, flags(i) | F_OPEN);
  store<u32>(at(i) + O_LAST_USED, now);
}
export function streamTouch(i: i32, now: u32): void { if (streamUsed(i)) store<u32>(at(i) + O_LAST_USED, now); }

/** The registration keeps the stream to `peer` (none: 0 entries kept); every other stream is no longer kept. */
export function streamKeepOnly(peer: usize): void {
  for (let i = 0; i < MAX_STREAMS; i++) {
    if (!streamUsed(i)) continue;
    const keep = peer != 0 && samePeer(streamPeer(i), peer);
    setFlags(i, keep ? flags(i) | F_KEPT : flags(i) & ~F_KEPT);
  }
}

/** After an offer of stream i: whether octets of an unfinished message stay, and whether any message was taken before them. */
export function streamPartial(i: i32, waiting: bool, tookSome: bool, now: u32): void {
  if (!streamUsed(i)) return;
  if (!waiting) setFlags(i, flags(i) & ~F_PARTIAL);
  else if ((flags(i) & F_PARTIAL) == 0 || tookSome) {
    setFlags(i, flags(i) | F_PARTIAL);
    store<u32>(at(i) + O_PARTIAL_SINCE, now); // a new message began with this offer
  }
}

/** Whether the registration keeps stream i, or a call or transaction uses it (held.ts). */
function streamBusy(i: i32): bool {
  return (flags(i) & F_KEPT) != 0 || streamHeld(streamHandle(i), streamPeer(i));
}

/**
 * Milliseconds from `now` until stream i is to be closed, -1 never: 64*T1
 * after its partial message began (RFC 3261 §18.3 gives no bound; a peer
 * that stops mid-message must not keep a slot), IDLE_MS after its last use
 * when nothing uses it (RFC 5923 §11, RFC 5626 §4.4: idle connections close),
 * whoever opened it.
 */
function closeIn(i: i32, now: u32): i32 {
  const f = flags(i);
  if ((f & F_PARTIAL) != 0) return <i32>until(load<u32>(at(i) + O_PARTIAL_SINCE) + 64 * T1, now);
  if (streamBusy(i)) return -1;
  return <i32>until(load<u32>(at(i) + O_LAST_USED) + IDLE_MS, now);
}

/**
 * The stream to give way when the table is full: of those a peer opened and
 * nothing uses (not the registration's, no call, no transaction), the one
 * whose last octets went or came longest ago, if that is at least `minIdle`
 * ms before `now`; -1 if none. RFC 3261 §18 leaves connection management to
 * the implementation; a silent peer must never lock the station out.
 */
export function streamIdlest(now: u32, minIdle: u32): i32 {
  let best = -1;
  let bestIdle: u32 = 0;
  for (let i = 0; i < MAX_STREAMS; i++) {
    if (!streamUsed(i) || (flags(i) & F_OURS) != 0 || streamBusy(i)) continue;
    const d = <i32>(now - load<u32>(at(i) + O_LAST_USED)); // the signed difference: the clock wraps (runtime/time.ts)
    const idle: u32 = d > 0 ? <u32>d : 0;
    if (idle >= minIdle && (best < 0 || idle > bestIdle)) {
      best = i;
      bestIdle = idle;
    }
  }
  return best;
}

/** A stream due to be closed at `now` (a partial message held too long; an idle connection nothing uses); -1 if none. */
export function streamDue(now: u32): i32 {
  for (let i = 0; i < MAX_STREAMS; i++) if (streamUsed(i) && closeIn(i, now) == 0) return i;
  return -1;
}

/** Milliseconds until a stream is due to be closed, or -1. */
export function streamsNextDeadline(now: u32): i32 {
  let best: i32 = -1;
  for (let i = 0; i < MAX_STREAMS; i++) {
    const d = streamUsed(i) ? closeIn(i, now) : -1;
    if (d >= 0 && (best < 0 || d < best)) best = d;
  }
  return best;
}
