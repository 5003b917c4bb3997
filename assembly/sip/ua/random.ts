// Random tokens for Call-IDs, tags, branches and cnonces (RFC 3261 §8.1.1.4,
// §19.3: at least 32 bits of randomness). xorshift128, seeded by the board's
// entropy at start-up; tests seed it with fixed values and get fixed tokens.

/** The generator's four words, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class RandomState {
  s0: u32;
  s1: u32;
  s2: u32;
  s3: u32;
}

// The words before any seed (and what a seed is mixed with): fractional bits
// of the golden ratio (its first and second 32), of pi and of e.
const K0: u32 = 0x9e3779b9;
const K1: u32 = 0x243f6a88;
const K2: u32 = 0xb7e15162;
const K3: u32 = 0x7f4a7c15;

export const RANDOM_STATE: usize = memory.data<u32>([K0, K1, K2, K3]);

// @ts-ignore: decorator
@inline function r(): RandomState { return changetype<RandomState>(RANDOM_STATE); }

/** The generator as at start-up, before any seed. */
export function randomReset(): void {
  const g = r();
  g.s0 = K0;
  g.s1 = K1;
  g.s2 = K2;
  g.s3 = K3;
}

export function seedRandom(a: u32, b: u32, c: u32, d: u32): void {
  const g = r();
  g.s0 = a ^ K0;
  g.s1 = b ^ K1;
  g.s2 = c ^ K2;
  g.s3 = d ^ K3;
  if ((g.s0 | g.s1 | g.s2 | g.s3) == 0) g.s0 = 1;
  for (let i = 0; i < 8; i++) nextRandom();
}

export function nextRandom(): u32 {
  const g = r();
  let t = g.s3;
  const s = g.s0;
  g.s3 = g.s2;
  g.s2 = g.s1;
  g.s1 = s;
  t ^= t << 11;
  t ^= t >>> 8;
  const v = t ^ s ^ (s >>> 19);
  g.s0 = v;
  return v;
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
