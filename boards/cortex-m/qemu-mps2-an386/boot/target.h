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

#endif
