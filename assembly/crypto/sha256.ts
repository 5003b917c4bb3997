// SHA-256 (FIPS 180-4 §6.2), streaming and allocation-free, for the images
// the serial agent flashes (docs/images.md: the trailer's record, and
// FlashBegin's hash of the whole image). The caller owns the state: a
// Sha256State of SHA256_STATE_SIZE octets anywhere in memory (the agent keeps
// its two in the response buffer while it verifies), started by sha256Init,
// fed by sha256Update in pieces of any size, ended by sha256Final. A state is
// plain octets, so sha256Copy forks a running hash: the hash of a prefix and
// of the whole message come from one pass.
//
// Small rather than fast, for the Cortex-M4: one loop over the 64 rounds, and
// the message schedule kept as 16 words in the block buffer itself (W[t] for
// t >= 16 overwrites W[t - 16], which no later step reads; the same recurrence
// as FIPS 180-4 §6.2.2 step 1, computed as the rounds need it). The only
// static memory is the table of round constants.

/** The octets of a Sha256State. */
export const SHA256_STATE_SIZE: i32 = 112;
/** The octets of a digest. */
export const SHA256_SIZE: i32 = 32;

// @ts-ignore: decorator
@unmanaged export class Sha256State {
  /** H(i)_0..H(i)_7 (§6.2.2 step 4), eight u32 from offset 0; h0 names the first. */
  h0: u32; h1: u32; h2: u32; h3: u32; h4: u32; h5: u32; h6: u32; h7: u32;
  /** The message's length so far in octets (ℓ of §5.1.1 is 8 times it). */
  length: u64;
  /** Octets waiting in the block (below 64 between calls). */
  filled: i32;
  pad: i32;
  /** The first of the block's 64 octets, then W[0..15] while it is compressed. */
  block: u8;
}
if (offsetof<Sha256State>("block") != 48) ERROR("Sha256State: the block starts at octet 48");
if (offsetof<Sha256State>("block") + 64 != SHA256_STATE_SIZE) ERROR("Sha256State: SHA256_STATE_SIZE");

/** §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Starts a message: H(0) of §5.3.3 (the square roots of the first 8 primes), nothing hashed yet. */
export function sha256Init(s: Sha256State): void {
  s.h0 = 0x6a09e667; s.h1 = 0xbb67ae85; s.h2 = 0x3c6ef372; s.h3 = 0xa54ff53a;
  s.h4 = 0x510e527f; s.h5 = 0x9b05688c; s.h6 = 0x1f83d9ab; s.h7 = 0x5be0cd19;
  s.length = 0;
  s.filled = 0;
}

/** Word i of H, i in 0..7. */
// @ts-ignore: decorator
@inline function hAt(s: Sha256State, i: i32): usize { return changetype<usize>(s) + (<usize>i << 2); }

/** Word i of the 16-word schedule in the block, i taken mod 16. */
// @ts-ignore: decorator
@inline function wAt(s: Sha256State, i: i32): usize { return changetype<usize>(s) + offsetof<Sha256State>("block") + (<usize>(i & 15) << 2); }

/** Compresses the 64 octets in the block into H (§6.2.2 steps 1 to 4); the block is used up. */
function compress(s: Sha256State): void {
  // The block's octets are big-endian words (§3.1, §5.2.1): W[0..15] = M(i)_0..15.
  for (let i = 0; i < 16; i++) store<u32>(wAt(s, i), bswap<u32>(load<u32>(wAt(s, i))));
  let a = s.h0, b = s.h1, c = s.h2, d = s.h3, e = s.h4, f = s.h5, g = s.h6, h = s.h7;
  for (let t = 0; t < 64; t++) {
    let w = load<u32>(wAt(s, t));
    if (t >= 16) {
      // §6.2.2 step 1: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16] (σ0, σ1 of §4.1.2 (4.6), (4.7)).
      const w2 = load<u32>(wAt(s, t - 2)), w15 = load<u32>(wAt(s, t - 15));
      const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
      const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
      w = s1 + load<u32>(wAt(s, t - 7)) + s0 + w;
      store<u32>(wAt(s, t), w);
    }
    // §6.2.2 step 3, with Σ0, Σ1 (4.4), (4.5), Ch (4.2) and Maj (4.3) of §4.1.2.
    const t1 = h + (rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25)) + ((e & f) ^ (~e & g)) + load<u32>(K + (<usize>t << 2)) + w;
    const t2 = (rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  // §6.2.2 step 4: H(i) = the working variables plus H(i-1).
  s.h0 += a; s.h1 += b; s.h2 += c; s.h3 += d; s.h4 += e; s.h5 += f; s.h6 += g; s.h7 += h;
}

/** Appends the `len` octets at `src` to the message (nothing when len <= 0). */
export function sha256Update(s: Sha256State, src: usize, len: i32): void {
  if (len <= 0) return;
  const block = changetype<usize>(s) + offsetof<Sha256State>("block");
  let filled = s.filled;
  for (let i = 0; i < len; i++) {
    store<u8>(block + <usize>filled, load<u8>(src + <usize>i));
    if (++filled == 64) {
      compress(s);
      filled = 0;
    }
  }
  s.filled = filled;
  s.length += <u64>len;
}

/**
 * Ends the message and writes the 32-octet digest at `dst` (H(N) as
 * big-endian words, §6.2.2). The padding of §5.1.1: a 1 bit, zeros to 448
 * bits mod 512, the message's length in bits as a big-endian 64-bit number.
 * The state must be started again before it hashes another message.
 */
export function sha256Final(s: Sha256State, dst: usize): void {
  const block = changetype<usize>(s) + offsetof<Sha256State>("block");
  const bits = s.length << 3;
  let filled = s.filled;
  store<u8>(block + <usize>(filled++), 0x80);
  if (filled > 56) {
    while (filled < 64) store<u8>(block + <usize>(filled++), 0);
    compress(s);
    filled = 0;
  }
  while (filled < 56) store<u8>(block + <usize>(filled++), 0);
  store<u64>(block + 56, bswap<u64>(bits));
  compress(s);
  for (let i = 0; i < 8; i++) store<u32>(dst + (<usize>i << 2), bswap<u32>(load<u32>(hAt(s, i))));
  s.filled = 0;
}

/** Makes `dst` a copy of `src`: both continue the same message from here. */
export function sha256Copy(dst: Sha256State, src: Sha256State): void {
  const to = changetype<usize>(dst), from = changetype<usize>(src);
  for (let i: usize = 0; i < <usize>SHA256_STATE_SIZE; i += 4) store<u32>(to + i, load<u32>(from + i));
}

/** Whether the 32 octets at `a` and at `b` are equal. */
export function sha256Equal(a: usize, b: usize): bool {
  let diff: u32 = 0;
  for (let i: usize = 0; i < <usize>SHA256_SIZE; i += 4) diff |= load<u32>(a + i) ^ load<u32>(b + i);
  return diff == 0;
}
