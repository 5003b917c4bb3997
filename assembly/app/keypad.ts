// The keypad: in a connected call each digit goes to the other side as an
// INFO, in order and one at a time (the next leaves when the previous one
// got its final response); outside calls the digits are an access code for
// the door (door/lockout.ts) with its lockout.

import { sendInfo } from "../sip/ua/uac";
import { writeDtmfRelay, writeDtmf } from "./door/dtmf";
import { accessDigit, accessTick, accessNextDeadline, accessLocked, accessLockedUntil, ACCESS_LOCKED, ACCESS_WRONG, ACCESS_NONE } from "./door/lockout";
import { relayPulse } from "./door/relay";
import { connectedCall as dialedCall } from "./dialing";
import { answeredIncoming } from "./incoming";
import { transferConnected } from "./transfer";

/** The call the keypad talks into: the visitor's call, an answered incoming call, or the transferred call. */
function connectedCall(): i32 {
  const c = dialedCall();
  if (c >= 0) return c;
  const a = answeredIncoming();
  return a >= 0 ? a : transferConnected();
}
import * as appSettings from "./settings";
import { appEvent, EV_DTMF_SENT, EV_CODE_WRONG, EV_LOCKOUT, DTMF_BY_INFO, DTMF_BY_RFC4733 } from "./events";
import * as voiceMedia from "./voice/media";

const QUEUE_CAPACITY = 32;
const QUEUE: usize = memory.data(QUEUE_CAPACITY);

/** The digits waiting to go as INFO and the lockout last reported; all zero is the state at start (keypadReset). */
// @ts-ignore: decorator
@unmanaged export class KeypadState {
  /** The oldest digit in QUEUE, and how many wait. */
  head: u8;
  size: u8;
  /** An INFO is unanswered, in call inFlightCall (read only while inFlight). */
  inFlight: bool;
  inFlightCall: i8;
  /** The lockout as last reported (EV_LOCKOUT). */
  wasLocked: bool;
}
export const KEYPAD_STATE: usize = memory.data(<i32>offsetof<KeypadState>(), 1); // octets only: no alignment needed
// @ts-ignore: decorator
@inline function pad(): KeypadState { return changetype<KeypadState>(KEYPAD_STATE); }

/** Forgets the digits queued and the lockout reported (tests): the state at start. */
export function keypadReset(): void { memory.fill(KEYPAD_STATE, 0, offsetof<KeypadState>()); }
const BODY: usize = memory.data(64);

function sendNext(now: u32): void {
  const k = pad();
  const c = connectedCall();
  if (k.inFlight || k.size == 0 || c < 0) return;
  const d = <u32>load<u8>(QUEUE + <usize>k.head);
  const type = appSettings.dtmfType();
  const n = type == 1 ? writeDtmf(d, BODY, 64) : writeDtmfRelay(d, 160, BODY, 64);
  k.head = <u8>((k.head + 1) % QUEUE_CAPACITY);
  k.size--;
  if (n <= 0) return;
  const kind = type == 1 ? changetype<usize>("application/dtmf") : changetype<usize>("application/dtmf-relay");
  if (sendInfo(c, now, BODY, n, kind)) {
    k.inFlight = true;
    k.inFlightCall = <i8>c;
    appEvent(EV_DTMF_SENT, 1, DTMF_BY_INFO);
  }
}

function decide(result: i32, now: u32): void {
  if (result >= 0) {
    relayPulse(result, now);
  } else if (result == ACCESS_WRONG || (result == ACCESS_LOCKED && !pad().wasLocked)) {
    appEvent(EV_CODE_WRONG, 1, 0); // the entry that locks the keypad is a wrong one too
  }
  lockoutReport(now);
}

/** Reports a change of the lockout (EV_LOCKOUT), whoever caused it: keypad codes, a call's codes, its end, a restart. */
export function lockoutReport(now: u32): void {
  const k = pad();
  const locked = accessLocked(now);
  if (locked != k.wasLocked) {
    k.wasLocked = locked;
    appEvent(EV_LOCKOUT, locked ? 1 : 0, locked ? <i32>((accessLockedUntil() - now) / 1000) : 0);
  }
}

/** A keypad key (ASCII 0-9, *, #) was pressed. */
export function keypadKey(d: u32, now: u32): void {
  const k = pad();
  const c = connectedCall();
  if (c >= 0 && appSettings.dtmfAsEvents() && voiceMedia.mediaCall() == c && voiceMedia.mediaSendsEvents()) {
    // RFC 4733: the digit goes as a telephone-event in the call's RTP (media.telephoneEvents "send and receive").
    if (voiceMedia.mediaKey(<i32>d)) appEvent(EV_DTMF_SENT, 1, DTMF_BY_RFC4733);
    return;
  }
  if (c >= 0) {
    if (<i32>k.size < QUEUE_CAPACITY) {
      store<u8>(QUEUE + <usize>((k.head + k.size) % QUEUE_CAPACITY), <u8>d);
      k.size++;
    }
    sendNext(now);
    return;
  }
  decide(accessDigit(d, now), now);
}

/** The final response to one of our INFOs: the next digit may leave. */
export function onInfoDone(c: i32, now: u32): void {
  const k = pad();
  if (!k.inFlight || c != k.inFlightCall) return;
  k.inFlight = false;
  sendNext(now);
}

/** The call ended: digits not yet sent are dropped. */
export function keypadCallEnded(): void {
  const k = pad();
  k.head = 0;
  k.size = 0;
  k.inFlight = false;
  k.inFlightCall = -1;
}

export function keypadTick(now: u32): void {
  const r = accessTick(now);
  if (r != ACCESS_NONE) decide(r, now);
  else lockoutReport(now);
}

export function keypadNextDeadline(now: u32): i32 {
  return accessNextDeadline(now);
}
