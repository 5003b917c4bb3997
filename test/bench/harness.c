/*
 * The shared timing harness of the C parsers (harness.h).
 *
 * Usage (of the program it is linked into):
 *   NAME [--rounds N] [--min-ms MS] [--warmup-ms MS]
 *        --group NAME FILE... [--group NAME FILE...]
 *
 * A round runs whole passes over the group's messages until at least
 * min-ms have elapsed; the figure is the median of the rounds' msgs/s. A
 * group "overall" of every message is added. Output: one JSON object on
 * stdout, in the shape of peers.ts's MeasureResult.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "harness.h"

typedef struct {
  const char *name;
  datagram_t *items;
  size_t count;
  size_t cap;
} group_t;

#define MAX_GROUPS 8

static group_t groups[MAX_GROUPS + 1];
static size_t group_count;
volatile unsigned long harness_sink;

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void harness_die(const char *what, const char *detail)
{
  fprintf(stderr, "%s: %s%s%s\n", harness_parser, what, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

static void add_item(group_t *g, const char *path, char *data, size_t len)
{
  if (g->count == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 16;
    g->items = realloc(g->items, g->cap * sizeof *g->items);
    if (!g->items) harness_die("out of memory", NULL);
  }
  g->items[g->count].path = strdup(path);
  g->items[g->count].data = data;
  g->items[g->count].len = len;
  g->count++;
}

static void read_file(group_t *g, const char *path)
{
  FILE *f = fopen(path, "rb");
  long size;
  char *buf;
  if (!f) harness_die("cannot open", path);
  if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
    harness_die("cannot size", path);
  buf = malloc((size_t)size + 1);
  if (!buf) harness_die("out of memory", NULL);
  if (size > 0 && fread(buf, 1, (size_t)size, f) != (size_t)size) harness_die("cannot read", path);
  fclose(f);
  add_item(g, path, buf, (size_t)size);
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static size_t pass(group_t const *g)
{
  size_t i, ok = 0;
  for (i = 0; i < g->count; i++) ok += (size_t)harness_parse(&g->items[i]);
  return ok;
}

static void print_rejected(group_t const *g)
{
  size_t i;
  int first = 1;
  for (i = 0; i < g->count; i++)
    if (!harness_parse(&g->items[i])) {
      const char *base = strrchr(g->items[i].path, '/');
      printf("%s\"%s (%s)\"", first ? "" : ", ", base ? base + 1 : g->items[i].path,
             harness_reject_reason(&g->items[i]));
      first = 0;
    }
}

static void measure(group_t const *g, int rounds, double min_ms, double warmup_ms, int first)
{
  double rates[64], t0, elapsed, minRound = 1e300;
  size_t accepted = pass(g);
  long passes;
  int r;

  t0 = now_ms();
  do pass(g); while (now_ms() - t0 < warmup_ms);

  for (r = 0; r < rounds; r++) {
    passes = 0;
    t0 = now_ms();
    do {
      pass(g);
      passes++;
      elapsed = now_ms() - t0;
    } while (elapsed < min_ms);
    rates[r] = (double)passes * (double)g->count / (elapsed / 1e3);
    if (elapsed < minRound) minRound = elapsed;
  }
  qsort(rates, (size_t)rounds, sizeof rates[0], cmp_double);

  printf("%s\n    \"%s\": {\"messages\": %zu, \"accepted\": %zu, \"msgsPerSec\": %.1f, "
         "\"rounds\": [", first ? "" : ",", g->name, g->count, accepted, rates[rounds / 2]);
  for (r = 0; r < rounds; r++) printf("%s%.1f", r ? ", " : "", rates[r]);
  printf("], \"minRoundMs\": %.1f, \"rejected\": [", minRound);
  print_rejected(g);
  printf("]}");
}

/* "overall": every message of every group, one pass = all of them. */
static void add_overall(void)
{
  group_t *all = &groups[group_count];
  size_t gi, k;
  all->name = "overall";
  for (gi = 0; gi < group_count; gi++)
    for (k = 0; k < groups[gi].count; k++) {
      char *copy = malloc(groups[gi].items[k].len + 1);
      if (!copy) harness_die("out of memory", NULL);
      memcpy(copy, groups[gi].items[k].data, groups[gi].items[k].len);
      add_item(all, groups[gi].items[k].path, copy, groups[gi].items[k].len);
    }
}

int main(int argc, char **argv)
{
  int rounds = 5, i;
  double min_ms = 200, warmup_ms = 300;
  group_t *cur = NULL;
  size_t gi;

  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--min-ms") && i + 1 < argc) min_ms = atof(argv[++i]);
    else if (!strcmp(argv[i], "--warmup-ms") && i + 1 < argc) warmup_ms = atof(argv[++i]);
    else if (!strcmp(argv[i], "--group") && i + 1 < argc) {
      if (group_count == MAX_GROUPS) harness_die("too many groups", NULL);
      cur = &groups[group_count++];
      cur->name = argv[++i];
    }
    else if (cur) read_file(cur, argv[i]);
    else harness_die("usage: [--rounds N] [--min-ms MS] [--warmup-ms MS] --group NAME FILE...", NULL);
  }
  if (rounds < 1 || rounds > 64) harness_die("--rounds must be 1..64", NULL);
  if (group_count == 0) harness_die("no --group given", NULL);

  harness_init();
  add_overall();
  printf("{\n  \"parser\": \"%s\",\n  \"groups\": {", harness_parser);
  for (gi = 0; gi <= group_count; gi++) measure(&groups[gi], rounds, min_ms, warmup_ms, gi == 0);
  printf("\n  },\n  \"sink\": %lu\n}\n", (unsigned long)harness_sink);
  return 0;
}
