// Keypad access codes outside calls: up to 8 codes of 4-16 keys (0-9, *), each
// opening one relay, entered with the same rules as the door codes of a call
// (entry.ts: confirm key, inter-digit timeout, 16 keys) and guarded by the
// lockout (guard.ts, shared with the codes of a call): while it is locked the
// keypad ignores every key. The entry that reaches the limit returns
// ACCESS_LOCKED (it was wrong, and codes are now locked); a right code resets
// the count.
import {
  CODE_SLOT, ENTRY_NONE, ENTRY_STATE, ENTRY_WRONG,
  tableClear, tableAdd, entryReset, isConfirmKey, interDigitTime, entryDigit, entryTick, entryNextDeadline,
} from "./entry";
import { doorSettings } from "./state";
import { guardSetPolicy, guardReset, guardLocked, guardLockedUntil, guardWrong, guardRight, guardNextDeadline } from "./guard";

export const ACCESS_NONE = ENTRY_NONE;
export const ACCESS_WRONG = ENTRY_WRONG;
export const ACCESS_LOCKED = -3;
export const ACCESS_CODES = 8;
export const ACCESS_MIN_LENGTH = 4;
const RELAYS = 4;

const TABLE: usize = memory.data(ACCESS_CODES * <i32>CODE_SLOT);
const STATE: usize = memory.data(<i32>ENTRY_STATE);


/** Removes every access code (and any entry in progress); the lockout state stays. */
export function accessClear(): void {
  tableClear(TABLE, ACCESS_CODES);
  entryReset(STATE);
}

/** Forgets the entry in progress, the wrong-entry count and any lock. */
export function accessReset(): void {
  entryReset(STATE);
  guardReset();
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

/** Lock for `lockMs` after `tries` wrong entries in a row (the guard's policy); tries <= 0 or lockMs 0 disables the lockout. */
export function accessSetLockout(t: i32, ms: u32): void {
  guardSetPolicy(t, ms);
}

/** As codesSetEntry, for the keypad: confirm key '#', '*' or 0, inter-digit time (0: 5000 ms). */
export function accessSetEntry(confirmKey: u32, interDigitMs: u32): bool {
  if (!isConfirmKey(confirmKey)) return false;
  doorSettings().accessConfirm = <u8>confirmKey;
  doorSettings().accessInterMs = interDigitTime(interDigitMs);
  return true;
}

/** Whether the keypad is locked at `now` (a lock that ran out is lifted here). */
export function accessLocked(now: u32): bool {
  return guardLocked(now);
}

/** When the current (or last) lock ends; 0 when the keypad was never locked since the last reset. */
export function accessLockedUntil(): u32 {
  return guardLockedUntil();
}

/** Locked: a half-typed entry (the lock may come from a call's codes) is wiped, not kept for after the lock. */
function lockedOut(now: u32): bool {
  if (!guardLocked(now)) return false;
  entryReset(STATE);
  return true;
}

function judge(decision: i32, now: u32): i32 {
  if (decision >= 0) {
    guardRight();
    return decision;
  }
  if (decision != ACCESS_WRONG) return decision;
  return guardWrong(now) ? ACCESS_LOCKED : ACCESS_WRONG;
}

/** One key pressed at `now`: a relay index, ACCESS_WRONG, ACCESS_LOCKED (ignored, or locked now) or ACCESS_NONE. */
export function accessDigit(d: u32, now: u32): i32 {
  if (lockedOut(now)) return ACCESS_LOCKED;
  return judge(entryDigit(STATE, TABLE, ACCESS_CODES, d, now, doorSettings().accessConfirm, doorSettings().accessInterMs), now);
}

/** Ends an entry whose inter-digit time ran out, lifts a lock that ran out: as accessDigit. */
export function accessTick(now: u32): i32 {
  if (lockedOut(now)) return ACCESS_NONE;
  return judge(entryTick(STATE, TABLE, ACCESS_CODES, now), now);
}

/** Milliseconds until accessTick has something to do (the lock's end, or the inter-digit timeout), -1 when idle. */
export function accessNextDeadline(now: u32): i32 {
  const lock = guardNextDeadline(now); // no side effect: the tick at the deadline reports the unlock
  return lock >= 0 ? lock : entryNextDeadline(STATE, now);
}
