/* Board ABI 5 streams on the native board (docs/transports.md "Streams";
 * streams.h): board.streamOpen/streamSend/streamClose, the listeners (TCP on
 * localPort, TLS on localPort + 1) and the calls into the firmware, each
 * under the trap guard. An outcome is never reported inside the import that
 * asked for it: an open's result waits for the loop (streams_due). The
 * firmware's stream exports are weak references: a module before ABI 5 lacks
 * them, links all the same, and gets a board without streams. */
#define _GNU_SOURCE /* accept4 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include "streams.h"
#include "wasm-rt-impl.h"

__attribute__((weak)) void Z_firmwareZ_boardStreamOpened(Z_firmware_instance_t*, u32, u32, u32);
__attribute__((weak)) u32 Z_firmwareZ_boardStreamAccepted(Z_firmware_instance_t*, u32, u32, u32);
__attribute__((weak)) u32 Z_firmwareZ_boardStreamData(Z_firmware_instance_t*, u32, u32, u32);
__attribute__((weak)) void Z_firmwareZ_boardStreamClosed(Z_firmware_instance_t*, u32, u32);

/* An open's outcome within Timer B's 64×T1 (RFC 3261 §17.1.1.2); a peer's TLS handshake within 10 s. */
#define OPEN_TIMEOUT_MS 32000
#define ACCEPT_TIMEOUT_MS 10000
/* The most octets queued for sending on one stream (a SIP message is at most 8 KiB here); more: -1. */
#define OUT_MAX 65536

enum { FREE, CONNECTING, HANDSHAKE, SERVING, OPEN, FAILED };

typedef struct {
  int state, fd, handle, status;
  bool secure;
  SSL* ssl;
  short tls_events;       /* what the TLS session waits for (POLLIN/POLLOUT), 0 none */
  uint8_t peer[18];
  char name[256];
  uint8_t* held;          /* octets the firmware has not taken, held_len of held_cap (rxCapacity()) */
  size_t held_len, held_cap;
  uint8_t out[OUT_MAX];
  size_t out_len;
  uint32_t deadline;
} stream_t;

static stream_t table[STREAMS_MAX];
static int listeners[2] = {-1, -1};
static int last_handle;

/* A call into the firmware under the trap guard (station.c: events printed, or the module restarted). */
#define STREAM_CALL(s, call)                                   \
  do {                                                         \
    wasm_rt_trap_t code_ = (wasm_rt_trap_t)wasm_rt_impl_try(); \
    if (code_ == WASM_RT_TRAP_NONE) {                          \
      call;                                                    \
      station_called(s);                                       \
    } else {                                                   \
      station_trapped(s, code_);                               \
    }                                                          \
  } while (0)

bool streams_available(void) {
  return Z_firmwareZ_boardStreamOpened && Z_firmwareZ_boardStreamAccepted && Z_firmwareZ_boardStreamData && Z_firmwareZ_boardStreamClosed;
}

static stream_t* find(int handle) {
  for (int i = 0; i < STREAMS_MAX; i++) if (table[i].state != FREE && table[i].handle == handle) return &table[i];
  return NULL;
}

/* A free slot with a handle 1..255 no open stream has, or NULL. */
static stream_t* take_slot(void) {
  stream_t* st = NULL;
  for (int i = 0; i < STREAMS_MAX && !st; i++) if (table[i].state == FREE) st = &table[i];
  if (!st) return NULL;
  do last_handle = last_handle % 255 + 1; while (find(last_handle));
  memset(st, 0, offsetof(stream_t, out));
  st->fd = -1;
  st->handle = last_handle;
  st->out_len = 0;
  return st;
}

static void release(stream_t* st) {
  tls_free(st->ssl);
  if (st->fd >= 0) close(st->fd);
  free(st->held);
  st->ssl = NULL;
  st->held = NULL;
  st->fd = -1;
  st->state = FREE;
}

u32 Z_boardZ_streamOpen(struct Z_board_instance_t* b, u32 peer, u32 secure, u32 name, u32 name_len) {
  const uint8_t* p = board_span(b, peer, 18, "streamOpen");
  const uint8_t* n = board_span(b, name, name_len, "streamOpen");
  stream_t* st = streams_available() && name_len < sizeof table[0].name ? take_slot() : NULL;
  if (!st) return (u32)-1;
  memcpy(st->peer, p, 18);
  memcpy(st->name, n, name_len);
  st->name[name_len] = 0;
  st->secure = secure != 0;
  st->deadline = clock_now() + OPEN_TIMEOUT_MS;
  struct sockaddr_storage ss;
  socklen_t len = net_sockaddr(p, AF_UNSPEC, &ss); /* a socket of the peer's own family */
  st->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  st->state = CONNECTING;
  if (st->fd < 0 || (connect(st->fd, (struct sockaddr*)&ss, len) < 0 && errno != EINPROGRESS)) {
    st->state = FAILED; /* reported by streams_due, after this import returns */
    st->status = STREAM_REFUSED;
  }
  return (u32)st->handle;
}

/* Writes what the stream queued, as far as the socket takes it; -1 when the stream failed. */
static int flush(stream_t* st) {
  while (st->out_len > 0) {
    long n = st->ssl ? tls_write(st->ssl, st->out, st->out_len, &st->tls_events) : send(st->fd, st->out, st->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      memmove(st->out, st->out + n, st->out_len - (size_t)n);
      st->out_len -= (size_t)n;
    } else if (st->ssl ? n == -1 : (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      return 0;
    } else {
      return -1;
    }
  }
  return 0;
}

u32 Z_boardZ_streamSend(struct Z_board_instance_t* b, u32 handle, u32 data, u32 len) {
  const uint8_t* d = board_span(b, data, len, "streamSend");
  stream_t* st = find((int)handle);
  if (!st || st->state != OPEN || len > OUT_MAX - st->out_len) return (u32)-1;
  memcpy(st->out + st->out_len, d, len);
  st->out_len += len;
  /* A failed write shows in the loop as the socket's error: the peer's close is reported there. */
  flush(st);
  return len;
}

void Z_boardZ_streamClose(struct Z_board_instance_t* b, u32 handle) {
  (void)b;
  stream_t* st = find((int)handle);
  if (st) release(st);
}

int streams_listen(const char* host, unsigned port) {
  listeners[0] = stream_listen(host, port, "TCP");
  if (tls_can_serve()) listeners[1] = stream_listen(host, port + 1, "TLS");
  return listeners[0] < 0 || (tls_can_serve() && listeners[1] < 0) ? -1 : 0;
}

void streams_fds(struct pollfd* fds) {
  for (int i = 0; i < 2; i++) fds[i] = (struct pollfd){.fd = listeners[i], .events = POLLIN};
  for (int i = 0; i < STREAMS_MAX; i++) {
    stream_t* st = &table[i];
    short ev = 0;
    if (st->state == CONNECTING) ev = POLLOUT;
    else if (st->state == HANDSHAKE || st->state == SERVING) ev = st->tls_events;
    else if (st->state == OPEN) ev = (short)((st->held_len < st->held_cap || !st->held ? POLLIN : 0) | (st->out_len ? POLLOUT : 0) | st->tls_events);
    /* A stream whose buffer is full and has nothing to send waits, unpolled, for the firmware (its 32 s limit). */
    fds[2 + i] = (struct pollfd){.fd = st->state == FAILED || st->state == FREE || !ev ? -1 : st->fd, .events = ev};
  }
}

static void put_peer(station_t* s, const uint8_t* peer) {
  memcpy(s->fw.w2c_memory.data + Z_firmwareZ_rxPeer(&s->fw), peer, 18);
}

static void report_opened(station_t* s, stream_t* st, int status) {
  int h = st->handle;
  if (status != STREAM_OPEN) release(st); /* the handle is free again */
  else st->state = OPEN;
  STREAM_CALL(s, Z_firmwareZ_boardStreamOpened(&s->fw, (u32)h, (u32)status, clock_now()));
}

/* The peer closed or the connection failed: the handle is free, and the firmware told. */
static void report_closed(station_t* s, stream_t* st) {
  int h = st->handle;
  release(st);
  STREAM_CALL(s, Z_firmwareZ_boardStreamClosed(&s->fw, (u32)h, clock_now()));
}

/* Offers what the stream holds (at most rxCapacity()) and drops what the firmware took; while it takes some
 * and octets remain, the rest is offered at once. -1 closes the stream (RFC 3261 §18.3), without a word. */
static void offer(station_t* s, stream_t* st) {
  int h = st->handle;
  while (s->running && st->state == OPEN && st->handle == h && st->held_len > 0) {
    u32 rx = Z_firmwareZ_rxBuffer(&s->fw), cap = Z_firmwareZ_rxCapacity(&s->fw);
    size_t n = st->held_len < cap ? st->held_len : cap;
    if ((uint64_t)rx + n > s->fw.w2c_memory.size) return;
    memcpy(s->fw.w2c_memory.data + rx, st->held, n);
    put_peer(s, st->peer);
    volatile int took = 0; /* set under the trap guard (setjmp) */
    STREAM_CALL(s, took = (int)Z_firmwareZ_boardStreamData(&s->fw, (u32)h, (u32)n, clock_now()));
    if (!s->running || st->state != OPEN || st->handle != h) return; /* a trap, or streamClose inside the call */
    if (took < 0) {
      release(st);
      return;
    }
    size_t t = (size_t)took < n ? (size_t)took : n;
    memmove(st->held, st->held + t, st->held_len - t);
    st->held_len -= t;
    if (t == 0) return;
  }
}

/* Reads what arrived into the stream's buffer (up to rxCapacity()), then offers it. A TLS session may hold
 * decrypted octets the socket no longer signals (SSL_pending): read again once the firmware made room. */
static void receive(station_t* s, stream_t* st) {
  if (!st->held) {
    st->held_cap = Z_firmwareZ_rxCapacity(&s->fw);
    st->held = malloc(st->held_cap);
    if (!st->held) return;
  }
  int h = st->handle;
  for (bool again = true; again;) {
    bool closed = false;
    while (st->held_len < st->held_cap) {
      size_t room = st->held_cap - st->held_len;
      long n = st->ssl ? tls_read(st->ssl, st->held + st->held_len, room, &st->tls_events) : recv(st->fd, st->held + st->held_len, room, MSG_DONTWAIT);
      if (n > 0) {
        st->held_len += (size_t)n;
        continue;
      }
      closed = st->ssl ? n != -1 : (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR));
      break;
    }
    offer(s, st);
    if (st->state != OPEN || st->handle != h) return;
    if (closed) return report_closed(s, st);
    again = st->ssl && SSL_pending(st->ssl) > 0 && st->held_len < st->held_cap;
  }
}

/* A peer connected (a TLS one after its handshake): offered to the firmware, closed unless it takes it (1). */
static void report_accepted(station_t* s, stream_t* st) {
  int h = st->handle;
  volatile u32 taken = 0; /* set under the trap guard (setjmp) */
  st->state = OPEN;
  st->tls_events = 0;
  put_peer(s, st->peer);
  STREAM_CALL(s, taken = Z_firmwareZ_boardStreamAccepted(&s->fw, (u32)h, st->secure ? 1 : 0, clock_now()));
  if (taken != 1 && st->state != FREE && st->handle == h) release(st);
}

/* A peer on listener `secure`: taken when the firmware says so (a TLS peer after its handshake). */
static void accept_peer(station_t* s, int secure) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  int fd = accept4(listeners[secure], (struct sockaddr*)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  stream_t* st = take_slot();
  if (!st || (secure && !(st->ssl = tls_server(fd)))) {
    if (st) st->state = FREE;
    close(fd);
    return;
  }
  st->fd = fd;
  st->secure = secure;
  net_peer(&ss, st->peer);
  st->deadline = clock_now() + ACCEPT_TIMEOUT_MS;
  st->state = SERVING;
  st->tls_events = POLLIN;
  if (!secure) report_accepted(s, st); /* a TLS peer after its handshake */
}

/* A connection or handshake step that the poll loop says may go on. */
static void progress(station_t* s, stream_t* st) {
  if (st->state == CONNECTING) {
    int err = 0;
    socklen_t l = sizeof err;
    getsockopt(st->fd, SOL_SOCKET, SO_ERROR, &err, &l);
    if (err) return report_opened(s, st, err == ETIMEDOUT ? STREAM_TIMEOUT : STREAM_REFUSED);
    if (!st->secure) return report_opened(s, st, STREAM_OPEN);
    if (!(st->ssl = tls_client(st->fd, st->name))) return report_opened(s, st, STREAM_HANDSHAKE);
    st->state = HANDSHAKE;
  }
  int r = tls_handshake(st->ssl, st->state == HANDSHAKE, &st->tls_events);
  if (r == 0) return;
  if (st->state == HANDSHAKE) return report_opened(s, st, r == 1 ? STREAM_OPEN : -r);
  if (r < 0) return release(st); /* a peer that failed its handshake: the firmware never knew it */
  report_accepted(s, st);
}

void streams_ready(station_t* s, const struct pollfd* fds) {
  for (int i = 0; i < 2; i++) if (fds[i].fd >= 0 && (fds[i].revents & POLLIN) && s->running) accept_peer(s, i);
  for (int i = 0; i < STREAMS_MAX && s->running; i++) {
    stream_t* st = &table[i];
    short re = fds[2 + i].revents;
    if (fds[2 + i].fd < 0 || fds[2 + i].fd != st->fd || !re) continue;
    if (st->state != OPEN) {
      progress(s, st);
      continue;
    }
    st->tls_events = 0;
    if (st->out_len && flush(st) < 0) {
      report_closed(s, st);
      continue;
    }
    if (re & (POLLIN | POLLHUP | POLLERR)) receive(s, st);
  }
}

int streams_timeout(void) {
  int best = -1;
  uint32_t now = clock_now();
  for (int i = 0; i < STREAMS_MAX; i++) {
    stream_t* st = &table[i];
    if (st->state == FAILED) return 0;
    if (st->state != CONNECTING && st->state != HANDSHAKE && st->state != SERVING) continue;
    int32_t left = (int32_t)(st->deadline - now);
    int ms = left < 0 ? 0 : left;
    if (best < 0 || ms < best) best = ms;
  }
  return best;
}

void streams_due(station_t* s) {
  uint32_t now = clock_now();
  for (int i = 0; i < STREAMS_MAX && s->running; i++) {
    stream_t* st = &table[i];
    bool late = (st->state == CONNECTING || st->state == HANDSHAKE || st->state == SERVING) && (int32_t)(st->deadline - now) <= 0;
    if (st->state == FAILED) report_opened(s, st, st->status);
    else if (late && st->state == SERVING) release(st);
    else if (late) report_opened(s, st, STREAM_TIMEOUT);
  }
}

void streams_reset(void) {
  for (int i = 0; i < STREAMS_MAX; i++) if (table[i].state != FREE) release(&table[i]);
}

void streams_close(void) {
  streams_reset();
  for (int i = 0; i < 2; i++) if (listeners[i] >= 0) close(listeners[i]);
  listeners[0] = listeners[1] = -1;
}
