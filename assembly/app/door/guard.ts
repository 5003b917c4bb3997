// The lockout guard of every door code: the keypad's access codes
// (lockout.ts) and the codes heard in a call (doorcall.ts) count against the
// same limit. After `tries` wrong entries in a row, from either side, codes
// are ignored for `lockMs`; a right code resets the count; the lock ends on
// its own and the count starts again from 0.
//
// The guard survives a restart of the firmware through a small record the
// board keeps (board.retainedRead/retainedWrite, docs/board-abi.md):
//   [0] magic "LCK1" u32  [4] remaining lock ms u32  [8] wrong count u32
//   [12] CRC-32 of [0, 12) u32  (little-endian, GUARD_RECORD octets)
// Each boot's clock starts anew, so the record holds the time the lock still
// had when it was written. A record only ever adds: a garbled one is ignored,
// its values are clamped to the configured policy, and it never lifts a lock
// or lowers the count. Pure: time is an argument; nothing here logs.
import { reached, until } from "../../runtime/time";
import { crc32 } from "../config/crc";
import { inMemory } from "./bounds";
import { door, doorSettings } from "./state";

export const GUARD_RECORD = 16;
const MAGIC: u32 = 0x314b434c; // "LCK1" read as a little-endian u32
const MAX_LOCK_MS: u32 = 0x7fffffff;

// The count and the lock are DoorState's (door/state.ts), the policy DoorSettings'.
function enabled(): bool { const s = doorSettings(); return s.tries > 0 && s.lockMs != 0; }

/** Lock for `ms` after `t` wrong entries in a row; t <= 0 or ms 0 disables the lockout. The count starts again. */
export function guardSetPolicy(t: i32, ms: u32): void {
  const s = doorSettings(), d = door();
  s.tries = t;
  s.lockMs = ms > MAX_LOCK_MS ? MAX_LOCK_MS : ms;
  if (d.wrong != 0) d.changed = true;
  d.wrong = 0;
}

/** Forgets the count and any lock (tests; a new configuration keeps them: see guardSetPolicy). */
export function guardReset(): void {
  const d = door();
  d.changed = d.wrong != 0 || d.locked;
  d.wrong = 0;
  d.locked = false;
  d.lockedUntil = 0;
}

/** Whether codes are locked out at `now` (a lock that ran out is lifted here). */
export function guardLocked(now: u32): bool {
  const d = door();
  if (d.locked && reached(d.lockedUntil, now)) {
    d.locked = false;
    d.changed = true;
  }
  return d.locked;
}

/** When the current (or last) lock ends; 0 when there was none since the last reset. */
export function guardLockedUntil(): u32 { return door().lockedUntil; }

/** Wrong entries in a row so far. */
export function guardWrongCount(): i32 { return door().wrong; }

/** A wrong entry at `now`: true when it is the one that locks. */
export function guardWrong(now: u32): bool {
  const d = door();
  d.wrong++;
  d.changed = true;
  if (!enabled() || d.wrong < doorSettings().tries) return false;
  d.wrong = 0;
  d.locked = true;
  d.lockedUntil = now + doorSettings().lockMs;
  return true;
}

/** A right entry: the count starts again. */
export function guardRight(): void {
  const d = door();
  if (d.wrong != 0) d.changed = true;
  d.wrong = 0;
}

/** Milliseconds until the lock ends (0 when due), -1 when not locked. No side effect. */
export function guardNextDeadline(now: u32): i32 {
  const d = door();
  return d.locked ? <i32>until(d.lockedUntil, now) : -1;
}

/** Whether the count or the lock changed since the last guardSave (the record to keep is stale). */
export function guardChanged(): bool { return door().changed; }

/** Writes the record (GUARD_RECORD octets) for `now` at dst; false when dst is not in memory. */
export function guardSave(dst: usize, now: u32): bool {
  if (!inMemory(dst, GUARD_RECORD)) return false;
  const d = door();
  const remaining = guardLocked(now) ? until(d.lockedUntil, now) : 0;
  store<u32>(dst, MAGIC);
  store<u32>(dst + 4, remaining);
  store<u32>(dst + 8, <u32>d.wrong);
  store<u32>(dst + 12, crc32(dst, 12));
  d.changed = false;
  return true;
}

/**
 * Takes a kept record of `len` octets at src into account at `now`: a lock
 * of at most the configured time, a count of at most tries - 1. Never lifts
 * a lock nor lowers the count; a record that is short, long or damaged is
 * ignored. True when it was taken.
 */
export function guardRestore(src: usize, len: i32, now: u32): bool {
  if (len != GUARD_RECORD || !inMemory(src, len)) return false;
  if (load<u32>(src) != MAGIC || load<u32>(src + 12) != crc32(src, 12)) return false;
  if (!enabled()) return true;
  const s = doorSettings(), d = door();
  let remaining = load<u32>(src + 4);
  if (remaining > s.lockMs) remaining = s.lockMs;
  let count = load<u32>(src + 8);
  if (count > <u32>(s.tries - 1)) count = <u32>(s.tries - 1);
  if (<i32>count > d.wrong) d.wrong = <i32>count;
  if (remaining > 0 && (!guardLocked(now) || <i32>(now + remaining - d.lockedUntil) > 0)) {
    d.locked = true;
    d.lockedUntil = now + remaining;
  }
  return true;
}
