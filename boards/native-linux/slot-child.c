/* The child's half of the native board's trial boot (slots.h): started by the
 * supervisor with --booted-from DIR, it confirms itself through the shared
 * confirm step (boards/common/boot/confirm.c), the Cortex-M4's rule: after a
 * round of the loop at least CONFIRM_MS after boot in which the module ran
 * without a trap. A trap before that ends the child asking to boot again, so
 * that a trial that does not run cleanly is given up, as on the Cortex-M4
 * (whose port ends the run at a trap). Without --booted-from all do nothing. */
#include <stdio.h>
#include "bootrec.h"
#include "confirm.h"
#include "slots.h"

static int booted_from_slots, confirmed;
static uint32_t boot_at;

void slot_child_init(const char* dir) {
  bootfs_root(dir);
  booted_from_slots = 1;
}

void slot_child_booted(uint32_t now) {
  if (!booted_from_slots) return;
  boot_record r;
  bootrec_read(&r);
  /* A confirmed image has nothing to confirm, and a trap restarts its module in place, as without slots. */
  if (!r.trial) confirmed = 1;
  boot_at = now;
  confirm_step('B', now);
}

int slot_child_timeout(int timeout, uint32_t now) {
  if (!booted_from_slots || confirmed) return timeout;
  int32_t left = (int32_t)(boot_at + CONFIRM_MS - now);
  if (left < 0) left = 0;
  return timeout < 0 || timeout > left ? (int)left : timeout;
}

int slot_child_round(uint32_t now, unsigned restarts) {
  if (!booted_from_slots || confirmed) return 0;
  if (restarts > 0) return 1;
  int r = confirm_step('T', now);
  if (r == 0 && now - boot_at < CONFIRM_MS) return 0;
  confirmed = 1;
  if (r > 0) printf("{\"t\":%u,\"event\":\"confirmed\"}\n", now);
  if (r < 0) printf("{\"t\":%u,\"event\":\"error\",\"message\":\"the boot record cannot be written: the image is not confirmed\"}\n", now);
  fflush(stdout);
  return 0;
}
