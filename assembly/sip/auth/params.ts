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

/**
 * A walk over the auth-params of one Digest value, in a record its caller
 * owns: where the walk stands, and the auth-param it stands on, name
 * [name, +nameLength), value [value, valueEnd) (a quoted value inside its
 * DQUOTEs: quoted). An iterator rather than a callback: no function table in
 * the module (the wasm2c runtime of the Cortex-M builds has none).
 */
// @ts-ignore: decorator
@unmanaged export class DigestParams {
  next: usize;
  end: usize;
  name: usize;
  nameLength: i32;
  value: usize;
  valueEnd: usize;
  quoted: bool;
}

/** Starts `walk` over the Digest value [p, end): 0, PARAMS_NOT_DIGEST or PARAMS_MALFORMED. */
export function digestParamsBegin(p: usize, end: usize, walk: DigestParams): i32 {
  p = skipLws(p, end);
  const schemeEnd = scanToken(p, end);
  if (schemeEnd == FAIL) return PARAMS_MALFORMED;
  if (!equalsIgnoreCase(p, <i32>(schemeEnd - p), changetype<usize>("Digest"))) return PARAMS_NOT_DIGEST;
  walk.next = schemeEnd;
  walk.end = end;
  return 0;
}

/** Moves `walk` onto its next auth-param: 1, 0 at the end, or PARAMS_MALFORMED. */
export function digestParamsNext(walk: DigestParams): i32 {
  const end = walk.end;
  let p = skipLws(walk.next, end);
  while (p < end && at(p) == 0x2c) p = skipLws(p + 1, end);
  if (p >= end) return 0;
  const nameEnd = scanToken(p, end);
  if (nameEnd == FAIL) return PARAMS_MALFORMED;
  let q = skipLws(nameEnd, end);
  if (q >= end || at(q) != 0x3d) return PARAMS_MALFORMED;
  q = skipLws(q + 1, end);
  let next: usize;
  const quoted = q < end && at(q) == DQUOTE;
  walk.quoted = quoted;
  if (quoted) {
    next = scanQuoted(q, end);
    if (next == FAIL) return PARAMS_MALFORMED;
    walk.value = q + 1;
    walk.valueEnd = next - 1;
  } else {
    next = scanToken(q, end);
    if (next == FAIL) return PARAMS_MALFORMED;
    walk.value = q;
    walk.valueEnd = next;
  }
  walk.name = p;
  walk.nameLength = <i32>(nameEnd - p);
  next = skipLws(next, end);
  walk.next = next;
  if (next < end && at(next) != 0x2c) return PARAMS_MALFORMED;
  return 1;
}
