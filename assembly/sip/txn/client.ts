// Client transactions (RFC 3261 §17.1): the INVITE client transaction
// (§17.1.1, with the Accepted state of RFC 6026 §8.4) and the non-INVITE
// client transaction (§17.1.2), over UDP or a stream (transport/select.ts).
// Over a stream nothing is retransmitted (Timers A and E do not run) and
// Timers D and K are zero (§17.1.1.2, §17.1.2.2); a request waits for its
// stream to open, and a stream that fails ends it as Timer B/F would.
// Pure: each function takes the time, queues what to send in the outbox, and
// returns what the TU must see.

import * as txnTable from "./table";
import { T1, T2, T4 } from "./clock";
import { reached } from "../../runtime/time";
import { send } from "./outbox";
import { pushEvent, EV_TIMEOUT } from "./events";
import { buildAck } from "./ack";
import { TX } from "../msg/buffers";
import * as sipMessage from "../msg/message";
import { M_INVITE, M_ACK } from "../msg/methods";
import { equalBytes } from "../msg/scan";
import { streamForRequest, streamReady } from "../transport/select";

/**
 * Starts a client transaction for the request built in TX (`len` octets,
 * method `m`, CSeq `cseq`, top Via branch [branch, branch+branchLen)) to
 * `dest`, and sends it. Returns the slot, or -1 when the table is full or the
 * request is too large to keep for retransmission. ACK never gets one (§17.1).
 * Its responses and its timeout go to `handler` with `arg` (table.ts).
 */
export function startClient(m: i32, cseq: u32, branch: usize, branchLen: i32, len: i32, dest: usize, now: u32, handler: i32, arg: i32): i32 {
  if (m == M_ACK) return -1;
  const k = m == M_INVITE ? txnTable.ICT : txnTable.NICT;
  const i = txnTable.allocate(k, m, cseq, dest);
  if (i < 0) return -1;
  if (!txnTable.setKeys(i, branch, branchLen, 0, 0, 0) || !txnTable.keepMessage(i, TX, len)) {
    txnTable.release(i);
    return -1;
  }
  txnTable.setHandler(i, handler, arg);
  const stream = streamForRequest(dest, len, now);
  txnTable.setStream(i, stream);
  // Timer A / E start at T1 over UDP only; Timer B / F at 64*T1 (§17.1.1.2, §17.1.2.2).
  txnTable.setState(i, k == txnTable.ICT ? txnTable.CALLING : txnTable.TRYING);
  if (stream == 0) txnTable.setRetransmit(i, now + T1, T1);
  txnTable.setTimeout(i, now + 64 * T1);
  if (stream == 0 || streamReady(stream)) send(txnTable.message(i), txnTable.messageLength(i), txnTable.peer(i));
  return i;
}

/** The client transaction a response in RX belongs to (§17.1.3): branch and CSeq method; -1 if none. */
export function matchClient(): i32 {
  if (!sipMessage.hasField(sipMessage.F_VIA_BRANCH)) return -1;
  const b = sipMessage.fieldPtr(sipMessage.F_VIA_BRANCH);
  const bl = sipMessage.fieldLength(sipMessage.F_VIA_BRANCH);
  for (let i = 0; i < txnTable.MAX_TRANSACTIONS; i++) {
    const k = txnTable.kind(i);
    if (k != txnTable.ICT && k != txnTable.NICT) continue;
    if (txnTable.method(i) != sipMessage.cseqMethod()) continue;
    if (equalBytes(b, bl, txnTable.branch(i), txnTable.branchLength(i))) return i;
  }
  return -1;
}

function inviteResponse(i: i32, code: i32, now: u32): bool {
  const s = txnTable.state(i);
  if (code < 200) {
    if (s == txnTable.CALLING) {
      txnTable.setState(i, txnTable.PROCEEDING);
      txnTable.stopRetransmit(i);
      txnTable.stopTimeout(i); // Timer B guards the Calling state only (Figure 5).
    }
    return s == txnTable.CALLING || s == txnTable.PROCEEDING;
  }
  if (code < 300) {
    // RFC 6026 §8.4: Accepted; 2xx retransmissions go to the TU (which ACKs them) until Timer M.
    if (s == txnTable.CALLING || s == txnTable.PROCEEDING) {
      txnTable.setState(i, txnTable.ACCEPTED);
      txnTable.stopRetransmit(i);
      txnTable.setTimeout(i, now + 64 * T1);
      return true;
    }
    return s == txnTable.ACCEPTED;
  }
  // 300-699: the ACK is the transaction's own (§17.1.1.3); retransmissions of the final are absorbed.
  if (s == txnTable.CALLING || s == txnTable.PROCEEDING) {
    const n = buildAck(txnTable.message(i), txnTable.messageLength(i));
    if (n > 0) txnTable.keepMessage(i, TX, n);
    txnTable.setState(i, txnTable.COMPLETED);
    txnTable.stopRetransmit(i);
    txnTable.stopTimeout(i);
    txnTable.setEnd(i, txnTable.reliable(i) ? now : now + 32000); // Timer D: at least 32 s over UDP, 0 over a stream.
    if (n > 0) send(txnTable.message(i), txnTable.messageLength(i), txnTable.peer(i));
    return true;
  }
  if (s == txnTable.COMPLETED) send(txnTable.message(i), txnTable.messageLength(i), txnTable.peer(i));
  return false;
}

function nonInviteResponse(i: i32, code: i32, now: u32): bool {
  const s = txnTable.state(i);
  if (s != txnTable.TRYING && s != txnTable.PROCEEDING) return false; // Completed absorbs retransmissions.
  if (code < 200) {
    if (s == txnTable.TRYING) {
      txnTable.setState(i, txnTable.PROCEEDING);
      // §17.1.2.2: in Proceeding, Timer E fires every T2 (over UDP only).
      if (!txnTable.reliable(i)) txnTable.setRetransmit(i, txnTable.retransmitAt(i), T2);
    }
    return true;
  }
  txnTable.setState(i, txnTable.COMPLETED);
  txnTable.stopRetransmit(i);
  txnTable.stopTimeout(i);
  txnTable.setEnd(i, txnTable.reliable(i) ? now : now + T4); // Timer K: T4 over UDP, 0 over a stream
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
  const code = sipMessage.statusCode();
  txnTable.setLastCode(i, code);
  const pass = txnTable.kind(i) == txnTable.ICT ? inviteResponse(i, code, now) : nonInviteResponse(i, code, now);
  return pass ? i : -1;
}

/** Timers of client transaction i at `now`. */
export function clientTimers(i: i32, now: u32): void {
  if (txnTable.retransmitOn(i) && reached(txnTable.retransmitAt(i), now)) {
    // Timer A doubles without bound (§17.1.1.2); Timer E doubles up to T2 (§17.1.2.2).
    let next = txnTable.interval(i) * 2;
    if (txnTable.kind(i) == txnTable.NICT && next > T2) next = T2;
    if (txnTable.kind(i) == txnTable.NICT && txnTable.state(i) == txnTable.PROCEEDING) next = T2;
    txnTable.setRetransmit(i, txnTable.retransmitAt(i) + next, next);
    send(txnTable.message(i), txnTable.messageLength(i), txnTable.peer(i));
  }
  if (txnTable.timeoutOn(i) && reached(txnTable.timeoutAt(i), now)) {
    const s = txnTable.state(i);
    // Timer B (Calling) and F (Trying/Proceeding): the TU hears a timeout. Timer M (Accepted): just end.
    if (s != txnTable.ACCEPTED) pushEvent(EV_TIMEOUT, i);
    txnTable.release(i);
    return;
  }
  if (txnTable.endOn(i) && reached(txnTable.endAt(i), now)) txnTable.release(i); // Timer D, K
}

/** Stream `handle` opened: the requests that waited for it go now (a transaction on it still Calling or Trying has sent nothing). */
export function clientStreamOpened(handle: i32): void {
  for (let i = 0; i < txnTable.MAX_TRANSACTIONS; i++) {
    const k = txnTable.kind(i);
    if ((k != txnTable.ICT && k != txnTable.NICT) || txnTable.stream(i) != handle) continue;
    const s = txnTable.state(i);
    if (s == txnTable.CALLING || s == txnTable.TRYING) send(txnTable.message(i), txnTable.messageLength(i), txnTable.peer(i));
  }
}
