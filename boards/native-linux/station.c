/* The module's life on the native board: instantiate the wasm2c translation,
 * run _initialize, give it the board's address, start it (it reads the
 * configuration block and registers), and call its entry points
 * (docs/board-abi.md), printing the events each call leaves. A trap (a
 * firmware fault through board.fault, or any other wasm trap) is reported as
 * a JSON line and the module is restarted from scratch, as a real board's
 * watchdog would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "native.h"
#include "streams.h"
#include "wasm-rt-impl.h"
#include "../cortex-m/vocabulary.h" /* generated: the ABI version, shared with the Cortex-M port */

/* The voice path's exports (board ABI 3, docs/board-abi.md "Audio and media"), as wasm2c 1.0.32 declares
 * them in firmware.h: every module of ABI 3 has them, and one without them does not link. Every call of
 * these exports is in this file. */
u32 Z_firmwareZ_boardMediaPort(Z_firmware_instance_t*);
u32 Z_firmwareZ_boardSetMediaPort(Z_firmware_instance_t*, u32);
void Z_firmwareZ_boardMedia(Z_firmware_instance_t*, u32, u32, u32);
u32 Z_firmwareZ_micFrame(Z_firmware_instance_t*);
u32 Z_firmwareZ_speakerFrame(Z_firmware_instance_t*);
u32 Z_firmwareZ_boardAudio(Z_firmware_instance_t*, u32);

/* The serial agent's exports (board ABI 4, docs/serial-agent.md), declared as for the voice path's. */
u32 Z_firmwareZ_serialBuffer(Z_firmware_instance_t*);
u32 Z_firmwareZ_serialCapacity(Z_firmware_instance_t*);
void Z_firmwareZ_boardSerial(Z_firmware_instance_t*, u32, u32);

/* The resolver's export (board ABI 5, docs/transports.md "Names"). Weak: a module of ABI 4 has none, and the
 * board links without it (its module imports no board.resolve either, so no answer is ever due). */
void Z_firmwareZ_boardResolved(Z_firmware_instance_t*, u32, u32, u32, u32) __attribute__((weak));

/* Restarts allowed in a row without one call completing in between. */
#define MAX_RESTARTS_IN_A_ROW 3

static unsigned failures_in_a_row;

static void drain_events(station_t* s) {
  uint32_t now = clock_now();
  uint32_t n = Z_firmwareZ_boardEventCount(&s->fw);
  for (uint32_t i = 0; i < n; i++) {
    int kind = (int)Z_firmwareZ_boardEventKind(&s->fw, i), a = (int)Z_firmwareZ_boardEventA(&s->fw, i);
    line_event(now, kind, a, (int)Z_firmwareZ_boardEventB(&s->fw, i));
    media_event(s, kind, a);
  }
}

/* A socket address as the ABI's 18 octets where rxPeer() points (docs/board-abi.md; net.c). */
static void write_peer(station_t* s, const struct sockaddr_storage* from) {
  net_peer(from, s->fw.w2c_memory.data + Z_firmwareZ_rxPeer(&s->fw));
}

static void instantiate(station_t* s) {
  s->board.fw = &s->fw;
  s->board.faulted = false;
  Z_firmware_instantiate(&s->fw, &s->board);
  Z_firmwareZ__initialize(&s->fw);
  resolver_forget(&s->board.resolver); /* a fresh module asked none of the queries still out */
  if (Z_firmwareZ_abiVersion(&s->fw) != INTERCOM_ABI_VERSION) {
    fprintf(stderr, "intercom-native: the module speaks board ABI %u, this board %d: rebuild the board (npm run build:native)\n",
            (unsigned)Z_firmwareZ_abiVersion(&s->fw), INTERCOM_ABI_VERSION);
    exit(1);
  }
  /* The board's own address, in the ABI's 18-octet form where rxPeer() points (the port is not used):
   * IPv4 mapped, or an IPv6 address the station then announces bracketed (RFC 5118 §4). */
  uint8_t* own = s->fw.w2c_memory.data + Z_firmwareZ_rxPeer(&s->fw);
  memcpy(own, s->address, 16);
  memset(own + 16, 0, 2);
  Z_firmwareZ_boardSetAddress(&s->fw);
}

static int restart(station_t* s, wasm_rt_trap_t code);

/* Runs one firmware call under a trap guard; the events it left go to stdout. */
#define GUARDED(s, call)                                  \
  do {                                                    \
    wasm_rt_trap_t code_ = (wasm_rt_trap_t)wasm_rt_impl_try(); \
    if (code_ == WASM_RT_TRAP_NONE) {                     \
      call;                                               \
      failures_in_a_row = 0;                              \
      drain_events(s);                                    \
    } else {                                              \
      restart(s, code_);                                  \
    }                                                     \
  } while (0)

/* A query (boardMediaPort, boardSetMediaPort): under the trap guard, and no events to print. */
#define GUARDED_QUERY(s, call)                            \
  do {                                                    \
    wasm_rt_trap_t code_ = (wasm_rt_trap_t)wasm_rt_impl_try(); \
    if (code_ == WASM_RT_TRAP_NONE) {                     \
      call;                                               \
    } else {                                              \
      restart(s, code_);                                  \
    }                                                     \
  } while (0)

static int boot(station_t* s) {
  wasm_rt_trap_t code = (wasm_rt_trap_t)wasm_rt_impl_try();
  if (code != WASM_RT_TRAP_NONE) return restart(s, code);
  instantiate(s);
  Z_firmwareZ_boardStart(&s->fw, clock_now());
  drain_events(s);
  s->running = true;
  media_boot(s);
  return 0;
}

/* A trap: report it, free the instance, start a fresh one (its configuration re-read). */
static int restart(station_t* s, wasm_rt_trap_t code) {
  uint32_t now = clock_now();
  line_fault(now, "trap", wasm_rt_strerror(code), 0, 0);
  media_event(s, INTERCOM_EV_MEDIA, INTERCOM_MEDIA_OFF); /* a fresh module has no call: the audio clock stops */
  streams_reset(); /* nor any connection (board ABI 5) */
  Z_firmware_free(&s->fw);
  s->running = false;
  if (++failures_in_a_row > MAX_RESTARTS_IN_A_ROW) {
    fprintf(stderr, "intercom-native: the module trapped %u times in a row; giving up\n", failures_in_a_row);
    fflush(stdout);
    exit(1);
  }
  s->restarts++;
  return boot(s);
}

/* Board ABI 5 (streams.c makes its guarded calls itself): a call completed, or trapped. */
void station_called(station_t* s) {
  failures_in_a_row = 0;
  drain_events(s);
}

void station_trapped(station_t* s, wasm_rt_trap_t code) {
  restart(s, code);
}

int station_start(station_t* s) {
  wasm_rt_init();
  Z_firmware_init_module();
  return boot(s);
}

void station_datagram(station_t* s, const uint8_t* data, size_t len, const struct sockaddr_storage* from) {
  if (!s->running) return;
  wasm_rt_memory_t* mem = &s->fw.w2c_memory;
  uint32_t cap = Z_firmwareZ_rxCapacity(&s->fw);
  uint32_t rx = Z_firmwareZ_rxBuffer(&s->fw);
  write_peer(s, from);
  size_t n = len < cap ? len : cap;
  memcpy(mem->data + rx, data, n);
  /* A datagram longer than the buffer is passed as capacity + 1: the firmware answers 513. */
  uint32_t passed = len > cap ? cap + 1 : (uint32_t)n;
  GUARDED(s, Z_firmwareZ_boardDatagram(&s->fw, passed, clock_now()));
}

void station_tick(station_t* s) {
  if (!s->running) return;
  GUARDED(s, Z_firmwareZ_boardTick(&s->fw, clock_now()));
}

int station_next_deadline(station_t* s) {
  if (!s->running) return -1;
  int d = -1;
  wasm_rt_trap_t code = (wasm_rt_trap_t)wasm_rt_impl_try();
  if (code != WASM_RT_TRAP_NONE) {
    restart(s, code);
    return 0;
  }
  d = (int)Z_firmwareZ_boardNextDeadline(&s->fw, clock_now());
  return d;
}

void station_key(station_t* s, int key, int down) {
  if (!s->running) return;
  GUARDED(s, Z_firmwareZ_boardKey(&s->fw, (uint32_t)key, (uint32_t)down, clock_now()));
}

void station_input(station_t* s, int input, int level) {
  if (!s->running) return;
  GUARDED(s, Z_firmwareZ_boardInput(&s->fw, (uint32_t)input, (uint32_t)level, clock_now()));
}

/* A clean stop: the firmware withdraws what it published (PUBLISH Expires: 0). */
void station_shutdown(station_t* s) {
  if (!s->running) return;
  GUARDED(s, Z_firmwareZ_boardShutdown(&s->fw, clock_now()));
}

/* After station_shutdown: its last words are still unanswered (boardShutdownPending). A trap here
 * restarts the module, which then has nothing pending. */
bool station_shutdown_pending(station_t* s) {
  if (!s->running) return false;
  wasm_rt_trap_t code = (wasm_rt_trap_t)wasm_rt_impl_try();
  if (code != WASM_RT_TRAP_NONE) {
    restart(s, code);
    return false;
  }
  return Z_firmwareZ_boardShutdownPending(&s->fw) != 0;
}

/* The transaction table's use and the requests dropped so far (the `stats` command); with --serial, the
 * octets the full serial queue dropped. */
void station_stats(station_t* s) {
  if (!s->running) return;
  line_stats(clock_now(), Z_firmwareZ_activeTransactions(&s->fw), Z_firmwareZ_droppedRequests(&s->fw),
             s->board.serial.given ? (long)s->board.serial.dropped : -1);
}

/* Up to serialCapacity() of the octets at serialBuffer(), to boardSerial; the number passed (0: none can be). */
static size_t serial_piece(station_t* s, const uint8_t* data, size_t len) {
  volatile u32 cap = 0, at = 0; /* set under the trap guard (setjmp) */
  GUARDED_QUERY(s, (cap = Z_firmwareZ_serialCapacity(&s->fw), at = Z_firmwareZ_serialBuffer(&s->fw)));
  if (!s->running || cap == 0 || (uint64_t)at + cap > s->fw.w2c_memory.size) return 0;
  volatile size_t n = len < cap ? len : cap; /* kept across the guard's setjmp */
  memcpy(s->fw.w2c_memory.data + at, data, n);
  GUARDED(s, Z_firmwareZ_boardSerial(&s->fw, (u32)n, clock_now()));
  return n;
}

/* The octets in pieces, each to boardSerial. After a trap the rest goes to the restarted module, whose link
 * layer finds the next frame at its END octet. */
void station_serial(station_t* s, const uint8_t* data, size_t len) {
  for (size_t done = 0, n; done < len && s->running && (n = serial_piece(s, data + done, len - done)) > 0;) done += n;
}

/* boardMediaPort: the RTP port the station wants (0: any); 0 without media. */
unsigned station_media_port(station_t* s) {
  volatile u32 port = 0; /* set under the trap guard (setjmp) */
  if (!s->running) return 0;
  GUARDED_QUERY(s, port = Z_firmwareZ_boardMediaPort(&s->fw));
  return port;
}

/* boardSetMediaPort: the board bound another pair; the station announces `port`. */
void station_set_media_port(station_t* s, unsigned port) {
  if (!s->running) return;
  GUARDED_QUERY(s, Z_firmwareZ_boardSetMediaPort(&s->fw, port));
}

/* boardMedia: a datagram on the RTP (0) or RTCP (1) socket; one longer than rxCapacity() is dropped. */
void station_media(station_t* s, const uint8_t* data, size_t len, const struct sockaddr_storage* from, int channel) {
  if (!s->running || len > Z_firmwareZ_rxCapacity(&s->fw)) return;
  write_peer(s, from);
  memcpy(s->fw.w2c_memory.data + Z_firmwareZ_rxBuffer(&s->fw), data, len);
  GUARDED(s, Z_firmwareZ_boardMedia(&s->fw, (u32)len, (u32)channel, clock_now()));
}

/* The module's 160 samples at `at` (little-endian 16-bit), or NULL when they run past its memory. */
static uint8_t* frame_at(station_t* s, uint32_t at) {
  wasm_rt_memory_t* m = &s->fw.w2c_memory;
  return (uint64_t)at + 2 * FRAME_SAMPLES > m->size ? NULL : m->data + at;
}

/* One tick of the audio clock: `mic` in at micFrame(), boardAudio, the speaker frame out (silence when it returns 0). */
int station_audio(station_t* s, const int16_t mic[FRAME_SAMPLES], int16_t speaker[FRAME_SAMPLES]) {
  volatile u32 on = 0; /* set under the trap guard (setjmp) */
  memset(speaker, 0, 2 * FRAME_SAMPLES);
  if (!s->running) return 0;
  uint8_t* in = frame_at(s, Z_firmwareZ_micFrame(&s->fw));
  if (!in) return 0;
  for (int i = 0; i < FRAME_SAMPLES; i++) {
    in[2 * i] = (uint8_t)mic[i];
    in[2 * i + 1] = (uint8_t)((uint16_t)mic[i] >> 8);
  }
  GUARDED(s, on = Z_firmwareZ_boardAudio(&s->fw, clock_now()));
  uint8_t* out = s->running ? frame_at(s, Z_firmwareZ_speakerFrame(&s->fw)) : NULL;
  if (on != 1 || !out) return 0;
  for (int i = 0; i < FRAME_SAMPLES; i++) speaker[i] = (int16_t)(uint16_t)(out[2 * i] | out[2 * i + 1] << 8);
  return 1;
}

/* board.resolve: the query goes out now; its answer comes through station_resolved. */
u32 Z_boardZ_resolve(struct Z_board_instance_t* b, u32 type, u32 name, u32 len) {
  const uint8_t* text = board_span(b, name, len, "resolve");
  return (u32)resolver_query(&b->resolver, (int)type, text, len, clock_now());
}

/* Each finished query: its records written at rxBuffer (at most rxCapacity() octets), then boardResolved. */
void station_resolved(station_t* s) {
  resolve_answer_t a;
  while (s->running && Z_firmwareZ_boardResolved) {
    u32 cap = Z_firmwareZ_rxCapacity(&s->fw), rx = Z_firmwareZ_rxBuffer(&s->fw);
    if ((uint64_t)rx + cap > s->fw.w2c_memory.size) return;
    if (!resolver_next(&s->board.resolver, clock_now(), s->fw.w2c_memory.data + rx, cap, &a)) return;
    GUARDED(s, Z_firmwareZ_boardResolved(&s->fw, (u32)a.id, (u32)a.status, (u32)a.count, clock_now()));
  }
}
