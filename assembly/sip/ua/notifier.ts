// The notifier (RFC 6665 §4.2) for the station's dialog state (RFC 4235):
// SUBSCRIBE accepted from configured parties only (admit.ts: through the PBX or
// authenticated, at most MAX_PER_WATCHER each), each subscription a dialog
// with an expiry; NOTIFY at once on every accepted or refreshed SUBSCRIBE,
// on every change of the state, and a last one (terminated) when it ends;
// one NOTIFY outstanding per subscription at a time; BENOTIFY (no response
// expected, [MS-SIPRE] §3.5) for changes when the subscriber offered it.

import * as W from "../msg/writer";
import * as M from "../msg/message";
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
import * as S from "./subscriptions";
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
  return M.hasField(M.F_EVENT) && equalsIgnoreCase(M.fieldPtr(M.F_EVENT), M.fieldLength(M.F_EVENT), changetype<usize>("dialog"));
}

/** Whether the SUBSCRIBE offers BENOTIFY: Supported: ms-benotify ([MS-SIPRE] §3.5), or BENOTIFY in Allow. */
function offersBenotify(): bool {
  for (let i = 0; i < M.headerCount(); i++) {
    const id = M.headerId(i);
    if (id != H_SUPPORTED && id != H_ALLOW) continue;
    const p = RX + <usize>M.headerValueStart(i);
    const len = M.headerValueLength(i);
    const word = id == H_SUPPORTED ? changetype<usize>("ms-benotify") : changetype<usize>("BENOTIFY");
    const wl = id == H_SUPPORTED ? 11 : 8;
    for (let k = 0; k + wl <= len; k++) if (equalsIgnoreCase(p + <usize>k, wl, word)) return true;
  }
  return false;
}

/** A response to the SUBSCRIBE in RX from server transaction t; `s` >= 0 adds the dialog's tag, Expires and Contact. */
function answer(t: i32, code: i32, s: i32, expires: u32, now: u32): void {
  if (s >= 0) beginResponseFor(code, textData(S.subLocalTag(s)), textLength(S.subLocalTag(s)));
  else beginResponseFor(code, statelessTag(), 10);
  if (code == 423) {
    W.putHeaderName(H_MIN_EXPIRES);
    W.putNumber(MIN_EXPIRES);
    W.putCRLF();
  } else if (code == 503) {
    W.putHeaderName(H_RETRY_AFTER);
    W.putNumber(RETRY_AFTER_S);
    W.putCRLF();
  } else if (code == 489) {
    W.putHeaderName(H_ALLOW_EVENTS);
    W.putString(ALLOW_EVENTS);
    W.putCRLF();
  }
  if (s >= 0 && code < 300) {
    W.putHeaderName(H_EXPIRES); // §4.2.1.1: the duration granted
    W.putNumber(expires);
    W.putCRLF();
    putRecordRoute(S.subRoute(s)); // RFC 3261 §12.1.1
    putContact();
    if (S.subHas(s, S.S_BENOTIFY)) {
      W.putHeaderName(H_SUPPORTED);
      W.putString("ms-benotify");
      W.putCRLF();
    }
  }
  const len = W.endMessage(0, 0);
  serverRespondNow(t, code, len, now);
}

/**
 * NOTIFY (or BENOTIFY for a change, when the subscriber offered it) with the
 * state `st` to subscription s; `final` ends it with `reason` (§4.2.2). While
 * one is outstanding a change only marks the subscription dirty: the current
 * state follows when the answer comes (full state makes the skipped ones moot).
 */
function notify(s: i32, st: i32, final: bool, reason: string, change: bool, now: u32): void {
  if (S.subHas(s, S.S_PENDING) && !final) {
    S.subSet(s, S.S_DIRTY);
    return;
  }
  const best = change && !final && S.subHas(s, S.S_BENOTIFY);
  const m = best ? M_BENOTIFY : M_NOTIFY;
  const cseq = S.nextLocalCSeq(s);
  beginDialogRequest(m, cseq, S.subTarget(s), S.subRoute(s), S.subLocalUri(s), S.subLocalTag(s), S.subRemoteUri(s), S.subRemoteTag(s), S.subCallId(s));
  putEvent(textData(S.subEvent(s)), textLength(S.subEvent(s)));
  if (final) putTerminated(reason);
  else putActive(secondsLeft(S.expiresAt(s), now));
  putContentType("application/dialog-info+xml");
  const n = writeDialogInfo(st, S.takeVersion(s));
  const len = W.endMessage(dialogInfo(), n);
  S.subClear(s, S.S_DIRTY);
  if (len < 0) return;
  if (best) {
    send(TX, len, S.subPeer(s)); // no transaction: nothing is retransmitted or awaited
  } else if (startClient(M_NOTIFY, cseq, BRANCH, BRANCH_LENGTH, len, S.subPeer(s), now, Handler.Notify, S.noticeArg(s)) >= 0) {
    S.subSet(s, S.S_PENDING);
  } else {
    S.subSet(s, S.S_DIRTY); // no free transaction: tried again at the next tick
  }
}

function end(s: i32, reason: string, now: u32): void {
  notify(s, currentReport(), true, reason, false, now);
  S.freeSubscription(s);
  uaEvent(UA_SUBSCRIPTIONS, -1, S.subscriptionCount(), 0, 0, 0);
}

/** The Expires asked for, defaulted and capped; -1 when below the minimum (423). 0 is kept (unsubscribe, fetch). */
function askedExpires(): i64 {
  if (M.expires() < 0) return <i64>DEFAULT_EXPIRES;
  if (M.expires() == 0) return 0;
  if (M.expires() < <i64>MIN_EXPIRES) return -1;
  return M.expires() > <i64>MAX_EXPIRES ? <i64>MAX_EXPIRES : M.expires();
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
  if (!M.hasField(M.F_CONTACT_URI)) return answer(t, 400, -1, 0, now); // §4.1.2.1: a SUBSCRIBE has a Contact
  // One watcher may not take every slot: past its share it is told to come back later, like a full table.
  if (e > 0 && S.watcherCount(watcher) >= S.MAX_PER_WATCHER) return answer(t, 503, -1, 0, now);
  const s = S.allocateSubscription();
  if (s < 0) return answer(t, 503, -1, 0, now);
  S.setSubWatcher(s, watcher);
  randomHex(TAG, 12);
  const fits = setText(S.subCallId(s), S.CAP_CALL_ID, M.fieldPtr(M.F_CALL_ID), M.fieldLength(M.F_CALL_ID)) &&
    setText(S.subLocalTag(s), 16, TAG, 12) &&
    (!M.hasField(M.F_FROM_TAG) || setText(S.subRemoteTag(s), S.CAP_TAG, M.fieldPtr(M.F_FROM_TAG), M.fieldLength(M.F_FROM_TAG))) &&
    setText(S.subTarget(s), S.CAP_URI, M.fieldPtr(M.F_CONTACT_URI), M.fieldLength(M.F_CONTACT_URI)) &&
    takeEventValue(s);
  takeAddressWithoutTag(S.subRemoteUri(s), S.CAP_REMOTE_URI, H_FROM);
  takeAddressWithoutTag(S.subLocalUri(s), S.CAP_LOCAL_URI, H_TO);
  takeRoutes(S.subRoute(s), S.CAP_ROUTE, false);
  if (!fits || textLength(S.subRemoteUri(s)) == 0 || textLength(S.subLocalUri(s)) == 0) {
    S.freeSubscription(s);
    return answer(t, 500, -1, 0, now); // values too long for this small table
  }
  S.setRemoteCSeq(s, M.cseqNumber());
  S.setSubPeer(s, RX_PEER);
  if (offersBenotify()) S.subSet(s, S.S_BENOTIFY);
  S.setExpiresAt(s, now + <u32>e * 1000);
  answer(t, 200, s, <u32>e, now);
  if (e == 0) return end(s, "timeout", now); // §4.4.3: a fetch: the state once, then terminated
  notify(s, currentReport(), false, "", false, now); // §4.2.1.2: at once
  uaEvent(UA_SUBSCRIPTIONS, -1, S.subscriptionCount(), 0, 0, 0);
}

/** The whole Event value (package and parameters, e.g. ";id=") to echo in every NOTIFY (§8.2.1). */
function takeEventValue(s: i32): bool {
  for (let i = 0; i < M.headerCount(); i++) {
    if (M.headerId(i) == H_EVENT) return setText(S.subEvent(s), S.CAP_EVENT, RX + <usize>M.headerValueStart(i), M.headerValueLength(i));
  }
  return false;
}

/** A SUBSCRIBE in subscription s's dialog: a refresh, or with Expires 0 the end (§4.2.1.4). */
export function onResubscribe(t: i32, s: i32, now: u32): void {
  if (M.cseqNumber() <= S.remoteCSeq(s)) return answer(t, 500, -1, 0, now); // RFC 3261 §12.2.2
  S.setRemoteCSeq(s, M.cseqNumber());
  if (!isDialogPackage()) return answer(t, 489, -1, 0, now);
  const e = askedExpires();
  if (e < 0) return answer(t, 423, -1, 0, now);
  S.setExpiresAt(s, now + <u32>e * 1000);
  answer(t, 200, s, <u32>e, now);
  if (e == 0) return end(s, "timeout", now);
  notify(s, currentReport(), false, "", false, now);
}

/** The answer to a NOTIFY sent with `arg` (S.noticeArg): any final failure ends its subscription (§4.2.2); else a pending change goes out. */
export function onNotifyAnswer(arg: i32, code: i32, now: u32): void {
  const s = S.subscriptionOfArg(arg);
  if (s < 0 || code < 200) return;
  S.subClear(s, S.S_PENDING);
  if (code >= 300) {
    S.freeSubscription(s); // 481 and every other failure, and a timeout (408): the subscription is gone
    uaEvent(UA_SUBSCRIPTIONS, -1, S.subscriptionCount(), 0, 0, 0);
    return;
  }
  if (S.subHas(s, S.S_DIRTY)) notify(s, currentReport(), false, "", true, now);
}

/** After every engine call and application action: a change of the station's state goes to every subscriber. */
export function notifyChanges(now: u32): void {
  const st = takeChange();
  if (st < 0) return;
  for (let s = 0; s < S.MAX_SUBSCRIPTIONS; s++) if (S.subActive(s)) notify(s, st, false, "", true, now);
}

/** Expiries (a last NOTIFY, terminated;reason=timeout) and changes held back by a full transaction table. */
export function notifierTick(now: u32): void {
  for (let s = 0; s < S.MAX_SUBSCRIPTIONS; s++) {
    if (!S.subActive(s)) continue;
    if (reached(S.expiresAt(s), now)) end(s, "timeout", now);
    else if (S.subHas(s, S.S_DIRTY) && !S.subHas(s, S.S_PENDING)) notify(s, currentReport(), false, "", true, now);
  }
}

export function notifierNextDeadline(now: u32): i32 {
  let best: i32 = -1;
  for (let s = 0; s < S.MAX_SUBSCRIPTIONS; s++) {
    if (!S.subActive(s)) continue;
    const d = <i32>until(S.expiresAt(s), now);
    if (best < 0 || d < best) best = d;
  }
  return best;
}
