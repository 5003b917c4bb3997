/* The configuration block (docs/config.md, written by
 * host/tools/config-block.ts) kept in a file: the persistent storage that
 * board.configRead hands to the firmware. The board itself reads three fields
 * of it: the local port, to bind the UDP socket the firmware will announce in
 * Via and Contact, the registrar, to learn which of its addresses to
 * announce, and tls.ca, the trust anchors of its TLS streams; the firmware
 * checks the whole block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include "native.h"

/* Larger than any valid block (4096 octets): a longer file still reaches the firmware, which refuses it. */
#define FILE_LIMIT 65536
#define DEFAULT_PORT 5060
#define TAG_LOCAL_PORT 0x14
#define TAG_REGISTRAR_HOST 0x10
#define TAG_REGISTRAR_PORT 0x11
#define TAG_TLS_CA 0x09
#define HEADER_BYTES 14

/* Reads the whole file; 0, or -1 with the reason on stderr. */
int block_read(const char* path, uint8_t** out, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "--config-block: cannot open %s: %s\n", path, strerror(errno));
    return -1;
  }
  uint8_t* buf = malloc(FILE_LIMIT + 1);
  size_t n = buf ? fread(buf, 1, FILE_LIMIT + 1, f) : 0;
  int failed = !buf || ferror(f);
  fclose(f);
  if (failed) {
    fprintf(stderr, "--config-block: cannot read %s\n", path);
    free(buf);
    return -1;
  }
  if (n > FILE_LIMIT) {
    fprintf(stderr, "--config-block: %s is larger than %d octets; a configuration block has at most 4096 (docs/config.md)\n", path, FILE_LIMIT);
    free(buf);
    return -1;
  }
  *out = buf;
  *len = n;
  return 0;
}

static uint32_t le32(const uint8_t* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* CRC-32 of IEEE 802.3 (reflected polynomial 0xEDB88320), as the block's header carries it. */
static uint32_t crc32(const uint8_t* p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return c ^ 0xffffffffu;
}

/* The body of record `tag` of a well-formed block and its length in *n; NULL when the block has none or is damaged. */
static const uint8_t* block_record(const uint8_t* b, size_t len, unsigned want, unsigned* n_out) {
  if (!b || len < HEADER_BYTES || memcmp(b, "DIC1", 4) != 0 || b[4] != 1 || b[5] != 0) return NULL;
  uint32_t body = le32(b + 6);
  if (body > len - HEADER_BYTES || crc32(b + HEADER_BYTES, body) != le32(b + 10)) return NULL;
  const uint8_t* p = b + HEADER_BYTES;
  const uint8_t* end = p + body;
  while (end - p >= 3) {
    unsigned tag = p[0], n = p[1] | p[2] << 8;
    p += 3;
    if ((size_t)(end - p) < n) break;
    if (tag == want) {
      *n_out = n;
      return p;
    }
    p += n;
  }
  return NULL;
}

/* The localPort record of a well-formed block; 5060 (the firmware's default) when the block has none or is damaged. */
unsigned block_local_port(const uint8_t* b, size_t len) {
  unsigned n;
  const uint8_t* p = block_record(b, len, TAG_LOCAL_PORT, &n);
  return p && n == 2 ? (unsigned)(p[0] | p[1] << 8) : DEFAULT_PORT;
}

/* The primary registrar of a well-formed block as the ABI's 18 octets (its host is 4 octets, IPv4, written
 * mapped, or 16, IPv6: docs/config.md; the port 5060 unless the block says); false when it has none. The
 * board asks the kernel which of its addresses routes there (main.c). */
bool block_registrar(const uint8_t* b, size_t len, uint8_t peer[PEER_BYTES]) {
  unsigned n;
  const uint8_t* ip = block_record(b, len, TAG_REGISTRAR_HOST, &n);
  if (!ip || (n != 4 && n != 16)) return false;
  memset(peer, 0, PEER_BYTES);
  if (n == 4) peer[10] = peer[11] = 0xff;
  memcpy(peer + 16 - n, ip, n);
  const uint8_t* p = block_record(b, len, TAG_REGISTRAR_PORT, &n);
  unsigned port = p && n == 2 ? (unsigned)(p[0] | p[1] << 8) : DEFAULT_PORT;
  peer[16] = (uint8_t)(port >> 8);
  peer[17] = (uint8_t)port;
  return true;
}

/* The CA file the block names (tls.ca, docs/config.md: printable ASCII, 1..127 octets) into out (PATH_MAX octets), a relative path
 * taken from the block file's folder: 1; 0 when the block names none; -1, the reason on stderr, when the path is
 * not printable text or the file cannot be read (RFC 3261 §26.2: TLS without its trust anchors is refused at start). */
int block_tls_ca(const uint8_t* b, size_t len, const char* block_path, char* out) {
  unsigned n;
  const uint8_t* p = block_record(b, len, TAG_TLS_CA, &n);
  if (!p) return 0;
  bool printable = n >= 1 && n <= 127;
  for (unsigned i = 0; i < n; i++) printable = printable && p[i] >= 0x20 && p[i] <= 0x7e;
  if (!printable) {
    fprintf(stderr, "tls.ca: not 1..127 printable ASCII characters; give the path of a PEM file of CA certificates\n");
    return -1;
  }
  const char* slash = p[0] == '/' || !block_path ? NULL : strrchr(block_path, '/');
  int folder = slash ? (int)(slash - block_path) + 1 : 0;
  if (snprintf(out, PATH_MAX, "%.*s%.*s", folder, block_path ? block_path : "", (int)n, (const char*)p) >= PATH_MAX) {
    fprintf(stderr, "tls.ca: the path is longer than %d octets with the block's folder; give a shorter path\n", PATH_MAX - 1);
    return -1;
  }
  FILE* f = fopen(out, "rb");
  if (!f) {
    fprintf(stderr, "tls.ca %s: cannot read it (%s): give the path of a PEM file of CA certificates (relative: from the block file's folder), or --tls-ca FILE\n", out, strerror(errno));
    return -1;
  }
  fclose(f);
  return 1;
}
