/* SHA-256 from FIPS 180-4: the functions of §4.1.2, the constants K of
 * §4.2.2, the initial hash value of §5.3.3, the padding of §5.1.1 and the
 * computation of §6.2.2. Written for size: the schedule is a 16-word ring
 * (the W[t] of §6.2.2 step 1 computed as it is needed). */
#include "sha256.h"

static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

/* §4.1.2: Σ0, Σ1 over the working variables, σ0, σ1 over the schedule. */
#define BIG_SIGMA0(x) (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22))
#define BIG_SIGMA1(x) (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25))
#define SMALL_SIGMA0(x) (rotr(x, 7) ^ rotr(x, 18) ^ ((x) >> 3))
#define SMALL_SIGMA1(x) (rotr(x, 17) ^ rotr(x, 19) ^ ((x) >> 10))

/* §6.2.2: one 512-bit block into the hash value. The working variables a..h are locals, so that
 * the compiler keeps them in registers. */
static void compress(uint32_t h[8], const uint8_t* m) {
  uint32_t w[16];
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int t = 0; t < 64; t++) {
    uint32_t wt;
    if (t < 16) {
      wt = (uint32_t)m[4 * t] << 24 | (uint32_t)m[4 * t + 1] << 16 | (uint32_t)m[4 * t + 2] << 8 | m[4 * t + 3];
    } else {
      /* W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], the ring holding the last 16. */
      wt = SMALL_SIGMA1(w[(t - 2) & 15]) + w[(t - 7) & 15] + SMALL_SIGMA0(w[(t - 15) & 15]) + w[t & 15];
    }
    w[t & 15] = wt;
    /* Ch(e,f,g) and Maj(a,b,c) of §4.1.2. */
    uint32_t t1 = hh + BIG_SIGMA1(e) + ((e & f) ^ (~e & g)) + K[t] + wt;
    uint32_t t2 = BIG_SIGMA0(a) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

void sha256_init(sha256_ctx* c) {
  /* §5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
  static const uint32_t initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };
  for (int i = 0; i < 8; i++) c->h[i] = initial[i];
  c->length = 0;
  c->used = 0;
}

void sha256_update(sha256_ctx* c, const uint8_t* p, uint32_t n) {
  c->length += n;
  while (n) {
    if (c->used == 0 && n >= 64) {
      /* Whole blocks straight from the message, without a copy. */
      compress(c->h, p);
      p += 64;
      n -= 64;
      continue;
    }
    uint32_t take = 64 - c->used < n ? 64 - c->used : n;
    for (uint32_t i = 0; i < take; i++) c->block[c->used + i] = p[i];
    c->used += take;
    p += take;
    n -= take;
    if (c->used == 64) {
      compress(c->h, c->block);
      c->used = 0;
    }
  }
}

void sha256_final(sha256_ctx* c, uint8_t digest[32]) {
  /* §5.1.1: a 1 bit, zeros to 448 mod 512, then the length in bits as 64 bits big-endian. */
  uint64_t bits = c->length * 8;
  static const uint8_t one = 0x80, zero = 0;
  sha256_update(c, &one, 1);
  while (c->used != 56) sha256_update(c, &zero, 1);
  uint8_t len[8];
  for (int i = 0; i < 8; i++) len[i] = (uint8_t)(bits >> (56 - 8 * i));
  sha256_update(c, len, 8);
  for (int i = 0; i < 32; i++) digest[i] = (uint8_t)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}
