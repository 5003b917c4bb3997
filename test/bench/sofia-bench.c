/*
 * sofia-bench: throughput of sofia-sip's SIP message parser, the C baseline
 * of test/bench/parser-bench.ts.
 *
 * Built at bench time (never committed):
 *   gcc -O2 -I/usr/include/sofia-sip-1.12 test/bench/sofia-bench.c \
 *       -o build/bench/sofia-bench -lsofia-sip-ua
 *
 * Usage:
 *   sofia-bench [--rounds N] [--min-ms MS] [--warmup-ms MS]
 *               --group NAME FILE... [--group NAME FILE...]
 *
 * Each datagram goes through the path sofia's own UDP transport takes for a
 * received datagram: msg_create(sip_default_mclass(), 0), msg_buf_alloc(),
 * the bytes copied in (the recv), msg_buf_commit(..., eos = 1), msg_extract(),
 * then the parsed sip_t is read (sip_object()) and msg_destroy() frees it.
 *
 * Full parsing: msg_extract() runs the header class parser (hc_parse) of
 * every header sofia knows while it extracts, so request/status line, Via,
 * From/To (URL split into parts), CSeq, Contact, Call-ID, Content-Length,
 * the auth headers and the other known headers are parsed eagerly; unknown
 * headers are kept as name/value (sip_unknown). There is no separate
 * "parse everything" flag: MSG_FLG_COMPLETE is a state bit the parser sets
 * when the message is complete, not a request. The body stays raw (SDP and
 * multipart are not parsed, the same as every other parser in the bench).
 * After msg_extract() the harness walks the parsed headers (every Via, the
 * tags, the CSeq number, every Contact URL host, the unknown and error
 * lists) so the work is observable and the result is used.
 *
 * A round runs whole passes over the group's messages until at least
 * min-ms have elapsed; the figure is the median of the rounds' msgs/s.
 * Output: one JSON object on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/msg_buffer.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

typedef struct {
  char *path;
  char *data;
  size_t len;
} datagram_t;

typedef struct {
  const char *name;
  datagram_t *items;
  size_t count;
  size_t cap;
} group_t;

#define MAX_GROUPS 8

static group_t groups[MAX_GROUPS + 1];
static size_t group_count;
static msg_mclass_t const *mclass;
static volatile unsigned long sink;

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *detail)
{
  fprintf(stderr, "sofia-bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

static void add_item(group_t *g, const char *path, char *data, size_t len)
{
  if (g->count == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 16;
    g->items = realloc(g->items, g->cap * sizeof *g->items);
    if (!g->items) die("out of memory", NULL);
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
  if (!f) die("cannot open", path);
  if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
    die("cannot size", path);
  buf = malloc((size_t)size + 1);
  if (!buf) die("out of memory", NULL);
  if (size > 0 && fread(buf, 1, (size_t)size, f) != (size_t)size) die("cannot read", path);
  fclose(f);
  add_item(g, path, buf, (size_t)size);
}

/* Reads what msg_extract() produced; returns 1 when sofia accepted the
 * message (complete, a start line, no erroneous header). */
static int touch(msg_t *msg, int extracted)
{
  sip_t const *sip = sip_object(msg);
  unsigned long h = (unsigned long)extracted;
  sip_via_t const *v;
  sip_contact_t const *m;
  msg_unknown_t const *u;
  msg_error_t const *e;
  int errors = 0;

  if (!sip) return 0;
  if (sip->sip_request) h += (unsigned long)sip->sip_request->rq_method + sip->sip_request->rq_url->url_type;
  if (sip->sip_status) h += (unsigned long)sip->sip_status->st_status;
  for (v = sip->sip_via; v; v = v->v_next)
    h += (unsigned long)(uintptr_t)v->v_host + (unsigned long)(uintptr_t)v->v_branch;
  if (sip->sip_from) h += (unsigned long)(uintptr_t)sip->sip_from->a_tag;
  if (sip->sip_to) h += (unsigned long)(uintptr_t)sip->sip_to->a_tag;
  if (sip->sip_call_id) h += sip->sip_call_id->i_hash;
  if (sip->sip_cseq) h += sip->sip_cseq->cs_seq;
  for (m = sip->sip_contact; m; m = m->m_next)
    h += (unsigned long)(uintptr_t)m->m_url->url_host;
  if (sip->sip_content_length) h += sip->sip_content_length->l_length;
  for (u = sip->sip_unknown; u; u = u->un_next) h += (unsigned long)(uintptr_t)u->un_value;
  for (e = sip->sip_error; e; e = e->er_next) errors++;
  sink += h;
  return extracted > 0 && errors == 0 && msg_extract_errors(msg) == 0 &&
         (sip->sip_request || sip->sip_status);
}

/* One received datagram, the tport way; returns 1 if accepted. */
static int parse_one(datagram_t const *d)
{
  msg_t *msg = msg_create(mclass, 0);
  char *buf;
  int extracted, ok;
  if (!msg) die("msg_create failed", NULL);
  buf = msg_buf_alloc(msg, d->len + 1);
  if (!buf) die("msg_buf_alloc failed", NULL);
  memcpy(buf, d->data, d->len);
  msg_buf_commit(msg, d->len, 1);
  extracted = msg_extract(msg);
  ok = touch(msg, extracted);
  msg_destroy(msg);
  return ok;
}

/* Why sofia refused a datagram: "extract=N", then the names of the
 * headers it could not parse (sip_error), for the bench's "rejected" line. */
static const char *reject_reason(datagram_t const *d)
{
  static char reason[256];
  msg_t *msg = msg_create(mclass, 0);
  char *buf = msg ? msg_buf_alloc(msg, d->len + 1) : NULL;
  sip_t const *sip;
  msg_error_t const *e;
  size_t used;
  if (!buf) die("msg_create/msg_buf_alloc failed", NULL);
  memcpy(buf, d->data, d->len);
  msg_buf_commit(msg, d->len, 1);
  used = (size_t)snprintf(reason, sizeof reason, "extract=%d", msg_extract(msg));
  sip = sip_object(msg);
  for (e = sip ? sip->sip_error : NULL; e && used < sizeof reason - 40; e = e->er_next)
    used += (size_t)snprintf(reason + used, sizeof reason - used, " bad:%s", e->er_name ? e->er_name : "?");
  msg_destroy(msg);
  return reason;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static size_t pass(group_t const *g)
{
  size_t i, ok = 0;
  for (i = 0; i < g->count; i++) ok += (size_t)parse_one(&g->items[i]);
  return ok;
}

static void measure(group_t const *g, int rounds, double min_ms, double warmup_ms, int first)
{
  double rates[64], t0, elapsed, minRound = 1e300;
  size_t accepted = pass(g), i;
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
  {
    int firstRej = 1;
    for (i = 0; i < g->count; i++)
      if (!parse_one(&g->items[i])) {
        const char *base = strrchr(g->items[i].path, '/');
        printf("%s\"%s (%s)\"", firstRej ? "" : ", ", base ? base + 1 : g->items[i].path,
               reject_reason(&g->items[i]));
        firstRej = 0;
      }
  }
  printf("]}");
}

int main(int argc, char **argv)
{
  int rounds = 5, i;
  double min_ms = 200, warmup_ms = 300;
  group_t *cur = NULL, *all;
  size_t gi, k;

  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--min-ms") && i + 1 < argc) min_ms = atof(argv[++i]);
    else if (!strcmp(argv[i], "--warmup-ms") && i + 1 < argc) warmup_ms = atof(argv[++i]);
    else if (!strcmp(argv[i], "--group") && i + 1 < argc) {
      if (group_count == MAX_GROUPS) die("too many groups", NULL);
      cur = &groups[group_count++];
      cur->name = argv[++i];
    }
    else if (cur) read_file(cur, argv[i]);
    else die("usage: sofia-bench [--rounds N] [--min-ms MS] [--warmup-ms MS] --group NAME FILE...", NULL);
  }
  if (rounds < 1 || rounds > 64) die("--rounds must be 1..64", NULL);
  if (group_count == 0) die("no --group given", NULL);

  mclass = sip_default_mclass();

  /* "overall": every message of every group, one pass = all of them. */
  all = &groups[group_count];
  all->name = "overall";
  for (gi = 0; gi < group_count; gi++)
    for (k = 0; k < groups[gi].count; k++) {
      char *copy = malloc(groups[gi].items[k].len + 1);
      if (!copy) die("out of memory", NULL);
      memcpy(copy, groups[gi].items[k].data, groups[gi].items[k].len);
      add_item(all, groups[gi].items[k].path, copy, groups[gi].items[k].len);
    }

  printf("{\n  \"parser\": \"sofia-sip\",\n  \"groups\": {");
  for (gi = 0; gi <= group_count; gi++) measure(&groups[gi], rounds, min_ms, warmup_ms, gi == 0);
  printf("\n  },\n  \"sink\": %lu\n}\n", (unsigned long)sink);
  return 0;
}
