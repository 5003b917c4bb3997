/* Board ABI 4 on the native board (docs/serial-agent.md "Board ABI 4"): the
 * HAL under the firmware's serial agent. The slots are DIR/slot-a.img and
 * DIR/slot-b.img of the supervisor's --slots DIR (slots.c), the boot record
 * DIR/boot-record.bin (boards/common/boot/bootrec.c), the configuration store
 * the file of --config-block. The supervisor tells its child which slot it
 * booted and how (SLOTS_BOOT_ENV); a board started without --slots runs
 * outside its slots (0xFF), and the agent then refuses to flash. Every write
 * is on the disk (fsync) before the import returns. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bootfs.h"
#include "bootrec.h"
#include "image.h"
#include "native.h"
#include "slots.h"

#define BOOT_INFO_BYTES 48
#define OUTSIDE_SLOTS 0xFF
#define BOARD_NAME "native-linux"
/* docs/images.md "Header": headerSize at 6, payloadSize at 8. */
#define IMAGE_HEADER_BYTES 32
/* The ELF header's fields the check reads (System V ABI, "ELF Header"): e_ident to e_machine. */
#define ELF_PREFIX 20
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62

static const char* const slot_files[2] = {"slot-a.img", "slot-b.img"};
static const char* slots_dir;
static unsigned running = OUTSIDE_SLOTS, last_boot;

void hal_slots(const char* dir) {
  slots_dir = dir;
  const char* boot = getenv(SLOTS_BOOT_ENV);
  unsigned slot, last;
  /* Without the supervisor's word the running slot is unknown: the board stays outside its slots, and no slot is written. */
  if (boot && sscanf(boot, "%u %u", &slot, &last) == 2 && slot <= 1 && last <= 2) {
    running = slot;
    last_boot = last;
  }
}

static void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void Z_boardZ_bootInfo(struct Z_board_instance_t* b, u32 dst) {
  uint8_t* d = board_span(b, dst, BOOT_INFO_BYTES, "bootInfo");
  memset(d, 0, BOOT_INFO_BYTES);
  d[0] = (uint8_t)running;
  if (running != OUTSIDE_SLOTS) {
    /* Read now: the child confirms itself (slot-child.c) after the supervisor started it on trial. */
    boot_record r;
    bootrec_read(&r);
    d[1] = r.trial && r.active == running;
  }
  d[2] = (uint8_t)last_boot;
  d[3] = IMAGE_KIND_LINUX;
  put32(d + 4, SLOTS_IMAGE_MAX);
  put32(d + 8, (uint32_t)b->fw->w2c_memory.size);
  d[12] = (uint8_t)strlen(BOARD_NAME);
  memcpy(d + 13, BOARD_NAME, strlen(BOARD_NAME));
}

static int is_slot(u32 slot) {
  return slots_dir && slot <= 1;
}

/* A slot the board may erase and write: any but the one it runs (and none while it does not know which). */
static int writable(u32 slot) {
  return is_slot(slot) && running != OUTSIDE_SLOTS && slot != running;
}

/* Reads up to len octets at offset of the open file; the number read, -1 on an error. */
static int32_t read_at(int f, uint32_t offset, uint8_t* dst, uint32_t len) {
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = pread(f, dst + done, len - done, (off_t)offset + done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    done += (uint32_t)n;
  }
  return (int32_t)done;
}

u32 Z_boardZ_slotRead(struct Z_board_instance_t* b, u32 slot, u32 offset, u32 dst, u32 len) {
  if (!is_slot(slot)) return (u32)-1;
  uint8_t* d = board_span(b, dst, len, "slotRead");
  int f = bootfs_open(slot_files[slot], BOOTFS_READ);
  if (f < 0) return 0; /* no file: an empty slot */
  int32_t n = read_at(f, offset, d, len);
  bootfs_close(f);
  return (u32)n;
}

u32 Z_boardZ_slotErase(struct Z_board_instance_t* b, u32 slot) {
  (void)b;
  if (!writable(slot)) return (u32)-1;
  int f = bootfs_open(slot_files[slot], BOOTFS_UPDATE);
  int ok = f >= 0 && ftruncate(f, 0) == 0 && fsync(f) == 0;
  if (f >= 0) bootfs_close(f);
  return ok ? 0 : (u32)-1;
}

u32 Z_boardZ_slotWrite(struct Z_board_instance_t* b, u32 slot, u32 offset, u32 src, u32 len) {
  uint8_t* s = board_span(b, src, len, "slotWrite");
  if (!writable(slot) || (uint64_t)offset + len > SLOTS_IMAGE_MAX) return (u32)-1;
  int f = bootfs_open(slot_files[slot], BOOTFS_UPDATE);
  if (f < 0) return (u32)-1;
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = pwrite(f, s + done, len - done, (off_t)offset + done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += (uint32_t)n;
  }
  int ok = done == len && fsync(f) == 0;
  bootfs_close(f);
  return ok ? len : (u32)-1;
}

/* Why the slot's payload is not an x86-64 executable this board can run (host/image/payloads.ts elfProblem), or NULL. */
static const char* payload_problem(u32 slot, char* why, size_t cap) {
  uint8_t h[IMAGE_HEADER_BYTES], e[ELF_PREFIX];
  int f = bootfs_open(slot_files[slot], BOOTFS_READ);
  if (f < 0) return "slot: the slot is empty";
  int32_t got = read_at(f, 0, h, sizeof h);
  uint32_t at = got == (int32_t)sizeof h ? (uint32_t)(h[6] | h[7] << 8) : 0;
  int32_t elf = at && get32(h + 8) >= ELF_PREFIX ? read_at(f, at, e, sizeof e) : 0;
  bootfs_close(f);
  if (got != (int32_t)sizeof h) return "slot: the slot holds no whole image header";
  if (elf != ELF_PREFIX) return "payload: its ELF header is cut short";
  if (memcmp(e, "\x7f" "ELF", 4) != 0) return "payload: it does not start with the ELF magic 7f 45 4c 46";
  if (e[4] != ELFCLASS64) return "payload: not a 64-bit ELF (EI_CLASS); this board runs x86-64 executables";
  if (e[5] != ELFDATA2LSB) return "payload: a big-endian ELF (EI_DATA); x86-64 is little-endian";
  unsigned type = e[16] | e[17] << 8, machine = e[18] | e[19] << 8;
  if (machine != EM_X86_64) return snprintf(why, cap, "payload: its e_machine is %u, not x86-64 (62)", machine), why;
  if (type != ET_EXEC && type != ET_DYN) return snprintf(why, cap, "payload: its e_type is %u, not an executable (2, or 3 position-independent)", type), why;
  return NULL;
}

u32 Z_boardZ_slotCheck(struct Z_board_instance_t* b, u32 slot, u32 dst, u32 cap) {
  char text[96];
  const char* why = is_slot(slot) ? payload_problem(slot, text, sizeof text) : "slot: no such slot on this board";
  if (!why) return 0;
  uint32_t n = (uint32_t)strlen(why);
  if (n > cap) n = cap;
  memcpy(board_span(b, dst, n, "slotCheck"), why, n);
  return n;
}

/* Active on trial, not yet tried: the supervisor's next boot tries it once (boards/common/boot/choose.h). */
u32 Z_boardZ_bootActivate(struct Z_board_instance_t* b, u32 slot) {
  (void)b;
  if (!is_slot(slot)) return (u32)-1;
  boot_record r;
  bootrec_read(&r);
  r.active = (uint8_t)slot;
  r.trial = 1;
  r.tried = 0;
  return bootrec_write(&r) == 0 ? 0 : (u32)-1;
}

/* The rename is on the disk once the directory is synced (rename(2) is atomic, its persistence is the directory's). */
static int sync_directory_of(const char* path) {
  char copy[PATH_MAX];
  if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy) return -1;
  int d = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int ok = d >= 0 && fsync(d) == 0;
  if (d >= 0) close(d);
  return ok ? 0 : -1;
}

/* The whole block or none: written aside, synced, then renamed over the old one. */
static int store_block(const char* path, const uint8_t* s, uint32_t len) {
  char tmp[PATH_MAX];
  if (snprintf(tmp, sizeof tmp, "%s.new", path) >= (int)sizeof tmp) return -1;
  int f = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (f < 0) return -1;
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = write(f, s + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += (uint32_t)n;
  }
  int ok = done == len && fsync(f) == 0;
  if (close(f) != 0) ok = 0;
  if (!ok || rename(tmp, path) != 0) {
    unlink(tmp);
    return -1;
  }
  return sync_directory_of(path);
}

u32 Z_boardZ_configWrite(struct Z_board_instance_t* b, u32 src, u32 len) {
  uint8_t* s = board_span(b, src, len, "configWrite");
  if (!b->block_path) return (u32)-1;
  uint8_t* copy = len ? malloc(len) : NULL;
  if (len && !copy) return (u32)-1;
  if (store_block(b->block_path, s, len) != 0) {
    fprintf(stderr, "intercom-native: board.configWrite: cannot replace %s: %s\n", b->block_path, strerror(errno));
    free(copy);
    return (u32)-1;
  }
  if (len) memcpy(copy, s, len);
  free(b->block);
  b->block = copy;
  b->block_len = len;
  return 0;
}

/* main.c reboots once this entry point has returned and the serial queue is on the line. */
void Z_boardZ_reboot(struct Z_board_instance_t* b) {
  b->reboot = true;
}

/* Board ABI 5, board.resolve (docs/transports.md, "Names"): no resolver on this board yet, so
 * the firmware meets a board without one (-1) and uses its registrar's address only. */
u32 Z_boardZ_resolve(struct Z_board_instance_t* b, u32 type, u32 name, u32 len) {
  (void)b; (void)type; (void)name; (void)len;
  return (u32)-1;
}
