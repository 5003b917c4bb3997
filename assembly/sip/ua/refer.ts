// REFER (RFC 3515) in a call's dialog: the other party asks this UA to call
// someone (a transfer). Accepted with 202 only when the Refer-To URI is a
// trusted destination (trust.ts: one the configuration lets the station
// call); then the implicit "refer" subscription (§2.4.4, with RFC 6665
// semantics) reports the progress in the same dialog: NOTIFY with
// message/sipfrag "SIP/2.0 100 Trying" at once, then the final status of the
// new call, terminated;reason=noresource (§2.4.7). One transfer at a time.

import * as msgWriter from "../msg/writer";
import * as sipMessage from "../msg/message";
import { M_NOTIFY } from "../msg/methods";
import { reasonText, reasonTextPtr } from "../msg/response";
import { startClient } from "../txn/client";
import { reached, until } from "../../runtime/time";
import * as uaCalls from "./calls";
import { beginCallRequest, BRANCH, BRANCH_LENGTH } from "./build";
import { putEvent, putActive, putTerminated, putContentType, secondsLeft } from "./notify";
import { trustFind, trustData, trustLength, TRUST_DESTINATION } from "./trust";
import { respondNow } from "./uas";
import { uaEvent, UA_REFER } from "./events";
import { Handler } from "./handler";
import { zeroRecord } from "../txn/record";

/** How long the refer subscription lasts unless the new call ends sooner (seconds). */
export const REFER_EXPIRES_S: u32 = 60;

/** The one refer subscription (RFC 3515 §2.4.4), laid over static memory (never allocated); its Event value follows it. */
// @ts-ignore: decorator
@unmanaged export class ReferState {
  /** When it ends unless the referred call ends first. */
  until: u32;
  /** The call whose dialog holds it, plus one (0: none, as session.ts's owners). */
  owner: u8;
  /** The length of its Event value. */
  eventLength: u8;
}

const EVENT_AT: usize = offsetof<ReferState>();
/** The record and the Event value, "refer;id=<CSeq of the REFER>" (§2.4.6, 32 octets). */
export const REFER_STATE_SIZE: usize = EVENT_AT + 32;
export const REFER_STATE: usize = memory.data(<i32>REFER_STATE_SIZE, 4);
const EVENT: usize = REFER_STATE + EVENT_AT;

// @ts-ignore: decorator
@inline function rf(): ReferState { return changetype<ReferState>(REFER_STATE); }
// @ts-ignore: decorator
@inline function holder(): i32 { return <i32>rf().owner - 1; }
// @ts-ignore: decorator
@inline function setHolder(c: i32): void { rf().owner = <u8>(c + 1); }

/** No refer subscription, no Event value: as at start-up. */
export function referReset(): void { zeroRecord(REFER_STATE, REFER_STATE_SIZE); }
const BODY: usize = memory.data(64);

/** The call whose dialog holds the live refer subscription, or -1. */
export function referringCall(): i32 {
  if (holder() >= 0 && (uaCalls.callState(holder()) == uaCalls.FREE || !uaCalls.hasFlag(holder(), uaCalls.F_REFER_SUB))) setHolder(-1);
  return holder();
}

function putEventValue(cseq: u32): void {
  const literal = changetype<usize>("refer;id=");
  const n = <i32>(load<u32>(literal - 4) >> 1);
  for (let i = 0; i < n; i++) store<u8>(EVENT + <usize>i, <u8>load<u16>(literal + (<usize>i << 1)));
  let len = n;
  let div: u32 = 1;
  while (cseq / div >= 10) div *= 10;
  for (; div > 0; div /= 10) store<u8>(EVENT + <usize>(len++), <u8>(0x30 + (cseq / div) % 10));
  rf().eventLength = <u8>len;
}

/** The sipfrag body (RFC 3420): the status line of the new call's answer. */
function sipfrag(code: i32): i32 {
  const head = changetype<usize>("SIP/2.0 ");
  let n = 0;
  for (; n < 8; n++) store<u8>(BODY + <usize>n, <u8>load<u16>(head + (<usize>n << 1)));
  store<u8>(BODY + <usize>(n++), <u8>(0x30 + code / 100));
  store<u8>(BODY + <usize>(n++), <u8>(0x30 + (code / 10) % 10));
  store<u8>(BODY + <usize>(n++), <u8>(0x30 + code % 10));
  store<u8>(BODY + <usize>(n++), 0x20);
  const r = reasonText(code);
  for (let i = 0; i < r && n < 60; i++) store<u8>(BODY + <usize>(n++), load<u8>(reasonTextPtr() + <usize>i));
  store<u8>(BODY + <usize>(n++), 0x0d);
  store<u8>(BODY + <usize>(n++), 0x0a);
  return n;
}

/** NOTIFY in the referring dialog with the status `code`; `final` ends the subscription. */
function notify(code: i32, final: bool, reason: string, now: u32): bool {
  const c = holder();
  const cseq = uaCalls.nextLocalCSeq(c);
  beginCallRequest(c, M_NOTIFY, cseq);
  putEvent(EVENT, <i32>rf().eventLength);
  if (final) putTerminated(reason);
  else putActive(secondsLeft(rf().until, now));
  putContentType("message/sipfrag;version=2.0");
  const n = sipfrag(code);
  const len = msgWriter.endMessage(BODY, n);
  if (len < 0) return false;
  return startClient(M_NOTIFY, cseq, BRANCH, BRANCH_LENGTH, len, uaCalls.callPeer(c), now, Handler.Call, c) >= 0;
}

/**
 * A REFER in the dialog of call c, server transaction t (§2.4.2). 400
 * without Refer-To (§2.4.1), 403 outside a confirmed call or to a URI the
 * configuration does not allow, 491 while another transfer is under way;
 * otherwise 202, the first NOTIFY, and UA_REFER for the application to call
 * the target (then referResult).
 */
export function onRefer(t: i32, c: i32, now: u32): void {
  if (!sipMessage.hasField(sipMessage.F_REFER_TO_URI)) return respondNow(t, 400, c, now, false);
  if (uaCalls.callState(c) != uaCalls.ACTIVE) return respondNow(t, 403, c, now, false);
  if (referringCall() >= 0) return respondNow(t, 491, c, now, false);
  const d = trustFind(TRUST_DESTINATION, sipMessage.fieldPtr(sipMessage.F_REFER_TO_URI), sipMessage.fieldLength(sipMessage.F_REFER_TO_URI));
  if (d < 0) return respondNow(t, 403, c, now, false); // a REFER never makes the station call a URI of its choosing
  respondNow(t, 202, c, now, false);
  setHolder(c);
  rf().until = now + REFER_EXPIRES_S * 1000;
  putEventValue(sipMessage.cseqNumber());
  uaCalls.setFlag(c, uaCalls.F_REFER_SUB);
  notify(100, false, "", now); // §2.4.4: the first NOTIFY, at once
  uaEvent(UA_REFER, c, 0, d, trustData(d), trustLength(d));
}

/** The outcome of the referred call: its final status (200 when answered); ends the subscription (§2.4.7). */
export function referResult(code: i32, now: u32): bool {
  if (referringCall() < 0) return false;
  const ok = uaCalls.callState(holder()) == uaCalls.ACTIVE && notify(code, true, "noresource", now);
  uaCalls.clearFlag(holder(), uaCalls.F_REFER_SUB);
  setHolder(-1);
  return ok;
}

/** The subscription's own end: no outcome within REFER_EXPIRES_S (RFC 6665 §4.2.2: terminated, timeout). */
export function referTick(now: u32): void {
  if (referringCall() < 0 || !reached(rf().until, now)) return;
  if (uaCalls.callState(holder()) == uaCalls.ACTIVE) notify(408, true, "timeout", now);
  uaCalls.clearFlag(holder(), uaCalls.F_REFER_SUB);
  setHolder(-1);
}

export function referNextDeadline(now: u32): i32 {
  return referringCall() >= 0 ? <i32>until(rf().until, now) : -1;
}
