// The transaction table (RFC 3261 §17): a fixed number of slots in static
// memory, each holding one transaction's state, timers, matching keys and the
// last message it sent (kept for retransmission). A full table refuses new
// transactions; nothing older is disturbed.

import { copyPeer, sameAddress, PEER_SIZE } from "./peer";

export const MAX_TRANSACTIONS = 20;
/**
 * Server transactions of strangers (requests from a source that is not a
 * trusted one, sources.ts, and not inside a dialog of the station) may hold
 * at most this many slots, and at most MAX_PER_STRANGER for one source address
 * (whatever its port): the rest stay for the station's own requests, its
 * registrar and its calls, so a flood from the LAN can never starve the door.
 */
export const MAX_STRANGERS = 6;
export const MAX_PER_STRANGER = 2;

// Kinds (§17.1.1, §17.1.2, §17.2.1, §17.2.2).
export const KIND_NONE: u8 = 0;
export const ICT: u8 = 1; // INVITE client transaction
export const NICT: u8 = 2; // non-INVITE client transaction
export const IST: u8 = 3; // INVITE server transaction
export const NIST: u8 = 4; // non-INVITE server transaction

// States (the figures of §17, with "Accepted" of RFC 6026 §7.1/§7.2).
export const CALLING: u8 = 1;
export const TRYING: u8 = 2;
export const PROCEEDING: u8 = 3;
export const COMPLETED: u8 = 4;
export const CONFIRMED: u8 = 5;
export const ACCEPTED: u8 = 6;
export const TERMINATED: u8 = 7;

// Slot layout: a fixed header, the Slot record below, then three byte areas
// (the branch, the sent-by, the message kept for retransmission) whose
// offsets follow from the record's size. Every slot is one Slot laid over
// static memory (no allocation: slot(i) only names an address).

// @ts-ignore: decorator
@unmanaged class Slot {
  kind: u8;
  state: u8;
  method: u8;
  retransmitOn: u8;
  retransmitAt: u32;
  interval: u32;
  /** Timer B, F, H, L, M (armed while timeoutOn is not 0). */
  timeoutAt: u32;
  timeoutOn: u8;
  endOn: u8;
  /** The last status code sent or received. */
  code: u16;
  /** Timer D, I, J, K. */
  endAt: u32;
  cseq: u32;
  /** The handler's argument (which call, which subscription, which request). */
  arg: i32;
  /** The peer, in peer.ts form (PEER_SIZE octets): these three fields only reserve its room. */
  peer: u64;
  peerMiddle: u64;
  peerEnd: u16;
  branchLength: u8;
  sentByLength: u8;
  messageLength: u16;
  /** 1: a server transaction for a stranger's request. */
  stranger: u8;
  /** Who handles the outcome (NO_HANDLER: nobody). */
  handler: u8;
  /** The stream it goes over (the board's handle, transport/streams.ts); 0: UDP. */
  stream: u8;
  /** RFC 2543 matching key (hash) when the branch lacks the magic cookie (RFC 3261 §17.2.3). */
  key: u32;
}

// The peer fields must hold exactly one peer.ts address.
if (offsetof<Slot>("branchLength") - offsetof<Slot>("peer") != PEER_SIZE) ERROR("Slot: the peer fields do not match PEER_SIZE");

const O_PEER: usize = offsetof<Slot>("peer");
const O_BRANCH: usize = offsetof<Slot>();
export const BRANCH_CAPACITY: i32 = 64;
const O_SENT_BY: usize = O_BRANCH + <usize>BRANCH_CAPACITY;
export const SENT_BY_CAPACITY: i32 = 64;
const O_MESSAGE: usize = O_SENT_BY + <usize>SENT_BY_CAPACITY;
// 1392: every slot's room for the message it keeps; 8 octets less than the 1400 it was, for the stream table's
// static memory (docs/transports.md). A request over UDP stays below 1300 (§18.1.1: larger ones go over TCP).
export const MESSAGE_CAPACITY: i32 = 1392;
/** Rounded up to 8 octets, so that every slot's fields stay aligned. */
const SLOT_SIZE: usize = (O_MESSAGE + <usize>MESSAGE_CAPACITY + 7) & ~7;

const SLOTS: usize = memory.data(<i32>(MAX_TRANSACTIONS * <i32>SLOT_SIZE), 8);

// @ts-ignore: decorator
@inline function slotAt(i: i32): usize { return SLOTS + <usize>i * SLOT_SIZE; }
// @ts-ignore: decorator
@inline function slot(i: i32): Slot { return changetype<Slot>(slotAt(i)); }

export function kind(i: i32): u8 { return slot(i).kind; }
export function state(i: i32): u8 { return slot(i).state; }
export function setState(i: i32, s: u8): void { slot(i).state = s; }
export function method(i: i32): i32 { return <i32>slot(i).method; }
export function cseq(i: i32): u32 { return slot(i).cseq; }

// ---- what handles the outcome ----
// Each transaction stores what its user (the TU, §17) named to hear its
// outcome: a handler kind and an argument, opaque to this layer (the UA's
// ua/handler.ts declares them), as a response handler and its argument go
// with each request.

/** No handler: the outcome concerns nobody (allocate() starts every slot so). */
export const NO_HANDLER: i32 = 0;
export function handler(i: i32): i32 { return <i32>slot(i).handler; }
export function arg(i: i32): i32 { return slot(i).arg; }
export function setHandler(i: i32, h: i32, a: i32): void {
  slot(i).handler = <u8>h;
  slot(i).arg = a;
}
/** Whether transaction i is in use and handled by (h, a). */
export function handledBy(i: i32, h: i32, a: i32): bool { return inUse(i) && handler(i) == h && arg(i) == a; }
export function lastCode(i: i32): i32 { return <i32>slot(i).code; }
export function setLastCode(i: i32, c: i32): void { slot(i).code = <u16>c; }
export function peer(i: i32): usize { return slotAt(i) + O_PEER; }
export function branch(i: i32): usize { return slotAt(i) + O_BRANCH; }
export function branchLength(i: i32): i32 { return <i32>slot(i).branchLength; }
export function sentBy(i: i32): usize { return slotAt(i) + O_SENT_BY; }
export function sentByLength(i: i32): i32 { return <i32>slot(i).sentByLength; }
export function key(i: i32): u32 { return slot(i).key; }
export function message(i: i32): usize { return slotAt(i) + O_MESSAGE; }
export function messageLength(i: i32): i32 { return <i32>slot(i).messageLength; }

// ---- timers: a retransmission timer with its interval, a timeout, an end ----
export function retransmitOn(i: i32): bool { return slot(i).retransmitOn != 0; }
export function retransmitAt(i: i32): u32 { return slot(i).retransmitAt; }
export function interval(i: i32): u32 { return slot(i).interval; }
export function setRetransmit(i: i32, at: u32, every: u32): void {
  slot(i).retransmitOn = 1;
  slot(i).retransmitAt = at;
  slot(i).interval = every;
}
export function stopRetransmit(i: i32): void { slot(i).retransmitOn = 0; }

export function timeoutOn(i: i32): bool { return slot(i).timeoutOn != 0; }
export function timeoutAt(i: i32): u32 { return slot(i).timeoutAt; }
export function setTimeout(i: i32, at: u32): void {
  slot(i).timeoutOn = 1;
  slot(i).timeoutAt = at;
}
export function stopTimeout(i: i32): void { slot(i).timeoutOn = 0; }

export function endOn(i: i32): bool { return slot(i).endOn != 0; }
export function endAt(i: i32): u32 { return slot(i).endAt; }
export function setEnd(i: i32, at: u32): void {
  slot(i).endOn = 1;
  slot(i).endAt = at;
}

// ---- allocation ----

/** Whether slot i's transaction only absorbs retransmissions: a completed non-INVITE server transaction (Timer J), a confirmed INVITE one (Timer I). */
function waitingOut(i: i32): bool {
  const k = kind(i);
  const st = state(i);
  return (k == NIST && st == COMPLETED) || (k == IST && st == CONFIRMED);
}

/**
 * The slot of a transaction that only absorbs retransmissions, the one that
 * would end first; -1 if none. With `strangerAt` (not 0), only a stranger's,
 * and one of that address when the address is at its limit. Taking it loses
 * nothing a live request needs: a retransmission of its request is then
 * handled as a new one.
 */
function reclaimable(strangerAt: usize, sameOnly: bool): i32 {
  let best = -1;
  let bestAt: u32 = 0;
  for (let i = 0; i < MAX_TRANSACTIONS; i++) {
    if (!waitingOut(i)) continue;
    if (strangerAt != 0 && (!isStranger(i) || (sameOnly && !sameAddress(peer(i), strangerAt)))) continue;
    if (best < 0 || <i32>(endAt(i) - bestAt) < 0) {
      best = i;
      bestAt = endAt(i);
    }
  }
  return best;
}

/**
 * The slot for a stranger at `source`: a free one within the pool
 * (MAX_STRANGERS, MAX_PER_STRANGER by address), else a stranger's slot that
 * only waits out its timer; -1 when neither.
 */
function strangerSlot(source: usize): i32 {
  let all = 0;
  let same = 0;
  let free = -1;
  for (let i = 0; i < MAX_TRANSACTIONS; i++) {
    const s = slot(i);
    if (s.kind == KIND_NONE) {
      if (free < 0) free = i;
      continue;
    }
    if (s.stranger == 0) continue;
    all++;
    if (sameAddress(changetype<usize>(s) + O_PEER, source)) same++;
  }
  if (same >= MAX_PER_STRANGER) return reclaimable(source, true);
  if (all >= MAX_STRANGERS || free < 0) return reclaimable(source, false);
  return free;
}

/**
 * A free slot, initialised for `k`, or -1 when none can be had. A `stranger`'s
 * request gets one only within its pool (strangerSlot); anything else, when
 * every slot is taken, takes the slot of a transaction that only absorbs
 * retransmissions.
 */
export function allocate(k: u8, m: i32, cseqNumber: u32, dest: usize, stranger: bool = false): i32 {
  let free = -1;
  if (stranger) {
    free = strangerSlot(dest);
  } else {
    for (let i = 0; i < MAX_TRANSACTIONS && free < 0; i++) if (slot(i).kind == KIND_NONE) free = i;
    if (free < 0) free = reclaimable(0, false);
  }
  if (free < 0) return -1;
  const s = slot(free);
  for (let o: usize = 0; o < O_BRANCH; o += 4) store<u32>(changetype<usize>(s) + o, 0);
  s.kind = k;
  s.method = <u8>m;
  s.cseq = cseqNumber;
  s.stranger = stranger ? 1 : 0;
  copyPeer(changetype<usize>(s) + O_PEER, dest);
  return free;
}

/** Whether server transaction i serves a stranger. */
export function isStranger(i: i32): bool { return slot(i).stranger != 0; }
/** The TU accepted the stranger's INVITE (a 2xx: a call it took): its transaction leaves the strangers' pool. */
export function admit(i: i32): void { slot(i).stranger = 0; }

/** How many slots strangers hold now. */
export function strangerCount(): i32 {
  let n = 0;
  for (let i = 0; i < MAX_TRANSACTIONS; i++) if (slot(i).kind != KIND_NONE && slot(i).stranger != 0) n++;
  return n;
}

export function release(i: i32): void {
  slot(i).kind = KIND_NONE;
  slot(i).state = TERMINATED;
}

export function inUse(i: i32): bool {
  return <u32>i < <u32>MAX_TRANSACTIONS && slot(i).kind != KIND_NONE;
}

export function activeCount(): i32 {
  let n = 0;
  for (let i = 0; i < MAX_TRANSACTIONS; i++) if (slot(i).kind != KIND_NONE) n++;
  return n;
}

export function resetTable(): void {
  for (let i = 0; i < MAX_TRANSACTIONS; i++) slot(i).kind = KIND_NONE;
}

// ---- keys and the stored message ----

function copyBounded(dst: usize, src: usize, len: i32, capacity: i32): i32 {
  const n = len < capacity ? len : capacity;
  for (let k: usize = 0; k < <usize>n; k++) store<u8>(dst + k, load<u8>(src + k));
  return n;
}

/** Stores the branch and sent-by; false when either exceeds its capacity (the caller refuses the request). */
export function setKeys(i: i32, br: usize, brLen: i32, sb: usize, sbLen: i32, hash: u32): bool {
  if (brLen > BRANCH_CAPACITY || sbLen > SENT_BY_CAPACITY) return false;
  slot(i).branchLength = <u8>copyBounded(branch(i), br, brLen, BRANCH_CAPACITY);
  slot(i).sentByLength = <u8>copyBounded(sentBy(i), sb, sbLen, SENT_BY_CAPACITY);
  slot(i).key = hash;
  return true;
}

/** Keeps a copy of the message the transaction sends (for retransmission); false when it does not fit. */
export function keepMessage(i: i32, src: usize, len: i32): bool {
  if (len > MESSAGE_CAPACITY || len <= 0) return false;
  copyBounded(message(i), src, len, MESSAGE_CAPACITY);
  slot(i).messageLength = <u16>len;
  return true;
}

export function setPeerOf(i: i32, p: usize): void { copyPeer(peer(i), p); }

/** The stream transaction i goes over (RFC 3261 §18: a reliable transport); 0 for UDP. */
export function stream(i: i32): i32 { return <i32>slot(i).stream; }
export function setStream(i: i32, handle: i32): void { slot(i).stream = <u8>handle; }
/** Whether transaction i runs over a reliable transport (§17.1.1.2, §17.2.1: no retransmissions, Timers D, I, J, K zero). */
export function reliable(i: i32): bool { return slot(i).stream != 0; }
