// The resolver's answers as the board writes them into the receive buffer
// (docs/transports.md, "Names"): `count` records one after another, each
// starting with its TTL (u32, big-endian). Every reader here checks that a
// record ends inside the buffer; a record whose lengths run past it ends the
// list (the rest is ignored, never read past the buffer, never a trap).

import { RX, RX_CAPACITY } from "../msg/buffers";

export const TYPE_A: i32 = 1;
export const TYPE_AAAA: i32 = 28;
export const TYPE_SRV: i32 = 33;
export const TYPE_NAPTR: i32 = 35;

/** An address record: ttl, the 16-octet address (IPv4 mapped). */
export const ADDRESS_RECORD: i32 = 20;

// @ts-ignore: decorator
@inline export function u8at(off: i32): u32 { return <u32>load<u8>(RX + <usize>off); }
// @ts-ignore: decorator
@inline export function u16at(off: i32): u32 { return (u8at(off) << 8) | u8at(off + 1); }
export function ttlAt(off: i32): u32 { return (u16at(off) << 16) | u16at(off + 2); }

/** The offset after a length-prefixed string at `off`, or -1 past the buffer. */
function skipString(off: i32): i32 {
  if (off < 0 || off >= RX_CAPACITY) return -1;
  const end = off + 1 + <i32>u8at(off);
  return end <= RX_CAPACITY ? end : -1;
}

/** The offset after the record of `type` at `off`, or -1 when it runs past the buffer. */
export function recordEnd(type: i32, off: i32): i32 {
  if (off < 0) return -1;
  if (type == TYPE_A || type == TYPE_AAAA) return off + ADDRESS_RECORD <= RX_CAPACITY ? off + ADDRESS_RECORD : -1;
  // SRV: ttl, priority, weight, port, the target (RFC 2782).
  if (type == TYPE_SRV) return off + 10 < RX_CAPACITY ? skipString(off + 10) : -1;
  // NAPTR: ttl, order, preference, flags, service, replacement (RFC 3403 §4.1; the regexp is not passed).
  if (off + 8 >= RX_CAPACITY) return -1;
  return skipString(skipString(skipString(off + 8)));
}

/** The offset of record `i` (0-based), or -1 when it or one before it is malformed. */
export function recordAt(type: i32, i: i32): i32 {
  let off = 0;
  for (let k = 0; k < i && off >= 0; k++) off = recordEnd(type, off);
  return off >= 0 && recordEnd(type, off) >= 0 ? off : -1;
}

/** How many of the `count` records are whole (the first malformed one and those after it are dropped). */
export function wholeRecords(type: i32, count: i32): i32 {
  let off = 0;
  let n = 0;
  while (n < count && (off = recordEnd(type, off)) >= 0) n++;
  return n;
}

// ---- SRV fields (RFC 2782) ----
export function srvPriority(off: i32): u32 { return u16at(off + 4); }
export function srvWeight(off: i32): u32 { return u16at(off + 6); }
export function srvPort(off: i32): u32 { return u16at(off + 8); }
/** The target's length and its first octet's offset. */
export function srvTargetLength(off: i32): i32 { return <i32>u8at(off + 10); }
export function srvTarget(off: i32): i32 { return off + 11; }

// ---- NAPTR fields (RFC 3403 §4.1) ----
export function naptrOrder(off: i32): u32 { return u16at(off + 4); }
export function naptrPreference(off: i32): u32 { return u16at(off + 6); }
/** The offsets of the length octets of flags, service and replacement. */
export function naptrFlags(off: i32): i32 { return off + 8; }
export function naptrService(off: i32): i32 { return naptrFlags(off) + 1 + <i32>u8at(naptrFlags(off)); }
export function naptrReplacement(off: i32): i32 { return naptrService(off) + 1 + <i32>u8at(naptrService(off)); }

function lower(c: u32): u32 { return c >= 0x41 && c <= 0x5a ? c + 0x20 : c; }

/**
 * Whether the length-prefixed string at `off` is the `n` (at most 8) ASCII octets packed little-endian in
 * `want`, letters in either case (RFC 3403 §4.1). Packed in code: a string literal would cost static memory.
 */
export function stringIs(off: i32, want: u64, n: i32): bool {
  if (<i32>u8at(off) != n) return false;
  for (let i = 0; i < n; i++) if (lower(u8at(off + 1 + i)) != lower(<u32>(want >> (<u64>i * 8)) & 0xff)) return false;
  return true;
}

/** The NAPTR flag of a terminal lookup that leads to SRV (RFC 3263 §4.1): "s". */
export const FLAG_S: u64 = 0x73;
/** The NAPTR service of SIP over UDP (RFC 3263 §4.1): "SIP+D2U". */
export const SERVICE_D2U: u64 = 0x005532442b504953;

/** The NAPTR service of SIP over TCP (RFC 3263 §4.1): "SIP+D2T". */
export const SERVICE_D2T: u64 = 0x005432442b504953;

/**
 * Writes the SRV prefix of `transport` (0 UDP, 1 TCP, 2 TLS: locate.ts TRANSPORT_*) at `dst`: "_sip._udp.",
 * "_sip._tcp." or "_sips._tcp." (RFC 3263 §4.1, §4.2: "_sips" for TLS; RFC 2782); its length.
 */
export function writeSrvPrefix(dst: usize, transport: i32): i32 {
  if (transport == 2) {
    store<u64>(dst, 0x745f2e737069735f); // "_sips._t"
    store<u16>(dst + 8, 0x7063); // "cp"
    store<u8>(dst + 10, 0x2e); // "."
    return 11;
  }
  store<u64>(dst, transport == 1 ? 0x63745f2e7069735f : 0x64755f2e7069735f); // "_sip._tc" or "_sip._ud"
  store<u16>(dst + 8, 0x2e70); // "p."
  return 10;
}
