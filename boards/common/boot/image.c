/* The checks of docs/images.md "What a board checks" at boot: the header
 * (magic, format version, headerSize, the board's kind, reserved fields), the
 * trailer (its info header, a board-name record naming this board, the
 * SHA-256 record last, no unknown record), and the SHA-256 of header and
 * payload (FIPS 180-4). The payload is read a chunk at a time to where the
 * target places it and hashed on the way, so no buffer holds the image. */
#include <string.h>
#include "image.h"
#include "bootfs.h"
#include "sha256.h"

#define IMAGE_MAGIC 0x4D494349u
#define TRAILER_MAGIC 0x5449u
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
static const char* check_trailer(const image_target* t, const uint8_t* tr, uint32_t total, const uint8_t** hash) {
  int ours = 0;
  uint32_t name_len = (uint32_t)strlen(t->board);
  *hash = 0;
  for (uint32_t at = 4; at < total;) {
    if (*hash) return "trailer: the SHA-256 record is not the last";
    if (at + 4 > total) return "trailer: a record runs past its end";
    uint32_t type = le(tr + at, 2), len = le(tr + at + 2, 2);
    if (at + 4 + len > total) return "trailer: a record runs past its end";
    const uint8_t* value = tr + at + 4;
    if (type == TLV_BOARD) {
      if (len < 1 || len > 32) return "trailer: a board name of a bad length";
      if (len == name_len && memcmp(value, t->board, len) == 0) ours = 1;
    } else if (type == TLV_SHA256) {
      if (len != 32) return "trailer: a SHA-256 record that is not 32 octets";
      *hash = value;
    } else {
      return "trailer: an unknown record type";
    }
    at += 4 + ((len + 3) & ~3u);
  }
  if (!ours) return t->board_refusal;
  if (!*hash) return "trailer: no SHA-256 record";
  return 0;
}

static const char* check_header(const image_target* t, const uint8_t* h, image_info* info) {
  if (le(h, 4) != IMAGE_MAGIC) return "magic: not an image";
  if (le(h + 4, 2) != 1 || le(h + 6, 2) != 32) return "format: an unknown format version or header size";
  if (h[12] != t->kind) return t->kind_refusal;
  if (h[13] != 0 || le(h + 14, 2) != 0 || le(h + 28, 4) != 0) return "format: reserved fields are not 0";
  info->size = le(h + 8, 4);
  info->load = le(h + 24, 4);
  info->major = h[16];
  info->minor = h[17];
  info->revision = (uint16_t)le(h + 18, 2);
  /* The load address is 0 outside kind 3 (docs/images.md "Header"). */
  if (t->kind != IMAGE_KIND_CORTEX_M && info->load != 0) return "format: reserved fields are not 0";
  return t->header ? t->header(t, info) : 0;
}

int image_check(int file, const image_target* t, image_info* info, const char** why) {
  static uint8_t header[32], trailer[TRAILER_MAX];
  static sha256_ctx sha;
  uint32_t flen = bootfs_length(file);
  if (bootfs_read(file, header, 32) != 32) return *why = "size: truncated", -1;
  if ((*why = check_header(t, header, info)) != 0) return -1;
  uint32_t size = info->size;
  /* The trailer follows the payload, padded to a multiple of 4. */
  uint32_t at = 32 + ((size + 3) & ~3u);
  if (size > flen || at + 4 > flen || bootfs_seek(file, at) != 0 || bootfs_read(file, trailer, 4) != 4) return *why = "size: truncated", -1;
  uint32_t total = le(trailer + 2, 2);
  if (le(trailer, 2) != TRAILER_MAGIC || total < 4 || total > TRAILER_MAX) return *why = "trailer: a bad info header", -1;
  if (bootfs_read(file, trailer + 4, total - 4) != total - 4) return *why = "size: truncated", -1;
  const uint8_t* expected;
  if ((*why = check_trailer(t, trailer, total, &expected)) != 0) return -1;
  /* The hash covers the header and the payload (docs/images.md), placed as it goes. */
  sha256_init(&sha);
  sha256_update(&sha, header, 32);
  if (bootfs_seek(file, 32) != 0) return *why = "size: truncated", -1;
  for (uint32_t done = 0; done < size;) {
    uint32_t n = size - done < CHUNK ? size - done : CHUNK;
    uint8_t* dst = t->place(t, done, n);
    if (bootfs_read(file, dst, n) != n) return *why = "size: truncated", -1;
    sha256_update(&sha, dst, n);
    if (t->placed && (*why = t->placed(t, dst, n)) != 0) return -1;
    done += n;
  }
  uint8_t digest[32];
  sha256_final(&sha, digest);
  if (memcmp(digest, expected, 32) != 0) return *why = "hash mismatch", -1;
  if (t->payload && (*why = t->payload(t, info)) != 0) return -1;
  return 0;
}
