// Scanning primitives over the receive buffer. Positions are absolute
// addresses; every scan is bounded by an `end` and never reads at or past it.
// (Word compares elsewhere, of names and literals, may load bytes past their
// range, inside static memory, and mask them off: see docs/parser.md.)
// A function that can fail returns 0 (no valid position is 0: the buffer
// lives in static memory well above address 0). Results are returned, never
// left in module variables: a number's end is scanDigits, its value decimal.
//
// Hot paths test the bound and the byte in separate statements
// (`if (p >= end) ...; if (at(p) != c) ...`, loops `while (p < end) { if
// (!...) break; ... }`), not as `p < end && at(p) == c`: binaryen turns the
// latter into a value (`if (result i32) ... else 0`) and V8's TurboFan then
// materialises that boolean and branches on it a second time; nested ifs
// compile to one compare-and-branch each (docs/parser.md, fourth round).

import { is, isLow, isAny, lower, C_TOKEN, C_LWS, C_HEX, C_DIGIT, C_QDTEXT, DQUOTE, BACKSLASH, SP, HT, CR, LF } from "./chars";

export const FAIL: usize = 0;

// @ts-ignore: decorator
@inline export function at(p: usize): u32 {
  return <u32>load<u8>(p);
}

/** Skips LWS/SWS (RFC 3261 §25.1): SP, HTAB, and CRLF that the line splitter kept only before WSP. */
// @ts-ignore: decorator
@inline export function skipLws(p: usize, end: usize): usize {
  while (p < end) {
    if (!is(at(p), C_LWS)) break;
    p++;
  }
  return p;
}

/** Skips SP and HTAB only. */
export function skipWsp(p: usize, end: usize): usize {
  while (p < end) {
    const c = at(p);
    if (c != SP && c != HT) break;
    p++;
  }
  return p;
}

/**
 * End of the longest run of bytes in class `bits` from p, for classes among
 * the first eight bits (C_TOKEN to C_USERINFO: one load per byte). Four bytes
 * per round while four remain: one bound check and one loop back-edge for
 * four table lookups (runs of tokens, hosts and URIs are mostly longer than
 * four).
 */
export function scanClass(p: usize, end: usize, bits: u32): usize {
  while (p + 4 <= end) {
    if (!isLow(at(p), bits)) return p;
    if (!isLow(at(p + 1), bits)) return p + 1;
    if (!isLow(at(p + 2), bits)) return p + 2;
    if (!isLow(at(p + 3), bits)) return p + 3;
    p += 4;
  }
  while (p < end) {
    if (!isLow(at(p), bits)) break;
    p++;
  }
  return p;
}

/** scanClass for any classes (the rare runs: passwords, URI headers, tel numbers, other URIs). */
export function scanClassAny(p: usize, end: usize, bits: u32): usize {
  while (p < end) {
    if (!isAny(at(p), bits)) break;
    p++;
  }
  return p;
}

/** End of a token at p, or FAIL when there is none. */
// @ts-ignore: decorator
@inline export function scanToken(p: usize, end: usize): usize {
  const e = scanClass(p, end, C_TOKEN);
  return e > p ? e : FAIL;
}

/**
 * A quoted-string at p (p at DQUOTE): returns the position after the closing
 * DQUOTE, or FAIL. RFC 3261 §25.1: qdtext = LWS / %x21 / %x23-5B / %x5D-7E /
 * UTF8-NONASCII; quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F).
 */
export function scanQuoted(p: usize, end: usize): usize {
  if (p >= end) return FAIL;
  if (at(p) != DQUOTE) return FAIL;
  p++;
  while (true) {
    p = scanClass(p, end, C_QDTEXT);
    if (p >= end) return FAIL;
    const c = at(p);
    if (c == DQUOTE) return p + 1;
    if (c != BACKSLASH) return FAIL; // a control other than HTAB, CR, LF, or 0x7f
    if (p + 1 >= end) return FAIL;
    const q = at(p + 1);
    if (q == LF || q == CR || q > 0x7f) return FAIL;
    p += 2;
  }
}

/**
 * Case-insensitive comparison of [p, p+len) with an ASCII literal given by
 * address: `equalsIgnoreCase(p, n, changetype<usize>("branch"))`. Passing the
 * address, not the string, keeps managed references (and the shadow-stack
 * bookkeeping they cost) out of the parser's hot paths.
 */
export function equalsIgnoreCase(p: usize, len: i32, literal: usize): bool {
  if (<u32>len != load<u32>(literal - 4) >> 1) return false;
  for (let i: usize = 0; i < <usize>len; i++) {
    if (lower(at(p + i)) != lower(<u32>load<u16>(literal + (i << 1)))) return false;
  }
  return true;
}

/** Case-sensitive comparison of two byte ranges. */
export function equalBytes(a: usize, alen: i32, b: usize, blen: i32): bool {
  if (alen != blen) return false;
  for (let i = 0; i < alen; i++) if (load<u8>(a + <usize>i) != load<u8>(b + <usize>i)) return false;
  return true;
}

/** Case-insensitive comparison of two byte ranges. */
export function equalBytesIgnoreCase(a: usize, alen: i32, b: usize, blen: i32): bool {
  if (alen != blen) return false;
  for (let i = 0; i < alen; i++) if (lower(at(a + <usize>i)) != lower(at(b + <usize>i))) return false;
  return true;
}

/** Largest value decimal reports; larger numbers saturate here. */
export const SATURATED: i64 = 0xffffffffffff;
/** What decimal returns for a range that is not 1*DIGIT. */
export const NOT_A_NUMBER: i64 = -1;

/** 1*DIGIT at p: returns its end, or FAIL when there is no digit (decimal then reads the number). */
export function scanDigits(p: usize, end: usize): usize {
  const start = p;
  while (p < end) {
    if (at(p) - 0x30 >= 10) break;
    p++;
  }
  return p > start ? p : FAIL;
}

/** The value of 1*DIGIT filling [p, end), saturated at SATURATED, or NOT_A_NUMBER. */
export function decimal(p: usize, end: usize): i64 {
  if (p >= end) return NOT_A_NUMBER;
  let v: i64 = 0;
  for (; p < end; p++) {
    const d = at(p) - 0x30;
    if (d >= 10) return NOT_A_NUMBER;
    v = v * 10 + <i64>d;
    if (v > SATURATED) v = SATURATED;
  }
  return v;
}

/**
 * port = 1*DIGIT at most 65535 (§25.1 as §19.1.1 bounds it) at p: its end,
 * or FAIL. The same verdict as decimal then a range check, in 32 bits and
 * without a second pass: a value past 65535 fails at once.
 */
export function scanPort(p: usize, end: usize): usize {
  const start = p;
  let v: u32 = 0;
  while (p < end) {
    const d = at(p) - 0x30;
    if (d >= 10) break;
    v = v * 10 + d;
    if (v > 65535) return FAIL;
    p++;
  }
  return p > start ? p : FAIL;
}

/** Checks that [p, end) holds escapes only in the form "%" HEXDIG HEXDIG (§25.1 escaped). */
export function escapesValid(p: usize, end: usize): bool {
  while (p < end) {
    if (at(p) == 0x25) {
      if (p + 2 >= end) return false;
      if (!is(at(p + 1), C_HEX) || !is(at(p + 2), C_HEX)) return false;
      p += 3;
    } else p++;
  }
  return true;
}

/** Position of the first byte `c` in [p, end), or end. */
export function find(p: usize, end: usize, c: u32): usize {
  while (p < end) {
    if (at(p) == c) break;
    p++;
  }
  return p;
}

/** Trims trailing LWS of [start, end): the new end. */
export function trimEnd(start: usize, end: usize): usize {
  while (end > start) {
    if (!is(at(end - 1), C_LWS)) break;
    end--;
  }
  return end;
}
