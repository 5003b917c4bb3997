// The auth-param list of a Digest header field value, shared by the
// client's reading of a challenge (challenge.ts: WWW-/Proxy-Authenticate)
// and the server's reading of credentials (server.ts: Authorization):
//   challenge   = "Digest" LWS digest-cln *(COMMA digest-cln)     (RFC 3261 §25.1)
//   credentials = "Digest" LWS dig-resp *(COMMA dig-resp)
// each element auth-param-name EQUAL ( token / quoted-string ). Null list
// elements (empty items between commas, RFC 7230 §7) are tolerated.

import { at, skipLws, scanToken, scanQuoted, equalsIgnoreCase, FAIL } from "../msg/scan";
import { DQUOTE, BACKSLASH, CR, LF } from "../msg/chars";

/** digestParamsBegin: the scheme is not Digest (RFC 2617 §1.2: compared without case). */
export const PARAMS_NOT_DIGEST: i32 = -1;
/** Broken syntax. */
export const PARAMS_MALFORMED: i32 = -2;

/**
 * Copies the value [p, end) into dst (capacity cap). A quoted value (p and
 * end inside the DQUOTEs) has its quoted-pairs resolved (RFC 3261 §25.1:
 * quoted-pair = "\" char) and its folds unfolded (§7.3.1: the CRLF of a fold
 * is dropped, its whitespace kept). Returns the length, or -1 when too long.
 */
export function copyValue(dst: usize, cap: i32, p: usize, end: usize, quoted: bool): i32 {
  let n = 0;
  while (p < end) {
    let c = at(p);
    p++;
    if (quoted) {
      if (c == CR || c == LF) continue;
      if (c == BACKSLASH && p < end) {
        c = at(p);
        p++;
      }
    }
    if (n >= cap) return -1;
    store<u8>(dst + <usize>n, <u8>c);
    n++;
  }
  return n;
}

// The auth-param the walk stands on: name [paramName, +paramNameLength), value [paramValue, paramValueEnd)
// (a quoted value inside its DQUOTEs: paramQuoted). An iterator rather than a callback: no function table
// in the module (the wasm2c runtime of the Cortex-M builds has none).
export let paramName: usize = 0;
export let paramNameLength: i32 = 0;
export let paramValue: usize = 0;
export let paramValueEnd: usize = 0;
export let paramQuoted: bool = false;
let at_: usize = 0;
let end_: usize = 0;

/** Starts walking the Digest value [p, end): 0, PARAMS_NOT_DIGEST or PARAMS_MALFORMED. */
export function digestParamsBegin(p: usize, end: usize): i32 {
  p = skipLws(p, end);
  const schemeEnd = scanToken(p, end);
  if (schemeEnd == FAIL) return PARAMS_MALFORMED;
  if (!equalsIgnoreCase(p, <i32>(schemeEnd - p), changetype<usize>("Digest"))) return PARAMS_NOT_DIGEST;
  at_ = schemeEnd;
  end_ = end;
  return 0;
}

/** The next auth-param into the param* globals: 1, 0 at the end, or PARAMS_MALFORMED. */
export function digestParamsNext(): i32 {
  const end = end_;
  let p = skipLws(at_, end);
  while (p < end && at(p) == 0x2c) p = skipLws(p + 1, end);
  if (p >= end) return 0;
  const nameEnd = scanToken(p, end);
  if (nameEnd == FAIL) return PARAMS_MALFORMED;
  let q = skipLws(nameEnd, end);
  if (q >= end || at(q) != 0x3d) return PARAMS_MALFORMED;
  q = skipLws(q + 1, end);
  let next: usize;
  paramQuoted = q < end && at(q) == DQUOTE;
  if (paramQuoted) {
    next = scanQuoted(q, end);
    if (next == FAIL) return PARAMS_MALFORMED;
    paramValue = q + 1;
    paramValueEnd = next - 1;
  } else {
    next = scanToken(q, end);
    if (next == FAIL) return PARAMS_MALFORMED;
    paramValue = q;
    paramValueEnd = next;
  }
  paramName = p;
  paramNameLength = <i32>(nameEnd - p);
  at_ = skipLws(next, end);
  if (at_ < end && at(at_) != 0x2c) return PARAMS_MALFORMED;
  return 1;
}
