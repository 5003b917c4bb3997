// The code matcher and the digit-entry state machine shared by the door codes
// heard in a call (codes.ts) and the keypad access codes (lockout.ts): one
// place for the comparison and for the rules that end an entry.
//
// A code table is `slots` fixed slots of CODE_SLOT bytes in static memory:
//   [0] length (0: free)  [1] relay  [2..4) unused  [4..20) digits, padded with 0
// An entry state is ENTRY_STATE bytes:
//   [0..16) digits entered, padded with 0  [16] count (i32)  [20] deadline (u32)
// The settings (confirm key, inter-digit time) are the caller's globals, passed
// in, so their defaults hold without any start-up code.
//
// Matching is constant-time: every slot of the table is compared, full 16
// padded digits and the length, differences OR-accumulated, and the relay
// picked with a select, so the cost depends neither on where the entry differs
// nor on which code (if any) matches. Digits never leave this file except as
// the relay decided; the entry is wiped after every decision.
import { reached, until } from "../../runtime/time";
import { inMemory } from "./bounds";

export const CODE_MAX = 16;
export const CODE_SLOT: usize = 20;
export const ENTRY_STATE: usize = 24;
/** No decision yet. */
export const ENTRY_NONE = -1;
/** An entry ended and matched no code. */
export const ENTRY_WRONG = -2;
export const DEFAULT_INTER_DIGIT_MS: u32 = 5000;
const MAX_INTER_DIGIT_MS: u32 = 0x7fffffff;

const DIGITS: usize = 0;
const COUNT: usize = 16;
const DEADLINE: usize = 20;

const PAD: usize = memory.data(CODE_MAX);
let compared: u32 = 0;

/** How many code slots the matcher has compared since start (tests check that every slot is visited). */
export function codesCompared(): u32 { return compared; }

// ---- code tables -------------------------------------------------------------

/** A digit that may appear in a configured code: 0-9 and *. */
export function isCodeDigit(c: u32): bool {
  return (c >= 0x30 && c <= 0x39) || c == 0x2a;
}

/** A key that may be entered: 0-9, *, #, A-D. */
export function isKey(c: u32): bool {
  return isCodeDigit(c) || c == 0x23 || (c >= 0x41 && c <= 0x44);
}

export function tableClear(table: usize, slots: i32): void {
  for (let i: usize = 0; i < <usize>slots * CODE_SLOT; i++) store<u8>(table + i, 0);
}

/**
 * Adds the code [code, code+len) for `relay`; false when the length is not
 * within [minLen, 16], a character is not 0-9 or *, the table is full, or the
 * same code is already configured (for any relay: a code opens one relay).
 */
export function tableAdd(table: usize, slots: i32, relay: i32, code: usize, len: i32, minLen: i32): bool {
  if (len < minLen || len > CODE_MAX || !inMemory(code, len)) return false;
  const pad = PAD;
  for (let k = 0; k < CODE_MAX; k++) store<u8>(pad + <usize>k, 0);
  for (let k = 0; k < len; k++) {
    const c = <u32>load<u8>(code + <usize>k);
    if (!isCodeDigit(c)) return false;
    store<u8>(pad + <usize>k, <u8>c);
  }
  let free = -1;
  for (let i = slots - 1; i >= 0; i--) if (load<u8>(table + <usize>i * CODE_SLOT) == 0) free = i;
  const duplicate = tableMatch(table, slots, pad, len) >= 0;
  for (let k = 0; k < CODE_MAX; k++) store<u8>(pad + <usize>k, 0);
  if (free < 0 || duplicate) return false;
  const s = table + <usize>free * CODE_SLOT;
  store<u8>(s + 1, <u8>relay);
  for (let k = 0; k < len; k++) store<u8>(s + 4 + <usize>k, load<u8>(code + <usize>k));
  store<u8>(s, <u8>len);
  return true;
}

/**
 * The relay of the code equal to the 16 padded digits at `digits` (length
 * `len`), or -1. Visits every slot and every digit whatever matches.
 */
export function tableMatch(table: usize, slots: i32, digits: usize, len: i32): i32 {
  let found = -1;
  for (let i = 0; i < slots; i++) {
    const s = table + <usize>i * CODE_SLOT;
    let diff = (<u32>load<u8>(s) ^ <u32>len) | <u32>(load<u8>(s) == 0);
    for (let k: usize = 0; k < <usize>CODE_MAX; k++) diff |= <u32>(load<u8>(s + 4 + k) ^ load<u8>(digits + k));
    found = select<i32>(<i32>load<u8>(s + 1), found, diff == 0);
    compared++;
  }
  return found;
}

// ---- entry -------------------------------------------------------------------

/** Clears the digits entered (wiped) and the inter-digit timer. */
export function entryReset(st: usize): void {
  for (let k: usize = 0; k < <usize>CODE_MAX; k++) store<u8>(st + DIGITS + k, 0);
  store<i32>(st + COUNT, 0);
  store<u32>(st + DEADLINE, 0);
}

/** Whether `key` may end an entry: '#', '*' or 0 (none: by timeout only). */
export function isConfirmKey(key: u32): bool {
  return key == 0 || key == 0x23 || key == 0x2a;
}

/** The inter-digit time to use for `ms` asked: 0 is the default 5 s, at most 24 days. */
export function interDigitTime(ms: u32): u32 {
  if (ms == 0) return DEFAULT_INTER_DIGIT_MS;
  return ms > MAX_INTER_DIGIT_MS ? MAX_INTER_DIGIT_MS : ms;
}

function decide(st: usize, table: usize, slots: i32): i32 {
  const relay = tableMatch(table, slots, st + DIGITS, load<i32>(st + COUNT));
  entryReset(st);
  return relay >= 0 ? relay : ENTRY_WRONG;
}

/** An entry whose inter-digit time ran out is decided; ENTRY_NONE otherwise. */
export function entryTick(st: usize, table: usize, slots: i32, now: u32): i32 {
  if (load<i32>(st + COUNT) == 0 || !reached(load<u32>(st + DEADLINE), now)) return ENTRY_NONE;
  return decide(st, table, slots);
}

/**
 * One key pressed. An entry that had already timed out is decided first (and
 * the key starts a new one). The confirm key ends the entry (ignored when
 * nothing is entered); the 16th key ends it too; a key other than 0-9, *, #,
 * A-D is ignored.
 */
export function entryDigit(st: usize, table: usize, slots: i32, d: u32, now: u32, confirm: u32, interMs: u32): i32 {
  if (!isKey(d)) return entryTick(st, table, slots, now);
  const late = entryTick(st, table, slots, now);
  let n = load<i32>(st + COUNT);
  if (confirm != 0 && d == confirm) {
    return n == 0 ? late : decide(st, table, slots);
  }
  if (n >= CODE_MAX) n = CODE_MAX - 1; // never happens: 16 keys end the entry
  store<u8>(st + DIGITS + <usize>n, <u8>d);
  n++;
  store<i32>(st + COUNT, n);
  store<u32>(st + DEADLINE, now + interMs);
  if (n >= CODE_MAX) return decide(st, table, slots);
  return late;
}

/** Milliseconds until the inter-digit timeout (0 when due), -1 when no entry is in progress. */
export function entryNextDeadline(st: usize, now: u32): i32 {
  if (load<i32>(st + COUNT) == 0) return -1;
  return <i32>until(load<u32>(st + DEADLINE), now);
}
