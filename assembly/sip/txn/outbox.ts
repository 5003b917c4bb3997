// What the engine asks the host to send. Each engine call (receive, tick, a
// user-agent action) starts with an empty outbox; the host drains it after
// the call returns. Every message is copied in when queued, so a transaction
// that replaces its kept message later in the same call (a 100 Trying, then
// a 491 at once) cannot change what was already queued.

import { PEER_SIZE, copyPeer } from "./peer";
import { TX } from "../msg/buffers";
import { zeroRecord } from "./record";
import { txnCounters } from "./counters";

/** One queued datagram, laid over static memory (never allocated); its destination follows it. */
// @ts-ignore: decorator
@unmanaged class OutboxEntry {
  /** Where its octets are (in SCRATCH). */
  data: u32;
  /** How many. */
  length: i32;
}

export const OUTBOX_CAPACITY = 24;
const O_PEER: usize = offsetof<OutboxEntry>();
const ENTRY: usize = (O_PEER + PEER_SIZE + 3) & ~3; // the record, the 18-octet peer, padding
const ENTRIES: usize = memory.data(<i32>(OUTBOX_CAPACITY * <i32>ENTRY));

// Room for the datagrams of one engine call; beyond it a message is dropped
// and counted (a retransmission timer sends it again later).
const SCRATCH_CAPACITY = 8192;
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
export function outboxData(i: i32): usize { return <u32>i < <u32>q().count ? <usize>record(i).data : 0; }
export function outboxLength(i: i32): i32 { return <u32>i < <u32>q().count ? record(i).length : 0; }
export function outboxPeer(i: i32): usize { return <u32>i < <u32>q().count ? entry(i) + O_PEER : 0; }

function queue(data: usize, len: i32, peer: usize): bool {
  const n = <i32>q().count;
  if (n >= OUTBOX_CAPACITY || len <= 0) {
    txnCounters().outboxDropped++;
    return false;
  }
  const e = record(n);
  e.data = <u32>data;
  e.length = len;
  copyPeer(entry(n) + O_PEER, peer);
  q().count = <u8>(n + 1);
  return true;
}

/** Queues a copy of the `len` octets at `data` for `peer`; false (counted in outboxDropped) when there is no room. */
export function send(data: usize, len: i32, peer: usize): bool {
  const used = <i32>q().used;
  if (len <= 0 || used + len > SCRATCH_CAPACITY) {
    txnCounters().outboxDropped++;
    return false;
  }
  const dst = SCRATCH + <usize>used;
  for (let i: usize = 0; i < <usize>len; i++) store<u8>(dst + i, load<u8>(data + i));
  q().used = <u16>(used + len);
  return queue(dst, len, peer);
}

/** Queues a copy of the message built in TX (its length `len`) for `peer`. */
export function sendCopyOfTx(len: i32, peer: usize): bool {
  return send(TX, len, peer);
}
