// The door sensor (a contact: open or closed). The application reports every
// reading with sensorSet; this records the events: opened, closed, and
// held-open once per opening when the door stays open longer than the
// configured time (sensorTick at sensorNextDeadline). The door starts closed.
import { reached, until } from "../../runtime/time";

export const SENSOR_OPENED = 1;
export const SENSOR_CLOSED = 2;
export const SENSOR_HELD_OPEN = 3;
export const DEFAULT_HELD_OPEN_MS: u32 = 30000;
const MAX_HELD_OPEN_MS: u32 = 0x7fffffff;

const CAPACITY = 8;
const EVENTS: usize = memory.data(CAPACITY);
let events: i32 = 0;
let isOpen: bool = false;
let openedAt: u32 = 0;
let heldMs: u32 = 30000; // DEFAULT_HELD_OPEN_MS, as a literal: no start-up code needed
let heldReported: bool = false;

function event(kind: i32): void {
  if (events >= CAPACITY) return; // the application reads the events after every call
  store<u8>(EVENTS + <usize>events, <u8>kind);
  events++;
}

/** Door closed, no events, the default held-open time (30 s). */
export function sensorReset(): void {
  events = 0;
  isOpen = false;
  openedAt = 0;
  heldMs = DEFAULT_HELD_OPEN_MS;
  heldReported = false;
}

/** How long the door may stay open before SENSOR_HELD_OPEN; 0 disables the alarm. */
export function sensorSetHeldOpen(ms: u32): void {
  heldMs = ms > MAX_HELD_OPEN_MS ? MAX_HELD_OPEN_MS : ms;
}

/** Reports SENSOR_HELD_OPEN once when the door has been open for the held-open time. */
export function sensorTick(now: u32): void {
  if (isOpen && !heldReported && heldMs != 0 && reached(openedAt + heldMs, now)) {
    heldReported = true;
    event(SENSOR_HELD_OPEN);
  }
}

/** A reading of the contact at `now`: SENSOR_OPENED or SENSOR_CLOSED when it changed. */
export function sensorSet(open: bool, now: u32): void {
  sensorTick(now);
  if (open == isOpen) return;
  isOpen = open;
  if (open) {
    openedAt = now;
    heldReported = false;
    event(SENSOR_OPENED);
  } else {
    event(SENSOR_CLOSED);
  }
}

export function sensorIsOpen(): bool { return isOpen; }

/** Milliseconds until the held-open alarm (0 when due), -1 when none is pending. */
export function sensorNextDeadline(now: u32): i32 {
  if (!isOpen || heldReported || heldMs == 0) return -1;
  return <i32>until(openedAt + heldMs, now);
}

export function sensorEventCount(): i32 { return events; }
/** The kind of event i (SENSOR_*), 0 out of range. */
export function sensorEvent(i: i32): i32 {
  return <u32>i < <u32>events ? <i32>load<u8>(EVENTS + <usize>i) : 0;
}
export function sensorEventsClear(): void { events = 0; }
