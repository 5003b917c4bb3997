// Header parameters: *( SEMI generic-param ) with generic-param = token
// [ EQUAL gen-value ] and gen-value = token / host / quoted-string
// (RFC 3261 §25.1). The parameters the UA relies on are checked by onParam()
// and, when the caller passes `record` (the top Via, From, To), stored as the
// message's fields; the others are accepted as written. No state is kept
// between calls.

import { is, C_DIGIT, C_BARE_VALUE, DQUOTE } from "./chars";
import { at, FAIL, skipLws, scanClass, scanToken, scanQuoted, decimal } from "./scan";
import { isHostValue } from "./host";
import { H_VIA, H_FROM, H_TO, H_CONTACT } from "./header-names";
import { setField, F_VIA_BRANCH, F_VIA_RECEIVED, F_VIA_RPORT, F_VIA_MADDR, F_FROM_TAG, F_TO_TAG } from "./message";

/** A gen-value that is not quoted: token characters plus ":" "[" "]" for IPv6 hosts (RFC 5118 §4.5). */
function scanBareValue(p: usize, end: usize): usize {
  const e = scanClass(p, end, C_BARE_VALUE);
  return e > p ? e : FAIL;
}

function isDigits(p: usize, end: usize, max: i64): bool {
  const n = decimal(p, end);
  return n >= 0 && n <= max;
}

/** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) */
function isQValue(p: usize, end: usize): bool {
  if (p >= end) return false;
  const lead = at(p);
  if (lead != 0x30 && lead != 0x31) return false;
  if (p + 1 == end) return true;
  if (at(p + 1) != 0x2e || end - p - 2 > 3) return false;
  for (let q = p + 2; q < end; q++) {
    if (!is(at(q), C_DIGIT) || (lead == 0x31 && at(q) != 0x30)) return false;
  }
  return true;
}

// @ts-ignore: decorator
@inline function named(name: usize, nameLen: i32, word: u64): bool {
  // The parameter name is a token: OR-ing 0x20 lower-cases its letters and
  // turns no other token byte into a letter, so one masked 64-bit compare
  // with the lower-case name packed little-endian decides. The load may reach
  // past the name (inside static memory); those bytes are masked off.
  const mask = nameLen >= 8 ? <u64>-1 : (<u64>1 << (<u64>nameLen << 3)) - 1;
  return ((load<u64>(name) | 0x2020202020202020) & mask) == word;
}

// Parameter names as little-endian words of their lower-case bytes.
const BRANCH: u64 = 0x68636e617262; // "branch"
const RECEIVED: u64 = 0x6465766965636572; // "received"
const RPORT: u64 = 0x74726f7072; // "rport"
const MADDR: u64 = 0x726464616d; // "maddr"
const TTL: u64 = 0x6c7474; // "ttl"
const TAG: u64 = 0x676174; // "tag"
const Q: u64 = 0x71; // "q"
const EXPIRES: u64 = 0x73657269707865; // "expires"

/** Via parameters of RFC 3261 §20.42 and RFC 3581 §3, dispatched on the name's length. */
// @ts-ignore: decorator
@inline function onViaParam(name: usize, nameLen: i32, nameEnd: usize, value: usize, valueEnd: usize, quoted: bool, record: bool): bool {
  switch (nameLen) {
    case 6:
      if (!named(name, 6, BRANCH)) return true;
      if (value == 0 || quoted) return false;
      if (record) setField(F_VIA_BRANCH, value, valueEnd);
      return true;
    case 8:
      if (!named(name, 8, RECEIVED)) return true;
      if (value == 0 || quoted || !isHostValue(value, valueEnd)) return false;
      if (record) setField(F_VIA_RECEIVED, value, valueEnd);
      return true;
    case 5:
      if (named(name, 5, RPORT)) {
        // RFC 3581 §3: rport with no value in requests, the port in responses.
        if (value != 0 && (quoted || !isDigits(value, valueEnd, 65535))) return false;
        if (record) setField(F_VIA_RPORT, value != 0 ? value : nameEnd, value != 0 ? valueEnd : nameEnd);
      } else if (named(name, 5, MADDR)) {
        if (value == 0 || quoted || !isHostValue(value, valueEnd)) return false;
        if (record) setField(F_VIA_MADDR, value, valueEnd);
      }
      return true;
    case 3:
      if (!named(name, 3, TTL)) return true;
      return value != 0 && !quoted && valueEnd - value <= 3 && isDigits(value, valueEnd, 255);
  }
  return true;
}

/** Checks (and with `record`, stores) one parameter; false when its value breaks its own rule. */
// @ts-ignore: decorator
@inline function onParam(header: i32, name: usize, nameEnd: usize, value: usize, valueEnd: usize, quoted: bool, record: bool): bool {
  const nameLen = <i32>(nameEnd - name);
  if (header == H_VIA) return onViaParam(name, nameLen, nameEnd, value, valueEnd, quoted, record);
  if (header == H_FROM || header == H_TO) {
    if (nameLen == 3 && named(name, 3, TAG)) {
      if (value == 0 || quoted) return false;
      if (record) setField(header == H_FROM ? F_FROM_TAG : F_TO_TAG, value, valueEnd);
    }
  } else if (header == H_CONTACT) {
    if (nameLen == 1 && named(name, 1, Q)) {
      if (value == 0 || quoted || !isQValue(value, valueEnd)) return false;
    } else if (nameLen == 7 && named(name, 7, EXPIRES)) {
      if (value == 0 || quoted || decimal(value, valueEnd) < 0) return false;
    }
  }
  return true;
}

/**
 * Scans *( SEMI generic-param ) from p, the parameters of a `header` value;
 * `record` stores those the UA relies on as the message's fields (the top
 * Via, From, To). Returns the position after the last parameter (at a ","
 * or at end, LWS skipped), or FAIL.
 */
export function scanParams(p: usize, end: usize, header: i32, record: bool): usize {
  p = skipLws(p, end);
  while (p < end) {
    if (at(p) != 0x3b) break;
    const name = skipLws(p + 1, end);
    const nameEnd = scanToken(name, end);
    if (nameEnd == FAIL) return FAIL;
    p = skipLws(nameEnd, end);
    let value: usize = 0;
    let valueEnd: usize = 0;
    let quoted = false;
    if (p < end) {
      if (at(p) == 0x3d) {
        value = skipLws(p + 1, end);
        if (value >= end) return FAIL; // a gen-value is at least one byte
        if (at(value) == DQUOTE) {
          valueEnd = scanQuoted(value, end);
          quoted = true;
        } else {
          valueEnd = scanBareValue(value, end);
        }
        if (valueEnd == FAIL) return FAIL;
        p = skipLws(valueEnd, end);
      }
    }
    if (!onParam(header, name, nameEnd, value, valueEnd, quoted, record)) return FAIL;
  }
  return p;
}
