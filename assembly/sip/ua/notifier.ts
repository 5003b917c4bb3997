// The notifier (RFC 6665 §4.2) for the station's dialog state (RFC 4235):
// SUBSCRIBE accepted from configured parties only (admit.ts: through the PBX or
// authenticated, at most MAX_PER_WATCHER each), each subscription a dialog
// with an expiry; NOTIFY at once on every accepted or refreshed SUBSCRIBE,
// on every change of the state, and a last one (terminated) when it ends;
// one NOTIFY outstanding per subscription at a time; BENOTIFY (no response
// expected, [MS-SIPRE] §3.5) for changes when the subscriber offered it.

import * as msgWriter from "../msg/writer";
import * as sipMessage from "../msg/message";
import { RX, TX } from "../msg/buffers";
import { H_FROM, H_TO, H_EXPIRES, H_MIN_EXPIRES, H_ALLOW_EVENTS, H_RETRY_AFTER, H_SUPPORTED, H_ALLOW, H_EVENT } from "../msg/header-names";
import { M_NOTIFY, M_BENOTIFY } from "../msg/methods";
import { equalsIgnoreCase } from "../msg/scan";
import { beginResponseFor, statelessTag } from "../msg/response";
import { serverRespondNow } from "../txn/server";
import { startClient } from "../txn/client";
import { send } from "../txn/outbox";
import { RX_PEER } from "../txn/peer";
import { reached, until } from "../../runtime/time";
import { randomHex } from "./random";
import { setText, textData, textLength } from "./text";
import * as uaSubscriptions from "./subscriptions";
import { beginDialogRequest, putContact, ALLOW_EVENTS, BRANCH, BRANCH_LENGTH } from "./build";
import { takeAddressWithoutTag, takeRoutes } from "./dialog";
import { putEvent, putActive, putTerminated, putContentType, secondsLeft } from "./notify";
import { admit, admittedEntry } from "./admit";
import { putRecordRoute } from "./uas";
import { takeChange, currentReport, writeDialogInfo, dialogInfo } from "./dialog-info";
import { uaEvent, UA_SUBSCRIPTIONS } from "./events";
import { Handler } from "./handler";

/** Shortest subscription accepted (423 below, RFC 6665 §4.2.1.1), the default and the longest granted (seconds). */
export const MIN_EXPIRES: u32 = 60;
export const DEFAULT_EXPIRES: u32 = 3600;
export const MAX_EXPIRES: u32 = 3600;
/** Seconds a subscriber is asked to wait when the table is full (503, RFC 3261 §21.5.4). */
export const RETRY_AFTER_S: u32 = 60;

const TAG: usize = memory.data(16);

function isDialogPackage(): bool {
  return sipMessage.hasField(sipMessage.F_EVENT) && equalsIgnoreCase(sipMessage.fieldPtr(sipMessage.F_EVENT), sipMessage.fieldLength(sipMessage.F_EVENT), changetype<usize>("dialog"));
}

/** Whether the SUBSCRIBE offers BENOTIFY: Supported: ms-benotify ([MS-SIPRE] §3.5), or BENOTIFY in Allow. */
function offersBenotify(): bool {
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    const id = sipMessage.headerId(i);
    if (id != H_SUPPORTED && id != H_ALLOW) continue;
    const p = RX + <usize>sipMessage.headerValueStart(i);
    const len = sipMessage.headerValueLength(i);
    const word = id == H_SUPPORTED ? changetype<usize>("ms-benotify") : changetype<usize>("BENOTIFY");
    const wl = id == H_SUPPORTED ? 11 : 8;
    for (let k = 0; k + wl <= len; k++) if (equalsIgnoreCase(p + <usize>k, wl, word)) return true;
  }
  return false;
}

/** A response to the SUBSCRIBE in RX from server transaction t; `s` >= 0 adds the dialog's tag, Expires and Contact. */
function answer(t: i32, code: i32, s: i32, expires: u32, now: u32): void {
  if (s >= 0) beginResponseFor(code, textData(uaSubscriptions.subLocalTag(s)), textLength(uaSubscriptions.subLocalTag(s)));
  else beginResponseFor(code, statelessTag(), 10);
  if (code == 423) {
    msgWriter.putHeaderName(H_MIN_EXPIRES);
    msgWriter.putNumber(MIN_EXPIRES);
    msgWriter.putCRLF();
  } else if (code == 503) {
    msgWriter.putHeaderName(H_RETRY_AFTER);
    msgWriter.putNumber(RETRY_AFTER_S);
    msgWriter.putCRLF();
  } else if (code == 489) {
    msgWriter.putHeaderName(H_ALLOW_EVENTS);
    msgWriter.putString(ALLOW_EVENTS);
    msgWriter.putCRLF();
  }
  if (s >= 0 && code < 300) {
    msgWriter.putHeaderName(H_EXPIRES); // §4.2.1.1: the duration granted
    msgWriter.putNumber(expires);
    msgWriter.putCRLF();
    putRecordRoute(uaSubscriptions.subRoute(s)); // RFC 3261 §12.1.1
    putContact();
    if (uaSubscriptions.subHas(s, uaSubscriptions.S_BENOTIFY)) {
      msgWriter.putHeaderName(H_SUPPORTED);
      msgWriter.putString("ms-benotify");
      msgWriter.putCRLF();
    }
  }
  const len = msgWriter.endMessage(0, 0);
  serverRespondNow(t, code, len, now);
}

/**
 * NOTIFY (or BENOTIFY for a change, when the subscriber offered it) with the
 * state `st` to subscription s; `final` ends it with `reason` (§4.2.2). While
 * one is outstanding a change only marks the subscription dirty: the current
 * state follows when the answer comes (full state makes the skipped ones moot).
 */
function notify(s: i32, st: i32, final: bool, reason: string, change: bool, now: u32): void {
  if (uaSubscriptions.subHas(s, uaSubscriptions.S_PENDING) && !final) {
    uaSubscriptions.subSet(s, uaSubscriptions.S_DIRTY);
    return;
  }
  const best = change && !final && uaSubscriptions.subHas(s, uaSubscriptions.S_BENOTIFY);
  const m = best ? M_BENOTIFY : M_NOTIFY;
  const cseq = uaSubscriptions.nextLocalCSeq(s);
  beginDialogRequest(m, cseq, uaSubscriptions.subTarget(s), uaSubscriptions.subRoute(s), uaSubscriptions.subLocalUri(s), uaSubscriptions.subLocalTag(s), uaSubscriptions.subRemoteUri(s), uaSubscriptions.subRemoteTag(s), uaSubscriptions.subCallId(s));
  putEvent(textData(uaSubscriptions.subEvent(s)), textLength(uaSubscriptions.subEvent(s)));
  if (final) putTerminated(reason);
  else putActive(secondsLeft(uaSubscriptions.expiresAt(s), now));
  putContentType("application/dialog-info+xml");
  const n = writeDialogInfo(st, uaSubscriptions.takeVersion(s));
  const len = msgWriter.endMessage(dialogInfo(), n);
  uaSubscriptions.subClear(s, uaSubscriptions.S_DIRTY);
  if (len < 0) return;
  if (best) {
    send(TX, len, uaSubscriptions.subPeer(s)); // no transaction: nothing is retransmitted or awaited
  } else if (startClient(M_NOTIFY, cseq, BRANCH, BRANCH_LENGTH, len, uaSubscriptions.subPeer(s), now, Handler.Notify, uaSubscriptions.noticeArg(s)) >= 0) {
    uaSubscriptions.subSet(s, uaSubscriptions.S_PENDING);
  } else {
    uaSubscriptions.subSet(s, uaSubscriptions.S_DIRTY); // no free transaction: tried again at the next tick
  }
}

function end(s: i32, reason: string, now: u32): void {
  notify(s, currentReport(), true, reason, false, now);
  uaSubscriptions.freeSubscription(s);
  uaEvent(UA_SUBSCRIPTIONS, -1, uaSubscriptions.subscriptionCount(), 0, 0, 0);
}

/** The Expires asked for, defaulted and capped; -1 when below the minimum (423). 0 is kept (unsubscribe, fetch). */
function askedExpires(): i64 {
  if (sipMessage.expires() < 0) return <i64>DEFAULT_EXPIRES;
  if (sipMessage.expires() == 0) return 0;
  if (sipMessage.expires() < <i64>MIN_EXPIRES) return -1;
  return sipMessage.expires() > <i64>MAX_EXPIRES ? <i64>MAX_EXPIRES : sipMessage.expires();
}

/** A SUBSCRIBE outside any dialog (server transaction t): a new subscription (§4.2.1.1). */
export function onSubscribe(t: i32, now: u32): void {
  // §4.2.1.3: the subscriber must be a configured party (a destination or an allowed caller), believed by
  // the rules for calls (admit.ts: through the PBX, or authenticated); strangers are answered there.
  if (!admit(t, 0, now)) return;
  const watcher = admittedEntry();
  if (watcher < 0) return answer(t, 403, -1, 0, now);
  if (!isDialogPackage()) return answer(t, 489, -1, 0, now);
  const e = askedExpires();
  if (e < 0) return answer(t, 423, -1, 0, now);
  if (!sipMessage.hasField(sipMessage.F_CONTACT_URI)) return answer(t, 400, -1, 0, now); // §4.1.2.1: a SUBSCRIBE has a Contact
  // One watcher may not take every slot: past its share it is told to come back later, like a full table.
  if (e > 0 && uaSubscriptions.watcherCount(watcher) >= uaSubscriptions.MAX_PER_WATCHER) return answer(t, 503, -1, 0, now);
  const s = uaSubscriptions.allocateSubscription();
  if (s < 0) return answer(t, 503, -1, 0, now);
  uaSubscriptions.setSubWatcher(s, watcher);
  randomHex(TAG, 12);
  const fits = setText(uaSubscriptions.subCallId(s), uaSubscriptions.CAP_CALL_ID, sipMessage.fieldPtr(sipMessage.F_CALL_ID), sipMessage.fieldLength(sipMessage.F_CALL_ID)) &&
    setText(uaSubscriptions.subLocalTag(s), 16, TAG, 12) &&
    (!sipMessage.hasField(sipMessage.F_FROM_TAG) || setText(uaSubscriptions.subRemoteTag(s), uaSubscriptions.CAP_TAG, sipMessage.fieldPtr(sipMessage.F_FROM_TAG), sipMessage.fieldLength(sipMessage.F_FROM_TAG))) &&
    setText(uaSubscriptions.subTarget(s), uaSubscriptions.CAP_URI, sipMessage.fieldPtr(sipMessage.F_CONTACT_URI), sipMessage.fieldLength(sipMessage.F_CONTACT_URI)) &&
    takeEventValue(s);
  takeAddressWithoutTag(uaSubscriptions.subRemoteUri(s), uaSubscriptions.CAP_REMOTE_URI, H_FROM);
  takeAddressWithoutTag(uaSubscriptions.subLocalUri(s), uaSubscriptions.CAP_LOCAL_URI, H_TO);
  takeRoutes(uaSubscriptions.subRoute(s), uaSubscriptions.CAP_ROUTE, false);
  if (!fits || textLength(uaSubscriptions.subRemoteUri(s)) == 0 || textLength(uaSubscriptions.subLocalUri(s)) == 0) {
    uaSubscriptions.freeSubscription(s);
    return answer(t, 500, -1, 0, now); // values too long for this small table
  }
  uaSubscriptions.setRemoteCSeq(s, sipMessage.cseqNumber());
  uaSubscriptions.setSubPeer(s, RX_PEER);
  if (offersBenotify()) uaSubscriptions.subSet(s, uaSubscriptions.S_BENOTIFY);
  uaSubscriptions.setExpiresAt(s, now + <u32>e * 1000);
  answer(t, 200, s, <u32>e, now);
  if (e == 0) return end(s, "timeout", now); // §4.4.3: a fetch: the state once, then terminated
  notify(s, currentReport(), false, "", false, now); // §4.2.1.2: at once
  uaEvent(UA_SUBSCRIPTIONS, -1, uaSubscriptions.subscriptionCount(), 0, 0, 0);
}

/** The whole Event value (package and parameters, e.g. ";id=") to echo in every NOTIFY (§8.2.1). */
function takeEventValue(s: i32): bool {
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) == H_EVENT) return setText(uaSubscriptions.subEvent(s), uaSubscriptions.CAP_EVENT, RX + <usize>sipMessage.headerValueStart(i), sipMessage.headerValueLength(i));
  }
  return false;
}

/** A SUBSCRIBE in subscription s's dialog: a refresh, or with Expires 0 the end (§4.2.1.4). */
export function onResubscribe(t: i32, s: i32, now: u32): void {
  if (sipMessage.cseqNumber() <= uaSubscriptions.remoteCSeq(s)) return answer(t, 500, -1, 0, now); // RFC 3261 §12.2.2
  uaSubscriptions.setRemoteCSeq(s, sipMessage.cseqNumber());
  if (!isDialogPackage()) return answer(t, 489, -1, 0, now);
  const e = askedExpires();
  if (e < 0) return answer(t, 423, -1, 0, now);
  uaSubscriptions.setExpiresAt(s, now + <u32>e * 1000);
  answer(t, 200, s, <u32>e, now);
  if (e == 0) return end(s, "timeout", now);
  notify(s, currentReport(), false, "", false, now);
}

/** The answer to a NOTIFY sent with `arg` (uaSubscriptions.noticeArg): any final failure ends its subscription (§4.2.2); else a pending change goes out. */
export function onNotifyAnswer(arg: i32, code: i32, now: u32): void {
  const s = uaSubscriptions.subscriptionOfArg(arg);
  if (s < 0 || code < 200) return;
  uaSubscriptions.subClear(s, uaSubscriptions.S_PENDING);
  if (code >= 300) {
    uaSubscriptions.freeSubscription(s); // 481 and every other failure, and a timeout (408): the subscription is gone
    uaEvent(UA_SUBSCRIPTIONS, -1, uaSubscriptions.subscriptionCount(), 0, 0, 0);
    return;
  }
  if (uaSubscriptions.subHas(s, uaSubscriptions.S_DIRTY)) notify(s, currentReport(), false, "", true, now);
}

/** After every engine call and application action: a change of the station's state goes to every subscriber. */
export function notifyChanges(now: u32): void {
  const st = takeChange();
  if (st < 0) return;
  for (let s = 0; s < uaSubscriptions.MAX_SUBSCRIPTIONS; s++) if (uaSubscriptions.subActive(s)) notify(s, st, false, "", true, now);
}

/** Expiries (a last NOTIFY, terminated;reason=timeout) and changes held back by a full transaction table. */
export function notifierTick(now: u32): void {
  for (let s = 0; s < uaSubscriptions.MAX_SUBSCRIPTIONS; s++) {
    if (!uaSubscriptions.subActive(s)) continue;
    if (reached(uaSubscriptions.expiresAt(s), now)) end(s, "timeout", now);
    else if (uaSubscriptions.subHas(s, uaSubscriptions.S_DIRTY) && !uaSubscriptions.subHas(s, uaSubscriptions.S_PENDING)) notify(s, currentReport(), false, "", true, now);
  }
}

export function notifierNextDeadline(now: u32): i32 {
  let best: i32 = -1;
  for (let s = 0; s < uaSubscriptions.MAX_SUBSCRIPTIONS; s++) {
    if (!uaSubscriptions.subActive(s)) continue;
    const d = <i32>until(uaSubscriptions.expiresAt(s), now);
    if (best < 0 || d < best) best = d;
  }
  return best;
}
