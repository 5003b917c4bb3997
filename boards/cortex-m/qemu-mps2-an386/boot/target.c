/* What the shared image checks (boards/common/boot/image.h) need from the
 * Cortex-M4 under QEMU: kind 3 for qemu-mps2-an386, a load address in the
 * application area, the payload read straight to it, and its vector table
 * (initial stack pointer in RAM, reset handler a Thumb address inside the
 * payload). A payload refused after the copy leaves junk there that the next
 * image overwrites. */
#include "target.h"

/* The header's load address, once the header passed: where place() copies to. */
static uint32_t load_address;

static const char* header(const image_target* t, const image_info* info) {
  (void)t;
  /* VTOR holds bits 31..7 (ARMv7-M ARM B3.2.5); 48 vectors on this board round up to 256 octets. */
  /* Anywhere else the copy would overwrite the boot stage (below APP_BASE) or its RAM (at the top of RAM). */
  if (info->load % 256 != 0 || info->load < APP_BASE || info->load >= CODE_END || info->size < 8 || info->size > CODE_END - info->load)
    return "load: the payload does not fit the application area";
  load_address = info->load;
  return 0;
}

static uint8_t* place(const image_target* t, uint32_t offset, uint32_t n) {
  (void)t;
  (void)n;
  return (uint8_t*)load_address + offset;
}

const char* cortex_vectors_check(uint32_t sp, uint32_t reset, const image_info* info) {
  if (sp <= RAM_START || sp > RAM_END || sp % 8 != 0) return "vectors: the initial stack pointer is not in RAM";
  if (!(reset & 1u) || (reset & ~1u) < info->load + 8 || (reset & ~1u) >= info->load + info->size) return "vectors: the reset handler is not in the payload";
  return 0;
}

static const char* payload(const image_target* t, const image_info* info) {
  (void)t;
  const uint32_t* vectors = (const uint32_t*)info->load;
  return cortex_vectors_check(vectors[0], vectors[1], info);
}

const image_target cortex_target = {
  .kind = IMAGE_KIND_CORTEX_M,
  .board = BOARD_NAME,
  .kind_refusal = "kind: not a Cortex-M binary (kind 3)",
  .board_refusal = "board: the image is for another board, not " BOARD_NAME,
  .header = header,
  .place = place,
  .placed = 0,
  .payload = payload,
  .context = 0,
};
