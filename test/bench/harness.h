/*
 * The timing harness shared by the bench's C parsers (sofia-bench.c,
 * wasm2c-bench.c): it reads the corpus files, times whole passes over each
 * group the way the Node children do (peers.ts) and prints one JSON object.
 * A parser file supplies the four functions below.
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stddef.h>

typedef struct {
  char *path;
  char *data;
  size_t len;
} datagram_t;

/* The "parser" name written into the JSON. */
extern const char harness_parser[];
/* Called once before any parse. */
void harness_init(void);
/* Parses one datagram the way the parser's own transport would receive it;
 * 1 when the parser accepted the message. */
int harness_parse(datagram_t const *d);
/* Why the parser refused d (for the bench's "rejected" line). */
const char *harness_reject_reason(datagram_t const *d);

/* Every parse result is added here, so no call can be optimised away. */
extern volatile unsigned long harness_sink;
void harness_die(const char *what, const char *detail);

#endif
