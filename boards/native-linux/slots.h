/* The native board's A/B slots (docs/porting.md "Slots on the native Linux
 * board"): with --slots DIR, intercom-native is a supervisor (slots.c) that
 * chooses a slot by the trial rules shared with the Cortex-M4's boot stage
 * (boards/common/boot/), writes its payload to DIR/running and runs it with
 * the board's other options and --booted-from DIR; the child (slot-child.c)
 * confirms itself after it has run cleanly for CONFIRM_MS. */
#ifndef SLOTS_H
#define SLOTS_H

#include <stdint.h>

/* The child's exit status that asks the supervisor to boot again (sysexits.h
 * EX_TEMPFAIL): after an activation, or a trap before it confirmed. */
#define SLOTS_EXIT_REBOOT 75
/* The newest image a slot may hold (docs/images.md "What a board checks": the size within the slot). */
#define SLOTS_IMAGE_MAX (64u << 20)

/* The environment variable by which the supervisor tells its child how it booted (hal.c, board ABI 4's
 * bootInfo): "SLOT LAST", SLOT 0 (A) or 1 (B), LAST 0 as chosen, 1 fell back from a trial that never
 * confirmed, 2 fell back from a slot whose image was refused. An image of an older board ignores it. */
#define SLOTS_BOOT_ENV "INTERCOM_NATIVE_BOOT"

/* bootfs.c: the shared boot code's files are DIR's. */
void bootfs_root(const char* dir);

/* slots.c: the supervisor; returns the process's exit status. argv: the
 * board's whole command line, of which --slots DIR is dropped for the child. */
int slots_supervise(const char* dir, int argc, char** argv);

/* slot-child.c: the child's half. slot_child_init with --booted-from DIR;
 * slot_child_booted after the module started; slot_child_timeout caps the
 * loop's poll timeout so that it comes round when the window ends;
 * slot_child_round after each round of the loop: 1 when the child must end
 * asking to boot again (the module trapped before it confirmed). */
void slot_child_init(const char* dir);
void slot_child_booted(uint32_t now);
int slot_child_timeout(int timeout, uint32_t now);
int slot_child_round(uint32_t now, unsigned restarts);

#endif
