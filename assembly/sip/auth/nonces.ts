// The nonces this station issues when it challenges a caller as a UAS
// (RFC 3261 §22.4; RFC 7616 §3.3, §5.4, §5.5): random (the caller supplies
// the random hex, from the UA's random source), each valid for
// NONCE_LIFETIME_MS after it was issued and for one request only (a
// replayed Authorization finds its nonce used up: RFC 7616 §5.5 "a
// one-time nonce"). A small table: when it is full the oldest nonce gives
// way, so a flood of unauthenticated requests holds no more memory than
// this. Pure: time is an argument.

import { reached } from "../../runtime/time";
import { zeroRecord } from "../txn/record";

export const NONCE_SLOTS = 4;
export const NONCE_LENGTH = 24; // hex characters (96 random bits)
export const NONCE_LIFETIME_MS: u32 = 30000;

/** One nonce issued here, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class NonceSlot {
  /** When it was issued. */
  issuedAt: u32;
  /** It may still be used: issued and not yet used up. */
  live: bool;
}

// Each slot: the record, then the nonce's NONCE_LENGTH octets, then padding to keep the next slot aligned.
const TEXT_AT: usize = offsetof<NonceSlot>();
const SLOT: usize = (TEXT_AT + <usize>NONCE_LENGTH + 3) & ~3;
/** Every slot of the table. */
export const NONCE_TABLE_SIZE: usize = <usize>NONCE_SLOTS * SLOT;
export const NONCE_TABLE: usize = memory.data(<i32>NONCE_TABLE_SIZE, 4);

// @ts-ignore: decorator
@inline function slot(i: i32): NonceSlot { return changetype<NonceSlot>(NONCE_TABLE + <usize>i * SLOT); }
// @ts-ignore: decorator
@inline function text(s: NonceSlot): usize { return changetype<usize>(s) + TEXT_AT; }

export const NONCE_FRESH = 0; // issued here, not yet used, within its lifetime
export const NONCE_STALE = 1; // issued here but expired, or unknown (an old one that gave way, or from before a restart)

/** Forgets every nonce (start-up, a new configuration, tests). */
export function noncesReset(): void { zeroRecord(NONCE_TABLE, NONCE_TABLE_SIZE); }

/** Issues the nonce [random, random + NONCE_LENGTH) at `now`; returns where it is kept (NONCE_LENGTH octets). */
export function nonceIssue(random: usize, now: u32): usize {
  let k = 0;
  for (let i = 0; i < NONCE_SLOTS; i++) {
    const s = slot(i);
    if (!s.live || reached(s.issuedAt + NONCE_LIFETIME_MS, now)) {
      k = i;
      break;
    }
    if (<i32>(s.issuedAt - slot(k).issuedAt) < 0) k = i; // the oldest
  }
  const s = slot(k);
  const dst = text(s);
  for (let j: usize = 0; j < <usize>NONCE_LENGTH; j++) store<u8>(dst + j, load<u8>(random + j));
  s.issuedAt = now;
  s.live = true;
  return dst;
}

function find(p: usize, len: i32): i32 {
  if (len != NONCE_LENGTH) return -1;
  for (let i = 0; i < NONCE_SLOTS; i++) {
    const s = slot(i);
    if (!s.live) continue;
    const t = text(s);
    let same = true;
    for (let j: usize = 0; j < <usize>NONCE_LENGTH; j++) if (load<u8>(t + j) != load<u8>(p + j)) same = false;
    if (same) return i;
  }
  return -1;
}

/** NONCE_FRESH when [p, p+len) is a nonce issued here, unused and within its lifetime at `now`; else NONCE_STALE. */
export function nonceState(p: usize, len: i32, now: u32): i32 {
  const i = find(p, len);
  if (i < 0 || reached(slot(i).issuedAt + NONCE_LIFETIME_MS, now)) return NONCE_STALE;
  return NONCE_FRESH;
}

/** Uses up the nonce [p, p+len): it answers no further request. */
export function nonceUse(p: usize, len: i32): void {
  const i = find(p, len);
  if (i >= 0) slot(i).live = false;
}
