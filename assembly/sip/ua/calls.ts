// Calls and their dialogs (RFC 3261 §12): a fixed table of slots. Each holds
// the dialog state (Call-ID, tags, URIs, remote target, route set, CSeqs),
// the call state the application sees, and the message the UA core itself
// retransmits (the 2xx until its ACK, §13.3.1.4; a reliable provisional
// until its PRACK, RFC 3262 §3; the ACK for a 2xx, re-sent on each
// retransmitted 2xx, §13.2.2.4).

import { PEER_SIZE, copyPeer } from "../txn/peer";
import { textLength, textData, clearText } from "./text";
import { T1 } from "../txn/clock";
import { reached, until } from "../../runtime/time";

export const MAX_CALLS = 4;

// Call states.
export const FREE: u8 = 0;
export const OUT_CALLING: u8 = 1; // INVITE sent, nothing back yet
export const OUT_EARLY: u8 = 2; // a provisional came back
export const IN_RINGING: u8 = 3; // INVITE received, not answered yet
export const ACTIVE: u8 = 4; // 2xx sent or received: the dialog is confirmed
export const ENDING: u8 = 5; // BYE or CANCEL sent, waiting for its answer

export const ROLE_UAC: u8 = 1;
export const ROLE_UAS: u8 = 2;

// Text capacities.
export const CAP_CALL_ID: i32 = 80;
export const CAP_TAG: i32 = 64;
export const CAP_URI: i32 = 190;
/**
 * The local URI: the From of our calls, "display" <sip:user@domain> with the
 * longest display name and user (63) and domain (127) the configuration
 * allows (docs/config.md), or the To of an incoming call.
 */
export const CAP_LOCAL_URI: i32 = 264;
export const CAP_ROUTE: i32 = 382;
export const CAP_BRANCH: i32 = 62;
export const CAP_STORED: i32 = 1400;

// ---- the UA core's own timers of a call, each by name ----

export enum Timer {
  /** The stored 2xx (§13.3.1.4) or reliable 1xx (RFC 3262 §3) goes again: T1 doubling (up to T2 for the 2xx). */
  Resend = 0,
  /** No ACK for our 2xx 64*T1 after it first went: the dialog ends with BYE (§13.3.1.4). */
  AckEnd = 1,
  /** No PRACK for our reliable 1xx 64*T1 after it first went: a 5xx ends the INVITE (RFC 3262 §3). */
  PrackEnd = 2,
  /** A BYE that found no free transaction is tried again, each second (§15). */
  ByeRetry = 3,
  /** 64*T1 after a BYE first found no transaction, the call is given up (408). */
  ByeEnd = 4,
  /** No final response 64*T1 after our CANCEL: the INVITE is given up (§9.1). */
  CancelEnd = 5,
}
/** How many timers a call has: one past the last Timer. */
const TIMERS: i32 = Timer.CancelEnd + 1;

// ---- the texts of a call's dialog, each a u16 length and its octets ----

enum Text {
  CallId = 0,
  LocalTag = 1,
  RemoteTag = 2,
  LocalUri = 3,
  RemoteUri = 4,
  Target = 5,
  Route = 6,
  Branch = 7,
  Stored = 8,
}
/** How many texts a call has: one past the last Text. */
const TEXTS: i32 = Text.Stored + 1;

// ---- the record of one call ----

/** The numbers of one call, laid over the start of its slot in static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged class CallRecord {
  /** FREE, OUT_CALLING, OUT_EARLY, IN_RINGING, ACTIVE or ENDING. */
  state: u8;
  /** ROLE_UAC or ROLE_UAS. */
  role: u8;
  /** F_* bits. */
  flags: u16;
  /** The INVITE's transaction, -1 when none. */
  inviteTxn: i32;
  /** The transaction of the call's other pending request (BYE, CANCEL, PRACK, INFO, ...), -1 when none. */
  otherTxn: i32;
  /** The last CSeq number of our requests in the dialog (§12.2.1.1). */
  localCSeq: u32;
  /** The last CSeq number of the peer's requests (§12.2.2), valid with F_REMOTE_CSEQ_SET. */
  remoteCSeq: u32;
  /** The CSeq number of the INVITE (its CANCEL and ACK reuse it, §9.1, §17.1.1.3). */
  inviteCSeq: u32;
  /** Our last RSeq (UAS) or the last RSeq seen (UAC), RFC 3262 §3, §4. */
  rseq: u32;
  /** Challenges answered for the INVITE (§22.2). */
  authTries: i32;
  /** The armed timers: bit t is Timer t. */
  timersOn: u8;
  /** The interval of the next resend (Timer.Resend). */
  resendEvery: u32;
}

// After the record, in each slot: the peer (PEER_SIZE octets), a u32
// deadline per Timer, then the texts in Text order, each its capacity.
const O_PEER: usize = offsetof<CallRecord>();
const O_DEADLINES: usize = (O_PEER + PEER_SIZE + 3) & ~3;
const O_TEXTS: usize = O_DEADLINES + (<usize>TIMERS << 2);
const O_CALL_ID: usize = O_TEXTS;
const O_LOCAL_TAG: usize = O_CALL_ID + 2 + <usize>CAP_CALL_ID;
const O_REMOTE_TAG: usize = O_LOCAL_TAG + 2 + <usize>CAP_TAG;
const O_LOCAL_URI: usize = O_REMOTE_TAG + 2 + <usize>CAP_TAG;
const O_REMOTE_URI: usize = O_LOCAL_URI + 2 + <usize>CAP_LOCAL_URI;
const O_TARGET: usize = O_REMOTE_URI + 2 + <usize>CAP_URI;
const O_ROUTE: usize = O_TARGET + 2 + <usize>CAP_URI;
const O_BRANCH: usize = O_ROUTE + 2 + <usize>CAP_ROUTE;
const O_STORED: usize = O_BRANCH + 2 + <usize>CAP_BRANCH;
const SLOT_SIZE: usize = (O_STORED + 2 + <usize>CAP_STORED + 7) & ~7;

const SLOTS: usize = memory.data(<i32>(<usize>MAX_CALLS * SLOT_SIZE), 8);

// Flags, by bit. Bits 2, 3, 8 and 10 are free: awaiting a PRACK or an ACK, a CANCEL
// sent and a BYE to retry, which once were flags, are timers (Timer).
export const F_REMOTE_CSEQ_SET: u16 = 1 << 0; // remoteCSeq holds the peer's last CSeq number (§12.2.2)
export const F_PEER_100REL: u16 = 1 << 1; // the peer supports reliable provisionals (RFC 3262)
export const F_REINVITE_OUT: u16 = 1 << 4; // our re-INVITE is pending (491 on glare, §14.1)
export const F_CANCEL_WANTED: u16 = 1 << 5; // hang-up before any provisional: CANCEL when one arrives (§9.1)
export const F_ACK_STORED: u16 = 1 << 6; // the stored message is our ACK for the 2xx (UAC)
export const F_REINVITE_IN: u16 = 1 << 7; // a re-INVITE from the peer is being answered
export const F_PEER_REQUIRES_100REL: u16 = 1 << 9; // every provisional must be reliable (RFC 3262 §3)
export const F_REFER_SUB: u16 = 1 << 11; // a REFER's implicit subscription lives in this dialog (RFC 3515 §2.4.4)
export const F_RUNG: u16 = 1 << 12; // a provisional was sent for this incoming call: it rings (UAS)
export const F_DIRECT: u16 = 1 << 13; // called at the address its URI names, no proxy: in-dialog requests follow the route set or remote target

// @ts-ignore: decorator
@inline function base(c: i32): usize { return SLOTS + <usize>c * SLOT_SIZE; }
// @ts-ignore: decorator
@inline function slot(c: i32): CallRecord { return changetype<CallRecord>(base(c)); }

// A u8 field reads through a getter that the compiler does not count as zero-extended,
// so every caller of callState, role and armedSet would mask the byte again; their
// `& 0xff` (which the optimizer drops after the byte load) masks it once, here.
export function callState(c: i32): u8 { return <u32>c < <u32>MAX_CALLS ? slot(c).state & 0xff : FREE; }
export function setCallState(c: i32, s: u8): void { slot(c).state = s; }
export function role(c: i32): u8 { return slot(c).role & 0xff; }
export function flags(c: i32): u16 { return slot(c).flags; }
export function hasFlag(c: i32, f: u16): bool { return (slot(c).flags & f) != 0; }
export function setFlag(c: i32, f: u16): void { slot(c).flags |= f; }
export function clearFlag(c: i32, f: u16): void { slot(c).flags &= ~f; }
export function inviteTxn(c: i32): i32 { return slot(c).inviteTxn; }
export function setInviteTxn(c: i32, t: i32): void { slot(c).inviteTxn = t; }
export function otherTxn(c: i32): i32 { return slot(c).otherTxn; }
export function setOtherTxn(c: i32, t: i32): void { slot(c).otherTxn = t; }
export function localCSeq(c: i32): u32 { return slot(c).localCSeq; }
/** The next local CSeq number (§12.2.1.1: incremented by one for each new request). */
export function nextLocalCSeq(c: i32): u32 {
  const r = slot(c);
  const n = r.localCSeq + 1;
  r.localCSeq = n;
  return n;
}
export function remoteCSeq(c: i32): u32 { return slot(c).remoteCSeq; }
export function setRemoteCSeq(c: i32, n: u32): void {
  const r = slot(c);
  r.remoteCSeq = n;
  r.flags |= F_REMOTE_CSEQ_SET;
}
export function inviteCSeq(c: i32): u32 { return slot(c).inviteCSeq; }
export function setInviteCSeq(c: i32, n: u32): void { slot(c).inviteCSeq = n; }
export function rseq(c: i32): u32 { return slot(c).rseq; }
export function setRSeq(c: i32, n: u32): void { slot(c).rseq = n; }
export function authTries(c: i32): i32 { return slot(c).authTries; }
export function setAuthTries(c: i32, n: i32): void { slot(c).authTries = n; }
export function callPeer(c: i32): usize { return base(c) + O_PEER; }
export function setCallPeer(c: i32, p: usize): void { copyPeer(base(c) + O_PEER, p); }

// Texts: the address of each string (u16 length + octets) and its capacity.
export function callId(c: i32): usize { return base(c) + O_CALL_ID; }
export function localTag(c: i32): usize { return base(c) + O_LOCAL_TAG; }
export function remoteTag(c: i32): usize { return base(c) + O_REMOTE_TAG; }
export function localUri(c: i32): usize { return base(c) + O_LOCAL_URI; }
export function remoteUri(c: i32): usize { return base(c) + O_REMOTE_URI; }
export function remoteTarget(c: i32): usize { return base(c) + O_TARGET; }
export function routeSet(c: i32): usize { return base(c) + O_ROUTE; }
export function inviteBranch(c: i32): usize { return base(c) + O_BRANCH; }
export function stored(c: i32): usize { return base(c) + O_STORED; }

// ---- the timers ----

/** Timer t as a bit of a set of timers. */
// @ts-ignore: decorator
@inline export function bit(t: Timer): i32 { return <i32>1 << <i32>t; }
// @ts-ignore: decorator
@inline function timerSlot(c: i32, t: Timer): usize { return base(c) + O_DEADLINES + (<usize>t << 2); }
// @ts-ignore: decorator
@inline function armedSet(c: i32): i32 { return <i32>slot(c).timersOn & 0xff; }

export function armTimer(c: i32, t: Timer, at: u32): void {
  store<u32>(timerSlot(c, t), at);
  slot(c).timersOn = <u8>(armedSet(c) | bit(t));
}
/** Disarms the timers of the set `timers` (bits). */
export function disarmTimers(c: i32, timers: i32): void { slot(c).timersOn = <u8>(armedSet(c) & ~timers); }
export function timerArmed(c: i32, t: Timer): bool { return (armedSet(c) & bit(t)) != 0; }
export function timerAt(c: i32, t: Timer): u32 { return load<u32>(timerSlot(c, t)); }

/** The armed timers of call c whose deadline has come, as a set of bits. */
export function dueTimers(c: i32, now: u32): i32 {
  let due = 0;
  for (let t = 0; t < TIMERS; t++) if (timerArmed(c, t) && reached(timerAt(c, t), now)) due |= bit(t);
  return due;
}

/** Milliseconds until the earliest armed timer of call c, -1 when none is: the one place its next deadline is computed. */
export function nextTimer(c: i32, now: u32): i32 {
  let best: i32 = -1;
  for (let t = 0; t < TIMERS; t++) {
    if (!timerArmed(c, t)) continue;
    const d = <i32>until(timerAt(c, t), now);
    if (best < 0 || d < best) best = d;
  }
  return best;
}

/** The interval of the next resend (Timer.Resend). */
export function resendEvery(c: i32): u32 { return slot(c).resendEvery; }
export function setResendEvery(c: i32, every: u32): void { slot(c).resendEvery = every; }

/** The stored message goes again from now + T1 until its answer stops it, or `end` (AckEnd, PrackEnd) at 64*T1. */
export function startResend(c: i32, end: Timer, now: u32): void {
  setResendEvery(c, T1);
  store<u32>(timerSlot(c, Timer.Resend), now + T1);
  store<u32>(timerSlot(c, end), now + 64 * T1);
  slot(c).timersOn = <u8>(armedSet(c) | bit(Timer.Resend) | bit(end));
}

/** Our 2xx awaits its ACK (§13.3.1.4): its give-up timer runs. */
export function awaitingAck(c: i32): bool { return timerArmed(c, Timer.AckEnd); }
/** Our reliable 1xx awaits its PRACK (RFC 3262 §3). */
export function awaitingPrack(c: i32): bool { return timerArmed(c, Timer.PrackEnd); }
/** Our CANCEL is out and the INVITE not yet given up (§9.1). */
export function cancelSent(c: i32): bool { return timerArmed(c, Timer.CancelEnd); }

/** The ACK or PRACK came (or the wait ended): nothing is resent any more. */
export function stopResend(c: i32): void { disarmTimers(c, bit(Timer.Resend) | bit(Timer.AckEnd) | bit(Timer.PrackEnd)); }

/** A free call slot, cleared, in `state` with `r`; -1 when all are busy. */
export function allocateCall(state: u8, r: u8): i32 {
  for (let c = 0; c < MAX_CALLS; c++) {
    if (slot(c).state != FREE) continue;
    for (let o: usize = 0; o < O_TEXTS; o += 4) store<u32>(base(c) + o, 0);
    const rec = slot(c);
    rec.inviteTxn = -1;
    rec.otherTxn = -1;
    for (let t = 0; t < TEXTS; t++) clearText(textAt(c, t));
    rec.state = state;
    rec.role = r;
    return c;
  }
  return -1;
}

function textAt(c: i32, t: Text): usize {
  switch (t) {
    case Text.CallId: return callId(c);
    case Text.LocalTag: return localTag(c);
    case Text.RemoteTag: return remoteTag(c);
    case Text.LocalUri: return localUri(c);
    case Text.RemoteUri: return remoteUri(c);
    case Text.Target: return remoteTarget(c);
    case Text.Route: return routeSet(c);
    case Text.Branch: return inviteBranch(c);
  }
  return stored(c);
}

export function freeCall(c: i32): void { setCallState(c, FREE); }

export function activeCalls(): i32 {
  let n = 0;
  for (let c = 0; c < MAX_CALLS; c++) if (slot(c).state != FREE) n++;
  return n;
}

/** The call whose dialog (or early dialog) has this Call-ID and local tag; -1 if none (§12.2.2: 481). */
export function findCall(cid: usize, cidLen: i32, ltag: usize, ltagLen: i32): i32 {
  for (let c = 0; c < MAX_CALLS; c++) {
    if (slot(c).state == FREE) continue;
    if (!sameBytes(callId(c), cid, cidLen)) continue;
    if (ltagLen >= 0 && !sameBytes(localTag(c), ltag, ltagLen)) continue;
    return c;
  }
  return -1;
}

function sameBytes(str: usize, src: usize, len: i32): bool {
  if (textLength(str) != len) return false;
  const d = textData(str);
  for (let i: usize = 0; i < <usize>len; i++) if (load<u8>(d + i) != load<u8>(src + i)) return false;
  return true;
}

