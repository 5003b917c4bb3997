// The visitor's call: one press of a call button calls its targets, one at
// a time with a ring timeout each (sequential) or all at once, cancelling
// the others when one answers (parallel). Pressing again, or the hang-up
// key, cancels a ringing call or ends a connected one; the maximum call time
// ends it too. Pure: presses, UA events and time in, UA actions out.

import { reached, until } from "../runtime/time";
import { callUri, hangUpOutgoing } from "../sip/ua/uac";
import { callState, FREE } from "../sip/ua/calls";
import * as S from "./settings";
import { appEvent, EV_CALL, CALL_DIALING, CALL_RINGING, CALL_CONNECTED, CALL_ENDED, CALL_FAILED } from "./events";

const MAX_LEGS = 4;
const LEGS: usize = memory.data(MAX_LEGS * 4); // UA call per target (-1 none)

let active = false;
let button: i32 = -1;
let parallel = false;
let next: i32 = 0; // next target to call (sequential)
let connected: i32 = -1; // the UA call that answered
let ringing = false;
let ringArmed = false;
let ringDeadline: u32 = 0;
let endArmed = false;
let endDeadline: u32 = 0;
let hangupDeadline: u32 = 0;
let hangupPending = false;
let stopping = false; // the visitor hung up: no further target is called

function leg(i: i32): i32 { return load<i32>(LEGS + <usize>i * 4); }
function setLeg(i: i32, c: i32): void { store<i32>(LEGS + <usize>i * 4, c); }

export function dialingActive(): bool { return active; }
/** The UA call connected to the visitor, or -1. */
export function connectedCall(): i32 { return connected; }
/** Whether UA call c is one of this session's legs (a call to a configured target). */
export function isOurLeg(c: i32): bool {
  if (!active || c < 0) return false;
  for (let i = 0; i < MAX_LEGS; i++) if (leg(i) == c) return true;
  return false;
}

/** Calls target j: at its own address when it names one (sip:flat@192.0.2.31, no PBX), else through the registrar. */
function callTarget(j: i32, now: u32): bool {
  const c = callUri(S.buttonTarget(button, j), S.buttonTargetLength(button, j), now);
  setLeg(j, c);
  return c >= 0;
}

function finish(state: i32, code: i32): void {
  active = false;
  ringArmed = false;
  endArmed = false;
  connected = -1;
  hangupPending = false;
  appEvent(EV_CALL, state, code);
}

/** Calls the next target of a sequential button; false when none is left. */
function callNext(now: u32): bool {
  const n = S.buttonTargetCount(button);
  while (next < n) {
    const j = next++;
    if (callTarget(j, now)) {
      ringArmed = true;
      ringDeadline = now + S.buttonRingTimeoutMs(button);
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
  if (active) {
    dialHangup(now);
    return;
  }
  if (b < 0 || b >= S.buttonCount() || S.buttonTargetCount(b) == 0) return;
  active = true;
  button = b;
  parallel = S.buttonParallel(b);
  next = 0;
  connected = -1;
  ringing = false;
  hangupPending = false;
  stopping = false;
  for (let i = 0; i < MAX_LEGS; i++) setLeg(i, -1);
  appEvent(EV_CALL, CALL_DIALING, 0);
  if (parallel) {
    let any = false;
    for (let j = 0; j < S.buttonTargetCount(b) && j < MAX_LEGS; j++) any = callTarget(j, now) || any;
    next = MAX_LEGS;
    ringArmed = true;
    ringDeadline = now + S.buttonRingTimeoutMs(b);
    if (!any) finish(CALL_FAILED, 503);
  } else if (!callNext(now)) {
    finish(CALL_FAILED, 503);
  }
}

/** The hang-up key (or a second press): CANCEL what rings, BYE what is connected. */
export function dialHangup(now: u32): void {
  if (!active) return;
  stopping = true;
  hangUpAll(now);
}

/** Ends the connected call `delayMs` from now (hang up after the door opened); 0 ends it at once. */
export function dialHangupLater(delayMs: u32, now: u32): void {
  if (!active || connected < 0) return;
  hangupPending = true;
  hangupDeadline = now + delayMs;
}

export function onLegProgress(c: i32): void {
  if (!isOurLeg(c) || ringing) return;
  ringing = true;
  appEvent(EV_CALL, CALL_RINGING, 0);
}

export function onLegAnswered(c: i32, now: u32): void {
  if (!isOurLeg(c)) return;
  if (connected >= 0 && connected != c) {
    hangUpOutgoing(c, now); // a second answer in a parallel group: not wanted
    return;
  }
  connected = c;
  ringArmed = false;
  endArmed = true;
  endDeadline = now + S.maxCallMs();
  // Parallel: the first answer wins; CANCEL the others.
  for (let i = 0; i < MAX_LEGS; i++) {
    const o = leg(i);
    if (o >= 0 && o != c && callState(o) != FREE) hangUpOutgoing(o, now);
  }
  appEvent(EV_CALL, CALL_CONNECTED, 200);
}

/** A leg ended (code 0 for BYE) or failed (its final status). */
export function onLegGone(c: i32, code: i32, now: u32): void {
  if (!isOurLeg(c)) return;
  for (let i = 0; i < MAX_LEGS; i++) if (leg(i) == c) setLeg(i, -1);
  if (c == connected) {
    hangUpAll(now);
    finish(CALL_ENDED, code);
    return;
  }
  if (connected >= 0) return; // a cancelled parallel leg
  if (!parallel && !stopping && callNext(now)) return;
  for (let i = 0; i < MAX_LEGS; i++) if (leg(i) >= 0) return; // others still ring
  finish(stopping ? CALL_ENDED : CALL_FAILED, code);
}

export function dialingTick(now: u32): void {
  if (!active) return;
  if (ringArmed && connected < 0 && reached(ringDeadline, now)) {
    // Ring timeout: CANCEL what rings; a sequential button then moves on (onLegGone).
    ringArmed = false;
    hangUpAll(now);
  }
  if (endArmed && connected >= 0 && reached(endDeadline, now)) {
    endArmed = false;
    hangUpOutgoing(connected, now); // the maximum call time
  }
  if (hangupPending && reached(hangupDeadline, now)) {
    hangupPending = false;
    if (connected >= 0) hangUpOutgoing(connected, now);
  }
}

export function dialingNextDeadline(now: u32): i32 {
  if (!active) return -1;
  let best: i32 = -1;
  if (ringArmed && connected < 0) best = <i32>until(ringDeadline, now);
  if (endArmed && connected >= 0) best = <i32>until(endDeadline, now);
  if (hangupPending) {
    const h = <i32>until(hangupDeadline, now);
    if (best < 0 || h < best) best = h;
  }
  return best;
}
