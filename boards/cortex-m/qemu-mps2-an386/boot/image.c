/* The checks of docs/images.md "What a board checks" at boot: the header
 * (magic, format version, headerSize, kind 3, reserved fields), the trailer
 * (its info header, a board-name record naming this board, the SHA-256 record
 * last, no unknown record), the SHA-256 of header and payload (FIPS 180-4),
 * and the payload's vector table (initial stack pointer in RAM, reset handler
 * a Thumb address inside the payload). The payload is read straight to its
 * load address and hashed on the way, so no buffer holds the image; a payload
 * refused after that leaves junk there that the next image overwrites. */
#include <string.h>
#include "image.h"
#include "semihost.h"
#include "sha256.h"

#define IMAGE_MAGIC 0x4D494349u
#define TRAILER_MAGIC 0x5449u
#define KIND_CORTEX_M 3u
#define TLV_BOARD 0x0001u
#define TLV_SHA256 0x0002u
#define TRAILER_MAX 256u
#define CHUNK 1024u

static uint32_t le(const uint8_t* p, int n) {
  uint32_t v = 0;
  for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

/* The trailer's records (docs/images.md "Trailer"): *hash points at the SHA-256 record's value. */
static const char* check_trailer(const uint8_t* t, uint32_t total, const uint8_t** hash) {
  int ours = 0;
  *hash = 0;
  for (uint32_t at = 4; at < total;) {
    if (*hash) return "trailer: the SHA-256 record is not the last";
    if (at + 4 > total) return "trailer: a record runs past its end";
    uint32_t type = le(t + at, 2), len = le(t + at + 2, 2);
    if (at + 4 + len > total) return "trailer: a record runs past its end";
    const uint8_t* value = t + at + 4;
    if (type == TLV_BOARD) {
      if (len < 1 || len > 32) return "trailer: a board name of a bad length";
      if (len == sizeof BOARD_NAME - 1 && memcmp(value, BOARD_NAME, len) == 0) ours = 1;
    } else if (type == TLV_SHA256) {
      if (len != 32) return "trailer: a SHA-256 record that is not 32 octets";
      *hash = value;
    } else {
      return "trailer: an unknown record type";
    }
    at += 4 + ((len + 3) & ~3u);
  }
  if (!ours) return "board: the image is for another board, not " BOARD_NAME;
  if (!*hash) return "trailer: no SHA-256 record";
  return 0;
}

static const char* check_header(const uint8_t* h, uint32_t* size, uint32_t* load) {
  if (le(h, 4) != IMAGE_MAGIC) return "magic: not an image";
  if (le(h + 4, 2) != 1 || le(h + 6, 2) != 32) return "format: an unknown format version or header size";
  if (h[12] != KIND_CORTEX_M) return "kind: not a Cortex-M binary (kind 3)";
  if (h[13] != 0 || le(h + 14, 2) != 0 || le(h + 28, 4) != 0) return "format: reserved fields are not 0";
  *size = le(h + 8, 4);
  *load = le(h + 24, 4);
  /* VTOR holds bits 31..7 (ARMv7-M ARM B3.2.5); 48 vectors on this board round up to 256 octets. */
  /* Anywhere else the copy would overwrite the boot stage (below APP_BASE) or its RAM (at the top of RAM). */
  if (*load % 256 != 0 || *load < APP_BASE || *load >= CODE_END || *size < 8 || *size > CODE_END - *load) return "load: the payload does not fit the application area";
  return 0;
}

int image_load(int file, image_info* info, const char** why) {
  static uint8_t header[32], trailer[TRAILER_MAX];
  static sha256_ctx sha;
  uint32_t size, load, flen = sh_length(file);
  if (sh_read(file, header, 32) != 32) return *why = "size: truncated", -1;
  if ((*why = check_header(header, &size, &load)) != 0) return -1;
  /* The trailer follows the payload, padded to a multiple of 4. */
  uint32_t at = 32 + ((size + 3) & ~3u);
  if (at + 4 > flen || sh_seek(file, at) != 0 || sh_read(file, trailer, 4) != 4) return *why = "size: truncated", -1;
  uint32_t total = le(trailer + 2, 2);
  if (le(trailer, 2) != TRAILER_MAGIC || total < 4 || total > TRAILER_MAX) return *why = "trailer: a bad info header", -1;
  if (sh_read(file, trailer + 4, total - 4) != total - 4) return *why = "size: truncated", -1;
  const uint8_t* expected;
  if ((*why = check_trailer(trailer, total, &expected)) != 0) return -1;
  /* The hash covers the header and the payload (docs/images.md), copied to RAM as it goes. */
  sha256_init(&sha);
  sha256_update(&sha, header, 32);
  if (sh_seek(file, 32) != 0) return *why = "size: truncated", -1;
  for (uint32_t done = 0; done < size;) {
    uint32_t n = size - done < CHUNK ? size - done : CHUNK;
    uint8_t* dst = (uint8_t*)load + done;
    if (sh_read(file, dst, n) != n) return *why = "size: truncated", -1;
    sha256_update(&sha, dst, n);
    done += n;
  }
  uint8_t digest[32];
  sha256_final(&sha, digest);
  if (memcmp(digest, expected, 32) != 0) return *why = "hash mismatch", -1;
  const uint32_t* vectors = (const uint32_t*)load;
  if (vectors[0] <= RAM_START || vectors[0] > RAM_END || vectors[0] % 8 != 0) return *why = "vectors: the initial stack pointer is not in RAM", -1;
  if (!(vectors[1] & 1u) || (vectors[1] & ~1u) < load + 8 || (vectors[1] & ~1u) >= load + size) return *why = "vectors: the reset handler is not in the payload", -1;
  info->load = load;
  info->major = header[16];
  info->minor = header[17];
  info->revision = (uint16_t)le(header + 18, 2);
  return 0;
}
