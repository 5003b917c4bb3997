// Whom the user agent trusts, as the application's configuration says:
// destinations (SIP URIs it may call: a REFER may only name one of these) and
// callers (SIP URIs, or bare user parts, allowed to call in), each caller
// optionally with a secret for digest authentication of direct calls
// (auth/server.ts). Both may subscribe to its dialog state. The entries point
// into the configuration the application keeps (nothing is copied); the
// application fills the list whenever it applies a configuration. Empty by
// default: nobody is trusted.
//
// A party (a caller, a subscriber) matches an entry when the user parts are
// equal (octet for octet: RFC 3261 §19.1.4, the user part is case-sensitive)
// and the hosts are equal without case (§19.1.4: the host is not). A bare
// user part stands for user@<the station's domain>. Scheme, port, parameters
// and headers do not change the party. A destination (what a REFER may name)
// is matched as the whole URI.

import { identityData, identityLength, ID_DOMAIN } from "./identity";
import { span } from "../txn/span";
import { zeroRecord } from "../txn/record";

export const TRUST_DESTINATION: u8 = 1;
export const TRUST_CALLER: u8 = 2;

/** One trusted party, laid over static memory (never allocated): it points into the configuration. */
// @ts-ignore: decorator
@unmanaged class TrustEntry {
  /** The URI or bare user part, and its length. */
  data: u32;
  length: u16;
  /** TRUST_DESTINATION or TRUST_CALLER. */
  kind: u8;
  /** 1 when `data` is a bare user part rather than a SIP URI. */
  bareUser: u8;
  /** The caller's digest secret, and its length (0: none). */
  secret: u32;
  secretLength: u16;
}

const MAX_ENTRIES = 40; // 8 buttons x 4 targets, 8 allowed callers
const ENTRY: usize = (offsetof<TrustEntry>() + 3) & ~3;

/** The list's length, laid over static memory (never allocated); the entries follow it. */
// @ts-ignore: decorator
@unmanaged export class TrustList {
  count: u8;
}

const ENTRIES_AT: usize = (offsetof<TrustList>() + 3) & ~3;
/** The record and its MAX_ENTRIES entries. */
export const TRUST_LIST_SIZE: usize = ENTRIES_AT + <usize>MAX_ENTRIES * ENTRY;
export const TRUST_LIST: usize = memory.data(<i32>TRUST_LIST_SIZE, 4);
const ENTRIES: usize = TRUST_LIST + ENTRIES_AT;

// @ts-ignore: decorator
@inline function list(): TrustList { return changetype<TrustList>(TRUST_LIST); }

// @ts-ignore: decorator
@inline function e(i: i32): TrustEntry { return changetype<TrustEntry>(ENTRIES + <usize>i * ENTRY); }

/** Nobody trusted, every entry zeroed: as at start-up. */
export function trustClear(): void { zeroRecord(TRUST_LIST, TRUST_LIST_SIZE); }

/**
 * Adds [p, p+len) of `kind`; `bareUser` when it is a user part rather than a
 * SIP URI; [secret, secret+secretLen) the caller's digest secret (length 0:
 * none). False when full.
 */
export function trustAdd(kind: u8, p: usize, len: i32, bareUser: bool, secret: usize = 0, secretLen: i32 = 0): bool {
  const count = <i32>list().count;
  if (count >= MAX_ENTRIES || len <= 0 || len > 0xffff || secretLen < 0 || secretLen > 0xffff) return false;
  const r = e(count);
  r.data = <u32>p;
  r.length = <u16>len;
  r.kind = kind;
  r.bareUser = bareUser ? 1 : 0;
  r.secret = <u32>secret;
  r.secretLength = <u16>secretLen;
  list().count = <u8>(count + 1);
  return true;
}

export function trustCount(): i32 { return <i32>list().count; }
export function trustData(i: i32): usize { return <u32>i < <u32>list().count ? <usize>e(i).data : 0; }
export function trustLength(i: i32): i32 { return <u32>i < <u32>list().count ? <i32>e(i).length : 0; }
/** The digest secret of caller entry i (write-only to the outside: only auth/server.ts hashes it). */
export function trustSecret(i: i32): usize { return <u32>i < <u32>list().count ? <usize>e(i).secret : 0; }
export function trustSecretLength(i: i32): i32 { return <u32>i < <u32>list().count ? <i32>e(i).secretLength : 0; }

/** The user part of entry i, as a span (txn/span.ts): the entry itself when bare, else the URI's user. */
export function trustUser(i: i32): u64 {
  const p = trustData(i);
  const n = trustLength(i);
  if (e(i).bareUser != 0) return span(p, n);
  const parts = split(p, n);
  return span(p + <usize>userFrom(parts), userTo(parts) - userFrom(parts));
}

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

function sameUser(a: usize, an: i32, b: usize, bn: i32): bool { return same(a, an, b, bn, 0, an); }
function sameHost(a: usize, an: i32, b: usize, bn: i32): bool { return same(a, an, b, bn, 0, 0); }

// The parts of a split URI, packed in one value by split(): user [userFrom, userTo) (empty when it
// has none), host [hostFrom, hostTo); each offset 16 bits (RX and an entry are under 64 KiB).
// @ts-ignore: decorator
@inline function userFrom(parts: u64): i32 { return <i32>(parts & 0xffff); }
// @ts-ignore: decorator
@inline function userTo(parts: u64): i32 { return <i32>((parts >>> 16) & 0xffff); }
// @ts-ignore: decorator
@inline function hostFrom(parts: u64): i32 { return <i32>((parts >>> 32) & 0xffff); }
// @ts-ignore: decorator
@inline function hostTo(parts: u64): i32 { return <i32>(parts >>> 48); }

/**
 * Splits a SIP URI (RFC 3261 §25.1: scheme ":" [userinfo "@"] hostport
 * uri-parameters [headers]). userinfo ends at the first "@" (no "@" can occur
 * unescaped in the parameters or headers) and the user at its ":" (password);
 * the host ends at ":" (port), ";" or "?", or after "]" of an IPv6 reference.
 */
function split(uri: usize, n: i32): u64 {
  let u = 0;
  while (u < n && load<u8>(uri + <usize>u) != 0x3a) u++;
  u++;
  let at = u;
  while (at < n && load<u8>(uri + <usize>at) != 0x40) at++;
  let userEnd = u;
  let hostStart = u;
  if (at < n) {
    while (userEnd < at && load<u8>(uri + <usize>userEnd) != 0x3a) userEnd++;
    hostStart = at + 1;
  }
  let h = hostStart;
  const v6 = h < n && load<u8>(uri + <usize>h) == 0x5b;
  while (h < n) {
    const c = load<u8>(uri + <usize>h);
    if (v6 ? c == 0x5d : c == 0x3a || c == 0x3b || c == 0x3f) break;
    h++;
  }
  const hostEnd = v6 && h < n ? h + 1 : h;
  return <u64><u16>u | (<u64><u16>userEnd << 16) | (<u64><u16>hostStart << 32) | (<u64><u16>hostEnd << 48);
}

/**
 * Whether entry i names the party of the URI [uri, uri+n), split into `parts`. A
 * destination is the URI the station itself would call (a REFER names one):
 * `whole` compares the whole URI then, parameters and headers included.
 */
function matches(i: i32, uri: usize, n: i32, parts: u64, whole: bool): bool {
  const p = trustData(i);
  const len = trustLength(i);
  const uf = userFrom(parts), ut = userTo(parts), hf = hostFrom(parts);
  const user = uri + <usize>uf, userLen = ut - uf;
  const host = uri + <usize>hf, hostLen = hostTo(parts) - hf;
  if (e(i).bareUser != 0) {
    // A bare user part: that user at the station's own domain.
    return sameUser(user, userLen, p, len) && sameHost(host, hostLen, identityData(ID_DOMAIN), identityLength(ID_DOMAIN));
  }
  if (whole) return same(uri, n, p, len, uf, ut);
  const its = split(p, len);
  const itsUser = userFrom(its), itsHost = hostFrom(its);
  return sameUser(user, userLen, p + <usize>itsUser, userTo(its) - itsUser) &&
    sameHost(host, hostLen, p + <usize>itsHost, hostTo(its) - itsHost);
}

/**
 * The first entry of `kind` (0: any kind) that the SIP URI [uri, uri+n)
 * matches, or -1: the same user and host; for TRUST_DESTINATION the same URI.
 */
export function trustFind(kind: u8, uri: usize, n: i32): i32 {
  const parts = split(uri, n);
  if (hostTo(parts) <= hostFrom(parts)) return -1;
  for (let i = 0, count = <i32>list().count; i < count; i++) {
    if (kind != 0 && e(i).kind != kind) continue;
    if (matches(i, uri, n, parts, kind == TRUST_DESTINATION)) return i;
  }
  return -1;
}

/** The URI inside <...> of a name-addr, or the value itself, as a span (txn/span.ts). */
export function innerUri(v: usize, n: i32): u64 {
  for (let i = 0; i < n; i++) {
    if (load<u8>(v + <usize>i) != 0x3c) continue;
    for (let j = i + 1; j < n; j++) {
      if (load<u8>(v + <usize>j) == 0x3e) return span(v + <usize>i + 1, j - i - 1);
    }
  }
  return span(v, n);
}
