// An IPv6 address as text, in the one form RFC 5952 §4 recommends: lowercase
// hex digits, no leading zeros in a group, and the longest run of two or more
// zero groups (the first of equal runs) written "::". The station writes its
// own address so in SDP (c=IN IP6, RFC 8866 §5.7) and, bracketed, in Via and
// Contact (RFC 3261 §25.1 IPv6reference, RFC 5118 §4): the peer compares the
// text it sees, so one address has one spelling.

/** The longest text: eight groups of four digits and seven colons. */
export const IPV6_TEXT_MAX: i32 = 39;

function group(a: usize, g: i32): u32 { return (<u32>load<u8>(a + <usize>(g * 2)) << 8) | <u32>load<u8>(a + <usize>(g * 2 + 1)); }

/**
 * Writes the 16 address octets at `a` into [dst, dst + cap) as RFC 5952 text;
 * returns its length, or -1 when it does not fit (nothing past cap written).
 */
export function writeIPv6(a: usize, dst: usize, cap: i32): i32 {
  // §4.2.1-§4.2.3: the longest run of zero groups, at least two, the first of equals.
  let runAt = -1, runLength = 1;
  for (let g = 0; g < 8; ) {
    if (group(a, g) != 0) { g++; continue; }
    let e = g;
    while (e < 8 && group(a, e) == 0) e++;
    if (e - g > runLength) { runAt = g; runLength = e - g; }
    g = e;
  }
  let n = 0;
  for (let g = 0; g < 8; g++) {
    if (g == runAt) {
      if (n + 2 > cap) return -1;
      store<u8>(dst + <usize>(n++), 0x3a);
      store<u8>(dst + <usize>(n++), 0x3a);
      g += runLength - 1;
      continue;
    }
    if (g > 0 && g != runAt + runLength) {
      if (n >= cap) return -1;
      store<u8>(dst + <usize>(n++), 0x3a);
    }
    const v = group(a, g);
    // §4.1: no leading zeros; §4.3: lowercase.
    for (let s = 12; s >= 0; s -= 4) {
      if (s > 0 && (v >>> <u32>s) == 0) continue;
      if (n >= cap) return -1;
      const d = (v >>> <u32>s) & 15;
      store<u8>(dst + <usize>(n++), <u8>(d < 10 ? 0x30 + d : 0x57 + d));
    }
  }
  return n;
}
