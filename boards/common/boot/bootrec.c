/* Two copies of the boot record (bootrec.h). A copy (little-endian):
 *   0 magic 0x52424349 ("ICBR")   4 sequence   8 active   9 trial   10 tried
 *   11 reserved 0                 12 CRC-32 of octets 0..11
 * The CRC is the IEEE 802.3 one (reflected polynomial 0xEDB88320, initial
 * and final 0xFFFFFFFF), the same as zlib's crc32. Sequence numbers compare
 * by serial-number arithmetic (RFC 1982 §3.2), so a wrap at 2^32 still
 * orders the copies. */
#include "bootrec.h"
#include "bootfs.h"

#define MAGIC 0x52424349u
#define COPY_SIZE 16u

static uint32_t crc32(const uint8_t* p, uint32_t n) {
  uint32_t c = 0xffffffffu;
  while (n--) {
    c ^= *p++;
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return ~c;
}

static uint32_t get32(const uint8_t* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* 1 when the 16 octets are a whole, valid copy. */
static int parse(const uint8_t* p, boot_record* r) {
  if (get32(p) != MAGIC || get32(p + 12) != crc32(p, 12)) return 0;
  if (p[8] > 1 || p[9] > 1 || p[10] > 1 || p[11] != 0) return 0;
  r->sequence = get32(p + 4);
  r->active = p[8];
  r->trial = p[9];
  r->tried = p[10];
  return 1;
}

void bootrec_read(boot_record* r) {
  uint8_t file[2 * COPY_SIZE];
  uint32_t len = 0;
  int f = bootfs_open(BOOTREC_FILE, BOOTFS_READ);
  if (f >= 0) {
    len = bootfs_read(f, file, sizeof file);
    bootfs_close(f);
  }
  boot_record best = {0, 0, 0, 0, -1, 0};
  uint8_t damaged = 0;
  for (int i = 0; i < 2; i++) {
    boot_record c;
    if (len >= (uint32_t)(i + 1) * COPY_SIZE && parse(file + i * COPY_SIZE, &c)) {
      if (best.copy < 0 || (int32_t)(c.sequence - best.sequence) > 0) {
        best = c;
        best.copy = (int8_t)i;
      }
    } else if (len > (uint32_t)i * COPY_SIZE) {
      damaged |= (uint8_t)(1u << i); /* present, but torn or corrupt: ignored */
    }
  }
  *r = best;
  r->damaged = damaged;
}

int bootrec_write(boot_record* r) {
  uint8_t p[COPY_SIZE];
  int copy = r->copy == 0 ? 1 : 0;
  put32(p, MAGIC);
  put32(p + 4, r->sequence + 1);
  p[8] = r->active;
  p[9] = r->trial;
  p[10] = r->tried;
  p[11] = 0;
  put32(p + 12, crc32(p, 12));
  /* Updated in place: the other copy is kept. */
  int f = bootfs_open(BOOTREC_FILE, BOOTFS_UPDATE);
  if (f < 0) return -1;
  int ok = bootfs_seek(f, (uint32_t)copy * COPY_SIZE) == 0 && bootfs_write(f, p, COPY_SIZE) == COPY_SIZE;
  bootfs_close(f);
  if (!ok) return -1;
  r->sequence++;
  r->copy = (int8_t)copy;
  return 0;
}
