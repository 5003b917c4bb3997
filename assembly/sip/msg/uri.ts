// URIs (RFC 3261 §19.1, §25.1): SIP and SIPS URIs in full, tel URIs
// (RFC 3966) and any other absoluteURI by its generic syntax. parseUri()
// validates [p, end) as one URI and writes its parts into a UriParts record
// the caller owns, so no later call can overwrite what an earlier one found.

import { is, C_ALPHA, C_DIGIT, C_SCHEME, C_UNRESERVED, C_USER, C_PASSWORD, C_PARAM, C_HNV, C_HEX, C_RESERVED, C_PHONE, C_USERINFO } from "./chars";
import { at, FAIL, find, scanClass, scanClassAny, scanPort, equalsIgnoreCase } from "./scan";
import { scanHost } from "./host";

export const URI_NONE = 0;
export const URI_SIP = 1;
export const URI_SIPS = 2;
export const URI_TEL = 3;
export const URI_OTHER = 4;

/**
 * The parts of one URI, written by scanUri into a record its caller owns
 * (laid over static memory: `changetype<UriParts>(memory.data(...))`).
 * Positions are absolute; a part the URI lacks has start and end 0. Each
 * start/end pair is written by one 64-bit store (wasm2c range-checks every
 * memory access: fewer stores, fewer checks on the Cortex-M).
 */
// @ts-ignore: decorator
@unmanaged export class UriParts {
  user: usize;
  userEnd: usize;
  host: usize;
  hostEnd: usize;
  port: usize;
  portEnd: usize;
  /** URI_NONE .. URI_OTHER. */
  kind: u8;
  /** True when the URI has a headers component ("?" ...). */
  hasHeaders: bool;
}

/**
 * Writes the span [start, end) into the start/end pair of fields at `field`
 * of a UriParts record, one 64-bit store (start is the lower address).
 */
// @ts-ignore: decorator
@inline function putSpan(parts: UriParts, field: usize, start: usize, end: usize): void {
  store<u64>(changetype<usize>(parts) + field, <u64>start | (<u64>end << 32));
}

/** The three spans of a URI without them (absoluteURI), or without host and port (tel): all 0. */
function clearSpans(parts: UriParts, from: usize): void {
  for (let field = from; field < offsetof<UriParts>("kind"); field += 8) store<u64>(changetype<usize>(parts) + field, 0);
}

/**
 * Scans a run of bytes in class `bits` or "%" HEXDIG HEXDIG escapes; returns
 * its end or FAIL on a bad escape. "%" is in none of the URI classes passed
 * here, so the class run stops at every escape.
 */
// @ts-ignore: decorator
function scanEscaped(p: usize, end: usize, bits: u32): usize {
  while (true) {
    p = bits <= 0xff ? scanClass(p, end, bits) : scanClassAny(p, end, bits);
    if (p >= end) return p;
    if (at(p) != 0x25) return p;
    if (p + 2 >= end || !is(at(p + 1), C_HEX) || !is(at(p + 2), C_HEX)) return FAIL;
    p += 3;
  }
}

/**
 * userinfo = user [ ":" password ] in [p, end): returns the end of the user,
 * or FAIL. The user run stops at the first ":" (no user byte or escape is
 * ":"), or earlier at a byte that makes the userinfo invalid.
 */
function userinfoUserEnd(p: usize, end: usize): usize {
  const userEnd = scanEscaped(p, end, C_UNRESERVED | C_USER);
  if (userEnd == FAIL || userEnd == p || (userEnd < end && at(userEnd) != 0x3a)) return FAIL;
  if (userEnd == end || scanEscaped(userEnd + 1, end, C_PASSWORD) == end) return userEnd;
  return FAIL;
}

/** *( ";" pname [ "=" pvalue ] ) with the given value classes; returns the end or FAIL. */
// @ts-ignore: decorator
@inline function scanUriParams(p: usize, end: usize, bits: u32): usize {
  while (p < end) {
    if (at(p) != 0x3b) break;
    const nameEnd = scanEscaped(p + 1, end, bits);
    if (nameEnd == FAIL || nameEnd == p + 1) return FAIL;
    p = nameEnd;
    if (p >= end) break;
    if (at(p) == 0x3d) {
      const valueEnd = scanEscaped(p + 1, end, bits);
      if (valueEnd == FAIL || valueEnd == p + 1) return FAIL;
      p = valueEnd;
    }
  }
  return p;
}

/** headers = "?" header *( "&" header ); header = hname "=" hvalue. p after "?"; returns the end or FAIL. */
function scanUriHeaders(p: usize, end: usize): usize {
  const bits = C_UNRESERVED | C_HNV;
  while (true) {
    const nameEnd = scanEscaped(p, end, bits);
    if (nameEnd == FAIL || nameEnd == p || nameEnd >= end || at(nameEnd) != 0x3d) return FAIL;
    const valueEnd = scanEscaped(nameEnd + 1, end, bits);
    if (valueEnd == FAIL) return FAIL;
    if (valueEnd == end || at(valueEnd) != 0x26) return valueEnd;
    p = valueEnd + 1;
  }
}

/**
 * The rest of a SIP or SIPS URI after "sip:", scanned greedily: returns the
 * position of the first octet that cannot continue it (">" in a name-addr,
 * SP after a Request-URI), or FAIL.
 */
// @ts-ignore: decorator
@inline function scanSipUri(p: usize, end: usize, parts: UriParts): usize {
  let user: usize = 0;
  let userEnd: usize = 0;
  // A userinfo candidate: if the run of userinfo bytes stops at "@" it was
  // one. C_USERINFO is the user bytes and ":", so the run is scanned as user
  // bytes first: stopping at "@" there, the user is known without a second
  // pass; stopping at ":", the run goes on over userinfo bytes.
  let run = scanEscaped(p, end, C_UNRESERVED | C_USER);
  // The byte that ended the run (0x100 for none: a bad escape or the end).
  let stop: u32 = 0x100;
  if (run != FAIL) {
    if (run < end) stop = at(run);
  }
  if (stop == 0x40) {
    if (run == p) return FAIL; // an empty user
    user = p;
    userEnd = run;
    p = run + 1;
  } else if (stop == 0x3a) {
    run = scanEscaped(run + 1, end, C_USERINFO);
    if (run != FAIL) {
      if (run < end) {
        if (at(run) == 0x40) {
          userEnd = userinfoUserEnd(p, run);
          if (userEnd == FAIL) return FAIL;
          user = p;
          p = run + 1;
        }
      }
    }
  }
  const hostEnd = scanHost(p, end);
  if (hostEnd == FAIL) return FAIL;
  putSpan(parts, offsetof<UriParts>("user"), user, userEnd);
  putSpan(parts, offsetof<UriParts>("host"), p, hostEnd);
  p = hostEnd;
  let port: usize = 0;
  let portEnd: usize = 0;
  if (p < end && at(p) == 0x3a) {
    portEnd = scanPort(p + 1, end);
    if (portEnd == FAIL) return FAIL;
    port = p + 1;
    p = portEnd;
  }
  putSpan(parts, offsetof<UriParts>("port"), port, portEnd);
  if (p >= end) return p;
  p = scanUriParams(p, end, C_UNRESERVED | C_PARAM);
  if (p == FAIL || p == end) return p;
  if (at(p) != 0x3f) return p;
  parts.hasHeaders = true;
  return scanUriHeaders(p + 1, end);
}

/** telephone-subscriber of RFC 3966 §3: ["+"] 1*phonedigit-hex *par, scanned greedily; the end or FAIL. */
function scanTelUri(p: usize, end: usize, parts: UriParts): usize {
  const global = p < end && at(p) == 0x2b;
  if (global) p++;
  const numberEnd = scanEscaped(p, end, C_PHONE);
  if (numberEnd == FAIL || numberEnd == p) return FAIL;
  // global-number-digits = "+" *phonedigit DIGIT *phonedigit
  if (global && !hasDigit(p, numberEnd)) return FAIL;
  putSpan(parts, offsetof<UriParts>("user"), p, numberEnd);
  clearSpans(parts, offsetof<UriParts>("host"));
  const paramsEnd = scanUriParams(numberEnd, end, C_UNRESERVED | C_PARAM);
  if (paramsEnd == FAIL) return FAIL;
  // local-number = local-number-digits *par context *par (§3, §5.1.5)
  return global || hasPhoneContext(numberEnd, paramsEnd) ? paramsEnd : FAIL;
}

function hasDigit(p: usize, end: usize): bool {
  for (; p < end; p++) if (is(at(p), C_DIGIT)) return true;
  return false;
}

/** Whether the (already validated) parameters in [p, end) include phone-context with a value. */
function hasPhoneContext(p: usize, end: usize): bool {
  while (p < end) {
    const name = p + 1;
    let e = name;
    while (e < end && at(e) != 0x3d && at(e) != 0x3b) e++;
    if (equalsIgnoreCase(name, <i32>(e - name), changetype<usize>("phone-context")) && e < end && at(e) == 0x3d) return true;
    p = find(e, end, 0x3b);
  }
  return false;
}

/**
 * Scans one URI from p greedily: returns the position of the first octet
 * that cannot continue it, or FAIL. Its parts go into `parts`: the kind
 * always (URI_NONE without a scheme), the spans when the URI is valid.
 */
export function scanUri(p: usize, end: usize, parts: UriParts): usize {
  // kind URI_NONE and hasHeaders false until the scheme is known.
  store<u16>(changetype<usize>(parts), 0, offsetof<UriParts>("kind"));
  if (p >= end || !is(at(p), C_ALPHA)) return FAIL;
  // The scheme (§19.1.1, RFC 3986 §3.1) decides the kind; `rest` is after its ":".
  let kind = URI_OTHER;
  let rest = p + 4;
  // "sip:" and "sips:", as nearly every URI is written, by one word compare:
  // OR 0x20 makes "s", "i", "p" only of S/s, I/i, P/p; ":" must be exact.
  const w = p + 5 <= end ? load<u32>(p) : 0;
  if ((w | 0x00202020) == 0x3a706973) {
    kind = URI_SIP;
  } else if ((w | 0x20202020) == 0x73706973 && at(p + 4) == 0x3a) {
    kind = URI_SIPS;
    rest = p + 5;
  } else {
    let colon = p + 1;
    while (colon < end && is(at(colon), C_SCHEME)) colon++;
    if (colon >= end || at(colon) != 0x3a) return FAIL;
    const schemeLen = <i32>(colon - p);
    rest = colon + 1;
    if (schemeLen == 3 && equalsIgnoreCase(p, 3, changetype<usize>("sip"))) kind = URI_SIP;
    else if (schemeLen == 4 && equalsIgnoreCase(p, 4, changetype<usize>("sips"))) kind = URI_SIPS;
    else if (schemeLen == 3 && equalsIgnoreCase(p, 3, changetype<usize>("tel"))) kind = URI_TEL;
  }
  parts.kind = <u8>kind;
  if (kind <= URI_SIPS) return scanSipUri(rest, end, parts);
  if (kind == URI_TEL) return scanTelUri(rest, end, parts);
  // absoluteURI = scheme ":" ( hier-part / opaque-part ): 1*uric after the colon.
  clearSpans(parts, offsetof<UriParts>("user"));
  const e = scanEscaped(rest, end, C_RESERVED | C_UNRESERVED);
  return e == FAIL || e == rest ? FAIL : e;
}

/** Validates [p, end) as exactly one URI, its parts into `parts`. */
export function parseUri(p: usize, end: usize, parts: UriParts): bool {
  return scanUri(p, end, parts) == end;
}
