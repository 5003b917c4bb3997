/* The native board's resolver (board ABI 5, docs/transports.md "Names"):
 * board.resolve sends one DNS query over UDP (RFC 1035 §4.2.1) to the server
 * of --dns HOST:PORT or /etc/resolv.conf and returns at once; the board's
 * poll loop hands each answer to the firmware (boardResolved) when it
 * arrives. A try waits RESOLVE_TRY_MS; one retry, then status 2. The socket
 * is connected to the server, so the kernel passes on only its datagrams; an
 * answer must also carry the query's id and question (RFC 5452 §9.1). The
 * board's clock is an argument: nothing here reads the time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include "resolve.h"

#define DNS_PORT 53
#define RESOLV_CONF "/etc/resolv.conf"
/* A datagram larger than the payload the board offered is read in part; the parser's bounds refuse it. */
#define RECEIVE_MAX 4096
#define ADDRESS_TEXT 64

/* HOST:PORT, or HOST alone with `port` as given: an IPv4 address, or an IPv6 one in brackets when a port
 * follows (RFC 3986 §3.2.2). 0 when it is one. */
static int parse_server(const char* text, int need_port, struct sockaddr_storage* ss, socklen_t* sl) {
  char host[ADDRESS_TEXT];
  const char* port = NULL;
  size_t n;
  if (text[0] == '[') {
    const char* close = strchr(text, ']');
    if (!close || (close[1] && close[1] != ':')) return -1;
    n = (size_t)(close - text - 1);
    text++;
    if (close[1]) port = close + 2;
  } else {
    const char* colon = strrchr(text, ':');
    /* Two colons or more without brackets: an IPv6 address alone (resolv.conf's form). */
    if (colon && strchr(text, ':') == colon) port = colon + 1;
    n = port ? (size_t)(colon - text) : strlen(text);
  }
  if (n == 0 || n >= sizeof host || (need_port && !port)) return -1;
  memcpy(host, text, n);
  host[n] = 0;
  unsigned long p = DNS_PORT;
  if (port) {
    char* end;
    p = strtoul(port, &end, 10);
    if (!*port || *end || p == 0 || p > 65535) return -1;
  }
  memset(ss, 0, sizeof *ss);
  struct sockaddr_in* v4 = (struct sockaddr_in*)ss;
  struct sockaddr_in6* v6 = (struct sockaddr_in6*)ss;
  if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)p);
    *sl = sizeof *v4;
  } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)p);
    *sl = sizeof *v6;
  } else {
    return -1;
  }
  return 0;
}

/* The first `nameserver` line of resolv.conf(5) this board can use; none: 127.0.0.1 (its default). */
static void system_server(struct sockaddr_storage* ss, socklen_t* sl) {
  FILE* f = fopen(RESOLV_CONF, "r");
  char line[256], addr[ADDRESS_TEXT];
  int found = 0;
  while (f && !found && fgets(line, sizeof line, f))
    found = sscanf(line, " nameserver %63s", addr) == 1 && parse_server(addr, 0, ss, sl) == 0;
  if (f) fclose(f);
  if (!found) parse_server("127.0.0.1", 0, ss, sl);
}

int resolver_init(resolver_t* r, const char* server, char* why, size_t cap) {
  memset(r, 0, sizeof *r);
  r->sock = -1;
  if (server && parse_server(server, 1, &r->server, &r->server_len) != 0) {
    snprintf(why, cap, "--dns: not HOST:PORT (an IPv4 address and port, e.g. 127.0.0.1:53, or an IPv6 one in brackets, e.g. [::1]:53): %s", server);
    return -1;
  }
  if (!server) system_server(&r->server, &r->server_len);
  int s = socket(r->server.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s < 0 || connect(s, (struct sockaddr*)&r->server, r->server_len) != 0) {
    snprintf(why, cap, "cannot open a socket to the DNS server: %s", strerror(errno));
    if (s >= 0) close(s);
    return -1;
  }
  r->sock = s;
  return 0;
}

static void send_try(resolver_t* r, resolve_query_t* q, uint32_t now) {
  /* A failed send (a full socket buffer, the server's port closed) is a try without an answer. */
  ssize_t sent = send(r->sock, q->query, q->qlen, MSG_DONTWAIT);
  (void)sent;
  q->tries++;
  q->deadline = now + RESOLVE_TRY_MS;
}

static int id_in_use(const resolver_t* r, int id) {
  for (int i = 0; i < RESOLVE_PENDING; i++)
    if (r->q[i].id == id) return 1;
  return 0;
}

int resolver_query(resolver_t* r, int type, const uint8_t* name, size_t len, uint32_t now) {
  if (r->sock < 0 || (type != DNS_A && type != DNS_AAAA && type != DNS_SRV && type != DNS_NAPTR)) return -1;
  resolve_query_t* q = NULL;
  for (int i = 0; i < RESOLVE_PENDING && !q; i++)
    if (r->q[i].id == 0) q = &r->q[i];
  if (!q) return -1;
  /* A random DNS id (RFC 5452 §9.2): an off-path sender must guess it. */
  uint16_t dns_id;
  if (getrandom(&dns_id, sizeof dns_id, 0) != (ssize_t)sizeof dns_id) return -1;
  q->qlen = dns_query(q->query, sizeof q->query, dns_id, type, (const char*)name, len);
  if (q->qlen == 0) return -1;
  do r->next_id = r->next_id % 255 + 1; while (id_in_use(r, r->next_id));
  q->id = r->next_id;
  q->type = type;
  q->tries = 0;
  send_try(r, q, now);
  return q->id;
}

int resolver_fd(const resolver_t* r) {
  return r->sock;
}

int resolver_timeout(const resolver_t* r, uint32_t now) {
  int least = -1;
  for (int i = 0; i < RESOLVE_PENDING; i++) {
    if (!r->q[i].id) continue;
    int32_t left = (int32_t)(r->q[i].deadline - now);
    int ms = left < 0 ? 0 : left;
    if (least < 0 || ms < least) least = ms;
  }
  return least;
}

static int finish(resolve_query_t* q, int status, int count, size_t len, resolve_answer_t* a) {
  a->id = q->id;
  a->status = status;
  a->count = count;
  a->len = len;
  q->id = 0;
  return 1;
}

int resolver_next(resolver_t* r, uint32_t now, uint8_t* out, size_t cap, resolve_answer_t* a) {
  static uint8_t pkt[RECEIVE_MAX];
  if (resolver_timeout(r, now) < 0) return 0;
  for (;;) {
    ssize_t n = recv(r->sock, pkt, sizeof pkt, MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break; /* EAGAIN: nothing more; ECONNREFUSED: the tries time out */
    for (int i = 0; i < RESOLVE_PENDING; i++) {
      resolve_query_t* q = &r->q[i];
      int count;
      size_t used;
      int status = q->id ? dns_answer(pkt, (size_t)n, q->query, q->qlen, out, cap, &count, &used) : -1;
      if (status >= 0) return finish(q, status, count, used, a);
    }
    /* An answer to no pending query (one already ended, a stray): dropped. */
  }
  for (int i = 0; i < RESOLVE_PENDING; i++) {
    resolve_query_t* q = &r->q[i];
    if (!q->id || (int32_t)(now - q->deadline) < 0) continue;
    if (q->tries < RESOLVE_TRIES) send_try(r, q, now);
    else return finish(q, RESOLVE_FAILED, 0, 0, a);
  }
  return 0;
}

void resolver_forget(resolver_t* r) {
  for (int i = 0; i < RESOLVE_PENDING; i++) r->q[i].id = 0;
}

void resolver_close(resolver_t* r) {
  if (r->sock >= 0) close(r->sock);
  r->sock = -1;
  resolver_forget(r);
}
