// The code matcher and the digit-entry state machine shared by the door codes
// heard in a call (codes.ts) and the keypad access codes (lockout.ts): one
// place for the comparison and for the rules that end an entry.
//
// A code table is `slots` CodeSlot records in static memory, an entry in
// progress one Entry record (both below). The settings (confirm key,
// inter-digit time) are the caller's (door/state.ts DoorSettings), passed in.
//
// Matching is constant-time: every slot of the table is compared, full 16
// padded digits and the length, differences OR-accumulated, and the relay
// picked with a select, so the cost depends neither on where the entry differs
// nor on which code (if any) matches. Digits never leave this file except as
// the relay decided; the entry is wiped after every decision.
import { reached, until } from "../../runtime/time";
import { inMemory } from "./bounds";
import { door, DEFAULT_INTER_DIGIT_MS } from "./state";

export const CODE_MAX = 16;

/** One configured code, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class CodeSlot {
  /** The code's length; 0: the slot is free. */
  length: u8;
  relay: u8;
  /** The digits, padded with 0: CODE_MAX octets from here (through digits12), read by address. */
  digits: u32;
  digits4: u32;
  digits8: u32;
  digits12: u32;
}
/** The digits entered so far and the inter-digit timer (the keypad's, the call's codes'). */
// @ts-ignore: decorator
@unmanaged export class Entry {
  /** The digits entered, padded with 0: CODE_MAX octets from here (through digits12), read by address. */
  digits: u32;
  digits4: u32;
  digits8: u32;
  digits12: u32;
  count: i32;
  deadline: u32;
}
export const CODE_SLOT: usize = offsetof<CodeSlot>();
export const ENTRY_STATE: usize = offsetof<Entry>();
if (offsetof<CodeSlot>() - offsetof<CodeSlot>("digits") != CODE_MAX || offsetof<Entry>("count") - offsetof<Entry>("digits") != CODE_MAX) ERROR("entry.ts: the digits fields must hold CODE_MAX octets");
/** No decision yet. */
export const ENTRY_NONE = -1;
/** An entry ended and matched no code. */
export const ENTRY_WRONG = -2;
const MAX_INTER_DIGIT_MS: u32 = 0x7fffffff;

const PAD: usize = memory.data(CODE_MAX);

/** How many code slots the matcher has compared since start (tests check that every slot is visited). */
export function codesCompared(): u32 { return door().compared; }

// @ts-ignore: decorator
@inline function slotAt(table: usize, i: i32): CodeSlot { return changetype<CodeSlot>(table + <usize>i * CODE_SLOT); }
// @ts-ignore: decorator
@inline function slotDigits(s: CodeSlot): usize { return changetype<usize>(s) + offsetof<CodeSlot>("digits"); }
// @ts-ignore: decorator
@inline function entryAt(st: usize): Entry { return changetype<Entry>(st); }
// @ts-ignore: decorator
@inline function entryDigits(st: usize): usize { return st + offsetof<Entry>("digits"); }

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
  memory.fill(table, 0, <usize>slots * CODE_SLOT);
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
  for (let i = slots - 1; i >= 0; i--) if (slotAt(table, i).length == 0) free = i;
  const duplicate = tableMatch(table, slots, pad, len) >= 0;
  for (let k = 0; k < CODE_MAX; k++) store<u8>(pad + <usize>k, 0);
  if (free < 0 || duplicate) return false;
  const s = slotAt(table, free);
  s.relay = <u8>relay;
  for (let k = 0; k < len; k++) store<u8>(slotDigits(s) + <usize>k, load<u8>(code + <usize>k));
  s.length = <u8>len;
  return true;
}

/**
 * The relay of the code equal to the 16 padded digits at `digits` (length
 * `len`), or -1. Visits every slot and every digit whatever matches.
 */
export function tableMatch(table: usize, slots: i32, digits: usize, len: i32): i32 {
  let found = -1;
  for (let i = 0; i < slots; i++) {
    const s = slotAt(table, i);
    let diff = (<u32>s.length ^ <u32>len) | <u32>(s.length == 0);
    for (let k: usize = 0; k < <usize>CODE_MAX; k++) diff |= <u32>(load<u8>(slotDigits(s) + k) ^ load<u8>(digits + k));
    found = select<i32>(<i32>s.relay, found, diff == 0);
    door().compared++;
  }
  return found;
}

// ---- entry -------------------------------------------------------------------

/** Clears the digits entered (wiped) and the inter-digit timer. */
export function entryReset(st: usize): void {
  memory.fill(st, 0, offsetof<Entry>());
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
  const relay = tableMatch(table, slots, entryDigits(st), entryAt(st).count);
  entryReset(st);
  return relay >= 0 ? relay : ENTRY_WRONG;
}

/** An entry whose inter-digit time ran out is decided; ENTRY_NONE otherwise. */
export function entryTick(st: usize, table: usize, slots: i32, now: u32): i32 {
  const e = entryAt(st);
  if (e.count == 0 || !reached(e.deadline, now)) return ENTRY_NONE;
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
  const e = entryAt(st);
  let n = e.count;
  if (confirm != 0 && d == confirm) {
    return n == 0 ? late : decide(st, table, slots);
  }
  if (n >= CODE_MAX) n = CODE_MAX - 1; // never happens: 16 keys end the entry
  store<u8>(entryDigits(st) + <usize>n, <u8>d);
  n++;
  e.count = n;
  e.deadline = now + interMs;
  if (n >= CODE_MAX) return decide(st, table, slots);
  return late;
}

/** Milliseconds until the inter-digit timeout (0 when due), -1 when no entry is in progress. */
export function entryNextDeadline(st: usize, now: u32): i32 {
  const e = entryAt(st);
  if (e.count == 0) return -1;
  return <i32>until(e.deadline, now);
}
