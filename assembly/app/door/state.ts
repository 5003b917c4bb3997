// The door's state and settings, each one named record over static memory
// (issue 15): what the guard, the sensor, the relays' change list, the DTMF
// decoder and the code matcher keep between calls (DoorState, all zero at
// start), and what the configuration sets for them (DoorSettings, the
// defaults at start). Each module reads and writes its own fields; a reset
// gives back the record's initial image.

/** Where the door stands; all zero is the state at start (doorStateReset). */
// @ts-ignore: decorator
@unmanaged export class DoorState {
  /** guard.ts: wrong entries in a row (unbounded while the lockout is off). */
  wrong: i32;
  /** guard.ts: when the current (or last) lock ends. */
  lockedUntil: u32;
  /** sensor.ts: when the door last opened. */
  openedAt: u32;
  /** entry.ts: code slots compared since start (tests). */
  compared: u32;
  /** guard.ts: codes are locked out. */
  locked: bool;
  /** guard.ts: the count or the lock changed since the last guardSave. */
  changed: bool;
  /** sensor.ts: events in its list (at most its capacity, 8). */
  sensorEvents: u8;
  /** sensor.ts: the contact reads open. */
  open: bool;
  /** sensor.ts: SENSOR_HELD_OPEN was reported for this opening. */
  heldReported: bool;
  /** relay.ts: switches in its change list (at most 16). */
  relayChanges: u8;
  /** dtmf.ts: keys decoded from the last body (at most DTMF_MAX, 32). */
  dtmfKeys: u8;
}
export const DOOR_STATE: usize = memory.data(<i32>offsetof<DoorState>(), 4);
// @ts-ignore: decorator
@inline export function door(): DoorState { return changetype<DoorState>(DOOR_STATE); }

/** Every field of DoorState as at start: the door closed, no lock, no count, every list empty. */
export function doorStateReset(): void { memory.fill(DOOR_STATE, 0, offsetof<DoorState>()); }

/** What the configuration sets for the door (settings.ts applyConfig); the defaults until then. */
// @ts-ignore: decorator
@unmanaged export class DoorSettings {
  /** guard.ts: wrong entries in a row that lock (<= 0: no lockout). */
  tries: i32;
  /** guard.ts: how long a lock lasts (0: no lockout). */
  lockMs: u32;
  /** sensor.ts: how long the door may stay open before SENSOR_HELD_OPEN (0: never). */
  heldMs: u32;
  /** codes.ts, lockout.ts: the inter-digit time of a call's codes, of the keypad's. */
  codesInterMs: u32;
  accessInterMs: u32;
  /** codes.ts, lockout.ts: the key that ends an entry ('#', '*', 0 none). */
  codesConfirm: u8;
  accessConfirm: u8;
}
// The defaults as octets (little-endian), so they hold without start-up code:
// 5 tries, 60000 ms lock, 30000 ms held open (DEFAULT_HELD_OPEN_MS), 5000 ms
// between digits twice (DEFAULT_INTER_DIGIT_MS), '#' twice.
export const DOOR_SETTINGS: usize = memory.data<u8>([
  5, 0, 0, 0, 0x60, 0xea, 0, 0, 0x30, 0x75, 0, 0, 0x88, 0x13, 0, 0, 0x88, 0x13, 0, 0, 0x23, 0x23,
], 4);
if (offsetof<DoorSettings>() != 22) ERROR("DoorSettings: its initial image (DOOR_SETTINGS) has 22 octets");
// @ts-ignore: decorator
@inline export function doorSettings(): DoorSettings { return changetype<DoorSettings>(DOOR_SETTINGS); }

export const DEFAULT_TRIES = 5;
export const DEFAULT_LOCK_MS: u32 = 60000;
export const DEFAULT_HELD_OPEN_MS: u32 = 30000;
export const DEFAULT_INTER_DIGIT_MS: u32 = 5000;

/** Every setting back to its default: the initial image of DoorSettings. */
export function doorSettingsReset(): void {
  const s = doorSettings();
  s.tries = DEFAULT_TRIES;
  s.lockMs = DEFAULT_LOCK_MS;
  s.heldMs = DEFAULT_HELD_OPEN_MS;
  s.codesInterMs = DEFAULT_INTER_DIGIT_MS;
  s.accessInterMs = DEFAULT_INTER_DIGIT_MS;
  s.codesConfirm = 0x23;
  s.accessConfirm = 0x23;
}
