// CRC-32 of IEEE 802.3 (the one of zlib, PNG and the serial frames of
// docs/serial-protocol.md): reflected, polynomial 0x04C11DB7 (0xEDB88320
// bit-reversed), register preset to all ones and inverted at the end (IEEE
// 802.3 §3.2.9; the parameters of the "CRC-32" entry in Williams, "A Painless
// Guide to CRC Error Detection Algorithms", §17 and its check value
// crc("123456789") = 0xCBF43926).
//
// A bit at a time: no table, no memory and no start-up code. Measured against a
// 16-entry table computed from the polynomial at start (docs/serial-protocol.md,
// "The firmware's link layer"): the loop costs fewer octets of code and none of
// memory, and even at 921 600 baud its 8 steps an octet are a small share of
// the time a Cortex-M4 has for each octet on the line.

/** The reflected polynomial x^32 + x^26 + x^23 + ... + x + 1 (IEEE 802.3 §3.2.9). */
export const CRC32_POLY_REFLECTED: u32 = 0xedb88320;

/** The register before the first octet (all ones, §3.2.9 b). */
export const CRC32_START: u32 = 0xffffffff;

/** The register after one more octet; bits enter least significant first (the reflected form). */
// @ts-ignore: decorator
@inline export function crc32Step(crc: u32, octet: u32): u32 {
  let c = crc ^ (octet & 0xff);
  for (let bit = 0; bit < 8; bit++) c = (c >>> 1) ^ (CRC32_POLY_REFLECTED & (0 - (c & 1)));
  return c;
}

/** The register after `len` octets at `ptr`; start with CRC32_START, finish with crc32Final. */
export function crc32Update(crc: u32, ptr: usize, len: i32): u32 {
  for (let i = 0; i < len; i++) crc = crc32Step(crc, load<u8>(ptr + <usize>i));
  return crc;
}

/** The CRC as sent: the register inverted (§3.2.9 e). */
// @ts-ignore: decorator
@inline export function crc32Final(crc: u32): u32 { return ~crc; }

/** The CRC-32 of `len` octets at `ptr`. */
export function crc32(ptr: usize, len: i32): u32 {
  return crc32Final(crc32Update(CRC32_START, ptr, len));
}
