/* The boot record (docs/images.md "Trial boot"), the same on every board with
 * A/B slots: the active slot and the trial states, kept in boot-record.bin of
 * the board's state directory (bootfs.h) as two copies
 * of 16 octets, each with a sequence number and a CRC-32. A write goes to the
 * copy that is not the newest, so a cut in the middle of it leaves the other
 * copy whole; a read takes the valid copy with the higher sequence. */
#ifndef BOOTREC_H
#define BOOTREC_H

#include <stdint.h>

#define BOOTREC_FILE "boot-record.bin"

typedef struct {
  uint32_t sequence;
  uint8_t active; /* 0 slot A, 1 slot B */
  uint8_t trial;  /* the active slot boots on trial until it confirms itself */
  uint8_t tried;  /* it has been booted once on trial */
  int8_t copy;    /* the copy it was read from (0, 1), -1 when neither was valid */
  uint8_t damaged; /* bit n: copy n holds octets that do not form a valid copy */
} boot_record;

/* The newest valid copy; with none, slot A confirmed (sequence 0, copy -1). */
void bootrec_read(boot_record* r);
/* Writes r into the copy it was not read from, with the next sequence number,
 * and makes that the newest; 0 on success, -1 when the file cannot be written. */
int bootrec_write(boot_record* r);

#endif
