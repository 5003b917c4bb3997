/* A driver of the native board's resolver (boards/native-linux/resolve.c and
 * dns-wire.c) without the firmware, for test/host/resolver-native.test.ts:
 *
 *   resolve-driver HOST:PORT TYPE NAME [TYPE NAME ...]
 *
 * sends every query at once (TYPE a number: 1, 28, 33, 35), then runs the
 * board's loop (poll on the resolver's socket, its timeout) until each is
 * answered, printing one JSON line per answer: the query's name and type,
 * boardResolved's id, status and count, the ms it took, and the records at
 * rxBuffer in hex, exactly as the firmware would read them. Exit 2 on a bad
 * argument (the resolver's reason on stderr). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "resolve.h"

/* The firmware's receive buffer (rxCapacity, docs/transports.md "Memory plan"). */
#define RX_CAPACITY 8192

static uint32_t now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint32_t)((uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000);
}

int main(int argc, char** argv) {
  static resolver_t r;
  static uint8_t rx[RX_CAPACITY];
  char why[256];
  if (argc < 4 || argc % 2) {
    fprintf(stderr, "usage: resolve-driver HOST:PORT TYPE NAME [TYPE NAME ...]\n");
    return 2;
  }
  if (resolver_init(&r, argv[1], why, sizeof why) != 0) {
    fprintf(stderr, "%s\n", why);
    return 2;
  }
  int queries = (argc - 2) / 2, left = 0;
  const char* names[256] = {0};
  int types[256] = {0};
  uint32_t start = now_ms();
  for (int i = 0; i < queries; i++) {
    int type = atoi(argv[2 + 2 * i]);
    const char* name = argv[3 + 2 * i];
    int id = resolver_query(&r, type, (const uint8_t*)name, strlen(name), now_ms());
    if (id < 0) {
      printf("{\"name\":\"%s\",\"type\":%d,\"id\":-1}\n", name, type);
      continue;
    }
    names[id] = name;
    types[id] = type;
    left++;
  }
  while (left > 0) {
    resolve_answer_t a;
    while (left > 0 && resolver_next(&r, now_ms(), rx, sizeof rx, &a)) {
      printf("{\"name\":\"%s\",\"type\":%d,\"id\":%d,\"status\":%d,\"count\":%d,\"ms\":%u,\"records\":\"", names[a.id], types[a.id],
             a.id, a.status, a.count, now_ms() - start);
      for (size_t i = 0; i < a.len; i++) printf("%02x", rx[i]);
      printf("\"}\n");
      fflush(stdout);
      left--;
    }
    struct pollfd fd = {.fd = resolver_fd(&r), .events = POLLIN};
    if (left > 0) poll(&fd, 1, resolver_timeout(&r, now_ms()));
  }
  resolver_close(&r);
  return 0;
}
