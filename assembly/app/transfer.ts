// A transfer of the visitor's call (RFC 3515 REFER, RFC 5589 call-transfer
// roles: the apartment is the transferor, the station the transferee): the
// UA has accepted the REFER (its target is a configured destination) and
// reported it; the station calls the target as a door call, whose DTMF code
// opens the door like any trusted call. When the target answers, the
// referring call is ended with BYE once the final NOTIFY got its answer;
// when it fails, the referring call goes on. One transfer at a time.

import { reached, until } from "../runtime/time";
import { OUTBOUND, hasOutbound } from "../sip/ua/identity";
import { startCall, hangUpOutgoing } from "../sip/ua/uac";
import { hangUpIncoming } from "../sip/ua/uas";
import { referResult } from "../sip/ua/refer";
import { callState, role, FREE, ACTIVE, ROLE_UAS } from "../sip/ua/calls";
import { connectedCall } from "./dialing";
import { answeredIncoming } from "./incoming";
import * as S from "./settings";
import { appEvent, EV_TRANSFER, TRANSFER_REFUSED, TRANSFER_CALLING, TRANSFER_CONNECTED, TRANSFER_FAILED, TRANSFER_ENDED } from "./events";

/** How long the transfer target may ring before the transfer fails with 408. */
export const TRANSFER_RING_MS: u32 = 30000;

let referring: i32 = -1; // the call that sent the REFER
let target: i32 = -1; // our call to the transfer target
let connected = false;
let byeAfterNotify = false;
let ringUntil: u32 = 0;
let endAt: u32 = 0;

/** The transfer call once it is connected (it carries the door code like any trusted call), or -1. */
export function transferConnected(): i32 { return connected ? target : -1; }
export function isTransferCall(c: i32): bool { return c >= 0 && c == target; }
/** Whether a transfer call exists (ringing or connected). */
export function transferActive(): bool { return target >= 0; }

function hangUp(c: i32, now: u32): void {
  if (c < 0 || callState(c) == FREE) return;
  if (role(c) == ROLE_UAS) hangUpIncoming(c, now);
  else hangUpOutgoing(c, now);
}

/** The UA accepted a REFER in call c to the trusted URI [uri, uri+len): call it. */
export function onRefer(c: i32, uri: usize, len: i32, now: u32): void {
  const ours = c == connectedCall() || c == answeredIncoming();
  if (!ours || target >= 0 || !hasOutbound) {
    referResult(ours ? 503 : 403, now);
    appEvent(EV_TRANSFER, TRANSFER_REFUSED, ours ? 503 : 403);
    return;
  }
  const t = startCall(uri, len, OUTBOUND, now);
  if (t < 0) {
    referResult(503, now);
    appEvent(EV_TRANSFER, TRANSFER_FAILED, 503);
    return;
  }
  referring = c;
  target = t;
  connected = false;
  byeAfterNotify = false;
  ringUntil = now + TRANSFER_RING_MS;
  appEvent(EV_TRANSFER, TRANSFER_CALLING, 0);
}

/** The target answered: the final NOTIFY says 200; the referring call ends once it is answered. */
export function onTransferAnswered(c: i32, now: u32): void {
  if (c != target) return;
  connected = true;
  endAt = now + S.maxCallMs();
  byeAfterNotify = referResult(200, now);
  if (!byeAfterNotify) hangUp(referring, now); // no subscription left to report to: end it now
  appEvent(EV_TRANSFER, TRANSFER_CONNECTED, 200);
}

/** The answer to a NOTIFY in call c: after the final one of a successful transfer, BYE (RFC 5589 §6). */
export function onNotifyDone(c: i32, now: u32): void {
  if (!byeAfterNotify || c != referring) return;
  byeAfterNotify = false;
  hangUp(c, now);
}

/** Call c ended or failed with `code`. */
export function onTransferCallGone(c: i32, code: i32, now: u32): void {
  if (c == referring) {
    referring = -1;
    byeAfterNotify = false;
  }
  if (c != target) return;
  target = -1;
  if (connected) {
    connected = false;
    appEvent(EV_TRANSFER, TRANSFER_ENDED, code);
    return;
  }
  referResult(code > 0 ? code : 487, now); // the referring call goes on
  appEvent(EV_TRANSFER, TRANSFER_FAILED, code);
}

/** The visitor ends the transfer call (a call button or the hang-up key). */
export function transferHangup(now: u32): void {
  hangUp(target, now);
}

export function transferTick(now: u32): void {
  if (target < 0) return;
  if (!connected && reached(ringUntil, now)) {
    ringUntil = now + TRANSFER_RING_MS; // once: CANCEL is under way
    hangUp(target, now);
  } else if (connected && callState(target) == ACTIVE && reached(endAt, now)) {
    endAt = now + S.maxCallMs();
    hangUp(target, now); // the maximum call time
  }
}

export function transferNextDeadline(now: u32): i32 {
  if (target < 0) return -1;
  return <i32>until(connected ? endAt : ringUntil, now);
}

/** Forgets any transfer (a new configuration, tests). */
export function transferReset(): void {
  referring = -1;
  target = -1;
  connected = false;
  byeAfterNotify = false;
}
