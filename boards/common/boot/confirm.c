/* confirm.h: the image confirms itself after its first tick past the
 * confirmation window, as the simulated board does (host/serial/board/boot.ts
 * `confirm`: trial and tried cleared, the active slot kept). A trap before
 * that ends the run (the Cortex-M4's port.c hal_restart; the native child
 * exits asking to reboot), so the record stays on trial and tried, and the
 * boot stage falls back at the next boot. */
#include "bootrec.h"
#include "confirm.h"

static int booted, done;
static uint32_t boot_at;

int confirm_step(char record, uint32_t now) {
  if (record == 'B') {
    booted = 1;
    boot_at = now;
    return 0;
  }
  if (done || !booted || record != 'T' || now - boot_at < CONFIRM_MS) return 0;
  done = 1;
  boot_record r;
  bootrec_read(&r);
  if (!r.trial) return 0;
  r.trial = r.tried = 0;
  return bootrec_write(&r) == 0 ? 1 : -1;
}
