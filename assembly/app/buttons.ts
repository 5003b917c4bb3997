// Call buttons and the hang-up key, debounced: a press counts once the
// contact has stayed closed for DEBOUNCE_MS; bouncing contacts and a held
// button make one press, and the button must be released (for DEBOUNCE_MS
// as well) before it can press again. Pure: edges and time in, presses out.

import { reached, until } from "../runtime/time";
import { app } from "./state";

export const MAX_BUTTONS = 9; // 8 call buttons and the hang-up key (index 8)
export const HANGUP_KEY = 8;
export const DEBOUNCE_MS: u32 = 30;

/** One button's contact, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged class ButtonState {
  /** The contact as the board last reported it: 1 closed, 0 open. */
  raw: u8;
  /** The contact as debounced: 1 held down, 0 released. */
  stable: u8;
  /** 1 while `raw` changed and has not yet been steady for DEBOUNCE_MS. */
  pending: u8;
  /** When `raw` last changed. */
  changedAt: u32;
}

const STATE: usize = memory.data(MAX_BUTTONS * <i32>offsetof<ButtonState>());

// @ts-ignore: decorator
@inline function at(b: i32): ButtonState { return changetype<ButtonState>(STATE + <usize>b * offsetof<ButtonState>()); }

/** A raw edge from the board (down = contact closed). */
export function buttonEdge(b: i32, down: bool, now: u32): void {
  if (<u32>b >= <u32>MAX_BUTTONS) return;
  const s = at(b);
  if ((s.raw != 0) == down) return;
  s.raw = down ? 1 : 0;
  s.pending = 1;
  s.changedAt = now;
}

// The presses found by the last buttonsTick.
const PRESSES: usize = memory.data(MAX_BUTTONS);
export function pressesCount(): i32 { return app().pressCount; }
export function pressedButton(i: i32): i32 { return <u32>i < <u32>app().pressCount ? <i32>load<u8>(PRESSES + <usize>i) : -1; }

/** Settles every button whose contact has been steady for DEBOUNCE_MS; a settled closing is a press. */
export function buttonsTick(now: u32): void {
  app().pressCount = 0;
  for (let b = 0; b < MAX_BUTTONS; b++) {
    const s = at(b);
    if (s.pending == 0 || !reached(s.changedAt + DEBOUNCE_MS, now)) continue;
    s.pending = 0;
    const raw = s.raw;
    if (raw == s.stable) continue;
    s.stable = raw;
    if (raw != 0) store<u8>(PRESSES + <usize>(app().pressCount++), <u8>b);
  }
}

export function buttonsNextDeadline(now: u32): i32 {
  let best: i32 = -1;
  for (let b = 0; b < MAX_BUTTONS; b++) {
    const s = at(b);
    if (s.pending == 0) continue;
    const d = <i32>until(s.changedAt + DEBOUNCE_MS, now);
    if (best < 0 || d < best) best = d;
  }
  return best;
}

export function buttonsReset(): void {
  for (let b = 0; b < MAX_BUTTONS; b++) {
    const s = at(b);
    s.raw = 0;
    s.stable = 0;
    s.pending = 0;
    s.changedAt = 0;
  }
  app().pressCount = 0;
}
