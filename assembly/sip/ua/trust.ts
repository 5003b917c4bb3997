// Whom the user agent trusts, as the application's configuration says:
// destinations (SIP URIs it may call: a REFER may only name one of these) and
// callers (SIP URIs, or bare user parts, allowed to call in). Both may
// subscribe to its dialog state. The entries point into the configuration
// the application keeps (nothing is copied); the application fills the list
// whenever it applies a configuration. Empty by default: nobody is trusted.

export const TRUST_DESTINATION: u8 = 1;
export const TRUST_CALLER: u8 = 2;

const MAX_ENTRIES = 40; // 8 buttons x 4 targets, 8 allowed callers
const ENTRY: usize = 8; // address u32, length u16, kind u8, bare user u8
const ENTRIES: usize = memory.data(MAX_ENTRIES * <i32>ENTRY);
let count: i32 = 0;

function e(i: i32): usize { return ENTRIES + <usize>i * ENTRY; }

export function trustClear(): void { count = 0; }

/** Adds [p, p+len) of `kind`; `bareUser` when it is a user part rather than a SIP URI. False when full. */
export function trustAdd(kind: u8, p: usize, len: i32, bareUser: bool): bool {
  if (count >= MAX_ENTRIES || len <= 0 || len > 0xffff) return false;
  store<u32>(e(count), <u32>p);
  store<u16>(e(count) + 4, <u16>len);
  store<u8>(e(count) + 6, kind);
  store<u8>(e(count) + 7, bareUser ? 1 : 0);
  count++;
  return true;
}

export function trustCount(): i32 { return count; }
export function trustData(i: i32): usize { return <u32>i < <u32>count ? <usize>load<u32>(e(i)) : 0; }
export function trustLength(i: i32): i32 { return <u32>i < <u32>count ? <i32>load<u16>(e(i) + 4) : 0; }

function lower(c: u32): u32 { return c - 0x41 < 26 ? c | 0x20 : c; }

/**
 * Equal octets; letters compared exactly inside [exactFrom, exactTo) and
 * without case elsewhere (RFC 3261 §19.1.4: the user part is case-sensitive,
 * the scheme and host are not).
 */
function same(a: usize, an: i32, b: usize, bn: i32, exactFrom: i32, exactTo: i32): bool {
  if (an != bn) return false;
  for (let i = 0; i < an; i++) {
    const x = <u32>load<u8>(a + <usize>i);
    const y = <u32>load<u8>(b + <usize>i);
    if (i >= exactFrom && i < exactTo ? x != y : lower(x) != lower(y)) return false;
  }
  return true;
}

// The user part of the URI being matched: [userFrom, userTo) after "sip:"/"sips:", up to "@".
let userFrom: i32 = 0;
let userTo: i32 = 0;

function findUser(uri: usize, n: i32): void {
  let u = 0;
  while (u < n && load<u8>(uri + <usize>u) != 0x3a) u++;
  u++;
  let at = u;
  while (at < n && load<u8>(uri + <usize>at) != 0x40) at++;
  userFrom = u;
  userTo = at < n ? at : -1;
}

function matches(i: i32, uri: usize, n: i32): bool {
  const p = trustData(i);
  const len = trustLength(i);
  if (load<u8>(e(i) + 7) != 0) return userTo >= 0 && same(uri + <usize>userFrom, userTo - userFrom, p, len, 0, len);
  return same(uri, n, p, len, userFrom, userTo < 0 ? userFrom : userTo);
}

/** The first entry of `kind` (0: any kind) that the SIP URI [uri, uri+n) matches, or -1. */
export function trustFind(kind: u8, uri: usize, n: i32): i32 {
  findUser(uri, n);
  for (let i = 0; i < count; i++) {
    if (kind != 0 && load<u8>(e(i) + 6) != kind) continue;
    if (matches(i, uri, n)) return i;
  }
  return -1;
}

/** The URI inside <...> of a name-addr (its length in `innerLength`), or the value itself. */
export let innerLength: i32 = 0;
export function innerUri(v: usize, n: i32): usize {
  for (let i = 0; i < n; i++) {
    if (load<u8>(v + <usize>i) != 0x3c) continue;
    for (let j = i + 1; j < n; j++) {
      if (load<u8>(v + <usize>j) == 0x3e) {
        innerLength = j - i - 1;
        return v + <usize>i + 1;
      }
    }
  }
  innerLength = n;
  return v;
}
