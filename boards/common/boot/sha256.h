/* SHA-256 (FIPS 180-4 §6.2), streamed: the boot stage hashes a slot as it
 * reads it, a chunk at a time, without a buffer of the whole image. */
#ifndef SHA256_H
#define SHA256_H

#include <stdint.h>

typedef struct {
  uint32_t h[8];      /* the hash value H(i) */
  uint64_t length;    /* octets hashed so far */
  uint8_t block[64];  /* the message block being filled */
  uint32_t used;      /* octets of it filled */
} sha256_ctx;

void sha256_init(sha256_ctx* c);
void sha256_update(sha256_ctx* c, const uint8_t* p, uint32_t n);
/* Pads the message (§5.1.1) and writes the 32-octet digest, big-endian words (§6.2.2 step 4). */
void sha256_final(sha256_ctx* c, uint8_t digest[32]);

#endif
