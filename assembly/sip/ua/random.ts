// Random tokens for Call-IDs, tags, branches and cnonces (RFC 3261 §8.1.1.4,
// §19.3: at least 32 bits of randomness). xorshift128, seeded by the board's
// entropy at start-up; tests seed it with fixed values and get fixed tokens.

let s0: u32 = 0x9e3779b9;
let s1: u32 = 0x243f6a88;
let s2: u32 = 0xb7e15162;
let s3: u32 = 0x7f4a7c15;

export function seedRandom(a: u32, b: u32, c: u32, d: u32): void {
  s0 = a ^ 0x9e3779b9;
  s1 = b ^ 0x243f6a88;
  s2 = c ^ 0xb7e15162;
  s3 = d ^ 0x7f4a7c15;
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
  for (let i = 0; i < 8; i++) nextRandom();
}

export function nextRandom(): u32 {
  let t = s3;
  const s = s0;
  s3 = s2;
  s2 = s1;
  s1 = s;
  t ^= t << 11;
  t ^= t >>> 8;
  s0 = t ^ s ^ (s >>> 19);
  return s0;
}

/** Writes `n` random lower-case hex digits at dst. */
export function randomHex(dst: usize, n: i32): void {
  let bits: u32 = 0;
  for (let i = 0; i < n; i++) {
    if ((i & 7) == 0) bits = nextRandom();
    const d = bits & 15;
    bits >>>= 4;
    store<u8>(dst + <usize>i, <u8>(d < 10 ? 0x30 + d : 0x61 + d - 10));
  }
}
