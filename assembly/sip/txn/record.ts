// Module state lives in named records over static memory (issue 15), each
// reset the same way: every octet zero, then its declared defaults.

/** Zeroes [at, at+size): the first step of every record's reset. */
export function zeroRecord(at: usize, size: usize): void {
  for (let i: usize = 0; i < size; i++) store<u8>(at + i, 0);
}
