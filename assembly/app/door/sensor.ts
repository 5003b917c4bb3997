// The door sensor (a contact: open or closed). The application reports every
// reading with sensorSet; this records the events: opened, closed, and
// held-open once per opening when the door stays open longer than the
// configured time (sensorTick at sensorNextDeadline). The door starts closed.
import { reached, until } from "../../runtime/time";
import { door, doorSettings, DEFAULT_HELD_OPEN_MS } from "./state";

export const SENSOR_OPENED = 1;
export const SENSOR_CLOSED = 2;
export const SENSOR_HELD_OPEN = 3;
export { DEFAULT_HELD_OPEN_MS };
const MAX_HELD_OPEN_MS: u32 = 0x7fffffff;

const CAPACITY = 8;
const EVENTS: usize = memory.data(CAPACITY);
// The door's fields of DoorState and DoorSettings (door/state.ts).

function event(kind: i32): void {
  const d = door();
  if (<i32>d.sensorEvents >= CAPACITY) return; // the application reads the events after every call
  store<u8>(EVENTS + <usize>d.sensorEvents, <u8>kind);
  d.sensorEvents++;
}

/** Door closed, no events, the default held-open time (30 s). */
export function sensorReset(): void {
  const d = door();
  d.sensorEvents = 0;
  d.open = false;
  d.openedAt = 0;
  doorSettings().heldMs = DEFAULT_HELD_OPEN_MS;
  d.heldReported = false;
}

/** How long the door may stay open before SENSOR_HELD_OPEN; 0 disables the alarm. */
export function sensorSetHeldOpen(ms: u32): void {
  doorSettings().heldMs = ms > MAX_HELD_OPEN_MS ? MAX_HELD_OPEN_MS : ms;
}

/** Reports SENSOR_HELD_OPEN once when the door has been open for the held-open time. */
export function sensorTick(now: u32): void {
  const d = door(), heldMs = doorSettings().heldMs;
  if (d.open && !d.heldReported && heldMs != 0 && reached(d.openedAt + heldMs, now)) {
    d.heldReported = true;
    event(SENSOR_HELD_OPEN);
  }
}

/** A reading of the contact at `now`: SENSOR_OPENED or SENSOR_CLOSED when it changed. */
export function sensorSet(open: bool, now: u32): void {
  sensorTick(now);
  const d = door();
  if (open == d.open) return;
  d.open = open;
  if (open) {
    d.openedAt = now;
    d.heldReported = false;
    event(SENSOR_OPENED);
  } else {
    event(SENSOR_CLOSED);
  }
}

export function sensorIsOpen(): bool { return door().open; }

/** Milliseconds until the held-open alarm (0 when due), -1 when none is pending. */
export function sensorNextDeadline(now: u32): i32 {
  const d = door(), heldMs = doorSettings().heldMs;
  if (!d.open || d.heldReported || heldMs == 0) return -1;
  return <i32>until(d.openedAt + heldMs, now);
}

export function sensorEventCount(): i32 { return door().sensorEvents; }
/** The kind of event i (SENSOR_*), 0 out of range. */
export function sensorEvent(i: i32): i32 {
  return <u32>i < <u32>door().sensorEvents ? <i32>load<u8>(EVENTS + <usize>i) : 0;
}
export function sensorEventsClear(): void { door().sensorEvents = 0; }
