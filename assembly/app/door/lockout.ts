// Keypad access codes outside calls: up to 8 codes of 4-16 keys (0-9, *), each
// opening one relay, entered with the same rules as the door codes of a call
// (entry.ts: confirm key, inter-digit timeout, 16 keys) and guarded by a
// lockout: after `tries` wrong entries in a row the keypad ignores every key
// for `lockMs`. The entry that reaches the limit returns ACCESS_LOCKED (it was
// wrong, and the keypad is now locked); a right code resets the count; the
// lock ends on its own and the count starts again from 0.
import { reached, until } from "../../sip/txn/clock";
import {
  CODE_SLOT, ENTRY_NONE, ENTRY_STATE, ENTRY_WRONG,
  tableClear, tableAdd, entryReset, isConfirmKey, interDigitTime, entryDigit, entryTick, entryNextDeadline,
} from "./entry";

export const ACCESS_NONE = ENTRY_NONE;
export const ACCESS_WRONG = ENTRY_WRONG;
export const ACCESS_LOCKED = -3;
export const ACCESS_CODES = 8;
export const ACCESS_MIN_LENGTH = 4;
const RELAYS = 4;
const MAX_LOCK_MS: u32 = 0x7fffffff;

const TABLE: usize = memory.data(ACCESS_CODES * <i32>CODE_SLOT);
const STATE: usize = memory.data(<i32>ENTRY_STATE);

let tries: i32 = 5;
let lockMs: u32 = 60000;
let wrong: i32 = 0;
let locked: bool = false;
let lockedUntil: u32 = 0;
let confirm: u32 = 0x23;
let interMs: u32 = 5000; // DEFAULT_INTER_DIGIT_MS, as a literal: no start-up code needed

/** Removes every access code (and any entry in progress); the lockout state stays. */
export function accessClear(): void {
  tableClear(TABLE, ACCESS_CODES);
  entryReset(STATE);
}

/** Forgets the entry in progress, the wrong-entry count and any lock. */
export function accessReset(): void {
  entryReset(STATE);
  wrong = 0;
  locked = false;
  lockedUntil = 0;
}

/**
 * Configures a code of 4-16 keys (0-9, *) opening `relay` (0-3); false when
 * the relay is out of range, the 8 slots are taken, the code is malformed or
 * already configured.
 */
export function accessAdd(code: usize, len: i32, relay: i32): bool {
  if (<u32>relay >= <u32>RELAYS) return false;
  return tableAdd(TABLE, ACCESS_CODES, relay, code, len, ACCESS_MIN_LENGTH);
}

/** Lock for `lockMs` after `tries` wrong entries in a row; tries <= 0 or lockMs 0 disables the lockout. */
export function accessSetLockout(t: i32, ms: u32): void {
  tries = t;
  lockMs = ms > MAX_LOCK_MS ? MAX_LOCK_MS : ms;
  wrong = 0;
}

/** As codesSetEntry, for the keypad: confirm key '#', '*' or 0, inter-digit time (0: 5000 ms). */
export function accessSetEntry(confirmKey: u32, interDigitMs: u32): bool {
  if (!isConfirmKey(confirmKey)) return false;
  confirm = confirmKey;
  interMs = interDigitTime(interDigitMs);
  return true;
}

/** Whether the keypad is locked at `now` (a lock that ran out is lifted here). */
export function accessLocked(now: u32): bool {
  if (locked && reached(lockedUntil, now)) locked = false;
  return locked;
}

/** When the current (or last) lock ends; 0 when the keypad was never locked since the last reset. */
export function accessLockedUntil(): u32 {
  return lockedUntil;
}

function judge(decision: i32, now: u32): i32 {
  if (decision >= 0) {
    wrong = 0;
    return decision;
  }
  if (decision != ACCESS_WRONG) return decision;
  wrong++;
  if (tries <= 0 || lockMs == 0 || wrong < tries) return ACCESS_WRONG;
  wrong = 0;
  locked = true;
  lockedUntil = now + lockMs;
  return ACCESS_LOCKED;
}

/** One key pressed at `now`: a relay index, ACCESS_WRONG, ACCESS_LOCKED (ignored, or locked now) or ACCESS_NONE. */
export function accessDigit(d: u32, now: u32): i32 {
  if (accessLocked(now)) return ACCESS_LOCKED;
  return judge(entryDigit(STATE, TABLE, ACCESS_CODES, d, now, confirm, interMs), now);
}

/** Ends an entry whose inter-digit time ran out, lifts a lock that ran out: as accessDigit. */
export function accessTick(now: u32): i32 {
  if (accessLocked(now)) return ACCESS_NONE;
  return judge(entryTick(STATE, TABLE, ACCESS_CODES, now), now);
}

/** Milliseconds until accessTick has something to do (the lock's end, or the inter-digit timeout), -1 when idle. */
export function accessNextDeadline(now: u32): i32 {
  if (locked) return <i32>until(lockedUntil, now); // no side effect: the tick at the deadline reports the unlock
  return entryNextDeadline(STATE, now);
}
