// Door codes entered as DTMF during a call: up to 4 relays with up to 4 codes
// each (1-16 keys of 0-9 and *). The digits of the call are fed one by one
// (decodeDtmf then codeDigit); the host ticks codeTick at codeNextDeadline.
// Every call returns a decision: the relay to open, CODE_WRONG when an entry
// ended without a match, CODE_NONE otherwise. Matching and the entry rules are
// in entry.ts (shared with the keypad); nothing here logs a digit.
import {
  CODE_SLOT, ENTRY_NONE, ENTRY_STATE, ENTRY_WRONG,
  tableClear, tableAdd, entryReset, isConfirmKey, interDigitTime, entryDigit, entryTick, entryNextDeadline,
} from "./entry";
import { doorSettings } from "./state";

export const CODE_NONE = ENTRY_NONE;
export const CODE_WRONG = ENTRY_WRONG;
export const CODE_RELAYS = 4;
export const CODES_PER_RELAY = 4;
const SLOTS = CODE_RELAYS * CODES_PER_RELAY;

const TABLE: usize = memory.data(SLOTS * <i32>CODE_SLOT);
const STATE: usize = memory.data(<i32>ENTRY_STATE);
const PER_RELAY: usize = memory.data(CODE_RELAYS);

/** Removes every configured code (and any entry in progress). */
export function codesClear(): void {
  tableClear(TABLE, SLOTS);
  for (let r: usize = 0; r < <usize>CODE_RELAYS; r++) store<u8>(PER_RELAY + r, 0);
  entryReset(STATE);
}

/**
 * Configures a code of 1-16 keys (0-9, *) for relay 0-3; false when the relay
 * is out of range, it has 4 codes already, the code is malformed, or another
 * relay (or this one) has the same code.
 */
export function codesAdd(relay: i32, code: usize, len: i32): bool {
  if (<u32>relay >= <u32>CODE_RELAYS) return false;
  const have = load<u8>(PER_RELAY + <usize>relay);
  if (<i32>have >= CODES_PER_RELAY) return false;
  if (!tableAdd(TABLE, SLOTS, relay, code, len, 1)) return false;
  store<u8>(PER_RELAY + <usize>relay, have + 1);
  return true;
}

/**
 * How an entry ends: `confirmKey` '#' (the default), '*' or 0 for none (the
 * inter-digit timeout only), and the inter-digit time (0: 5000 ms). False
 * (unchanged) for another key. Codes containing the confirm key cannot be entered.
 */
export function codesSetEntry(confirmKey: u32, interDigitMs: u32): bool {
  if (!isConfirmKey(confirmKey)) return false;
  doorSettings().codesConfirm = <u8>confirmKey;
  doorSettings().codesInterMs = interDigitTime(interDigitMs);
  return true;
}

/** Forgets the digits entered so far (at the start and end of every call). */
export function codeEntryReset(): void {
  entryReset(STATE);
}

/** One DTMF key (ASCII) received at `now`: a relay index, CODE_WRONG or CODE_NONE. */
export function codeDigit(d: u32, now: u32): i32 {
  return entryDigit(STATE, TABLE, SLOTS, d, now, doorSettings().codesConfirm, doorSettings().codesInterMs);
}

/** Ends an entry whose inter-digit time ran out: a relay index, CODE_WRONG or CODE_NONE. */
export function codeTick(now: u32): i32 {
  return entryTick(STATE, TABLE, SLOTS, now);
}

/** Milliseconds until codeTick has something to decide, -1 when no entry is in progress. */
export function codeNextDeadline(now: u32): i32 {
  return entryNextDeadline(STATE, now);
}
