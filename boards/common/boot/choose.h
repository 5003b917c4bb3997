/* Which slot boots (docs/images.md "Trial boot", docs/serial-protocol.md
 * "Trial boot"; MCUboot's test/confirm/revert), the same on every board:
 *   not on trial          the active slot;
 *   on trial, not tried   persist `tried`, then the active slot;
 *   on trial and tried    it never confirmed itself: the other slot becomes
 *                         active and confirmed, and boots;
 * a slot whose image fails the checks gives way to the other one (a refused
 * trial is given up in the record at once). Each step is reported to the
 * board, which says it in its own form (a UART line, a JSON line). */
#ifndef CHOOSE_H
#define CHOOSE_H

#include <stdint.h>
#include "bootrec.h"
#include "image.h"

typedef enum {
  BOOT_COPY_DAMAGED,    /* slot: the copy of the boot record (0, 1), present but not valid: ignored */
  BOOT_NO_RECORD,       /* neither copy valid: slot A, confirmed */
  BOOT_ACTIVE,          /* slot: the active slot, confirmed */
  BOOT_ON_TRIAL,        /* slot: booted on trial, `tried` written */
  BOOT_NOT_TRIED,       /* slot: on trial, but `tried` cannot be written: the other slot instead */
  BOOT_NEVER_CONFIRMED, /* slot: tried and never confirmed: back to the other */
  BOOT_EMPTY,           /* slot: no image */
  BOOT_REFUSED,         /* slot: its image fails a check (why) */
  BOOT_GIVEN_UP,        /* slot: the refused trial is given up: back to the other */
  BOOT_TRYING,          /* slot: the other slot is tried */
  BOOT_STARTING,        /* slot: its image passed (info) */
  BOOT_UNWRITABLE,      /* the boot record cannot be written */
  BOOT_NONE,            /* no slot is bootable */
} boot_step;

typedef struct boot_board {
  /* Opens the slot's image (bootfs_open), -1 when the slot is empty. */
  int (*open)(struct boot_board* b, int slot);
  /* The slot's image target (image.h), for image_check. */
  const image_target* (*target)(struct boot_board* b, int slot);
  /* One step of the choice, for the board to say. */
  void (*report)(struct boot_board* b, boot_step step, int slot, const char* why, const image_info* info);
  void* context;
} boot_board;

/* Reads the boot record, chooses the slot, writes the record as the rules say
 * and checks the slots' images in that order. The slot (0 A, 1 B) whose
 * image passed, its payload placed (info filled), or -1 when neither did. */
int boot_choose(boot_board* b, image_info* info);

#endif
