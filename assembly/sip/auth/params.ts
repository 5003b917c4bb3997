// The auth-param list of a Digest header field value, shared by the
// client's reading of a challenge (challenge.ts: WWW-/Proxy-Authenticate)
// and the server's reading of credentials (server.ts: Authorization):
//   challenge   = "Digest" LWS digest-cln *(COMMA digest-cln)     (RFC 3261 §25.1)
//   credentials = "Digest" LWS dig-resp *(COMMA dig-resp)
// each element auth-param-name EQUAL ( token / quoted-string ). Null list
// elements (empty items between commas, RFC 7230 §7) are tolerated.

import { at, skipLws, scanToken, scanQuoted, equalsIgnoreCase, FAIL } from "../msg/scan";
import { DQUOTE, BACKSLASH, CR, LF } from "../msg/chars";

/** parseDigestParams: the scheme is not Digest (RFC 2617 §1.2: compared without case). */
export const PARAMS_NOT_DIGEST: i32 = -1;
/** parseDigestParams: broken syntax. */
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

/**
 * Walks the Digest value [p, end): `onParam(name, nameLen, value, valueEnd,
 * quoted)` for each auth-param (a quoted value given inside its DQUOTEs).
 * Returns 0, the first non-zero result of onParam, PARAMS_NOT_DIGEST or
 * PARAMS_MALFORMED.
 */
export function parseDigestParams(p: usize, end: usize, onParam: (name: usize, nameLen: i32, v: usize, vEnd: usize, quoted: bool) => i32): i32 {
  p = skipLws(p, end);
  const schemeEnd = scanToken(p, end);
  if (schemeEnd == FAIL) return PARAMS_MALFORMED;
  if (!equalsIgnoreCase(p, <i32>(schemeEnd - p), changetype<usize>("Digest"))) return PARAMS_NOT_DIGEST;
  p = schemeEnd;
  while (true) {
    p = skipLws(p, end);
    while (p < end && at(p) == 0x2c) p = skipLws(p + 1, end);
    if (p >= end) break;
    const nameEnd = scanToken(p, end);
    if (nameEnd == FAIL) return PARAMS_MALFORMED;
    let q = skipLws(nameEnd, end);
    if (q >= end || at(q) != 0x3d) return PARAMS_MALFORMED;
    q = skipLws(q + 1, end);
    let v = q;
    let vEnd: usize;
    let next: usize;
    const quoted = q < end && at(q) == DQUOTE;
    if (quoted) {
      next = scanQuoted(q, end);
      if (next == FAIL) return PARAMS_MALFORMED;
      v = q + 1;
      vEnd = next - 1;
    } else {
      next = scanToken(q, end);
      if (next == FAIL) return PARAMS_MALFORMED;
      vEnd = next;
    }
    const r = onParam(p, <i32>(nameEnd - p), v, vEnd, quoted);
    if (r != 0) return r;
    p = skipLws(next, end);
    if (p < end && at(p) != 0x2c) return PARAMS_MALFORMED;
  }
  return 0;
}
