// Opening the door from a call: DTMF received in the dialog (INFO with
// application/dtmf-relay or application/dtmf, one digit per INFO or several)
// is matched against the door codes; a match pulses that relay, and
// optionally ends the call a set time later. Digits count only in a call
// with a configured target (our own leg, or a transfer to one) or an allowed caller; they never
// open anything otherwise, and they are never reported or logged.
// Wrong codes count against the lockout shared with the keypad (door/guard.ts):
// while it is locked, digits heard in a call are ignored (they never open);
// and after lockout.callTries wrong codes in one call the station hangs up
// that call.

import { decodeDtmf, dtmfDigit } from "./door/dtmf";
import { codeDigit, codeTick, codeEntryReset, codeNextDeadline, CODE_WRONG, CODE_NONE } from "./door/codes";
import { relayPulse } from "./door/relay";
import { guardLocked, guardWrong, guardRight } from "./door/guard";
import { isOurLeg, connectedCall, dialHangup, dialHangupLater } from "./dialing";
import { answeredIncoming } from "./incoming";
import { transferConnected, transferHangup } from "./transfer";
import { hangUpIncoming } from "../sip/ua/uas";
import * as appSettings from "./settings";
import { appEvent, EV_DTMF_RECEIVED, EV_CODE_WRONG } from "./events";

/** The codes heard in the call and its delayed hang-up; its initial image (no call) is the state at start (doorCallReset). */
// @ts-ignore: decorator
@unmanaged export class DoorCallState {
  /** When hangupCall is ended (a code opened the door). */
  hangupAt: u32;
  /** The answered or transferred call to end at hangupAt, -1 none. */
  hangupCall: i8;
  /** The call whose digits are being entered, -1 none. */
  entryCall: i8;
  /** The call the wrong codes below were heard in, -1 none. */
  wrongCall: i8;
  /** Wrong codes in wrongCall (at most lockout.callTries, 20). */
  wrongInCall: u8;
}
export const DOOR_CALL_STATE: usize = memory.data<i8>([0, 0, 0, 0, -1, -1, -1, 0], 4);
if (offsetof<DoorCallState>() != 8) ERROR("DoorCallState: its initial image (DOOR_CALL_STATE) has 8 octets");
// @ts-ignore: decorator
@inline function call(): DoorCallState { return changetype<DoorCallState>(DOOR_CALL_STATE); }

/** Forgets the call's codes and its delayed hang-up (tests): the state at start. */
export function doorCallReset(): void {
  const st = call();
  memory.fill(DOOR_CALL_STATE, 0, offsetof<DoorCallState>());
  st.hangupCall = -1;
  st.entryCall = -1;
  st.wrongCall = -1;
}


function trusted(c: i32): bool {
  return (isOurLeg(c) && c == connectedCall()) || (c >= 0 && (c == answeredIncoming() || c == transferConnected()));
}

/** Ends call c now, whichever kind it is (our leg, an answered caller, a transfer). */
export function endCall(c: i32, now: u32): void {
  if (c < 0) return;
  if (isOurLeg(c) && c == connectedCall()) dialHangup(now);
  else if (c == answeredIncoming()) hangUpIncoming(c, now);
  else if (c == transferConnected()) transferHangup(now);
}

/** A wrong code in call c: counted for the lockout and for the call, which ends after callTries of them. */
function wrongCode(c: i32, now: u32): void {
  const st = call();
  appEvent(EV_CODE_WRONG, 0, 0);
  guardWrong(now);
  if (c != st.wrongCall) {
    st.wrongCall = <i8>c;
    st.wrongInCall = 0;
  }
  st.wrongInCall++;
  if (<i32>st.wrongInCall >= appSettings.lockoutCallTries()) endCall(c, now);
}

function decided(c: i32, r: i32, now: u32): void {
  const st = call();
  if (r >= 0) {
    guardRight();
    relayPulse(r, now);
    const after = appSettings.hangupAfterOpenMs(r);
    if (after > 0) {
      if (connectedCall() >= 0) dialHangupLater(after, now);
      else if (answeredIncoming() >= 0 || transferConnected() >= 0) {
        st.hangupCall = <i8>(answeredIncoming() >= 0 ? answeredIncoming() : transferConnected());
        st.hangupAt = now + after;
      }
    }
  } else if (r == CODE_WRONG) {
    wrongCode(c, now);
  }
}

/** While codes are locked out, digits are ignored and a half-entered code is wiped. */
function lockedOut(now: u32): bool {
  if (!guardLocked(now)) return false;
  codeEntryReset();
  return true;
}

/** Whether call c is being ended for its wrong codes: its digits no longer count. */
function hungUp(c: i32): bool {
  const st = call();
  return c == st.wrongCall && <i32>st.wrongInCall >= appSettings.lockoutCallTries();
}

/** An INFO in call c: `kind` 1 dtmf-relay, 2 dtmf (the UA's event code). */
export function onCallInfo(c: i32, kind: i32, body: usize, len: i32, now: u32): void {
  if (kind == 0 || !trusted(c)) return;
  const n = decodeDtmf(kind == 2 ? 1 : 0, body, len);
  if (n <= 0) return;
  appEvent(EV_DTMF_RECEIVED, n, 0);
  for (let i = 0; i < n; i++) digitInCall(c, dtmfDigit(i), now);
}

/** A DTMF key heard in call c as an RFC 4733 telephone-event (ASCII): the same door-code logic as INFO. */
export function onCallDigit(c: i32, key: i32, now: u32): void {
  if (!trusted(c)) return;
  appEvent(EV_DTMF_RECEIVED, 1, 0);
  digitInCall(c, <u32>key, now);
}

function digitInCall(c: i32, key: u32, now: u32): void {
  if (lockedOut(now) || hungUp(c)) return;
  call().entryCall = <i8>c;
  const r = codeDigit(key, now);
  if (r != CODE_NONE) decided(c, r, now);
}

export function doorCallTick(now: u32): void {
  const st = call();
  const r = lockedOut(now) ? CODE_NONE : codeTick(now);
  if (r != CODE_NONE) decided(st.entryCall, r, now);
  if (st.hangupCall >= 0 && <i32>(now - st.hangupAt) >= 0) {
    const c = st.hangupCall;
    st.hangupCall = -1;
    if (c == answeredIncoming()) hangUpIncoming(c, now);
    else if (c == transferConnected()) transferHangup(now);
  }
}

export function doorCallNextDeadline(now: u32): i32 {
  const st = call();
  let best = codeNextDeadline(now);
  if (st.hangupCall >= 0) {
    const d = <i32>(st.hangupAt - now) > 0 ? <i32>(st.hangupAt - now) : 0;
    if (best < 0 || d < best) best = d;
  }
  return best;
}

/** The call ended: a half-entered code and its count of wrong codes are forgotten (the lockout keeps its own). */
export function doorCallEnded(): void {
  const st = call();
  codeEntryReset();
  st.hangupCall = -1;
  st.entryCall = -1;
  st.wrongCall = -1;
  st.wrongInCall = 0;
}
