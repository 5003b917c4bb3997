/* DNS messages on the wire (RFC 1035 §4): the query the native board's
 * resolver sends, and the answer read into the binary records of board ABI 5
 * (docs/transports.md "Names"). The answer comes from the network: every read
 * is checked against the packet's end, a name's compression pointers may only
 * go back before where the name's current part began (so they cannot loop),
 * and a name longer than 255 octets is refused (RFC 1035 §3.1). */
#include <string.h>
#include "resolve.h"

#define HEADER 12
#define OPT_BYTES 11
#define TYPE_OPT 41
#define CLASS_IN 1
/* RFC 1035 §4.1.1: QR is the top bit of the third octet, TC the second from the bottom of its first
 * nibble; the low nibble of the fourth octet is RCODE. */
#define FLAG_QR 0x80
#define FLAG_TC 0x02
#define FLAG_RD 0x01
#define OPCODE_MASK 0x78
#define RCODE_NXDOMAIN 3
#define LABEL_MAX 63
#define NAME_WIRE_MAX 255

static void put16(uint8_t* p, unsigned v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}

static unsigned get16(const uint8_t* p) {
  return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t* p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A label's octet the board passes on as text: printable ASCII other than the dot that separates labels
 * (host names are letters, digits and hyphens, RFC 1123 §2.1; NAPTR and SRV owners add the underscore). */
static int text_octet(uint8_t c) {
  return c > 0x20 && c < 0x7f && c != '.';
}

size_t dns_query(uint8_t* out, size_t cap, uint16_t dns_id, int type, const char* name, size_t len) {
  if (len == 0 || len > DNS_NAME_TEXT_MAX || cap < HEADER + len + 2 + 4 + OPT_BYTES) return 0;
  memset(out, 0, HEADER);
  put16(out, dns_id);
  out[2] = FLAG_RD; /* recursion desired: the server resolves for the board (RFC 1035 §4.1.1) */
  put16(out + 4, 1); /* QDCOUNT */
  put16(out + 10, 1); /* ARCOUNT: the OPT record */
  size_t at = HEADER, label = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || name[i] == '.') {
      size_t n = i - label;
      if (n == 0 || n > LABEL_MAX) return 0;
      out[at++] = (uint8_t)n;
      memcpy(out + at, name + label, n);
      at += n;
      label = i + 1;
    } else if (!text_octet((uint8_t)name[i])) {
      return 0;
    }
  }
  out[at++] = 0;
  put16(out + at, (unsigned)type);
  put16(out + at + 2, CLASS_IN);
  at += 4;
  /* EDNS(0) (RFC 6891 §6.1.2): root owner, type OPT, the UDP payload size as the class, TTL 0, no data. */
  memset(out + at, 0, OPT_BYTES);
  put16(out + at + 1, TYPE_OPT);
  put16(out + at + 3, DNS_UDP_PAYLOAD);
  return at + OPT_BYTES;
}

/* The name at `at` as dotted text (the root: empty) in text[DNS_NAME_TEXT_MAX]; *tlen its length, *end where
 * the octets after the name begin. 0, or -1 on a name that runs past `len`, loops, is over 255 octets, or
 * uses a label type other than a length or a pointer (RFC 1035 §4.1.4). */
static int read_name(const uint8_t* pkt, size_t len, size_t at, char* text, size_t* tlen, size_t* end) {
  size_t pos = at, floor = at, wire = 1, t = 0;
  int jumped = 0;
  for (;;) {
    if (pos >= len) return -1;
    uint8_t c = pkt[pos];
    if ((c & 0xc0) == 0xc0) {
      if (pos + 1 >= len) return -1;
      size_t target = (size_t)(c & 0x3f) << 8 | pkt[pos + 1];
      if (target >= floor) return -1; /* only back, before this part began: no loop */
      if (!jumped) *end = pos + 2;
      jumped = 1;
      pos = floor = target;
      continue;
    }
    if (c & 0xc0) return -1; /* 01 and 10: not labels this board knows (RFC 6891 §5) */
    if (c == 0) break;
    wire += (size_t)c + 1;
    if (wire > NAME_WIRE_MAX || pos + 1 + c > len) return -1;
    if (t) text[t++] = '.';
    for (size_t i = 0; i < c; i++) {
      if (!text_octet(pkt[pos + 1 + i])) return -1;
      text[t++] = (char)pkt[pos + 1 + i];
    }
    pos += (size_t)c + 1;
  }
  if (!jumped) *end = pos + 1;
  *tlen = t;
  return 0;
}

/* The question's octets are the query's, the name compared without case (RFC 1035 §2.3.3; RFC 5452 §9.1). */
static int same_question(const uint8_t* pkt, size_t len, const uint8_t* query, size_t qlen) {
  size_t n = qlen - HEADER - OPT_BYTES;
  if (len < HEADER + n) return 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t a = pkt[HEADER + i], b = query[HEADER + i];
    if (a >= 'A' && a <= 'Z') a = (uint8_t)(a + 32);
    if (b >= 'A' && b <= 'Z') b = (uint8_t)(b + 32);
    if (a != b) return 0;
  }
  return 1;
}

/* A <character-string> (RFC 1035 §3.3): its length octet and octets, within [*at, stop). */
static const uint8_t* char_string(const uint8_t* pkt, size_t* at, size_t stop, size_t* n) {
  if (*at >= stop || *at + 1 + pkt[*at] > stop) return NULL;
  *n = pkt[*at];
  const uint8_t* s = pkt + *at + 1;
  *at += 1 + *n;
  return s;
}

/* One record's data (RFC 1035 §3.4.1, RFC 3596 §2.2, RFC 2782, RFC 3403 §4.1) after its ttl into rec[];
 * its length, or 0 when the data is not a record of that type. */
static size_t record(const uint8_t* pkt, size_t at, size_t stop, int type, uint8_t* rec) {
  char name[DNS_NAME_TEXT_MAX];
  size_t n, end, r = 0;
  if (type == DNS_A || type == DNS_AAAA) {
    size_t octets = type == DNS_A ? 4 : 16;
    if (stop - at != octets) return 0;
    memset(rec, 0, 16);
    if (type == DNS_A) rec[10] = rec[11] = 0xff; /* IPv4 mapped: ::ffff:a.b.c.d (RFC 4291 §2.5.5.2) */
    memcpy(rec + 16 - octets, pkt + at, octets);
    return 16;
  }
  if (type == DNS_SRV) {
    if (stop - at < 6) return 0;
    memcpy(rec, pkt + at, 6); /* priority, weight, port */
    r = 6;
    at += 6;
  } else {
    if (stop - at < 4) return 0;
    memcpy(rec, pkt + at, 4); /* order, preference */
    r = 4;
    at += 4;
    for (int i = 0; i < 3; i++) { /* flags, services, regexp (not passed on: the station uses none) */
      const uint8_t* s = char_string(pkt, &at, stop, &n);
      if (!s) return 0;
      if (i == 2) break;
      rec[r++] = (uint8_t)n;
      memcpy(rec + r, s, n);
      r += n;
    }
  }
  /* The target or replacement: a name ending where the data ends (a pointer may reach back before it). */
  if (read_name(pkt, stop, at, name, &n, &end) != 0 || end != stop) return 0;
  rec[r++] = (uint8_t)n;
  memcpy(rec + r, name, n);
  return r + n;
}

/* A failure passes no records, even those written before the fault was found. */
static int failed(int* count, size_t* used) {
  *count = 0;
  *used = 0;
  return RESOLVE_FAILED;
}

int dns_answer(const uint8_t* pkt, size_t len, const uint8_t* query, size_t qlen, uint8_t* out, size_t cap,
               int* count, size_t* used) {
  *count = 0;
  *used = 0;
  if (len < HEADER || get16(pkt) != get16(query) || !(pkt[2] & FLAG_QR) || (pkt[2] & OPCODE_MASK)) return -1;
  if (get16(pkt + 4) != 1 || !same_question(pkt, len, query, qlen)) return -1;
  if (pkt[2] & FLAG_TC) return RESOLVE_FAILED; /* RFC 2181 §9: a truncated answer is not used; no TCP here */
  unsigned rcode = pkt[3] & 0x0f;
  if (rcode == RCODE_NXDOMAIN) return RESOLVE_NO_RECORDS;
  if (rcode != 0) return RESOLVE_FAILED; /* SERVFAIL, REFUSED, ... */
  size_t at = qlen - OPT_BYTES; /* after the question, which matched the query's */
  int type = (int)get16(query + at - 4);
  unsigned answers = get16(pkt + 6);
  int full = 0;
  for (unsigned i = 0; i < answers; i++) {
    char owner[DNS_NAME_TEXT_MAX];
    size_t olen, end;
    if (read_name(pkt, len, at, owner, &olen, &end) != 0 || end + 10 > len) return failed(count, used);
    unsigned rtype = get16(pkt + end), rclass = get16(pkt + end + 2), rdlen = get16(pkt + end + 8);
    uint32_t ttl = get32(pkt + end + 4);
    size_t data = end + 10, stop = data + rdlen;
    if (stop > len) return failed(count, used);
    at = stop;
    /* Records of another type (the CNAME chain a recursive server puts first, RFC 1034 §3.6.2) are passed over. */
    if ((int)rtype != type || rclass != CLASS_IN) continue;
    uint8_t rec[4 + 6 + 1 + DNS_NAME_TEXT_MAX + 2 * 256];
    size_t n = record(pkt, data, stop, type, rec + 4);
    if (n == 0) return failed(count, used);
    if (ttl & 0x80000000u) ttl = 0; /* RFC 2181 §8: a TTL with the top bit set is 0 */
    rec[0] = (uint8_t)(ttl >> 24), rec[1] = (uint8_t)(ttl >> 16), rec[2] = (uint8_t)(ttl >> 8), rec[3] = (uint8_t)ttl;
    /* What does not fit in the receive buffer is left out, the order kept: the first records only. */
    if (full || *used + 4 + n > cap) {
      full = 1;
      continue;
    }
    memcpy(out + *used, rec, 4 + n);
    *used += 4 + n;
    (*count)++;
  }
  if (full && !*count) return RESOLVE_FAILED; /* not even one record fits the buffer */
  /* RFC 2308 §2.2: a name without records of the type (NODATA) is as good as none for the station. */
  return *count ? RESOLVE_OK : RESOLVE_NO_RECORDS;
}
