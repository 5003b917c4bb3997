/* The slots, the boot record and the configuration store of the QEMU port
 * (board ABI 4, boards/cortex-m/hal.h; docs/serial-agent.md): files of
 * QEMU's working directory over semihosting, the ones the boot stage reads
 * (boot/: slot-a.img, slot-b.img, boot-record.bin through the shared
 * boards/common/boot code) and config.bin. What the boot stage chose comes
 * from its handoff (boot/handoff.h); an image started without the boot stage
 * runs outside the slots (0xFF), and the firmware then refuses to flash. */
#include <string.h>
#include "bootfs.h"
#include "bootrec.h"
#include "hal.h"
#include "handoff.h"
#include "semihost.h"
#include "target.h"

#define OUTSIDE_SLOTS 0xffu
/* An image is at most the application area (boot/target.h): a larger payload could not be placed. */
#define SLOT_CAPACITY (CODE_END - APP_BASE)
/* The module's linear memory: 2 pages (docs/porting.md "Memory and stack"). */
#define MEMORY_BYTES 131072u
#define CONFIG_FILE "config.bin"
#define CONFIG_SPARE "config.new"

static const char* const slot_files[2] = {"slot-a.img", "slot-b.img"};

static boot_handoff handoff;
static int handoff_read;

/* The boot stage's handoff, taken once (and its magic cleared); NULL when the image did not come through it. */
static const boot_handoff* boot_stage(void) {
  if (!handoff_read) {
    handoff_read = 1;
    handoff = __boot_handoff;
    __boot_handoff.magic = 0;
    if (handoff.magic != HANDOFF_MAGIC || handoff.check != handoff_check(&handoff) || handoff.slot > 1) handoff.magic = 0;
  }
  return handoff.magic == HANDOFF_MAGIC ? &handoff : NULL;
}

static uint32_t running(void) {
  const boot_handoff* h = boot_stage();
  return h ? h->slot : OUTSIDE_SLOTS;
}

static void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void hal_boot_info(uint8_t dst[48]) {
  const boot_handoff* h = boot_stage();
  memset(dst, 0, 48);
  dst[0] = (uint8_t)running();
  if (h && h->trial) {
    /* Still on trial until the image confirms itself (boot/confirm.h) or another slot is activated. */
    boot_record r;
    bootrec_read(&r);
    dst[1] = r.trial && r.active == h->slot;
  }
  dst[2] = h ? h->last_boot : HANDOFF_AS_CHOSEN;
  dst[3] = IMAGE_KIND_CORTEX_M;
  put32(dst + 4, SLOT_CAPACITY);
  put32(dst + 8, MEMORY_BYTES);
  dst[12] = (uint8_t)strlen(BOARD_NAME);
  memcpy(dst + 13, BOARD_NAME, dst[12]);
}

int32_t hal_slot_read(int32_t slot, uint32_t offset, uint8_t* dst, uint32_t len) {
  if (slot != 0 && slot != 1) return -1;
  int f = bootfs_open(slot_files[slot], BOOTFS_READ);
  if (f < 0) return 0; /* an empty slot holds no octets */
  uint32_t size = bootfs_length(f), n = 0;
  if (offset < size && bootfs_seek(f, offset) == 0) n = bootfs_read(f, dst, len < size - offset ? len : size - offset);
  bootfs_close(f);
  return (int32_t)n;
}

/* A slot the firmware may change: A or B, and not the one running. */
static int writable(int32_t slot) {
  return (slot == 0 || slot == 1) && (uint32_t)slot != running();
}

int32_t hal_slot_erase(int32_t slot) {
  if (!writable(slot)) return -1;
  int f = sh_open(slot_files[slot], 1); /* "wb": truncated to nothing */
  if (f < 0) return -1;
  sh_close(f);
  return 0;
}

int32_t hal_slot_write(int32_t slot, uint32_t offset, const uint8_t* src, uint32_t len) {
  if (!writable(slot) || offset > SLOT_CAPACITY || len > SLOT_CAPACITY - offset) return -1;
  int f = bootfs_open(slot_files[slot], BOOTFS_UPDATE);
  if (f < 0) return -1;
  int ok = bootfs_seek(f, offset) == 0 && bootfs_write(f, src, len) == len;
  bootfs_close(f);
  return ok ? (int32_t)len : -1;
}

/* The checks the boot stage makes after its copy (boot/target.c), on the slot's file: the load address
 * from the header (docs/images.md "Header": payload size at 8, load address at 24), the vector table
 * from the payload's first eight octets. */
int32_t hal_slot_check(int32_t slot, char* dst, uint32_t cap) {
  uint8_t head[40];
  const char* why = 0;
  if (hal_slot_read(slot, 0, head, sizeof head) != (int32_t)sizeof head) {
    why = "slot: the image does not read whole";
  } else {
    image_info info = {get32(head + 8), get32(head + 24), head[16], head[17], (uint16_t)(head[18] | head[19] << 8)};
    why = cortex_target.header(&cortex_target, &info);
    if (!why) why = cortex_vectors_check(get32(head + 32), get32(head + 36), &info);
  }
  if (!why) return 0;
  uint32_t n = (uint32_t)strlen(why);
  if (n > cap) n = cap;
  memcpy(dst, why, n);
  return (int32_t)n;
}

int32_t hal_boot_activate(int32_t slot) {
  if (slot != 0 && slot != 1) return -1;
  boot_record r;
  bootrec_read(&r);
  r.active = (uint8_t)slot;
  r.trial = 1;
  r.tried = 0;
  return bootrec_write(&r) == 0 ? 0 : -1;
}

/* Written whole to a spare file, then renamed over config.bin (the host's rename() replaces it
 * atomically): a cut before the rename leaves the old block, after it the new one. */
int32_t hal_config_write(const uint8_t* src, uint32_t len) {
  int f = sh_open(CONFIG_SPARE, 1);
  if (f < 0) return -1;
  uint32_t n = sh_write(f, src, len);
  sh_close(f);
  if (n != len) return -1;
  return sh_rename(CONFIG_SPARE, CONFIG_FILE);
}
