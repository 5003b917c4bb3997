// Driving the station from the serial link (docs/serial-agent.md: Press 0x30,
// Input 0x31, Reboot 0x34): keys, buttons and inputs go through the same entry
// points as the board's own (app/main.ts appKey, appInput), so a press from
// the host is a press. A button is pressed as a finger presses it: down now,
// up RELEASE_MS later (buttons.ts debounces both edges), the release kept
// here and given by the tick (driveTick, driveNextDeadline).

import { appKey, appInput } from "../main";
import { KEY_BUTTON_0, KEY_HANGUP } from "../../board/vocabulary";
import { buttonEdge } from "../buttons";
import { reached, until } from "../../runtime/time";
import { reply, refuse, rebootAfterAnswer, STATUS_OK, STATUS_BAD_REQUEST } from "./reply";

/** How long a button from the link stays down: twice buttons.ts's debounce, as the simulator's press. */
export const RELEASE_MS: u32 = 60;

// @ts-ignore: decorator
@unmanaged class DriveState {
  releaseAt: u32;
  /** The key code to release (KEY_BUTTON_0 + i, KEY_HANGUP); 0: none down. */
  held: u16;
}
const STATE = changetype<DriveState>(memory.data(<i32>offsetof<DriveState>(), 4));

function isKeypad(c: u32): bool { return (c >= 0x30 && c <= 0x39) || c == 0x2a || c == 0x23; }

// The words of Press, as little-endian octets: "button" (then a digit) and "hangup".
const WORD_BUTTON: u64 = 0x6e6f74747562;
const WORD_HANGUP: u64 = 0x7075676e6168;

/** The 6 octets at `p` as a little-endian number. */
function word6(p: usize): u64 { return <u64>load<u32>(p) | (<u64>load<u16>(p, 4) << 32); }

/** The key code of `button0`..`button7` or `hangup`; -1 for anything else. */
function buttonKey(req: usize, len: i32): i32 {
  if (len == 6 && word6(req) == WORD_HANGUP) return KEY_HANGUP;
  if (len != 7 || word6(req) != WORD_BUTTON) return -1;
  const d = <i32>load<u8>(req + 6) - 0x30;
  return d >= 0 && d <= 7 ? KEY_BUTTON_0 + d : -1;
}

/** A button down still waiting for its release is released now (from the link: its own entry point). */
function releaseHeld(now: u32): void {
  if (STATE.held == 0) return;
  const key = <i32>STATE.held;
  STATE.held = 0;
  appKey(key, false, now);
}

/**
 * Inside the tick (app/main.ts appTick, before the buttons settle): the held
 * button goes up once its time has come, as an edge (not appKey: the tick is
 * already an entry point).
 */
export function driveTick(now: u32): void {
  if (STATE.held == 0 || !reached(STATE.releaseAt, now)) return;
  buttonEdge(<i32>STATE.held - KEY_BUTTON_0, false, now);
  STATE.held = 0;
}

/** Milliseconds until driveTick has a release to give, or -1. */
export function driveNextDeadline(now: u32): i32 {
  return STATE.held != 0 ? <i32>until(STATE.releaseAt, now) : -1;
}

/** Press: ASCII keypad keys `0`-`9` `*` `#` (several, in order), or one of `button0`..`button7`, `hangup`: `[count u8]`. */
export function pressCommand(req: usize, len: i32, out: usize, now: u32): i32 {
  const button = buttonKey(req, len);
  if (button >= 0) {
    releaseHeld(now);
    appKey(button, true, now);
    STATE.held = <u16>button;
    STATE.releaseAt = now + RELEASE_MS;
    store<u8>(out, 1);
    return reply(STATUS_OK, 1);
  }
  let keys = len > 0 && len <= 255;
  for (let i = 0; i < len && keys; i++) keys = isKeypad(load<u8>(req + <usize>i));
  if (!keys) return refuse(out, STATUS_BAD_REQUEST, "key: 0-9*# buttonN hangup");
  for (let i = 0; i < len; i++) appKey(<i32>load<u8>(req + <usize>i), true, now);
  store<u8>(out, <u8>len);
  return reply(STATUS_OK, 1);
}

/** Input `[input u8][level u8]`: input 0 the door sensor, level 1 open; answers the same two octets. */
export function inputCommand(req: usize, len: i32, out: usize, now: u32): i32 {
  // One text for the three ways to get it wrong: each literal costs static memory (2 octets a character).
  if (len != 2 || load<u8>(req) != 0 || load<u8>(req, 1) > 1) return refuse(out, STATUS_BAD_REQUEST, "input: 0, level 0 or 1");
  const input = load<u8>(req), level = load<u8>(req, 1);
  appInput(input, level, now);
  store<u8>(out, input);
  store<u8>(out, level, 1);
  return reply(STATUS_OK, 2);
}

/** Reboot `[]`: answers `[]`, then the board reboots (agent.ts, once the answer is written). */
export function rebootCommand(req: usize, len: i32, out: usize, now: u32): i32 {
  rebootAfterAnswer();
  return reply(STATUS_OK, 0);
}
