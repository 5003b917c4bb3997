// The nonces this station issues when it challenges a caller as a UAS
// (RFC 3261 §22.4; RFC 7616 §3.3, §5.4, §5.5): random (the caller supplies
// the random hex, from the UA's random source), each valid for
// NONCE_LIFETIME_MS after it was issued and for one request only (a
// replayed Authorization finds its nonce used up: RFC 7616 §5.5 "a
// one-time nonce"). A small table: when it is full the oldest nonce gives
// way, so a flood of unauthenticated requests holds no more memory than
// this. Pure: time is an argument.

import { reached } from "../../runtime/time";

export const NONCE_SLOTS = 4;
export const NONCE_LENGTH = 24; // hex characters (96 random bits)
export const NONCE_LIFETIME_MS: u32 = 30000;

// Per slot: the nonce (NONCE_LENGTH octets), issued at (u32), state (u8: 0 free, 1 issued).
const SLOT: usize = 32;
const TABLE: usize = memory.data(NONCE_SLOTS * <i32>SLOT, 4);
const O_AT: usize = 24;
const O_STATE: usize = 28;

function slot(i: i32): usize { return TABLE + <usize>i * SLOT; }

export const NONCE_FRESH = 0; // issued here, not yet used, within its lifetime
export const NONCE_STALE = 1; // issued here but expired, or unknown (an old one that gave way, or from before a restart)

/** Forgets every nonce (start-up, a new configuration, tests). */
export function noncesReset(): void {
  for (let i = 0; i < NONCE_SLOTS; i++) store<u8>(slot(i) + O_STATE, 0);
}

/** Issues the nonce [random, random + NONCE_LENGTH) at `now`; returns where it is kept (NONCE_LENGTH octets). */
export function nonceIssue(random: usize, now: u32): usize {
  let k = 0;
  for (let i = 0; i < NONCE_SLOTS; i++) {
    const s = slot(i);
    if (load<u8>(s + O_STATE) == 0 || reached(load<u32>(s + O_AT) + NONCE_LIFETIME_MS, now)) {
      k = i;
      break;
    }
    if (<i32>(load<u32>(s + O_AT) - load<u32>(slot(k) + O_AT)) < 0) k = i; // the oldest
  }
  const s = slot(k);
  for (let j: usize = 0; j < <usize>NONCE_LENGTH; j++) store<u8>(s + j, load<u8>(random + j));
  store<u32>(s + O_AT, now);
  store<u8>(s + O_STATE, 1);
  return s;
}

function find(p: usize, len: i32): i32 {
  if (len != NONCE_LENGTH) return -1;
  for (let i = 0; i < NONCE_SLOTS; i++) {
    const s = slot(i);
    if (load<u8>(s + O_STATE) == 0) continue;
    let same = true;
    for (let j: usize = 0; j < <usize>NONCE_LENGTH; j++) if (load<u8>(s + j) != load<u8>(p + j)) same = false;
    if (same) return i;
  }
  return -1;
}

/** NONCE_FRESH when [p, p+len) is a nonce issued here, unused and within its lifetime at `now`; else NONCE_STALE. */
export function nonceState(p: usize, len: i32, now: u32): i32 {
  const i = find(p, len);
  if (i < 0 || reached(load<u32>(slot(i) + O_AT) + NONCE_LIFETIME_MS, now)) return NONCE_STALE;
  return NONCE_FRESH;
}

/** Uses up the nonce [p, p+len): it answers no further request. */
export function nonceUse(p: usize, len: i32): void {
  const i = find(p, len);
  if (i >= 0) store<u8>(slot(i) + O_STATE, 0);
}
