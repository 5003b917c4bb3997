/* The native board's resolver (board ABI 5, docs/transports.md "Names"): a
 * small non-blocking DNS client over UDP (RFC 1035) that the board's poll
 * loop drives, and the parser that turns an answer into the ABI's binary
 * records. It needs nothing of the firmware: the test driver
 * (test/native/resolve-driver.c) links it alone. */
#ifndef RESOLVE_H
#define RESOLVE_H

#include <stdint.h>
#include <stddef.h>
#include <sys/socket.h>

/* The record types the firmware asks for (RFC 1035 §3.2.2, RFC 3596 §2.1, RFC 2782, RFC 3403 §4). */
#define DNS_A 1
#define DNS_AAAA 28
#define DNS_SRV 33
#define DNS_NAPTR 35

/* boardResolved's status: 0 records, 1 no such name or no records of the type, 2 the resolver failed. */
#define RESOLVE_OK 0
#define RESOLVE_NO_RECORDS 1
#define RESOLVE_FAILED 2

/* A name as text is at most 253 octets (RFC 1035 §2.3.4: 255 on the wire). */
#define DNS_NAME_TEXT_MAX 253
/* The UDP payload the board offers in its EDNS(0) OPT record (RFC 6891 §6.2.5; 1232 avoids fragments). */
#define DNS_UDP_PAYLOAD 1232
/* Queries in flight at once; the firmware's locator has one pending (docs/transports.md "Memory plan"). */
#define RESOLVE_PENDING 8
/* Each try waits 2 s for its answer; one retry, then status 2. */
#define RESOLVE_TRY_MS 2000
#define RESOLVE_TRIES 2

/* dns-wire.c: the query's octets for `name` (text, no trailing dot) and `type`; its length, or 0 when the
 * name is not one (empty, a label empty or over 63 octets, over 253 octets). */
size_t dns_query(uint8_t* out, size_t cap, uint16_t dns_id, int type, const char* name, size_t len);

/* dns-wire.c: the answer `pkt` to the query `query` (as dns_query made it) in the ABI's records at `out`
 * (at most `cap` octets; records that do not fit are left out): the status, *count the records written,
 * *used their octets. -1 when the packet is not an answer to that query (another id or question): the
 * caller waits on. Every read is bounds-checked: a hostile packet gives status 2, never a stray read. */
int dns_answer(const uint8_t* pkt, size_t len, const uint8_t* query, size_t qlen, uint8_t* out, size_t cap,
               int* count, size_t* used);

typedef struct {
  int id;              /* the board's query id 1..255; 0: a free slot */
  int type;
  uint8_t query[12 + 255 + 4 + 11];  /* the query as sent: header, question, OPT */
  size_t qlen;
  int tries;           /* tries sent so far */
  uint32_t deadline;   /* when the current try times out (the board's clock, ms) */
} resolve_query_t;

typedef struct {
  int sock;            /* the UDP socket to the server; -1 none */
  struct sockaddr_storage server;
  socklen_t server_len;
  int next_id;         /* the board's last query id */
  resolve_query_t q[RESOLVE_PENDING];
} resolver_t;

/* A finished query, as resolver_next hands it out. */
typedef struct {
  int id, status, count;
  size_t len;
} resolve_answer_t;

/* The server: `server` as HOST:PORT (IPv4 a.b.c.d:53, IPv6 [::1]:53), or NULL: the first `nameserver` of
 * /etc/resolv.conf, port 53 (127.0.0.1 when it names none, as resolv.conf(5)). 0, or -1 with the reason
 * in `why`. */
int resolver_init(resolver_t* r, const char* server, char* why, size_t cap);
/* board.resolve: a query id 1..255, or -1 (no room, no socket, a name that is not one). */
int resolver_query(resolver_t* r, int type, const uint8_t* name, size_t len, uint32_t now);
/* The socket to poll for answers (-1 none), and the ms until a try times out (-1: nothing pending). */
int resolver_fd(const resolver_t* r);
int resolver_timeout(const resolver_t* r, uint32_t now);
/* Reads what arrived and retries or ends what timed out; 1 with one finished query in *a, its records at
 * `out` (at most `cap` octets), 0 when none is finished now. Call until 0. */
int resolver_next(resolver_t* r, uint32_t now, uint8_t* out, size_t cap, resolve_answer_t* a);
/* Forgets every pending query (a restarted module asked none of them). */
void resolver_forget(resolver_t* r);
void resolver_close(resolver_t* r);

#endif
