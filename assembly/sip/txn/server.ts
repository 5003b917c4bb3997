// Server transactions (RFC 3261 §17.2): the INVITE server transaction
// (§17.2.1, with the Accepted state of RFC 6026 §7.1) and the non-INVITE
// server transaction (§17.2.2). Matching by branch and sent-by (§17.2.3), or
// by the RFC 2543 fields when the branch lacks the magic cookie. A request
// that came over a stream is answered on it (§18.2.2), with no Timer G and
// Timers I and J zero (§17.2.1, §17.2.2).

import * as txnTable from "./table";
import { T1, T2, T4 } from "./clock";
import { reached } from "../../runtime/time";
import { send, sendCopyOfTx } from "./outbox";
import { pushEvent, EV_NO_ACK, EV_UNANSWERED } from "./events";
import { RX_PEER } from "./peer";
import { responseDestination, deliverable, matchServer, hasMagicCookie, legacyKey, sentByLength } from "./match";
export { responseDestination, deliverable, matchServer, matchInviteServer } from "./match";
import { TX, TX_CAPACITY } from "../msg/buffers";
import * as sipMessage from "../msg/message";
import * as msgWriter from "../msg/writer";
import { M_INVITE, M_ACK, M_OPTIONS } from "../msg/methods";
import { beginResponseFor, statelessTag } from "../msg/response";
import { noteViaSource } from "./via-source";
import { txnCounters } from "./counters";
import { rxStream } from "../transport/streams";

/** serverReceive(): the request was absorbed or refused by the transaction layer. */
export const ABSORBED = -1;
/** serverReceive(): an ACK that matches no transaction (the ACK for a 2xx, §13.3.1.4): the TU's. */
export const ACK_FOR_2XX = -2;
/** serverReceive(): an OPTIONS outside any dialog, for the TU to answer statelessly (§8.2.7): it holds no slot. */
export const STATELESS_OPTIONS = -3;
/** serverAbsorb(): a request no transaction holds: the TU answers it statelessly or calls serverBegin(). */
export const NEW_REQUEST = -4;

/**
 * How long the TU may take to answer a request before its transaction gives
 * up (ms): RFC 3261 asks the TU for a final response and sets no timer on a
 * server transaction that never gets one, so each gets a deadline here. A
 * non-INVITE request is answered at once by this UA (64*T1 is the most a
 * client waits, Timer F); an INVITE may ring, up to the UA's own ring limit,
 * which must stay below INVITE_TU_LIMIT_MS (its transaction then reports
 * EV_UNANSWERED, and the TU ends it).
 */
export const INVITE_TU_LIMIT_MS: u32 = 360000;

/** Requests dropped since start because no answer could be built or sent (§18.2.2: nowhere to send, or too large). */
export function droppedRequests(): u32 { return txnCounters().requestsDropped; }
export function countDrop(): void { txnCounters().requestsDropped++; }

/** Seconds a UAS asks a client to wait when its transaction table is full (§21.5.4, Retry-After). */
export const RETRY_AFTER_SECONDS: u32 = 5;

/**
 * Whether the smallest final response to the request in RX (the copied Via,
 * From, To, Call-ID and CSeq, a To tag, Content-Length) fits in TX, with room
 * for the headers a UA adds (RESPONSE_MARGIN). A request whose response cannot
 * be built gets no transaction: it is answered 513 if that fits, else dropped.
 */
const RESPONSE_MARGIN: i32 = 512;
function responseFits(margin: i32): bool {
  beginResponseFor(500, statelessTag(), 10);
  const n = msgWriter.endMessage(0, 0);
  return n > 0 && n + margin <= TX_CAPACITY;
}

function retransmitLast(i: i32): void {
  if (txnTable.messageLength(i) > 0) send(txnTable.message(i), txnTable.messageLength(i), txnTable.peer(i));
}

/** 503 with Retry-After, sent statelessly when no slot is free (§21.5.4). */
function refuseBusy(): void {
  const tag = statelessTag();
  beginResponseFor(503, tag, 10);
  msgWriter.putString("Retry-After: ");
  msgWriter.putNumber(RETRY_AFTER_SECONDS);
  msgWriter.putCRLF();
  const n = msgWriter.endMessage(0, 0);
  if (n > 0) sendCopyOfTx(n, responseDestination());
}

/**
 * A valid request is in RX from RX_PEER: a retransmission is answered from its
 * transaction (§17.2.1, §17.2.2) and ABSORBED; an ACK that matches none is
 * ACK_FOR_2XX; anything else is NEW_REQUEST.
 */
export function serverAbsorb(now: u32): i32 {
  noteViaSource(RX_PEER);
  const m = sipMessage.method();
  const i = matchServer();
  if (i < 0) return m == M_ACK ? ACK_FOR_2XX : NEW_REQUEST;
  const s = txnTable.state(i);
  if (m == M_ACK) {
    if (s == txnTable.COMPLETED) {
      // §17.2.1: ACK for a non-2xx final: Confirmed, Timer I.
      txnTable.setState(i, txnTable.CONFIRMED);
      txnTable.stopRetransmit(i);
      txnTable.stopTimeout(i);
      txnTable.setEnd(i, txnTable.reliable(i) ? now : now + T4); // Timer I: T4 over UDP, 0 over a stream
    }
    return s == txnTable.ACCEPTED ? ACK_FOR_2XX : ABSORBED;
  }
  // A retransmitted request: resend the last response where the state machine says so.
  if (s == txnTable.PROCEEDING || (s == txnTable.COMPLETED)) retransmitLast(i);
  return ABSORBED;
}

/** A request that cannot be answered where it came from, or whose answer cannot be built: answered 513 if that fits, else dropped; true when so. */
export function unanswerable(): bool {
  if (!deliverable(responseDestination())) {
    countDrop();
    return true;
  }
  if (responseFits(RESPONSE_MARGIN)) return false;
  beginResponseFor(513, statelessTag(), 10); // §21.5.7: the request is too large for this server to handle
  const n = msgWriter.endMessage(0, 0);
  if (n > 0) sendCopyOfTx(n, responseDestination());
  else countDrop();
  return true;
}

/**
 * A new server transaction for the request in RX (after serverAbsorb said
 * NEW_REQUEST): its slot for the TU, or ABSORBED when it was refused (503 when
 * no slot is free for its class, 513 or a counted drop when it cannot be
 * answered). `stranger`: the request comes from outside the station's trust
 * (table.ts: its own pool).
 */
export function serverBegin(now: u32, stranger: bool): i32 {
  const m = sipMessage.method();
  if (unanswerable()) return ABSORBED;
  const k = m == M_INVITE ? txnTable.IST : txnTable.NIST;
  const dest = responseDestination();
  const j = txnTable.allocate(k, m, sipMessage.cseqNumber(), dest, stranger);
  if (j < 0) {
    refuseBusy();
    return ABSORBED;
  }
  const cookie = hasMagicCookie();
  const sb = sipMessage.fieldPtr(sipMessage.F_VIA_HOST);
  const sbl = sentByLength();
  txnTable.setStream(j, rxStream()); // §18.2.2: its responses go back on the stream it came over
  const ok = txnTable.setKeys(j, cookie ? sipMessage.fieldPtr(sipMessage.F_VIA_BRANCH) : 0, cookie ? sipMessage.fieldLength(sipMessage.F_VIA_BRANCH) : 0, sb, sbl, cookie ? 0 : legacyKey());
  if (!ok) {
    txnTable.release(j);
    countDrop();
    return ABSORBED;
  }
  if (k == txnTable.IST) {
    // §17.2.1: a 100 (Trying) at once, without a To tag (§8.2.6.1).
    txnTable.setState(j, txnTable.PROCEEDING);
    txnTable.setTimeout(j, now + INVITE_TU_LIMIT_MS);
    beginResponseFor(100, 0, 0);
    const n = msgWriter.endMessage(0, 0);
    if (n > 0 && txnTable.keepMessage(j, TX, n)) retransmitLast(j);
  } else {
    txnTable.setState(j, txnTable.TRYING);
    txnTable.setTimeout(j, now + 64 * T1);
  }
  return j;
}

/**
 * serverAbsorb, then serverBegin for a new request (OPTIONS outside any
 * dialog excepted: STATELESS_OPTIONS). The UA core calls the two steps itself,
 * deciding between them; this is the layer's whole receive path.
 */
export function serverReceive(now: u32, stranger: bool = false): i32 {
  const a = serverAbsorb(now);
  if (a != NEW_REQUEST) return a;
  if (!sipMessage.hasField(sipMessage.F_TO_TAG) && sipMessage.method() == M_OPTIONS) return STATELESS_OPTIONS;
  return serverBegin(now, stranger);
}

/**
 * As serverRespond, for a response the TU built while the request is in RX:
 * when it did not fit in TX (`len` < 0), the smallest answer with the same
 * final code (500 in place of a 2xx, which needs what did not fit) goes out
 * instead, so that the request is answered and its slot freed by its timer.
 */
export function serverRespondNow(i: i32, code: i32, len: i32, now: u32): bool {
  if (len > 0) return serverRespond(i, code, len, now);
  if (code < 200) return false;
  const c = code < 300 ? 500 : code;
  beginResponseFor(c, statelessTag(), 10);
  const n = msgWriter.endMessage(0, 0);
  if (n > 0) return serverRespond(i, c, n, now);
  txnTable.release(i);
  countDrop();
  return false;
}

/** Sends the response built in TX (`len` octets, status `code`) through server transaction i. */
export function serverRespond(i: i32, code: i32, len: i32, now: u32): bool {
  if (!txnTable.inUse(i) || len <= 0) return false;
  const s = txnTable.state(i);
  if (s == txnTable.COMPLETED || s == txnTable.CONFIRMED || s == txnTable.TERMINATED) return false;
  if (txnTable.kind(i) == txnTable.IST && s == txnTable.ACCEPTED) {
    // RFC 6026 §7.1: 2xx retransmissions from the TU pass through in Accepted.
    if (code < 200 || code >= 300) return false;
  }
  if (!txnTable.keepMessage(i, TX, len)) {
    sendCopyOfTx(len, txnTable.peer(i)); // too large to keep: sent once, no retransmission
  } else {
    retransmitLast(i);
  }
  txnTable.setLastCode(i, code);
  if (code >= 200 && code < 300 && txnTable.kind(i) == txnTable.IST) txnTable.admit(i); // the TU took the call: no longer a stranger's
  else if (code >= 300 && txnTable.isStranger(i)) {
    // A stranger refused: the slot is freed at once, as a stateless UAS
    // would answer (§8.2.7); a retransmission of the request is refused
    // again, and its ACK matches nothing and is dropped.
    txnTable.release(i);
    return true;
  }
  if (code < 200) {
    if (txnTable.kind(i) == txnTable.NIST) txnTable.setState(i, txnTable.PROCEEDING);
    return true;
  }
  if (txnTable.kind(i) == txnTable.IST) {
    if (code < 300) {
      if (s != txnTable.ACCEPTED) {
        txnTable.setState(i, txnTable.ACCEPTED);
        txnTable.setTimeout(i, now + 64 * T1); // Timer L
      }
    } else {
      txnTable.setState(i, txnTable.COMPLETED);
      if (!txnTable.reliable(i)) txnTable.setRetransmit(i, now + T1, T1); // Timer G, over UDP only
      txnTable.setTimeout(i, now + 64 * T1); // Timer H
    }
  } else {
    txnTable.setState(i, txnTable.COMPLETED);
    txnTable.stopTimeout(i); // the TU answered within its deadline
    txnTable.setEnd(i, txnTable.reliable(i) ? now : now + 64 * T1); // Timer J: 64*T1 over UDP, 0 over a stream
  }
  return true;
}

/** Timers of server transaction i at `now`. */
export function serverTimers(i: i32, now: u32): void {
  if (txnTable.retransmitOn(i) && reached(txnTable.retransmitAt(i), now)) {
    // Timer G: doubles up to T2 (§17.2.1).
    let next = txnTable.interval(i) * 2;
    if (next > T2) next = T2;
    txnTable.setRetransmit(i, txnTable.retransmitAt(i) + next, next);
    retransmitLast(i);
  }
  if (txnTable.timeoutOn(i) && reached(txnTable.timeoutAt(i), now)) {
    const s = txnTable.state(i);
    if (s == txnTable.TRYING || s == txnTable.PROCEEDING) {
      // The TU never gave a final response in time.
      if (txnTable.kind(i) == txnTable.IST && txnTable.handler(i) != txnTable.NO_HANDLER) {
        // The TU ends the call (a final response sets Timer G/H or L);
        // if it does not, the slot goes 64*T1 later all the same.
        txnTable.stopTimeout(i);
        txnTable.setEnd(i, now + 64 * T1);
        pushEvent(EV_UNANSWERED, i);
        return;
      }
      countDrop();
    } else if (s == txnTable.COMPLETED) {
      pushEvent(EV_NO_ACK, i); // Timer H
    }
    txnTable.release(i); // Timer H or L, or the TU's deadline
    return;
  }
  if (txnTable.endOn(i) && reached(txnTable.endAt(i), now)) txnTable.release(i); // Timer I, J
}
