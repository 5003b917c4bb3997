// host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1), with the
// IPv6 forms of RFC 5118. The scans return the host's end and keep no state;
// hostKind() tells the kind of a host they accepted from its bytes.

import { is, C_ALPHA, C_DIGIT, C_HEX, C_TOKEN } from "./chars";
import { at, FAIL } from "./scan";

export const HOST_NAME = 1;
export const HOST_IPV4 = 2;
export const HOST_IPV6 = 3;

/**
 * The kind (HOST_NAME, HOST_IPV4, HOST_IPV6) of the host [p, e) that
 * scanHost or scanHostRun accepted: a reference in brackets is IPv6, a run
 * of digits and dots can only have been accepted as an IPv4address, and
 * anything else as a hostname.
 */
export function hostKind(p: usize, e: usize): i32 {
  if (at(p) == 0x5b) return HOST_IPV6;
  for (let q = p; q < e; q++) if (at(q) != 0x2e && !is(at(q), C_DIGIT)) return HOST_NAME;
  return HOST_IPV4;
}

/**
 * IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at
 * most 255, filling [p, end): the dotted quad quadEnd scans, ending at end.
 */
export function isIPv4(p: usize, end: usize): bool {
  return quadEnd(p, end) == end;
}

/**
 * IPv6address of RFC 3261 §25.1 (hexpart [":" IPv4address]) in [p, end).
 * RFC 5118 §4.10: the ABNF of RFC 3261 lets "::" be followed by ":" and an
 * IPv4 address ("2001:db8:::192.0.2.1"); such a reference is tolerated.
 */
export function isIPv6(p: usize, end: usize): bool {
  let groups = 0;
  let compressed = false;
  if (p + 1 < end && at(p) == 0x3a && at(p + 1) == 0x3a) {
    compressed = true;
    p += 2;
    if (p == end) return true;
    if (at(p) == 0x3a) return isIPv4(p + 1, end); // tolerated third colon (RFC 5118 §4.10)
  }
  while (p < end) {
    // A group: 1*4HEXDIG, or an IPv4 address that ends the reference.
    let e = p;
    while (e < end && is(at(e), C_HEX)) e++;
    if (e < end && at(e) == 0x2e) {
      if (!isIPv4(p, end)) return false;
      groups += 2;
      p = end;
      break;
    }
    if (e == p || e - p > 4) return false;
    groups++;
    p = e;
    if (p == end) break;
    if (at(p) != 0x3a) return false;
    p++;
    if (p < end && at(p) == 0x3a) {
      if (compressed) return false;
      compressed = true;
      p++;
      if (p == end) break;
      // RFC 5118 §4.10: "::" then ":" IPv4address, as RFC 3261's ABNF allows, is tolerated.
      if (at(p) == 0x3a) return isIPv4(p + 1, end) && groups + 2 < 8;
    } else if (p == end) {
      return false; // a single trailing colon
    }
  }
  return compressed ? groups < 8 : groups == 8;
}

/** hostname = *( domainlabel "." ) toplabel [ "." ]; labels of alphanum and inner "-"; toplabel starts with ALPHA. */
export function isHostname(p: usize, end: usize): bool {
  if (p < end && at(end - 1) == 0x2e) end--; // one trailing "."
  if (p >= end) return false;
  let label = p;
  let top = p;
  for (let q = p; q <= end; q++) {
    if (q == end || at(q) == 0x2e) {
      if (q == label || at(label) == 0x2d || at(q - 1) == 0x2d) return false;
      top = label;
      label = q + 1;
    } else if (!is(at(q), C_ALPHA | C_DIGIT) && at(q) != 0x2d) {
      return false;
    }
  }
  return is(at(top), C_ALPHA);
}

// Classes of the bytes a host name or IPv4address is made of, one load per byte.
const K_ALNUM: u8 = 1;
const K_DASH: u8 = 2;
const K_DOT: u8 = 3;
const HOST_CLASS: usize = memory.data(256);

function initHostClasses(): void {
  for (let c: u32 = 0; c < 256; c++) if (is(c, C_ALPHA | C_DIGIT)) store<u8>(HOST_CLASS + c, K_ALNUM);
  store<u8>(HOST_CLASS + 0x2d, K_DASH);
  store<u8>(HOST_CLASS + 0x2e, K_DOT);
}
initHostClasses();

// @ts-ignore: decorator
@inline function hostClass(c: u32): u32 {
  return <u32>load<u8>(c, HOST_CLASS);
}

/**
 * A dotted quad at p that ends the run of host bytes: its end, or FAIL (the
 * caller then scans the run in full, which decides the same for a quad).
 * Written with branches only: the position never passes through a select,
 * so the loads that follow do not wait for the digits' values.
 */
function quadEnd(p: usize, end: usize): usize {
  let q = p;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (q >= end) return FAIL;
      if (at(q) != 0x2e) return FAIL;
      q++;
    }
    // 1*3DIGIT, at most 255
    if (q >= end) return FAIL;
    let v = at(q) - 0x30;
    if (v >= 10) return FAIL;
    q++;
    if (q < end) {
      const d = at(q) - 0x30;
      if (d < 10) {
        v = v * 10 + d;
        q++;
        if (q < end) {
          const e = at(q) - 0x30;
          if (e < 10) {
            v = v * 10 + e;
            q++;
            if (v > 255) return FAIL;
          }
        }
      }
    }
  }
  if (q < end) {
    if (hostClass(at(q)) != 0) return FAIL;
  }
  return q;
}

/**
 * A hostname at p whose first byte is a letter (so it cannot be an
 * IPv4address): its end, or FAIL. The same rules as scanHostRun: no empty
 * label, no "-" at either end of a label, a toplabel starting with a letter.
 */
function nameEnd(p: usize, end: usize): usize {
  let q = p + 1;
  let label = p;
  let top = p;
  while (q < end) {
    const k = hostClass(at(q));
    if (k == K_ALNUM) {
      q++;
      continue;
    }
    if (k == 0) break;
    if (k == K_DASH) {
      if (q == label) return FAIL;
    } else {
      if (q == label || at(q - 1) == 0x2d) return FAIL;
      top = label;
      label = q + 1;
    }
    q++;
  }
  if (label < q) {
    if (at(q - 1) == 0x2d) return FAIL;
    top = label;
  }
  return is(at(top), C_ALPHA) ? q : FAIL;
}

/**
 * Scans a host at p and returns its end, or FAIL. A bracketed reference must
 * hold an IPv6 address; otherwise the host is the longest run of name bytes.
 * The usual shapes (a name starting with a letter, a dotted quad) take a
 * short path; any other run is scanned by scanHostRun.
 */
// @ts-ignore: decorator
@inline export function scanHost(p: usize, end: usize): usize {
  if (p >= end) return FAIL;
  const c = at(p);
  if (c == 0x5b) {
    let e = p + 1;
    while (e < end && at(e) != 0x5d) e++;
    if (e >= end || !isIPv6(p + 1, e)) return FAIL;
    return e + 1;
  }
  if (is(c, C_ALPHA)) return nameEnd(p, end);
  if (c - 0x30 < 10) {
    const e = quadEnd(p, end);
    if (e != FAIL) return e;
  }
  return scanHostRun(p, end);
}

/** The host at p by one pass over its whole run of name bytes (any shape): its end, or FAIL. */
export function scanHostRun(p: usize, end: usize): usize {
  // One pass over the run of name bytes, noting what a hostname forbids (an
  // empty label, "-" at either end of a label, a toplabel not starting with a
  // letter) and, while the run holds digits and dots only, whether it is an
  // IPv4address (four octets of 1 to 3 digits, each at most 255).
  let q = p;
  let label = p;
  let top = p;
  let numeric = true;
  let bad = false;
  let dots = 0;
  let octet: u32 = 0;
  let octetOk = true;
  while (q < end) {
    const c = at(q);
    if (c - 0x30 < 10) {
      octet = octet * 10 + c - 0x30;
      q++;
    } else if (is(c, C_ALPHA)) {
      numeric = false;
      q++;
    } else if (c == 0x2d) {
      numeric = false;
      if (q == label) bad = true;
      q++;
    } else if (c == 0x2e) {
      if (q == label || at(q - 1) == 0x2d) bad = true;
      if (q - label > 3 || octet > 255) octetOk = false;
      octet = 0;
      dots++;
      top = label;
      label = ++q;
    } else {
      break;
    }
  }
  if (q == p) return FAIL;
  if (numeric) {
    if (bad || dots != 3 || !octetOk || q == label || q - label > 3 || octet > 255) return FAIL;
    return q;
  }
  if (label < q) {
    if (at(q - 1) == 0x2d) return FAIL;
    top = label;
  } else if (q - 1 == p) {
    return FAIL; // a lone "."
  }
  if (bad || !is(at(top), C_ALPHA)) return FAIL;
  return q;
}

/** A host written in a parameter value (received=, maddr=): IPv6 with or without brackets (RFC 5118 §4.5). */
export function isHostValue(p: usize, end: usize): bool {
  if (p >= end) return false;
  if (at(p) == 0x5b) return scanHost(p, end) == end;
  // A dotted quad filling the value is an IPv4address (and no IPv6address).
  if (at(p) - 0x30 < 10 && quadEnd(p, end) == end) return true;
  if (isIPv6(p, end)) return true;
  if (isIPv4(p, end)) return true;
  // Any other token (a name) is accepted as written.
  for (let q = p; q < end; q++) if (!is(at(q), C_TOKEN)) return false;
  return true;
}
