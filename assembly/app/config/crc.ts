// CRC-32 of IEEE 802.3 (the zlib one): reflected polynomial 0xEDB88320,
// initial value and final XOR 0xFFFFFFFF. Bitwise: no table, 4 KiB at most.

/** CRC-32 of the `len` octets at p. */
export function crc32(p: usize, len: i32): u32 {
  let crc: u32 = 0xffffffff;
  for (let i = 0; i < len; i++) {
    crc ^= <u32>load<u8>(p + <usize>i);
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & (0 - (crc & 1)));
  }
  return crc ^ 0xffffffff;
}
