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

// Layout: numbers first, then texts (each a u16 length and its octets).
const O_STATE: usize = 0;
const O_ROLE: usize = 1;
const O_FLAGS: usize = 2; // u16
const O_INVITE_TXN: usize = 4;
const O_OTHER_TXN: usize = 8;
const O_LOCAL_CSEQ: usize = 12;
const O_REMOTE_CSEQ: usize = 16;
const O_INVITE_CSEQ: usize = 20;
const O_RSEQ: usize = 24; // our last RSeq (UAS) or the last RSeq seen (UAC)
const O_AUTH_TRIES: usize = 28;
const O_PEER: usize = 32; // 18 octets
const O_TIMERS_ON: usize = 50; // u8: bit t armed (Timer t)
const O_RESEND_EVERY: usize = 52;
const O_TIMER_AT: usize = 56; // a u32 deadline per Timer
const O_CALL_ID: usize = 80;
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

// Flags.
export const F_REMOTE_CSEQ_SET: u16 = 1 << 0;
export const F_PEER_100REL: u16 = 1 << 1; // the peer supports reliable provisionals
// 1 << 2, 1 << 3, 1 << 8 and 1 << 10 are free: awaiting a PRACK or an ACK, a CANCEL sent and a BYE to retry are timers (Timer).
export const F_REINVITE_OUT: u16 = 1 << 4; // our re-INVITE is pending (491 on glare)
export const F_CANCEL_WANTED: u16 = 1 << 5; // hang-up before any provisional: CANCEL when one arrives (§9.1)
export const F_ACK_STORED: u16 = 1 << 6; // the stored message is our ACK for the 2xx (UAC)
export const F_REINVITE_IN: u16 = 1 << 7; // a re-INVITE from the peer is being answered
export const F_PEER_REQUIRES_100REL: u16 = 1 << 9; // every provisional must be reliable (RFC 3262 §3)
export const F_RUNG: u16 = 1 << 12; // a provisional was sent for this incoming call: it rings (UAS)
export const F_DIRECT: u16 = 1 << 13; // called at the address its URI names, no proxy: in-dialog requests follow the route set or remote target
export const F_REFER_SUB: u16 = 1 << 11; // a REFER's implicit subscription lives in this dialog (RFC 3515 §2.4.4)

// @ts-ignore: decorator
@inline function base(c: i32): usize { return SLOTS + <usize>c * SLOT_SIZE; }

export function callState(c: i32): u8 { return <u32>c < <u32>MAX_CALLS ? load<u8>(base(c) + O_STATE) : FREE; }
export function setCallState(c: i32, s: u8): void { store<u8>(base(c) + O_STATE, s); }
export function role(c: i32): u8 { return load<u8>(base(c) + O_ROLE); }
export function flags(c: i32): u16 { return load<u16>(base(c) + O_FLAGS); }
export function hasFlag(c: i32, f: u16): bool { return (load<u16>(base(c) + O_FLAGS) & f) != 0; }
export function setFlag(c: i32, f: u16): void { store<u16>(base(c) + O_FLAGS, load<u16>(base(c) + O_FLAGS) | f); }
export function clearFlag(c: i32, f: u16): void { store<u16>(base(c) + O_FLAGS, load<u16>(base(c) + O_FLAGS) & ~f); }
export function inviteTxn(c: i32): i32 { return load<i32>(base(c) + O_INVITE_TXN); }
export function setInviteTxn(c: i32, t: i32): void { store<i32>(base(c) + O_INVITE_TXN, t); }
export function otherTxn(c: i32): i32 { return load<i32>(base(c) + O_OTHER_TXN); }
export function setOtherTxn(c: i32, t: i32): void { store<i32>(base(c) + O_OTHER_TXN, t); }
export function localCSeq(c: i32): u32 { return load<u32>(base(c) + O_LOCAL_CSEQ); }
/** The next local CSeq number (§12.2.1.1: incremented by one for each new request). */
export function nextLocalCSeq(c: i32): u32 {
  const n = load<u32>(base(c) + O_LOCAL_CSEQ) + 1;
  store<u32>(base(c) + O_LOCAL_CSEQ, n);
  return n;
}
export function remoteCSeq(c: i32): u32 { return load<u32>(base(c) + O_REMOTE_CSEQ); }
export function setRemoteCSeq(c: i32, n: u32): void {
  store<u32>(base(c) + O_REMOTE_CSEQ, n);
  setFlag(c, F_REMOTE_CSEQ_SET);
}
export function inviteCSeq(c: i32): u32 { return load<u32>(base(c) + O_INVITE_CSEQ); }
export function setInviteCSeq(c: i32, n: u32): void { store<u32>(base(c) + O_INVITE_CSEQ, n); }
export function rseq(c: i32): u32 { return load<u32>(base(c) + O_RSEQ); }
export function setRSeq(c: i32, n: u32): void { store<u32>(base(c) + O_RSEQ, n); }
export function authTries(c: i32): i32 { return load<i32>(base(c) + O_AUTH_TRIES); }
export function setAuthTries(c: i32, n: i32): void { store<i32>(base(c) + O_AUTH_TRIES, n); }
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
const TIMERS = 6;

/** Timer t as a bit of a set of timers. */
// @ts-ignore: decorator
@inline export function bit(t: Timer): i32 { return <i32>1 << <i32>t; }
// @ts-ignore: decorator
@inline function timerSlot(c: i32, t: Timer): usize { return base(c) + O_TIMER_AT + (<usize>t << 2); }
// @ts-ignore: decorator
@inline function armedSet(c: i32): i32 { return <i32>load<u8>(base(c) + O_TIMERS_ON); }

export function armTimer(c: i32, t: Timer, at: u32): void {
  store<u32>(timerSlot(c, t), at);
  store<u8>(base(c) + O_TIMERS_ON, <u8>(armedSet(c) | bit(t)));
}
/** Disarms the timers of the set `timers` (bits). */
export function disarmTimers(c: i32, timers: i32): void { store<u8>(base(c) + O_TIMERS_ON, <u8>(armedSet(c) & ~timers)); }
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
export function resendEvery(c: i32): u32 { return load<u32>(base(c) + O_RESEND_EVERY); }
export function setResendEvery(c: i32, every: u32): void { store<u32>(base(c) + O_RESEND_EVERY, every); }

/** The stored message goes again from now + T1 until its answer stops it, or `end` (AckEnd, PrackEnd) at 64*T1. */
export function startResend(c: i32, end: Timer, now: u32): void {
  setResendEvery(c, T1);
  store<u32>(timerSlot(c, Timer.Resend), now + T1);
  store<u32>(timerSlot(c, end), now + 64 * T1);
  store<u8>(base(c) + O_TIMERS_ON, <u8>(armedSet(c) | bit(Timer.Resend) | bit(end)));
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
    if (load<u8>(base(c) + O_STATE) != FREE) continue;
    for (let o: usize = 0; o < O_CALL_ID; o += 4) store<u32>(base(c) + o, 0);
    store<i32>(base(c) + O_INVITE_TXN, -1);
    store<i32>(base(c) + O_OTHER_TXN, -1);
    for (let t = 0; t < 9; t++) clearText(textAt(c, t));
    store<u8>(base(c) + O_STATE, state);
    store<u8>(base(c) + O_ROLE, r);
    return c;
  }
  return -1;
}

function textAt(c: i32, t: i32): usize {
  switch (t) {
    case 0: return callId(c);
    case 1: return localTag(c);
    case 2: return remoteTag(c);
    case 3: return localUri(c);
    case 4: return remoteUri(c);
    case 5: return remoteTarget(c);
    case 6: return routeSet(c);
    case 7: return inviteBranch(c);
  }
  return stored(c);
}

export function freeCall(c: i32): void { store<u8>(base(c) + O_STATE, FREE); }

export function activeCalls(): i32 {
  let n = 0;
  for (let c = 0; c < MAX_CALLS; c++) if (load<u8>(base(c) + O_STATE) != FREE) n++;
  return n;
}

/** The call whose dialog (or early dialog) has this Call-ID and local tag; -1 if none (§12.2.2: 481). */
export function findCall(cid: usize, cidLen: i32, ltag: usize, ltagLen: i32): i32 {
  for (let c = 0; c < MAX_CALLS; c++) {
    if (load<u8>(base(c) + O_STATE) == FREE) continue;
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

