// The door relays (up to 4): a pulse energises a relay now and de-energises it
// `pulse` ms later; a pulse while energised extends it (never shortens it).
// Nothing here drives a pin: each switch is recorded in the change list, which
// the application reads right after the call (relayChange*) and applies to the
// board, then clears. relayIsOn is the state itself.
import { reached, until } from "../../runtime/time";
import { door } from "./state";

export const RELAYS = 4;
export const DEFAULT_PULSE_MS: u32 = 3000;
const MAX_PULSE_MS: u32 = 0x7fffffff;

/** One relay, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged class RelayRecord {
  /** 1 energised, 0 off. */
  on: u32;
  /** When the pulse ends. */
  offAt: u32;
  /** The pulse length in ms; 0: DEFAULT_PULSE_MS. */
  pulseMs: u32;
}
const TABLE: usize = memory.data(RELAYS * <i32>offsetof<RelayRecord>());

/** One switch of a relay, in the change list. */
// @ts-ignore: decorator
@unmanaged class RelayChange {
  relay: u8;
  /** 1 switched on, 0 off. */
  on: u8;
}
const CHANGES = 16;
const LIST: usize = memory.data(CHANGES * <i32>offsetof<RelayChange>());
// Its length is DoorState.relayChanges (door/state.ts).

// @ts-ignore: decorator
@inline function r(relay: i32): RelayRecord { return changetype<RelayRecord>(TABLE + <usize>relay * offsetof<RelayRecord>()); }
// @ts-ignore: decorator
@inline function changeAt(i: i32): RelayChange { return changetype<RelayChange>(LIST + <usize>i * offsetof<RelayChange>()); }

function change(relay: i32, on: bool): void {
  const d = door();
  if (<i32>d.relayChanges >= CHANGES) return; // the application reads the list after every call
  const c = changeAt(d.relayChanges);
  c.relay = <u8>relay;
  c.on = on ? 1 : 0;
  d.relayChanges++;
}

/** Every relay off (recorded as no change), pulses back to the default, the change list empty. */
export function relayReset(): void {
  memory.fill(TABLE, 0, RELAYS * offsetof<RelayRecord>());
  door().relayChanges = 0;
}

function pulseOf(p: RelayRecord): u32 {
  const ms = p.pulseMs;
  return ms != 0 ? ms : DEFAULT_PULSE_MS;
}

/** The pulse length of `relay` (1 ms to 24 days); false when the relay or the length is out of range. */
export function relaySetPulse(relay: i32, ms: u32): bool {
  if (<u32>relay >= <u32>RELAYS || ms == 0 || ms > MAX_PULSE_MS) return false;
  r(relay).pulseMs = ms;
  return true;
}

/** Energises `relay` now until now + its pulse (extending a pulse in progress); false for no such relay. */
export function relayPulse(relay: i32, now: u32): bool {
  if (<u32>relay >= <u32>RELAYS) return false;
  const p = r(relay);
  const offAt = now + pulseOf(p);
  if (p.on == 0) {
    p.on = 1;
    p.offAt = offAt;
    change(relay, true);
  } else if (<i32>(offAt - p.offAt) > 0) {
    p.offAt = offAt;
  }
  return true;
}

export function relayIsOn(relay: i32): bool {
  return <u32>relay < <u32>RELAYS && r(relay).on != 0;
}

/** De-energises every relay whose pulse has ended. */
export function relayTick(now: u32): void {
  for (let i = 0; i < RELAYS; i++) {
    const p = r(i);
    if (p.on != 0 && reached(p.offAt, now)) {
      p.on = 0;
      change(i, false);
    }
  }
}

/** Milliseconds until relayTick has a relay to switch off (0 when due), -1 when all are off. */
export function relayNextDeadline(now: u32): i32 {
  let best = -1;
  for (let i = 0; i < RELAYS; i++) {
    const p = r(i);
    if (p.on == 0) continue;
    const ms = <i32>until(p.offAt, now);
    if (best < 0 || ms < best) best = ms;
  }
  return best;
}

export function relayChangeCount(): i32 { return door().relayChanges; }
/** The relay of change i, -1 out of range. */
export function relayChangeRelay(i: i32): i32 {
  return <u32>i < <u32>door().relayChanges ? <i32>changeAt(i).relay : -1;
}
/** Whether change i switched its relay on (false out of range). */
export function relayChangeOn(i: i32): bool {
  return <u32>i < <u32>door().relayChanges && changeAt(i).on != 0;
}
export function relayChangesClear(): void { door().relayChanges = 0; }
