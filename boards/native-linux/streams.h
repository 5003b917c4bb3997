/* Board ABI 5 streams on the native board (docs/transports.md "Streams"):
 * TCP and TLS connections on non-blocking sockets in the board's poll loop
 * (streams.c), TLS by OpenSSL (streams-tls.c). The board keeps each
 * stream's octets the firmware has not taken (at most rxCapacity()) and
 * offers them again with what arrives next; a stream whose buffer is full
 * is not read until the firmware takes some, so a peer cannot make it hold
 * more (the kernel's window holds the rest). */
#ifndef STREAMS_H
#define STREAMS_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <openssl/ssl.h>

/* Connections the board holds at once (the firmware keeps at most 4). */
#define STREAMS_MAX 8
/* Descriptors streams_fds fills: the TCP and TLS listeners, then one per stream. */
#define STREAMS_FDS (2 + STREAMS_MAX)
/* boardStreamOpened's statuses. */
enum { STREAM_OPEN = 0, STREAM_REFUSED = 1, STREAM_UNTRUSTED = 2, STREAM_WRONG_NAME = 3, STREAM_HANDSHAKE = 4, STREAM_TIMEOUT = 5 };

/* streams-tls.c. tls_setup reads the trust anchors (`ca`, PEM; NULL: the system's) and the station's
 * certificate and key (both or neither, PEM): 0, or -1 with the reason on stderr naming the option. */
int tls_setup(const char* ca, const char* cert, const char* key);
bool tls_can_serve(void);
/* A TLS session on `fd` as a client checking `name` (also sent as SNI unless an address literal), or as the server. */
SSL* tls_client(int fd, const char* name);
SSL* tls_server(int fd);
/* One step of the handshake: 1 done, 0 again when `*events` (POLLIN/POLLOUT) come, or -status. */
int tls_handshake(SSL* ssl, bool client, short* events);
/* Reads/writes: n > 0, 0 the peer closed, -1 again later (`*events` set), -2 failed. */
long tls_read(SSL* ssl, uint8_t* dst, size_t cap, short* events);
long tls_write(SSL* ssl, const uint8_t* src, size_t len, short* events);
void tls_free(SSL* ssl);

#endif

/* streams-sock.c: a listening socket on host:port (the ABI's 18-octet addresses: net.h). */
#include "net.h"
int stream_listen(const char* host, unsigned port, const char* what);

/* streams.c: the board's side, driven by main.c's loop. */
#include "native.h"
/* Whether the module has the stream exports (board ABI 5); a module without them gets a board without streams. */
bool streams_available(void);
/* Listens for peers on `host`: TCP on `port` (the block's localPort, RFC 3261 §18.2.1), TLS on port + 1 when
 * the board has a certificate. 0, or -1 when one could not be bound (the reason on stderr; the other may be). */
int streams_listen(const char* host, unsigned port);
/* Fills fds[0 .. STREAMS_FDS) for poll (-1 where nothing waits). */
void streams_fds(struct pollfd* fds);
/* After poll: accepts, connects, handshakes, reads and writes, calling the firmware. */
void streams_ready(station_t* s, const struct pollfd* fds);
/* Milliseconds until a stream's next deadline (an open's outcome to report: 0), -1 none; streams_due reports them. */
int streams_timeout(void);
void streams_due(station_t* s);
/* The module restarted after a trap: every stream is closed without a word to it (the new one has none). */
void streams_reset(void);
void streams_close(void);
/* station.c: after a guarded call into the module, its events; after a trap, the module's restart. */
void station_called(station_t* s);
void station_trapped(station_t* s, wasm_rt_trap_t code);
