/* The application's half of the trial boot (docs/serial-protocol.md "Trial
 * boot"): an image started on trial by the boot stage confirms itself once it
 * has run cleanly, so the boot stage keeps it. Built into the Cortex-M4's
 * slot image (port.c with INTERCOM_BOOT_CONFIRM; the image booted directly has
 * none) and into the native board's child (boards/native-linux/slot-child.c). */
#ifndef CONFIRM_H
#define CONFIRM_H

#include <stdint.h>

/* The confirmation window (serial-protocol's --confirm-ms default): a tick this long after boot. */
#define CONFIRM_MS 1000u

/* Called after each record the firmware handled without a trap ('B' boot,
 * 'T' tick, ...): once a tick at least CONFIRM_MS after the boot has run,
 * clears `trial` in the boot record. 1 when it confirmed just now, -1 when
 * the record could not be written, 0 otherwise. */
int confirm_step(char record, uint32_t now);

#endif
