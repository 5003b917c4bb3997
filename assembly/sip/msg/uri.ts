// URIs (RFC 3261 §19.1, §25.1): SIP and SIPS URIs in full, tel URIs
// (RFC 3966) and any other absoluteURI by its generic syntax. parseUri()
// validates [p, end) as one URI and leaves its parts in the globals below.

import { is, C_ALPHA, C_DIGIT, C_SCHEME, C_UNRESERVED, C_USER, C_PASSWORD, C_PARAM, C_HNV, C_HEX, C_RESERVED, C_PHONE, C_USERINFO } from "./chars";
import { at, FAIL, find, scanClass, scanClassAny, scanPort, equalsIgnoreCase } from "./scan";
import { scanHost } from "./host";

export const URI_NONE = 0;
export const URI_SIP = 1;
export const URI_SIPS = 2;
export const URI_TEL = 3;
export const URI_OTHER = 4;

export let uriKind: i32 = URI_NONE;
export let uriUser: usize = 0;
export let uriUserEnd: usize = 0;
export let uriHost: usize = 0;
export let uriHostEnd: usize = 0;
export let uriPort: usize = 0;
export let uriPortEnd: usize = 0;
/** True when the URI has a headers component ("?" ...). */
export let uriHasHeaders: bool = false;

/**
 * Scans a run of bytes in class `bits` or "%" HEXDIG HEXDIG escapes; returns
 * its end or FAIL on a bad escape. "%" is in none of the URI classes passed
 * here, so the class run stops at every escape.
 */
// @ts-ignore: decorator
@inline function scanEscaped(p: usize, end: usize, bits: u32): usize {
  while (true) {
    p = bits <= 0xff ? scanClass(p, end, bits) : scanClassAny(p, end, bits);
    if (p >= end) return p;
    if (at(p) != 0x25) return p;
    if (p + 2 >= end || !is(at(p + 1), C_HEX) || !is(at(p + 2), C_HEX)) return FAIL;
    p += 3;
  }
}

/**
 * userinfo = user [ ":" password ] in [p, end). The user run stops at the
 * first ":" (no user byte or escape is ":"), or earlier at a byte that makes
 * the userinfo invalid.
 */
function isUserinfo(p: usize, end: usize): bool {
  const userEnd = scanEscaped(p, end, C_UNRESERVED | C_USER);
  if (userEnd == FAIL || userEnd == p || (userEnd < end && at(userEnd) != 0x3a)) return false;
  uriUser = p;
  uriUserEnd = userEnd;
  if (userEnd == end) return true;
  const passEnd = scanEscaped(userEnd + 1, end, C_PASSWORD);
  return passEnd == end;
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
@inline function scanSipUri(p: usize, end: usize): usize {
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
    uriUser = p;
    uriUserEnd = run;
    p = run + 1;
  } else if (stop == 0x3a) {
    run = scanEscaped(run + 1, end, C_USERINFO);
    if (run != FAIL) {
      if (run < end) {
        if (at(run) == 0x40) {
          if (!isUserinfo(p, run)) return FAIL;
          p = run + 1;
        }
      }
    }
  }
  const hostEnd = scanHost(p, end);
  if (hostEnd == FAIL) return FAIL;
  uriHost = p;
  uriHostEnd = hostEnd;
  p = hostEnd;
  if (p >= end) return p;
  if (at(p) == 0x3a) {
    const portEnd = scanPort(p + 1, end);
    if (portEnd == FAIL) return FAIL;
    uriPort = p + 1;
    uriPortEnd = portEnd;
    p = portEnd;
  }
  p = scanUriParams(p, end, C_UNRESERVED | C_PARAM);
  if (p == FAIL || p == end) return p;
  if (at(p) != 0x3f) return p;
  uriHasHeaders = true;
  return scanUriHeaders(p + 1, end);
}

/** telephone-subscriber of RFC 3966 §3: ["+"] 1*phonedigit-hex *par, scanned greedily; the end or FAIL. */
function scanTelUri(p: usize, end: usize): usize {
  const global = p < end && at(p) == 0x2b;
  if (global) p++;
  const numberEnd = scanEscaped(p, end, C_PHONE);
  if (numberEnd == FAIL || numberEnd == p) return FAIL;
  // global-number-digits = "+" *phonedigit DIGIT *phonedigit
  if (global && !hasDigit(p, numberEnd)) return FAIL;
  uriUser = p;
  uriUserEnd = numberEnd;
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
 * that cannot continue it, or FAIL. Its parts are left in the globals above.
 */
export function scanUri(p: usize, end: usize): usize {
  uriKind = URI_NONE;
  uriUser = uriUserEnd = uriHost = uriHostEnd = uriPort = uriPortEnd = 0;
  uriHasHeaders = false;
  if (p >= end || !is(at(p), C_ALPHA)) return FAIL;
  // "sip:" and "sips:", as nearly every URI is written, by one word compare:
  // OR 0x20 makes "s", "i", "p" only of S/s, I/i, P/p; ":" must be exact.
  if (p + 5 <= end) {
    const w = load<u32>(p);
    if ((w | 0x00202020) == 0x3a706973) {
      uriKind = URI_SIP;
      return scanSipUri(p + 4, end);
    }
    if ((w | 0x20202020) == 0x73706973 && at(p + 4) == 0x3a) {
      uriKind = URI_SIPS;
      return scanSipUri(p + 5, end);
    }
  }
  let colon = p + 1;
  while (colon < end && is(at(colon), C_SCHEME)) colon++;
  if (colon >= end || at(colon) != 0x3a) return FAIL;
  const schemeLen = <i32>(colon - p);
  const rest = colon + 1;
  if (schemeLen == 3 && equalsIgnoreCase(p, 3, changetype<usize>("sip"))) {
    uriKind = URI_SIP;
    return scanSipUri(rest, end);
  }
  if (schemeLen == 4 && equalsIgnoreCase(p, 4, changetype<usize>("sips"))) {
    uriKind = URI_SIPS;
    return scanSipUri(rest, end);
  }
  if (schemeLen == 3 && equalsIgnoreCase(p, 3, changetype<usize>("tel"))) {
    uriKind = URI_TEL;
    return scanTelUri(rest, end);
  }
  // absoluteURI = scheme ":" ( hier-part / opaque-part ): 1*uric after the colon.
  uriKind = URI_OTHER;
  const e = scanEscaped(rest, end, C_RESERVED | C_UNRESERVED);
  return e == FAIL || e == rest ? FAIL : e;
}

/** Validates [p, end) as exactly one URI. */
export function parseUri(p: usize, end: usize): bool {
  return scanUri(p, end) == end;
}
