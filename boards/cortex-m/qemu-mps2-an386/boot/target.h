/* The Cortex-M4 under QEMU as a target of the shared image checks (target.c). */
#ifndef TARGET_H
#define TARGET_H

#include "image.h"

/* The application area: the first 64 KiB of code memory are the boot stage's. */
#define APP_BASE 0x00010000u
#define CODE_END 0x00400000u
#define RAM_START 0x20000000u
#define RAM_END 0x20400000u
#define BOARD_NAME "qemu-mps2-an386"

extern const image_target cortex_target;

/* The payload's first two vectors (ARMv7-M ARM B1.5.3): the initial stack
 * pointer in RAM and 8-aligned, the reset handler a Thumb address inside the
 * payload at info->load; 0, or the refusal "vectors: ...". The boot stage
 * checks the copied payload, the running image a slot it was sent. */
const char* cortex_vectors_check(uint32_t sp, uint32_t reset, const image_info* info);

#endif
