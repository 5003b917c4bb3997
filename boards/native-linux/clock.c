/* The firmware's clock: milliseconds since the board started, on the
 * monotonic clock (never stepped by NTP). The firmware treats it as a
 * wrapping u32 (docs/board-abi.md). */
#include <time.h>
#include "native.h"

static struct timespec t0;

void clock_start(void) {
  clock_gettime(CLOCK_MONOTONIC, &t0);
}

uint32_t clock_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  int64_t ms = (int64_t)(t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
  return (uint32_t)ms;
}
