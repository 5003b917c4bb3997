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
import * as appSettings from "./settings";
import { appEvent, EV_TRANSFER, TRANSFER_REFUSED, TRANSFER_CALLING, TRANSFER_CONNECTED, TRANSFER_FAILED, TRANSFER_ENDED } from "./events";

/** How long the transfer target may ring before the transfer fails with 408. */
export const TRANSFER_RING_MS: u32 = 30000;

/** The transfer under way; its initial image (no calls, nothing armed) is the state at start (transferReset). */
// @ts-ignore: decorator
@unmanaged export class TransferState {
  /** The call that sent the REFER, -1 none. */
  referring: i8;
  /** Our call to the transfer target, -1 none. */
  target: i8;
  /** The target answered. */
  connected: bool;
  /** The referring call gets its BYE once the final NOTIFY is answered (RFC 5589 §6). */
  byeAfterNotify: bool;
  ringUntil: u32;
  endAt: u32;
}
export const TRANSFER_STATE: usize = memory.data<i8>([-1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 4);
if (offsetof<TransferState>() != 12) ERROR("TransferState: its initial image (TRANSFER_STATE) has 12 octets");
// @ts-ignore: decorator
@inline function tr(): TransferState { return changetype<TransferState>(TRANSFER_STATE); }

/** The transfer call once it is connected (it carries the door code like any trusted call), or -1. */
export function transferConnected(): i32 { const t = tr(); return t.connected ? <i32>t.target : -1; }
export function isTransferCall(c: i32): bool { return c >= 0 && c == <i32>tr().target; }
/** Whether a transfer call exists (ringing or connected). */
export function transferActive(): bool { return tr().target >= 0; }

function hangUp(c: i32, now: u32): void {
  if (c < 0 || callState(c) == FREE) return;
  if (role(c) == ROLE_UAS) hangUpIncoming(c, now);
  else hangUpOutgoing(c, now);
}

/** The UA accepted a REFER in call c to the trusted URI [uri, uri+len): call it. */
export function onRefer(c: i32, uri: usize, len: i32, now: u32): void {
  const ours = c == connectedCall() || c == answeredIncoming();
  const r = tr();
  if (!ours || r.target >= 0 || !hasOutbound) {
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
  r.referring = <i8>c;
  r.target = <i8>t;
  r.connected = false;
  r.byeAfterNotify = false;
  r.ringUntil = now + TRANSFER_RING_MS;
  appEvent(EV_TRANSFER, TRANSFER_CALLING, 0);
}

/** The target answered: the final NOTIFY says 200; the referring call ends once it is answered. */
export function onTransferAnswered(c: i32, now: u32): void {
  const r = tr();
  if (c != <i32>r.target) return;
  r.connected = true;
  r.endAt = now + appSettings.maxCallMs();
  const bye = referResult(200, now);
  r.byeAfterNotify = bye;
  if (!bye) hangUp(r.referring, now); // no subscription left to report to: end it now
  appEvent(EV_TRANSFER, TRANSFER_CONNECTED, 200);
}

/** The answer to a NOTIFY in call c: after the final one of a successful transfer, BYE (RFC 5589 §6). */
export function onNotifyDone(c: i32, now: u32): void {
  const r = tr();
  if (!r.byeAfterNotify || c != <i32>r.referring) return;
  r.byeAfterNotify = false;
  hangUp(c, now);
}

/** Call c ended or failed with `code`. */
export function onTransferCallGone(c: i32, code: i32, now: u32): void {
  const r = tr();
  if (c == <i32>r.referring) {
    r.referring = -1;
    r.byeAfterNotify = false;
  }
  if (c != <i32>r.target) return;
  r.target = -1;
  if (r.connected) {
    r.connected = false;
    appEvent(EV_TRANSFER, TRANSFER_ENDED, code);
    return;
  }
  referResult(code > 0 ? code : 487, now); // the referring call goes on
  appEvent(EV_TRANSFER, TRANSFER_FAILED, code);
}

/** The visitor ends the transfer call (a call button or the hang-up key). */
export function transferHangup(now: u32): void {
  hangUp(tr().target, now);
}

export function transferTick(now: u32): void {
  const r = tr();
  const t = <i32>r.target;
  if (t < 0) return;
  if (!r.connected && reached(r.ringUntil, now)) {
    r.ringUntil = now + TRANSFER_RING_MS; // once: CANCEL is under way
    hangUp(t, now);
  } else if (r.connected && callState(t) == ACTIVE && reached(r.endAt, now)) {
    r.endAt = now + appSettings.maxCallMs();
    hangUp(t, now); // the maximum call time
  }
}

export function transferNextDeadline(now: u32): i32 {
  const r = tr();
  if (r.target < 0) return -1;
  return <i32>until(r.connected ? r.endAt : r.ringUntil, now);
}

/** Forgets any transfer (a new configuration, tests): the state at start. */
export function transferReset(): void {
  memory.fill(TRANSFER_STATE, 0, offsetof<TransferState>());
  tr().referring = -1;
  tr().target = -1;
}
