/* A slot's image (docs/images.md): checked and copied to where it runs. */
#ifndef IMAGE_H
#define IMAGE_H

#include <stdint.h>

/* The application area: the first 64 KiB of code memory are the boot stage's. */
#define APP_BASE 0x00010000u
#define CODE_END 0x00400000u
#define RAM_START 0x20000000u
#define RAM_END 0x20400000u
#define BOARD_NAME "qemu-mps2-an386"

typedef struct {
  uint32_t load;       /* where the payload runs (its vector table) */
  uint8_t major, minor;
  uint16_t revision;
} image_info;

/* Checks the image in the open host file (header, trailer, SHA-256, vector
 * table) while it copies the payload to its load address. 0 when the image
 * may boot; otherwise -1 and *why names the field at fault. */
int image_load(int file, image_info* info, const char** why);

#endif
