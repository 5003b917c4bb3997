/* The choice of the slot to boot (choose.h), shared by the boot stage of the
 * Cortex-M4 and the supervisor of the native Linux board. */
#include "bootfs.h"
#include "choose.h"

/* 1 when the slot's image passed its checks (and was placed), 0 otherwise (reported). */
static int try_slot(boot_board* b, int slot, image_info* info) {
  int f = b->open(b, slot);
  if (f < 0) {
    b->report(b, BOOT_EMPTY, slot, 0, 0);
    return 0;
  }
  const char* why = 0;
  int refused = image_check(f, b->target(b, slot), info, &why);
  bootfs_close(f);
  if (refused) {
    b->report(b, BOOT_REFUSED, slot, why, 0);
    return 0;
  }
  b->report(b, BOOT_STARTING, slot, 0, info);
  return 1;
}

/* Makes the other slot active and confirmed (the trial given up). */
static void give_up(boot_board* b, boot_record* r, int slot) {
  r->active = (uint8_t)(slot ^ 1);
  r->trial = r->tried = 0;
  if (bootrec_write(r) != 0) b->report(b, BOOT_UNWRITABLE, slot, 0, 0);
}

int boot_choose(boot_board* b, image_info* info) {
  boot_record r;
  bootrec_read(&r);
  for (int i = 0; i < 2; i++) {
    if (r.damaged & (1u << i)) b->report(b, BOOT_COPY_DAMAGED, i, 0, 0);
  }
  if (r.copy < 0) b->report(b, BOOT_NO_RECORD, 0, 0, 0);
  int slot = r.active;
  if (r.trial && r.tried) {
    b->report(b, BOOT_NEVER_CONFIRMED, slot, 0, 0);
    give_up(b, &r, slot);
    slot ^= 1;
  } else if (r.trial) {
    /* `tried` is in the record before the image runs: a cut from here on falls back. */
    r.tried = 1;
    if (bootrec_write(&r) != 0) {
      b->report(b, BOOT_NOT_TRIED, slot, 0, 0);
      slot ^= 1;
    } else {
      b->report(b, BOOT_ON_TRIAL, slot, 0, 0);
    }
  } else {
    b->report(b, BOOT_ACTIVE, slot, 0, 0);
  }
  if (try_slot(b, slot, info)) return slot;
  if (r.trial && r.active == slot) {
    /* A trial image that does not even pass the checks is given up now, as it would be at the next boot. */
    b->report(b, BOOT_GIVEN_UP, slot, 0, 0);
    give_up(b, &r, slot);
  } else {
    b->report(b, BOOT_TRYING, slot ^ 1, 0, 0);
  }
  if (try_slot(b, slot ^ 1, info)) return slot ^ 1;
  b->report(b, BOOT_NONE, -1, 0, 0);
  return -1;
}
