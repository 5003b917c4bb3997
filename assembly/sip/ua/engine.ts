// The SIP engine's entry points (RFC 3261 layers wired together): a datagram
// in, the clock, and the next deadline. Each call starts with an empty
// outbox and event queues; the host drains them after it returns.

import { parseMessage } from "../msg/parser";
import * as sipMessage from "../msg/message";
import { canRespond, respondStateless } from "../msg/response";
import { tickTransactions, nextTransactionDeadline } from "../txn/engine";
import { clientReceive } from "../txn/client";
import { serverAbsorb, deliverable, countDrop, ACK_FOR_2XX, NEW_REQUEST } from "../txn/server";
import { outboxReset, send, sendCopyOfTx, outboxCount, outboxData, outboxLength, outboxPeer } from "../txn/outbox";
import { eventsReset, eventCount, eventKind, eventHandler, eventArg, eventMethod, EV_TIMEOUT, EV_UNANSWERED } from "../txn/events";
import { admitRequest } from "./admission";
import { RX_PEER } from "../txn/peer";
import { noteViaSource } from "../txn/via-source";
import { T2 } from "../txn/clock";
import * as txnTable from "../txn/table";
import { uaEventsReset, uaEvent, UA_ENDED } from "./events";
import { textData, textLength } from "./text";
import * as uaCalls from "./calls";
import { onCallResponse, onCallTimeout, sendBye } from "./uac";
import { onRequest, onAckFor2xx, onStatelessOptions } from "./requests";
import { rejectIncoming } from "./uas";
import { onOutsideResponse, onOutsideTimeout } from "./register";
import { referTick, referNextDeadline } from "./refer";
import { onNotifyAnswer, notifyChanges, notifierTick, notifierNextDeadline } from "./notifier";
import { onPagerResponse, pagerDone } from "./pager";
import { onPublishResponse, publishDone } from "./publish";
import { Handler } from "./handler";
import { M_BENOTIFY, M_OPTIONS } from "../msg/methods";

export function beginEngineCall(): void {
  outboxReset();
  eventsReset();
  uaEventsReset();
}

// What the user of the engine sends: the datagrams queued since
// beginEngineCall (by the engine and by the UA's actions), in order, each
// with its octets, its length and its 18-octet destination (txn/peer.ts).
export function queuedCount(): i32 { return outboxCount(); }
export function queuedData(i: i32): usize { return outboxData(i); }
export function queuedLength(i: i32): i32 { return outboxLength(i); }
export function queuedPeer(i: i32): usize { return outboxPeer(i); }

/** A datagram of `len` octets is in RX from RX_PEER. Returns its parse verdict. */
export function engineReceive(len: i32, now: u32): i32 {
  beginEngineCall();
  const v = parseMessage(len);
  // A BENOTIFY never gets a response ([MS-SIPRE] §3.5), not even to refuse it; this UA subscribes to nothing.
  if (sipMessage.isRequest() && sipMessage.method() == M_BENOTIFY) return v;
  if (v != 0) {
    // §8.2, §16.3: answer a malformed request if it can be answered; a malformed response is dropped (§18.1.2).
    if (canRespond()) {
      noteViaSource(RX_PEER);
      const n = deliverable(RX_PEER) ? respondStateless(v) : -1;
      if (n > 0) sendCopyOfTx(n, RX_PEER);
      else countDrop();
    }
    return v;
  }
  if (sipMessage.isRequest()) {
    let r = serverAbsorb(now);
    if (r == ACK_FOR_2XX) onAckFor2xx();
    else if (r == NEW_REQUEST) {
      // §8.2.7, §11.2: an OPTIONS outside any dialog is answered without a transaction.
      if (sipMessage.method() == M_OPTIONS && !sipMessage.hasField(sipMessage.F_TO_TAG)) onStatelessOptions();
      else if ((r = admitRequest(now)) >= 0) onRequest(r, now);
    }
    notifyChanges(now);
    return 0;
  }
  const t = clientReceive(now);
  if (t >= 0) outcome(txnTable.handler(t), txnTable.arg(t), txnTable.method(t), t, now);
  notifyChanges(now);
  return 0;
}

/**
 * The outcome of a client transaction goes to what its request was sent with
 * (handler.ts): a response in RX that transaction t passed up, or, with t < 0,
 * no final response at all (Timer B or F), which each handler takes as a 408
 * (§8.1.3.1). Provisional responses reach calls and subscriptions only.
 */
function outcome(h: i32, arg: i32, m: i32, t: i32, now: u32): void {
  const final = t < 0 || sipMessage.statusCode() >= 200;
  switch (h) {
    case Handler.Call: if (t < 0) onCallTimeout(arg, m); else onCallResponse(arg, m, now); break;
    case Handler.Notify: onNotifyAnswer(arg, t < 0 ? 408 : sipMessage.statusCode(), now); break;
    case Handler.Pager: if (t < 0) pagerDone(408); else if (final) onPagerResponse(t, now); break;
    case Handler.Publish: if (t < 0) publishDone(408, 0); else if (final) onPublishResponse(now); break;
    case Handler.Outside: if (t < 0) onOutsideTimeout(arg, m); else if (final) onOutsideResponse(arg, m, now); break;
  }
}

/** The UA core's own timers of each call (calls.ts Timer), each on its own deadline. */
function uaTimers(now: u32): void {
  for (let c = 0; c < uaCalls.MAX_CALLS; c++) {
    if (uaCalls.callState(c) == uaCalls.FREE) continue;
    const due = uaCalls.dueTimers(c, now);
    if (due == 0) continue;
    if (due & uaCalls.bit(uaCalls.Timer.AckEnd)) {
      uaCalls.stopResend(c);
      sendBye(c, now); // §13.3.1.4: no ACK: end the dialog with BYE
    } else if (due & uaCalls.bit(uaCalls.Timer.PrackEnd)) {
      uaCalls.stopResend(c);
      rejectIncoming(c, 500, now); // RFC 3262 §3: no PRACK: a 5xx ends the INVITE
      uaEvent(UA_ENDED, c, 500, 0, 0, 0);
    } else if (due & uaCalls.bit(uaCalls.Timer.CancelEnd)) {
      const t = uaCalls.inviteTxn(c);
      if (txnTable.handledBy(t, Handler.Call, c)) txnTable.release(t);
      uaEvent(UA_ENDED, c, 487, 0, 0, 0);
      uaCalls.freeCall(c);
    } else {
      if (due & uaCalls.bit(uaCalls.Timer.Resend)) resend(c);
      if (due & uaCalls.bit(uaCalls.Timer.ByeRetry)) sendBye(c, now);
    }
  }
}

/** The stored 2xx or reliable 1xx of call c goes again: T1 doubling, up to T2 for the 2xx (§13.3.1.4), without a cap for the 1xx (RFC 3262 §3). */
function resend(c: i32): void {
  const t = uaCalls.inviteTxn(c);
  send(textData(uaCalls.stored(c)), textLength(uaCalls.stored(c)), txnTable.inUse(t) ? txnTable.peer(t) : uaCalls.callPeer(c));
  let every = uaCalls.resendEvery(c) * 2;
  if (uaCalls.timerArmed(c, uaCalls.Timer.AckEnd) && every > T2) every = T2;
  uaCalls.armTimer(c, uaCalls.Timer.Resend, uaCalls.timerAt(c, uaCalls.Timer.Resend) + every);
  uaCalls.setResendEvery(c, every);
}

/** Runs every timer due at `now`: transactions first, then the UA core's. */
export function engineTick(now: u32): void {
  beginEngineCall();
  tickTransactions(now);
  for (let i = 0; i < eventCount(); i++) {
    const h = eventHandler(i);
    const arg = eventArg(i);
    if (eventKind(i) == EV_TIMEOUT) outcome(h, arg, eventMethod(i), -1, now);
    // An INVITE left ringing past the transaction's limit: 480 (§21.4.18), and the call ends.
    else if (eventKind(i) == EV_UNANSWERED && h == Handler.Call && rejectIncoming(arg, 480, now)) uaEvent(UA_ENDED, arg, 480, 0, 0, 0);
  }
  uaTimers(now);
  referTick(now);
  notifierTick(now);
  notifyChanges(now);
}

/** Milliseconds until the engine next needs the clock, or -1 when nothing is pending. */
export function engineNextDeadline(now: u32): i32 {
  let best = nextTransactionDeadline(now);
  const r = referNextDeadline(now);
  if (r >= 0 && (best < 0 || r < best)) best = r;
  const n = notifierNextDeadline(now);
  if (n >= 0 && (best < 0 || n < best)) best = n;
  for (let c = 0; c < uaCalls.MAX_CALLS; c++) {
    if (uaCalls.callState(c) == uaCalls.FREE) continue;
    const d = uaCalls.nextTimer(c, now);
    if (d >= 0 && (best < 0 || d < best)) best = d;
  }
  return best;
}

