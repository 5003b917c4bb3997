// The small lexical pieces of SDP (RFC 8866 §9 grammar): numbers, tokens,
// literals and IP addresses, each over a byte range [p, end) that it never
// reads past. Results that need two values come back packed in an i64.

/** Longest decimal number read: 20 digits hold any 64-bit value (sess-id, RFC 8866 §5.2). */
export const MAX_DIGITS: i32 = 20;

// @ts-ignore: decorator
@inline export function isDigit(c: u32): bool { return c - 0x30 < 10; }

/** Skips spaces (SP, and HTAB which some stacks write) from p; returns the first other position. */
export function skipSpace(p: usize, end: usize): usize {
  while (p < end && (load<u8>(p) == 0x20 || load<u8>(p) == 0x09)) p++;
  return p;
}

/** The end of the word at p: the first space or HTAB (or `end`). */
export function wordEnd(p: usize, end: usize): usize {
  while (p < end && load<u8>(p) != 0x20 && load<u8>(p) != 0x09) p++;
  return p;
}

/** The first position of byte c in [p, end), or `end`. */
export function find(p: usize, end: usize, c: u8): usize {
  while (p < end && load<u8>(p) != c) p++;
  return p;
}

/** Whether [p, end) is the ASCII literal, letters compared without case (RFC 4855 §3 for encoding names). */
export function equalsLiteral(p: usize, end: usize, literal: usize): bool {
  const n = <usize>(load<u32>(literal - 4) >> 1);
  if (end - p != n) return false;
  for (let i: usize = 0; i < n; i++) {
    let a = <u32>load<u8>(p + i);
    let b = <u32>load<u16>(literal + (i << 1));
    if (a - 0x41 < 26) a += 0x20;
    if (b - 0x41 < 26) b += 0x20;
    if (a != b) return false;
  }
  return true;
}

/**
 * The decimal number at the start of [p, end): its value, or -1 when there is
 * no digit or more than maxDigits. Twenty digits may pass 2^63: the value is
 * then kept modulo 2^63 (good for telling versions apart, never a trap).
 */
export function readNumber(p: usize, end: usize, maxDigits: i32): i64 {
  let v: u64 = 0;
  let n = 0;
  while (p < end && isDigit(<u32>load<u8>(p))) {
    if (++n > maxDigits) return -1;
    v = v * 10 + <u64>(load<u8>(p) - 0x30);
    p++;
  }
  if (n == 0) return -1;
  return <i64>(v & 0x7fffffffffffffff);
}

/** The position after the digits at p. */
export function digitsEnd(p: usize, end: usize): usize {
  while (p < end && isDigit(<u32>load<u8>(p))) p++;
  return p;
}

/** A number that must fill [p, end) exactly and be at most max; -1 otherwise. */
export function wholeNumber(p: usize, end: usize, max: u32): i64 {
  if (digitsEnd(p, end) != end) return -1;
  const v = readNumber(p, end, 10);
  return v >= 0 && v <= <i64>max ? v : -1;
}

/**
 * Writes the IPv4 literal [p, end) (dotted decimal, RFC 8866 §9 IP4-address)
 * into dst as ::ffff:a.b.c.d (16 octets); false when it is not one.
 */
export function parseIPv4(p: usize, end: usize, dst: usize): bool {
  let q = p;
  for (let i = 0; i < 4; i++) {
    if (i > 0) {
      if (q >= end || load<u8>(q) != 0x2e) return false;
      q++;
    }
    const e = digitsEnd(q, end);
    if (e == q || e - q > 3) return false;
    const v = readNumber(q, e, 3);
    if (v > 255) return false;
    store<u8>(dst + 12 + <usize>i, <u8>v);
    q = e;
  }
  if (q != end) return false;
  store<u64>(dst, 0);
  store<u16>(dst + 8, 0);
  store<u16>(dst + 10, 0xffff);
  return true;
}

function hexValue(c: u32): i32 {
  if (c - 0x30 < 10) return <i32>(c - 0x30);
  const l = c | 0x20;
  if (l - 0x61 < 6) return <i32>(l - 0x61 + 10);
  return -1;
}

/**
 * Writes the IPv6 literal [p, end) (RFC 4291 §2.2 text form: eight groups of
 * up to four hex digits, one "::" for a run of zero groups) into dst (16
 * octets); false when it is not one. The dotted IPv4 tail of §2.2 form 3 is
 * not taken (an address written so is refused, never misread).
 */
export function parseIPv6(p: usize, end: usize, dst: usize): bool {
  for (let i: usize = 0; i < 16; i += 2) store<u16>(dst + i, 0);
  let groups = 0;
  let gap = -1; // the group index where "::" stood
  let q = p;
  if (end - q >= 2 && load<u8>(q) == 0x3a && load<u8>(q + 1) == 0x3a) { gap = 0; q += 2; }
  while (q < end) {
    if (groups == 8) return false;
    let v = 0;
    let n = 0;
    while (q < end && hexValue(<u32>load<u8>(q)) >= 0) {
      if (++n > 4) return false;
      v = (v << 4) | hexValue(<u32>load<u8>(q));
      q++;
    }
    if (n == 0) return false;
    store<u8>(dst + <usize>(groups * 2), <u8>(v >> 8));
    store<u8>(dst + <usize>(groups * 2 + 1), <u8>v);
    groups++;
    if (q == end) break;
    if (load<u8>(q) != 0x3a) return false;
    q++;
    if (q < end && load<u8>(q) == 0x3a) {
      if (gap >= 0) return false;
      gap = groups;
      q++;
    } else if (q == end) return false;
  }
  if (gap < 0) return groups == 8;
  if (groups > 7) return false;
  // Move the groups after the gap to the end of the 16 octets.
  const after = groups - gap;
  for (let k = after - 1; k >= 0; k--) {
    const from = dst + <usize>((gap + k) * 2);
    const to = dst + <usize>((8 - after + k) * 2);
    const w = load<u16>(from);
    store<u16>(from, 0);
    store<u16>(to, w);
  }
  return true;
}
