// Calls to the door station. The UA lets a call ring here only from the PBX
// or from a caller that authenticated (sip/ua/admit.ts), and names the
// allowed caller it is (its trust entry). It is answered (at once, or with
// the configured answer key while it rings) only when the caller is on the
// allowed list; refused with the configured code (486 or 603) otherwise, or
// when incoming calls are off. A call left ringing is given up after the
// configured time with 480 Temporarily Unavailable (RFC 3261 §21.4.18: no
// one answered). Pure: time is an argument.

import { answerIncoming, ringIncoming, rejectIncoming } from "../sip/ua/uas";
import { reached, until } from "../runtime/time";
import * as appSettings from "./settings";
import { appEvent, EV_INCOMING, EV_CALL, INCOMING_REFUSED, INCOMING_ANSWERED, INCOMING_RINGING, INCOMING_UNANSWERED, CALL_CONNECTED } from "./events";

export const INCOMING_MODE_REJECT = 0;
export const INCOMING_MODE_AUTO = 1;
export const INCOMING_MODE_RING = 2;

/** The calls to the station; its initial image (none ringing, none answered) is the state at start (incomingReset). */
// @ts-ignore: decorator
@unmanaged export class IncomingState {
  /** The call ringing for the answer key, -1 none. */
  ringing: i8;
  /** The incoming call now connected, -1 none. */
  answered: i8;
  /** When the ringing call is given up (480). */
  ringUntil: u32;
}
export const INCOMING_STATE: usize = memory.data<i8>([-1, -1, 0, 0, 0, 0, 0, 0], 4);
if (offsetof<IncomingState>() != 8) ERROR("IncomingState: its initial image (INCOMING_STATE) has 8 octets");
// @ts-ignore: decorator
@inline function inc(): IncomingState { return changetype<IncomingState>(INCOMING_STATE); }

/** Forgets every incoming call (tests): the state at start. */
export function incomingReset(): void {
  memory.fill(INCOMING_STATE, 0, offsetof<IncomingState>());
  inc().ringing = -1;
  inc().answered = -1;
}

/** The incoming call now connected, or -1. */
export function answeredIncoming(): i32 { return inc().answered; }
export function ringingIncoming(): i32 { return inc().ringing; }

/**
 * A new incoming call c from allowed caller `entry` (its trust entry; -1: not on the list); `offer` 0
 * when its offer was answered (voice/session.ts), else the status refusing it (488).
 */
export function onIncoming(c: i32, entry: i32, offer: i32, now: u32): void {
  const mode = appSettings.incomingMode();
  const s = inc();
  const refused = mode == INCOMING_MODE_REJECT || entry < 0 || s.answered >= 0 || s.ringing >= 0;
  if (refused || offer != 0) {
    const code = refused ? appSettings.refuseCode() : offer; // the policy first: a stranger learns nothing of our codecs
    rejectIncoming(c, code, now);
    appEvent(EV_INCOMING, INCOMING_REFUSED, code);
    return;
  }
  if (mode == INCOMING_MODE_AUTO) {
    if (answerIncoming(c, now)) {
      s.answered = <i8>c;
      appEvent(EV_INCOMING, INCOMING_ANSWERED, 200);
      appEvent(EV_CALL, CALL_CONNECTED, 200);
    }
    return;
  }
  if (ringIncoming(c, now, false)) {
    s.ringing = <i8>c;
    s.ringUntil = now + appSettings.ringMs();
    appEvent(EV_INCOMING, INCOMING_RINGING, 180);
  }
}

/** The answer key while an allowed caller rings: answer. */
export function answerRinging(now: u32): bool {
  const s = inc();
  const c = <i32>s.ringing;
  if (c < 0) return false;
  s.ringing = -1;
  if (!answerIncoming(c, now)) return false;
  s.answered = <i8>c;
  appEvent(EV_INCOMING, INCOMING_ANSWERED, 200);
  appEvent(EV_CALL, CALL_CONNECTED, 200);
  return true;
}

/** A call rung for the configured time is given up: 480 (nobody answered). */
export function incomingTick(now: u32): void {
  const s = inc();
  const c = <i32>s.ringing;
  if (c < 0 || !reached(s.ringUntil, now)) return;
  s.ringing = -1;
  rejectIncoming(c, 480, now);
  appEvent(EV_INCOMING, INCOMING_UNANSWERED, 480);
}

export function incomingNextDeadline(now: u32): i32 {
  const s = inc();
  return s.ringing < 0 ? -1 : <i32>until(s.ringUntil, now);
}

/** Call c is gone (ended, cancelled): forget it. Returns whether it was ours. */
export function incomingGone(c: i32): bool {
  const s = inc();
  if (c == <i32>s.ringing) {
    s.ringing = -1;
    return true;
  }
  if (c == <i32>s.answered) {
    s.answered = -1;
    return true;
  }
  return false;
}
