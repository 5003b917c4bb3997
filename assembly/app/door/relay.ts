// The door relays (up to 4): a pulse energises a relay now and de-energises it
// `pulse` ms later; a pulse while energised extends it (never shortens it).
// Nothing here drives a pin: each switch is recorded in the change list, which
// the application reads right after the call (relayChange*) and applies to the
// board, then clears. relayIsOn is the state itself.
import { reached, until } from "../../runtime/time";

export const RELAYS = 4;
export const DEFAULT_PULSE_MS: u32 = 3000;
const MAX_PULSE_MS: u32 = 0x7fffffff;

// Per relay, 12 bytes: [0] on (u32), [4] off-at (u32), [8] pulse ms (u32, 0: the default).
const RELAY: usize = 12;
const TABLE: usize = memory.data(RELAYS * <i32>RELAY);
// The change list: CHANGES entries of 2 bytes: relay, on.
const CHANGES = 16;
const LIST: usize = memory.data(CHANGES * 2);
let changes: i32 = 0;

function r(relay: i32): usize { return TABLE + <usize>relay * RELAY; }

function change(relay: i32, on: bool): void {
  if (changes >= CHANGES) return; // the application reads the list after every call
  store<u8>(LIST + <usize>changes * 2, <u8>relay);
  store<u8>(LIST + <usize>changes * 2 + 1, on ? 1 : 0);
  changes++;
}

/** Every relay off (recorded as no change), pulses back to the default, the change list empty. */
export function relayReset(): void {
  for (let i = 0; i < RELAYS; i++) {
    store<u32>(r(i), 0);
    store<u32>(r(i) + 4, 0);
    store<u32>(r(i) + 8, 0);
  }
  changes = 0;
}

function pulseOf(p: usize): u32 {
  const ms = load<u32>(p + 8);
  return ms != 0 ? ms : DEFAULT_PULSE_MS;
}

/** The pulse length of `relay` (1 ms to 24 days); false when the relay or the length is out of range. */
export function relaySetPulse(relay: i32, ms: u32): bool {
  if (<u32>relay >= <u32>RELAYS || ms == 0 || ms > MAX_PULSE_MS) return false;
  store<u32>(r(relay) + 8, ms);
  return true;
}

/** Energises `relay` now until now + its pulse (extending a pulse in progress); false for no such relay. */
export function relayPulse(relay: i32, now: u32): bool {
  if (<u32>relay >= <u32>RELAYS) return false;
  const p = r(relay);
  const offAt = now + pulseOf(p);
  if (load<u32>(p) == 0) {
    store<u32>(p, 1);
    store<u32>(p + 4, offAt);
    change(relay, true);
  } else if (<i32>(offAt - load<u32>(p + 4)) > 0) {
    store<u32>(p + 4, offAt);
  }
  return true;
}

export function relayIsOn(relay: i32): bool {
  return <u32>relay < <u32>RELAYS && load<u32>(r(relay)) != 0;
}

/** De-energises every relay whose pulse has ended. */
export function relayTick(now: u32): void {
  for (let i = 0; i < RELAYS; i++) {
    const p = r(i);
    if (load<u32>(p) != 0 && reached(load<u32>(p + 4), now)) {
      store<u32>(p, 0);
      change(i, false);
    }
  }
}

/** Milliseconds until relayTick has a relay to switch off (0 when due), -1 when all are off. */
export function relayNextDeadline(now: u32): i32 {
  let best = -1;
  for (let i = 0; i < RELAYS; i++) {
    const p = r(i);
    if (load<u32>(p) == 0) continue;
    const ms = <i32>until(load<u32>(p + 4), now);
    if (best < 0 || ms < best) best = ms;
  }
  return best;
}

export function relayChangeCount(): i32 { return changes; }
/** The relay of change i, -1 out of range. */
export function relayChangeRelay(i: i32): i32 {
  return <u32>i < <u32>changes ? <i32>load<u8>(LIST + <usize>i * 2) : -1;
}
/** Whether change i switched its relay on (false out of range). */
export function relayChangeOn(i: i32): bool {
  return <u32>i < <u32>changes && load<u8>(LIST + <usize>i * 2 + 1) != 0;
}
export function relayChangesClear(): void { changes = 0; }
