// Call buttons and the hang-up key, debounced: a press counts once the
// contact has stayed closed for DEBOUNCE_MS; bouncing contacts and a held
// button make one press, and the button must be released (for DEBOUNCE_MS
// as well) before it can press again. Pure: edges and time in, presses out.

import { reached, until } from "../runtime/time";

export const MAX_BUTTONS = 9; // 8 call buttons and the hang-up key (index 8)
export const HANGUP_KEY = 8;
export let DEBOUNCE_MS: u32 = 30;
export function setDebounce(ms: u32): void { DEBOUNCE_MS = ms > 0 ? ms : 30; }

const STATE: usize = memory.data(MAX_BUTTONS * 12);
// per button: u8 raw, u8 stable, u8 pending, u8 pad, u32 changedAt

// @ts-ignore: decorator
@inline function at(b: i32): usize { return STATE + <usize>b * 12; }

/** A raw edge from the board (down = contact closed). */
export function buttonEdge(b: i32, down: bool, now: u32): void {
  if (<u32>b >= <u32>MAX_BUTTONS) return;
  const p = at(b);
  if ((load<u8>(p) != 0) == down) return;
  store<u8>(p, down ? 1 : 0);
  store<u8>(p + 2, 1);
  store<u32>(p + 4, now);
}

// The presses found by the last buttonsTick.
const PRESSES: usize = memory.data(MAX_BUTTONS);
let pressCount: i32 = 0;
export function pressesCount(): i32 { return pressCount; }
export function pressedButton(i: i32): i32 { return <u32>i < <u32>pressCount ? <i32>load<u8>(PRESSES + <usize>i) : -1; }

/** Settles every button whose contact has been steady for DEBOUNCE_MS; a settled closing is a press. */
export function buttonsTick(now: u32): void {
  pressCount = 0;
  for (let b = 0; b < MAX_BUTTONS; b++) {
    const p = at(b);
    if (load<u8>(p + 2) == 0 || !reached(load<u32>(p + 4) + DEBOUNCE_MS, now)) continue;
    store<u8>(p + 2, 0);
    const raw = load<u8>(p);
    if (raw == load<u8>(p + 1)) continue;
    store<u8>(p + 1, raw);
    if (raw != 0) store<u8>(PRESSES + <usize>(pressCount++), <u8>b);
  }
}

export function buttonsNextDeadline(now: u32): i32 {
  let best: i32 = -1;
  for (let b = 0; b < MAX_BUTTONS; b++) {
    const p = at(b);
    if (load<u8>(p + 2) == 0) continue;
    const d = <i32>until(load<u32>(p + 4) + DEBOUNCE_MS, now);
    if (best < 0 || d < best) best = d;
  }
  return best;
}

export function buttonsReset(): void {
  for (let i: usize = 0; i < <usize>(MAX_BUTTONS * 12); i++) store<u8>(STATE + i, 0);
  pressCount = 0;
}
