// Client transactions (RFC 3261 §17.1) over UDP: the INVITE client
// transaction (§17.1.1, with the Accepted state of RFC 6026 §8.4) and the
// non-INVITE client transaction (§17.1.2). Pure: each function takes the
// time, queues what to send in the outbox, and returns what the TU must see.

import * as T from "./table";
import { T1, T2, T4 } from "./clock";
import { reached } from "../../runtime/time";
import { send } from "./outbox";
import { pushEvent, EV_TIMEOUT } from "./events";
import { buildAck } from "./ack";
import { TX } from "../msg/buffers";
import * as M from "../msg/message";
import { M_INVITE, M_ACK } from "../msg/methods";
import { equalBytes } from "../msg/scan";

/**
 * Starts a client transaction for the request built in TX (`len` octets,
 * method `m`, CSeq `cseq`, top Via branch [branch, branch+branchLen)) to
 * `dest`, and sends it. Returns the slot, or -1 when the table is full or the
 * request is too large to keep for retransmission. ACK never gets one (§17.1).
 * Its responses and its timeout go to `handler` with `arg` (table.ts).
 */
export function startClient(m: i32, cseq: u32, branch: usize, branchLen: i32, len: i32, dest: usize, now: u32, handler: i32, arg: i32): i32 {
  if (m == M_ACK) return -1;
  const k = m == M_INVITE ? T.ICT : T.NICT;
  const i = T.allocate(k, m, cseq, dest);
  if (i < 0) return -1;
  if (!T.setKeys(i, branch, branchLen, 0, 0, 0) || !T.keepMessage(i, TX, len)) {
    T.release(i);
    return -1;
  }
  T.setHandler(i, handler, arg);
  // Timer A / E start at T1; Timer B / F at 64*T1 (§17.1.1.2, §17.1.2.2).
  T.setState(i, k == T.ICT ? T.CALLING : T.TRYING);
  T.setRetransmit(i, now + T1, T1);
  T.setTimeout(i, now + 64 * T1);
  send(T.message(i), T.messageLength(i), T.peer(i));
  return i;
}

/** The client transaction a response in RX belongs to (§17.1.3): branch and CSeq method; -1 if none. */
export function matchClient(): i32 {
  if (!M.hasField(M.F_VIA_BRANCH)) return -1;
  const b = M.fieldPtr(M.F_VIA_BRANCH);
  const bl = M.fieldLength(M.F_VIA_BRANCH);
  for (let i = 0; i < T.MAX_TRANSACTIONS; i++) {
    const k = T.kind(i);
    if (k != T.ICT && k != T.NICT) continue;
    if (T.method(i) != M.cseqMethod()) continue;
    if (equalBytes(b, bl, T.branch(i), T.branchLength(i))) return i;
  }
  return -1;
}

function inviteResponse(i: i32, code: i32, now: u32): bool {
  const s = T.state(i);
  if (code < 200) {
    if (s == T.CALLING) {
      T.setState(i, T.PROCEEDING);
      T.stopRetransmit(i);
      T.stopTimeout(i); // Timer B guards the Calling state only (Figure 5).
    }
    return s == T.CALLING || s == T.PROCEEDING;
  }
  if (code < 300) {
    // RFC 6026 §8.4: Accepted; 2xx retransmissions go to the TU (which ACKs them) until Timer M.
    if (s == T.CALLING || s == T.PROCEEDING) {
      T.setState(i, T.ACCEPTED);
      T.stopRetransmit(i);
      T.setTimeout(i, now + 64 * T1);
      return true;
    }
    return s == T.ACCEPTED;
  }
  // 300-699: the ACK is the transaction's own (§17.1.1.3); retransmissions of the final are absorbed.
  if (s == T.CALLING || s == T.PROCEEDING) {
    const n = buildAck(T.message(i), T.messageLength(i));
    if (n > 0) T.keepMessage(i, TX, n);
    T.setState(i, T.COMPLETED);
    T.stopRetransmit(i);
    T.stopTimeout(i);
    T.setEnd(i, now + 32000); // Timer D: at least 32 s for unreliable transports.
    if (n > 0) send(T.message(i), T.messageLength(i), T.peer(i));
    return true;
  }
  if (s == T.COMPLETED) send(T.message(i), T.messageLength(i), T.peer(i));
  return false;
}

function nonInviteResponse(i: i32, code: i32, now: u32): bool {
  const s = T.state(i);
  if (s != T.TRYING && s != T.PROCEEDING) return false; // Completed absorbs retransmissions.
  if (code < 200) {
    if (s == T.TRYING) {
      T.setState(i, T.PROCEEDING);
      // §17.1.2.2: in Proceeding, Timer E fires every T2.
      T.setRetransmit(i, T.retransmitAt(i), T2);
    }
    return true;
  }
  T.setState(i, T.COMPLETED);
  T.stopRetransmit(i);
  T.stopTimeout(i);
  T.setEnd(i, now + T4); // Timer K
  return true;
}

/**
 * A response is in RX (parsed, valid). Runs its client transaction and
 * returns the slot when the TU must see the response, -1 otherwise
 * (no transaction, or a retransmission the transaction absorbs).
 */
export function clientReceive(now: u32): i32 {
  const i = matchClient();
  if (i < 0) return -1;
  const code = M.statusCode();
  T.setLastCode(i, code);
  const pass = T.kind(i) == T.ICT ? inviteResponse(i, code, now) : nonInviteResponse(i, code, now);
  return pass ? i : -1;
}

/** Timers of client transaction i at `now`. */
export function clientTimers(i: i32, now: u32): void {
  if (T.retransmitOn(i) && reached(T.retransmitAt(i), now)) {
    // Timer A doubles without bound (§17.1.1.2); Timer E doubles up to T2 (§17.1.2.2).
    let next = T.interval(i) * 2;
    if (T.kind(i) == T.NICT && next > T2) next = T2;
    if (T.kind(i) == T.NICT && T.state(i) == T.PROCEEDING) next = T2;
    T.setRetransmit(i, T.retransmitAt(i) + next, next);
    send(T.message(i), T.messageLength(i), T.peer(i));
  }
  if (T.timeoutOn(i) && reached(T.timeoutAt(i), now)) {
    const s = T.state(i);
    // Timer B (Calling) and F (Trying/Proceeding): the TU hears a timeout. Timer M (Accepted): just end.
    if (s != T.ACCEPTED) pushEvent(EV_TIMEOUT, i);
    T.release(i);
    return;
  }
  if (T.endOn(i) && reached(T.endAt(i), now)) T.release(i); // Timer D, K
}

