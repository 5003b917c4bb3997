// Calls to the door station: answered (at once, or on the call key after
// ringing) only when the caller is on the allowed list; refused with the
// configured code (486 or 603) otherwise, or when incoming calls are off.

import { answerIncoming, ringIncoming, rejectIncoming } from "../sip/ua/uas";
import { remoteUri } from "../sip/ua/calls";
import { textData, textLength } from "../sip/ua/text";
import { trustFind, innerUri, innerLength, TRUST_CALLER } from "../sip/ua/trust";
import * as S from "./settings";
import { appEvent, EV_INCOMING, EV_CALL, INCOMING_REFUSED, INCOMING_ANSWERED, INCOMING_RINGING, CALL_CONNECTED } from "./events";

export const INCOMING_MODE_REJECT = 0;
export const INCOMING_MODE_AUTO = 1;
export const INCOMING_MODE_RING = 2;

let ringing: i32 = -1;
let answered: i32 = -1;

/** The incoming call now connected, or -1. */
export function answeredIncoming(): i32 { return answered; }
export function ringingIncoming(): i32 { return ringing; }

/** Whether the caller of call c is allowed: its URI equals an allowed entry, or its user part a bare one. */
export function callerAllowed(c: i32): bool {
  const v = remoteUri(c);
  const uri = innerUri(textData(v), textLength(v));
  return trustFind(TRUST_CALLER, uri, innerLength) >= 0;
}

/** A new incoming call c. */
export function onIncoming(c: i32, now: u32): void {
  const mode = S.incomingMode();
  if (mode == INCOMING_MODE_REJECT || !callerAllowed(c) || answered >= 0 || ringing >= 0) {
    const code = S.refuseCode();
    rejectIncoming(c, code, now);
    appEvent(EV_INCOMING, INCOMING_REFUSED, code);
    return;
  }
  if (mode == INCOMING_MODE_AUTO) {
    if (answerIncoming(c, now)) {
      answered = c;
      appEvent(EV_INCOMING, INCOMING_ANSWERED, 200);
      appEvent(EV_CALL, CALL_CONNECTED, 200);
    }
    return;
  }
  if (ringIncoming(c, now, false)) {
    ringing = c;
    appEvent(EV_INCOMING, INCOMING_RINGING, 180);
  }
}

/** The call key while an allowed caller rings: answer. */
export function answerRinging(now: u32): bool {
  if (ringing < 0) return false;
  const c = ringing;
  ringing = -1;
  if (!answerIncoming(c, now)) return false;
  answered = c;
  appEvent(EV_INCOMING, INCOMING_ANSWERED, 200);
  appEvent(EV_CALL, CALL_CONNECTED, 200);
  return true;
}

/** Call c is gone (ended, cancelled): forget it. Returns whether it was ours. */
export function incomingGone(c: i32): bool {
  if (c == ringing) {
    ringing = -1;
    return true;
  }
  if (c == answered) {
    answered = -1;
    return true;
  }
  return false;
}
