// The grammar of the single-purpose header values (RFC 3261 §25.1 and the
// extensions named per function). Each returns whether [p, end) holds a
// valid value, and what the UA needs of it in its return value: a number
// (NOT_A_NUMBER when invalid), a position (FAIL when invalid) or flags.
// Nothing is left in module variables; the caller records what it keeps.

import { is, C_TOKEN, C_WORD, C_DIGIT, C_LWS, DQUOTE } from "./chars";
import { at, FAIL, skipLws, scanClass, scanToken, scanQuoted, scanDigits, decimal, NOT_A_NUMBER, equalsIgnoreCase } from "./scan";
import { scanParams } from "./params";
import { H_UNKNOWN } from "./header-names";


/** callid = word [ "@" word ] */
export function isCallId(p: usize, end: usize): bool {
  let e = scanClass(p, end, C_WORD);
  if (e == p) return false;
  if (e == end) return true;
  if (at(e) != 0x40) return false;
  const second = e + 1;
  e = scanClass(second, end, C_WORD);
  return e == end && e > second;
}

/**
 * CSeq = 1*DIGIT LWS Method; §8.1.1.5: the number is below 2**31. Returns
 * where the Method starts (it runs to `end`), or FAIL; the number is
 * decimal(p, scanDigits(p, end)).
 */
export function scanCSeq(p: usize, end: usize): usize {
  const e = scanDigits(p, end);
  if (e == FAIL || decimal(p, e) >= 0x80000000) return FAIL;
  if (e >= end) return FAIL;
  if (!is(at(e), C_LWS)) return FAIL;
  const m = skipLws(e, end);
  if (scanToken(m, end) != end) return FAIL;
  return m;
}

/** RAck = response-num LWS CSeq-num LWS Method (RFC 3262 §7.2). */
export function isRAck(p: usize, end: usize): bool {
  let e = scanDigits(p, end);
  if (e == FAIL || decimal(p, e) >= 0x80000000 || e >= end || !is(at(e), C_LWS)) return false;
  p = skipLws(e, end);
  e = scanDigits(p, end);
  if (e == FAIL || decimal(p, e) >= 0x80000000 || e >= end || !is(at(e), C_LWS)) return false;
  return scanToken(skipLws(e, end), end) == end;
}

/**
 * A comma-separated list of tokens, each optionally with parameters:
 * Allow, Supported, Require, Proxy-Require, Unsupported, Allow-Events,
 * Accept-Encoding, Accept-Language, Content-Encoding. `allowEmpty` for the
 * lists whose ABNF permits an empty value (Allow, Supported, Accept-*).
 */
export function isTokenList(p: usize, end: usize, allowEmpty: bool, withParams: bool): bool {
  p = skipLws(p, end);
  if (p == end) return allowEmpty;
  while (true) {
    const e = scanToken(p, end);
    if (e == FAIL) return false;
    p = withParams ? scanParams(e, end, H_UNKNOWN, false) : skipLws(e, end);
    if (p == FAIL) return false;
    if (p == end) return true;
    if (at(p) != 0x2c) return false;
    p = skipLws(p + 1, end);
  }
}

/**
 * m-type SLASH m-subtype of a media-type at p (LWS skipped first): returns
 * the end of m-subtype, or FAIL. type/subtype starts at skipLws(p, end); the
 * caller scans the parameters from there.
 */
export function scanMediaRange(p: usize, end: usize): usize {
  const type = skipLws(p, end);
  const e = scanToken(type, end);
  if (e == FAIL) return FAIL;
  p = skipLws(e, end);
  if (p >= end || at(p) != 0x2f) return FAIL;
  p = skipLws(p + 1, end);
  return scanToken(p, end);
}

/**
 * Content-Type = media-type, whose parameters all have values (m-parameter =
 * m-attribute EQUAL m-value): returns the end of type/subtype, or FAIL.
 * type/subtype starts at skipLws(p, end).
 */
export function scanContentType(p: usize, end: usize): usize {
  // media-type = m-type SLASH m-subtype *(SEMI m-parameter)
  const typeEnd = scanMediaRange(p, end);
  if (typeEnd == FAIL || scanParams(typeEnd, end, H_UNKNOWN, false) != end) return FAIL;
  let q = skipLws(typeEnd, end);
  while (q < end && at(q) == 0x3b) {
    const e = scanToken(skipLws(q + 1, end), end);
    if (e == FAIL) return FAIL;
    let r = skipLws(e, end);
    if (r >= end || at(r) != 0x3d) return FAIL;
    r = skipLws(r + 1, end);
    const v = r < end && at(r) == DQUOTE ? scanQuoted(r, end) : scanToken(r, end);
    if (v == FAIL) return FAIL;
    q = skipLws(v, end);
  }
  return q == end ? typeEnd : FAIL;
}

/** checkAccept's flags: the value is valid; one of its ranges admits application/sdp. */
export const ACCEPT_VALID: i32 = 1;
export const ACCEPT_SDP: i32 = 2;

function admitsSdp(type: usize, typeEnd: usize): bool {
  let slash = type;
  while (slash < typeEnd && at(slash) != 0x2f) slash++;
  const mtype = <i32>(slash - type);
  let sub = skipLws(slash + 1, typeEnd);
  const msub = <i32>(typeEnd - sub);
  // Only "*/*" and "type/*" are ranges (RFC 2616 §14.1, as RFC 3261 §20.1 uses it).
  if (equalsIgnoreCase(type, mtype, changetype<usize>("*"))) return equalsIgnoreCase(sub, msub, changetype<usize>("*"));
  if (!equalsIgnoreCase(type, mtype, changetype<usize>("application"))) return false;
  return equalsIgnoreCase(sub, msub, changetype<usize>("*")) || equalsIgnoreCase(sub, msub, changetype<usize>("sdp"));
}

/**
 * Accept = [ accept-range *(COMMA accept-range) ]: returns ACCEPT_VALID when
 * valid, and with `noteSdp` adds ACCEPT_SDP when a range before any error
 * admits application/sdp (only the policy's 406 check of an INVITE asks;
 * validation alone does not compare the ranges).
 */
export function checkAccept(p: usize, end: usize, noteSdp: bool): i32 {
  let sdp = 0;
  p = skipLws(p, end);
  while (p < end) {
    // accept-range = media-range *(SEMI accept-param)
    const typeEnd = scanMediaRange(p, end);
    if (typeEnd == FAIL) return sdp;
    const e = scanParams(typeEnd, end, H_UNKNOWN, false);
    if (e == FAIL) return sdp;
    if (noteSdp && admitsSdp(p, typeEnd)) sdp = ACCEPT_SDP;
    if (e == end) return sdp | ACCEPT_VALID;
    if (at(e) != 0x2c) return sdp;
    p = skipLws(e + 1, end);
    if (p == end) return sdp;
  }
  return sdp | ACCEPT_VALID;
}

/** auth-param = auth-param-name EQUAL ( token / quoted-string ); returns the end or FAIL. */
function scanAuthParam(p: usize, end: usize): usize {
  const e = scanToken(p, end);
  if (e == FAIL) return FAIL;
  p = skipLws(e, end);
  if (p >= end || at(p) != 0x3d) return FAIL;
  p = skipLws(p + 1, end);
  if (p < end && at(p) == DQUOTE) return scanQuoted(p, end);
  return scanToken(p, end);
}

/** auth-param *(COMMA auth-param) filling [p, end). */
export function isAuthParams(p: usize, end: usize): bool {
  while (true) {
    p = skipLws(p, end);
    const e = scanAuthParam(p, end);
    if (e == FAIL) return false;
    p = skipLws(e, end);
    if (p == end) return true;
    if (at(p) != 0x2c) return false;
    p++;
  }
}

/**
 * challenge / credentials = auth-scheme LWS auth-param *(COMMA auth-param)
 * (RFC 3261 §25.1; digest-response and digest-cln are auth-params of this
 * shape). Used for WWW-/Proxy-Authenticate and (Proxy-)Authorization.
 */
export function isAuthHeader(p: usize, end: usize): bool {
  const e = scanToken(p, end);
  if (e == FAIL || e >= end || !is(at(e), C_LWS)) return false;
  return isAuthParams(e, end);
}

const WEEKDAYS = changetype<usize>("MonTueWedThuFriSatSun");
const MONTHS = changetype<usize>("JanFebMarAprMayJunJulAugSepOctNovDec");

/** Whether the 3 bytes at p are one of the 3-letter names in the literal at `list`. */
function oneOf3(p: usize, list: usize): bool {
  const n = <usize>(load<u32>(list - 4) >> 1);
  for (let i: usize = 0; i < n; i += 3) {
    const c = list + (i << 1);
    if (at(p) == <u32>load<u16>(c) && at(p + 1) == <u32>load<u16>(c + 2) && at(p + 2) == <u32>load<u16>(c + 4)) return true;
  }
  return false;
}

function digitsAt(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) if (!is(at(p + <usize>i), C_DIGIT)) return false;
  return true;
}

/**
 * Date = rfc1123-date = wkday "," SP date1 SP time SP "GMT" (RFC 3261
 * §20.17, §25.1): "Mon, 01 Jan 2010 16:00:00 GMT" — 29 octets exactly.
 */
export function isDate(p: usize, end: usize): bool {
  if (end - p != 29) return false;
  if (!oneOf3(p, WEEKDAYS) || at(p + 3) != 0x2c || at(p + 4) != 0x20) return false;
  if (!digitsAt(p + 5, 2) || at(p + 7) != 0x20 || !oneOf3(p + 8, MONTHS) || at(p + 11) != 0x20) return false;
  if (!digitsAt(p + 12, 4) || at(p + 16) != 0x20) return false;
  if (!digitsAt(p + 17, 2) || at(p + 19) != 0x3a || !digitsAt(p + 20, 2) || at(p + 22) != 0x3a || !digitsAt(p + 23, 2)) return false;
  return at(p + 25) == 0x20 && at(p + 26) == 0x47 && at(p + 27) == 0x4d && at(p + 28) == 0x54;
}

/** Retry-After = delta-seconds [ comment ] *( SEMI retry-param ) (RFC 3261 §20.33): the delta-seconds, or NOT_A_NUMBER. */
export function retryAfter(p: usize, end: usize): i64 {
  const digitsEnd = scanDigits(p, end);
  if (digitsEnd == FAIL) return NOT_A_NUMBER;
  let e: usize = digitsEnd;
  e = skipLws(e, end);
  if (e < end && at(e) == 0x28) {
    // comment = LPAREN *(ctext / quoted-pair / comment) RPAREN: nesting counted.
    let depth = 0;
    while (e < end) {
      const c = at(e);
      if (c == 0x5c) { e += 2; continue; }
      if (c == 0x28) depth++;
      else if (c == 0x29) { depth--; if (depth == 0) { e++; break; } }
      e++;
    }
    if (depth != 0) return NOT_A_NUMBER;
  }
  return scanParams(e, end, H_UNKNOWN, false) == end ? decimal(p, digitsEnd) : NOT_A_NUMBER;
}

/** A token with parameters filling [p, end) (Event, Subscription-State, Content-Disposition ...): the token's end, or FAIL. */
export function scanTokenWithParams(p: usize, end: usize): usize {
  const e = scanToken(p, end);
  if (e == FAIL) return FAIL;
  return scanParams(e, end, H_UNKNOWN, false) == end ? e : FAIL;
}

/** Is every byte of [p, end) a token character (used by the option-tag checks). */
export function isTokenRun(p: usize, end: usize): bool {
  return p < end && scanToken(p, end) == end;
}

