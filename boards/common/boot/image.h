/* A slot's image (docs/images.md): its header, trailer and SHA-256 checked
 * while its payload goes where the board runs it. The checks are the same on
 * every board; what differs (the kind, the board's name, where the payload
 * goes and what else it must satisfy) is the board's image_target. */
#ifndef IMAGE_H
#define IMAGE_H

#include <stdint.h>

/* docs/images.md "Header": kind. */
#define IMAGE_KIND_WASM 1u
#define IMAGE_KIND_LINUX 2u
#define IMAGE_KIND_CORTEX_M 3u

typedef struct {
  uint32_t size;       /* the payload's octets */
  uint32_t load;       /* the header's load address (kind 3: where the payload runs) */
  uint8_t major, minor;
  uint16_t revision;
} image_info;

typedef struct image_target {
  uint8_t kind;                /* the kind the board runs */
  const char* board;           /* its name, which one of the image's board records must hold */
  const char* kind_refusal;    /* e.g. "kind: not a Cortex-M binary (kind 3)" */
  const char* board_refusal;   /* e.g. "board: the image is for another board, not qemu-mps2-an386" */
  /* The board's own header checks (the load address, the size); 0 or the refusal. */
  const char* (*header)(const struct image_target* t, const image_info* info);
  /* Where the payload's next n octets (from offset) are read to. */
  uint8_t* (*place)(const struct image_target* t, uint32_t offset, uint32_t n);
  /* Those n octets, read and hashed; 0 or the refusal (a write that failed). */
  const char* (*placed)(const struct image_target* t, const uint8_t* p, uint32_t n);
  /* The whole payload, its hash matched: the board's own payload checks; 0 or the refusal. */
  const char* (*payload)(const struct image_target* t, const image_info* info);
  void* context;               /* the board's, for its callbacks */
} image_target;

/* Checks the image in the open file (header, trailer, SHA-256, then the
 * target's checks) while its payload goes to the target. 0 when the image may
 * boot; otherwise -1 and *why names the field at fault. A payload refused
 * after it was placed leaves octets there that the board must not run. */
int image_check(int file, const image_target* t, image_info* info, const char** why);

#endif
