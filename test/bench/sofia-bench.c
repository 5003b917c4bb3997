/*
 * sofia-bench: throughput of sofia-sip's SIP message parser, the C baseline
 * of test/bench/parser-bench.ts.
 *
 * Built at bench time (never committed), with the shared harness:
 *   gcc -O2 -I/usr/include/sofia-sip-1.12 test/bench/harness.c \
 *       test/bench/sofia-bench.c -o build/bench/sofia-bench -lsofia-sip-ua
 *
 * Usage: see harness.c.
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
 */
#include <stdio.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/msg_buffer.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#include "harness.h"

const char harness_parser[] = "sofia-sip";
static msg_mclass_t const *mclass;

void harness_init(void)
{
  mclass = sip_default_mclass();
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
  harness_sink += h;
  return extracted > 0 && errors == 0 && msg_extract_errors(msg) == 0 &&
         (sip->sip_request || sip->sip_status);
}

/* One received datagram, the tport way; returns 1 if accepted. */
int harness_parse(datagram_t const *d)
{
  msg_t *msg = msg_create(mclass, 0);
  char *buf;
  int extracted, ok;
  if (!msg) harness_die("msg_create failed", NULL);
  buf = msg_buf_alloc(msg, d->len + 1);
  if (!buf) harness_die("msg_buf_alloc failed", NULL);
  memcpy(buf, d->data, d->len);
  msg_buf_commit(msg, d->len, 1);
  extracted = msg_extract(msg);
  ok = touch(msg, extracted);
  msg_destroy(msg);
  return ok;
}

/* Why sofia refused a datagram: "extract=N", then the names of the
 * headers it could not parse (sip_error), for the bench's "rejected" line. */
const char *harness_reject_reason(datagram_t const *d)
{
  static char reason[256];
  msg_t *msg = msg_create(mclass, 0);
  char *buf = msg ? msg_buf_alloc(msg, d->len + 1) : NULL;
  sip_t const *sip;
  msg_error_t const *e;
  size_t used;
  if (!buf) harness_die("msg_create/msg_buf_alloc failed", NULL);
  memcpy(buf, d->data, d->len);
  msg_buf_commit(msg, d->len, 1);
  used = (size_t)snprintf(reason, sizeof reason, "extract=%d", msg_extract(msg));
  sip = sip_object(msg);
  for (e = sip ? sip->sip_error : NULL; e && used < sizeof reason - 40; e = e->er_next)
    used += (size_t)snprintf(reason + used, sizeof reason - used, " bad:%s", e->er_name ? e->er_name : "?");
  msg_destroy(msg);
  return reason;
}
