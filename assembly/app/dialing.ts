// The visitor's call: one press of a call button calls its targets, one at
// a time with a ring timeout each (sequential) or all at once, cancelling
// the others when one answers (parallel). Pressing again, or the hang-up
// key, cancels a ringing call or ends a connected one; the maximum call time
// ends it too. Pure: presses, UA events and time in, UA actions out.

import { reached, until } from "../runtime/time";
import { callUri, hangUpOutgoing } from "../sip/ua/uac";
import { callState, FREE } from "../sip/ua/calls";
import * as appSettings from "./settings";
import { appEvent, EV_CALL, CALL_DIALING, CALL_RINGING, CALL_CONNECTED, CALL_ENDED, CALL_FAILED } from "./events";

const MAX_LEGS = 4;

/** The visitor's call; its initial image (idle, no legs, no call connected) is the state at start (dialingReset). */
// @ts-ignore: decorator
@unmanaged export class DialingState {
  ringDeadline: u32;
  endDeadline: u32;
  hangupDeadline: u32;
  /** The UA call of each target (-1 none): MAX_LEGS octets from here (through leg3), read by address. */
  leg0: i8;
  leg1: i8;
  leg2: i8;
  leg3: i8;
  /** The call button pressed, -1 none. */
  button: i8;
  /** The next target to call (sequential). */
  next: i8;
  /** The UA call that answered, -1 none. */
  connected: i8;
  active: bool;
  parallel: bool;
  ringing: bool;
  ringArmed: bool;
  endArmed: bool;
  hangupPending: bool;
  /** The visitor hung up: no further target is called. */
  stopping: bool;
}
export const DIALING_STATE: usize = memory.data<i8>([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, 0, -1, 0, 0, 0, 0, 0, 0, 0], 4);
if (offsetof<DialingState>() != 26 || offsetof<DialingState>("button") - offsetof<DialingState>("leg0") != MAX_LEGS) ERROR("DialingState: its initial image (DIALING_STATE) has 26 octets, MAX_LEGS legs");
// @ts-ignore: decorator
@inline function dial(): DialingState { return changetype<DialingState>(DIALING_STATE); }

/** Forgets the visitor's call (tests): the state at start. */
export function dialingReset(): void {
  const d = dial();
  memory.fill(DIALING_STATE, 0, offsetof<DialingState>());
  for (let i = 0; i < MAX_LEGS; i++) setLeg(i, -1);
  d.button = -1;
  d.connected = -1;
}

function leg(i: i32): i32 { return load<i8>(DIALING_STATE + offsetof<DialingState>("leg0") + <usize>i); }
function setLeg(i: i32, c: i32): void { store<i8>(DIALING_STATE + offsetof<DialingState>("leg0") + <usize>i, <i8>c); }

export function dialingActive(): bool { return dial().active; }
/** The UA call connected to the visitor, or -1. */
export function connectedCall(): i32 { return dial().connected; }
/** Whether UA call c is one of this session's legs (a call to a configured target). */
export function isOurLeg(c: i32): bool {
  if (!dial().active || c < 0) return false;
  for (let i = 0; i < MAX_LEGS; i++) if (leg(i) == c) return true;
  return false;
}

/** Calls target j: at its own address when it names one (sip:flat@192.0.2.31, no PBX), else through the registrar. */
function callTarget(j: i32, now: u32): bool {
  const d = dial();
  const c = callUri(appSettings.buttonTarget(d.button, j), appSettings.buttonTargetLength(d.button, j), now);
  setLeg(j, c);
  return c >= 0;
}

function finish(state: i32, code: i32): void {
  const d = dial();
  d.active = false;
  d.ringArmed = false;
  d.endArmed = false;
  d.connected = -1;
  d.hangupPending = false;
  appEvent(EV_CALL, state, code);
}

/** Calls the next target of a sequential button; false when none is left. */
function callNext(now: u32): bool {
  const d = dial();
  const n = appSettings.buttonTargetCount(d.button);
  while (d.next < n) {
    const j = d.next++;
    if (callTarget(j, now)) {
      d.ringArmed = true;
      d.ringDeadline = now + appSettings.buttonRingTimeoutMs(d.button);
      return true;
    }
  }
  return false;
}

function hangUpAll(now: u32): void {
  for (let i = 0; i < MAX_LEGS; i++) {
    const c = leg(i);
    if (c >= 0 && callState(c) != FREE) hangUpOutgoing(c, now);
  }
}

/** A press of call button b: a new call when idle; otherwise it ends the current one. */
export function dialPress(b: i32, now: u32): void {
  const d = dial();
  if (d.active) {
    dialHangup(now);
    return;
  }
  if (b < 0 || b >= appSettings.buttonCount() || appSettings.buttonTargetCount(b) == 0) return;
  d.active = true;
  d.button = <i8>b;
  d.parallel = appSettings.buttonParallel(b);
  d.next = 0;
  d.connected = -1;
  d.ringing = false;
  d.hangupPending = false;
  d.stopping = false;
  for (let i = 0; i < MAX_LEGS; i++) setLeg(i, -1);
  appEvent(EV_CALL, CALL_DIALING, 0);
  if (d.parallel) {
    let any = false;
    for (let j = 0; j < appSettings.buttonTargetCount(b) && j < MAX_LEGS; j++) any = callTarget(j, now) || any;
    d.next = <i8>MAX_LEGS;
    d.ringArmed = true;
    d.ringDeadline = now + appSettings.buttonRingTimeoutMs(b);
    if (!any) finish(CALL_FAILED, 503);
  } else if (!callNext(now)) {
    finish(CALL_FAILED, 503);
  }
}

/** The hang-up key (or a second press): CANCEL what rings, BYE what is connected. */
export function dialHangup(now: u32): void {
  const d = dial();
  if (!d.active) return;
  d.stopping = true;
  hangUpAll(now);
}

/** Ends the connected call `delayMs` from now (hang up after the door opened); 0 ends it at once. */
export function dialHangupLater(delayMs: u32, now: u32): void {
  const d = dial();
  if (!d.active || d.connected < 0) return;
  d.hangupPending = true;
  d.hangupDeadline = now + delayMs;
}

export function onLegProgress(c: i32): void {
  const d = dial();
  if (!isOurLeg(c) || d.ringing) return;
  d.ringing = true;
  appEvent(EV_CALL, CALL_RINGING, 0);
}

export function onLegAnswered(c: i32, now: u32): void {
  const d = dial();
  if (!isOurLeg(c)) return;
  if (d.connected >= 0 && d.connected != c) {
    hangUpOutgoing(c, now); // a second answer in a parallel group: not wanted
    return;
  }
  d.connected = <i8>c;
  d.ringArmed = false;
  d.endArmed = true;
  d.endDeadline = now + appSettings.maxCallMs();
  // Parallel: the first answer wins; CANCEL the others.
  for (let i = 0; i < MAX_LEGS; i++) {
    const o = leg(i);
    if (o >= 0 && o != c && callState(o) != FREE) hangUpOutgoing(o, now);
  }
  appEvent(EV_CALL, CALL_CONNECTED, 200);
}

/** A leg ended (code 0 for BYE) or failed (its final status). */
export function onLegGone(c: i32, code: i32, now: u32): void {
  const d = dial();
  if (!isOurLeg(c)) return;
  for (let i = 0; i < MAX_LEGS; i++) if (leg(i) == c) setLeg(i, -1);
  if (c == d.connected) {
    hangUpAll(now);
    finish(CALL_ENDED, code);
    return;
  }
  if (d.connected >= 0) return; // a cancelled parallel leg
  if (!d.parallel && !d.stopping && callNext(now)) return;
  for (let i = 0; i < MAX_LEGS; i++) if (leg(i) >= 0) return; // others still ring
  finish(d.stopping ? CALL_ENDED : CALL_FAILED, code);
}

export function dialingTick(now: u32): void {
  const d = dial();
  if (!d.active) return;
  if (d.ringArmed && d.connected < 0 && reached(d.ringDeadline, now)) {
    // Ring timeout: CANCEL what rings; a sequential button then moves on (onLegGone).
    d.ringArmed = false;
    hangUpAll(now);
  }
  if (d.endArmed && d.connected >= 0 && reached(d.endDeadline, now)) {
    d.endArmed = false;
    hangUpOutgoing(d.connected, now); // the maximum call time
  }
  if (d.hangupPending && reached(d.hangupDeadline, now)) {
    d.hangupPending = false;
    if (d.connected >= 0) hangUpOutgoing(d.connected, now);
  }
}

export function dialingNextDeadline(now: u32): i32 {
  const d = dial();
  if (!d.active) return -1;
  let best: i32 = -1;
  if (d.ringArmed && d.connected < 0) best = <i32>until(d.ringDeadline, now);
  if (d.endArmed && d.connected >= 0) best = <i32>until(d.endDeadline, now);
  if (d.hangupPending) {
    const h = <i32>until(d.hangupDeadline, now);
    if (best < 0 || h < best) best = h;
  }
  return best;
}
