// Whether a byte range handed in by the application lies inside linear memory.
// The door modules read and write only ranges that pass this check, so a wrong
// address or length from the caller is refused instead of trapping.

/** True when [addr, addr+len) is inside memory (len 0 included, negative refused). */
export function inMemory(addr: usize, len: i32): bool {
  if (len < 0) return false;
  return <u64>addr + <u64>len <= (<u64>memory.size() << 16);
}
