// Test helper: writes an ASCII string into a static scratch area (not the
// receive buffer) and returns its address, so specs can hand byte ranges to
// the scanning functions.
const SCRATCH: usize = memory.data(4096);

export function ascii(s: string): usize {
  for (let i = 0; i < s.length; i++) store<u8>(SCRATCH + <usize>i, <u8>s.charCodeAt(i));
  return SCRATCH;
}
