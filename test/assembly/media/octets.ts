// Test helper: a scratch area for the datagrams the media specs build, and
// readers of its network-order fields. Tests may allocate; the media code
// does not.
const SCRATCH: usize = memory.data(2048, 8);

/** The scratch area's address. */
export function bytes(): usize { return SCRATCH; }

/** Writes `octets` at the start of the scratch area; returns their count. */
export function put(octets: u8[]): i32 {
  for (let i = 0; i < octets.length; i++) store<u8>(SCRATCH + <usize>i, octets[i]);
  return octets.length;
}

/** The 32-bit network-order field at offset `o` of the scratch area. */
export function get32(o: i32): u32 { return bswap<u32>(load<u32>(SCRATCH + <usize>o)); }

/** Writes the 32-bit `v` in network order at offset `o` of the scratch area. */
export function set32(o: i32, v: u32): void { store<u32>(SCRATCH + <usize>o, bswap<u32>(v)); }
