/* The retained record (board.retainedRead/retainedWrite, docs/board-abi.md):
 * a few octets the firmware keeps across its restarts (the door-code lockout).
 * The board holds them in memory, so they outlive a module restarted after a
 * trap; with --state FILE (by default FILE.state beside the configuration
 * block) they also outlive the process, as a board's flash outlives a power
 * cycle. The file is replaced as one step (written aside, then renamed). The
 * board never reads the record: the firmware checks it and ignores a damaged
 * one. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include "native.h"

void retained_load(struct Z_board_instance_t* b) {
  b->retained_len = 0;
  if (!b->state_path) return;
  FILE* f = fopen(b->state_path, "rb");
  if (!f) return; /* none yet: nothing is retained */
  b->retained_len = fread(b->retained, 1, RETAINED_MAX, f);
  fclose(f);
}

void retained_store(struct Z_board_instance_t* b) {
  if (!b->state_path) return;
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.new", b->state_path) >= (int)sizeof tmp) return;
  FILE* f = fopen(tmp, "wb");
  bool ok = f && fwrite(b->retained, 1, b->retained_len, f) == b->retained_len;
  if (f && fclose(f) != 0) ok = false;
  if (!ok || rename(tmp, b->state_path) != 0) {
    /* The record still holds in memory; a power cut would lose it. */
    fprintf(stderr, "intercom-native: --state %s: cannot write: %s\n", b->state_path, strerror(errno));
  }
}
