/* The native Linux board: the firmware module (build/firmware.wasm turned
 * into C by wasm2c) hosted on POSIX through the board ABI (docs/board-abi.md).
 * Shared declarations of the board's small files. */
#ifndef NATIVE_H
#define NATIVE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>

/* The generated module's header; the build names it firmware.h. */
#include "firmware.h"

/* The most octets of the retained record the board keeps (board.retainedWrite, docs/board-abi.md). */
#define RETAINED_MAX 64

/* audio.c (audio.h): --mic and --speaker. */
#include "audio.h"
/* resolve.c, dns-wire.c (resolve.h): the resolver behind board.resolve (board ABI 5, docs/transports.md "Names"). */
#include "resolve.h"
/* net.c (net.h): addresses and sockets, IPv4 and IPv6. */
#include "net.h"

/* The voice path (media.c, docs/board-abi.md "Audio and media"): the RTP socket and the RTCP one at the
 * next port (RFC 3550 §11), and the 20 ms audio clock while the firmware reports `media` on or held. */
typedef struct {
  int sock[2];       /* channel 0 RTP, 1 RTCP; -1 none */
  unsigned port;     /* the RTP port bound */
  unsigned asked;    /* what boardMediaPort() asked */
  int timer;         /* the audio clock (a timerfd); -1 none */
  bool on;           /* the audio clock runs */
  mic_t mic;
  speaker_t speaker;
} media_t;

/* The provisioning UART (serial.c, --serial PATH): a tty or pty in raw mode, and the octets the firmware
 * queued for it (board.serialWrite, board ABI 4). The queue is bounded: when full, the oldest octets go and
 * are counted (the `stats` line's serialDropped); SLIP's END octet lets the host resynchronise. */
#define SERIAL_QUEUE 16384
typedef struct {
  bool given;                   /* --serial was given */
  int fd;                       /* -1: no port (serialWrite drops) */
  uint8_t queue[SERIAL_QUEUE];  /* a ring: `used` octets from `head` */
  size_t head, used;
  unsigned long dropped;        /* octets dropped from a full queue */
} serial_t;

/* Z_board_instance_t is the board's side of the module's imports. */
struct Z_board_instance_t {
  Z_firmware_instance_t* fw; /* the running instance, for its memory */
  int sock;                   /* the UDP socket */
  int family;                 /* its family and the media sockets' (AF_INET, AF_INET6: dual-stack; net.c) */
  uint8_t* block;             /* the configuration block (owned), or NULL */
  size_t block_len;
  const char* block_path;     /* where board.configWrite stores a new block, or NULL (no store) */
  bool trace;                 /* print each datagram as a JSON line */
  bool gpio;                  /* print each output change as a JSON line */
  bool faulted;               /* board.fault was called in this call */
  const char* state_path;     /* where the retained record is kept across runs, or NULL (memory only) */
  uint8_t retained[RETAINED_MAX]; /* the retained record: outlives a module restart after a trap */
  size_t retained_len;
  media_t media;
  serial_t serial;
  bool reboot;                /* board.reboot was called: reboot once the serial queue is on the line */
  resolver_t resolver;        /* board.resolve's DNS client (--dns HOST:PORT, or /etc/resolv.conf) */
};

/* board.c: the module's memory at [addr, addr + len) for board.`import`; past its end the call traps. */
uint8_t* board_span(struct Z_board_instance_t* b, uint32_t addr, uint32_t len, const char* import);

/* board.mediaSend (media.c); wasm2c declares it in firmware.h too once the module imports it. */
void Z_boardZ_mediaSend(struct Z_board_instance_t* b, u32 data, u32 len, u32 peer, u32 channel);
/* board.resolve (station.c, board ABI 5): a query id 1..255, or -1; the answer comes as boardResolved. */
u32 Z_boardZ_resolve(struct Z_board_instance_t* b, u32 type, u32 name, u32 len);

/* serial.c: --serial PATH at `baud` (0 when PATH opened, else -1 with the reason on stderr); serial_baud
 * checks a --baud value (0 when it is one the board sets); serial_read passes what arrived to the
 * firmware (station_serial); serial_flush writes what the queue holds without blocking, serial_drain
 * waits until it is on the line (before a reboot). */
int serial_open(serial_t* p, const char* path, unsigned long baud);
int serial_baud(unsigned long baud);
void serial_queue(serial_t* p, const uint8_t* data, size_t len);
void serial_flush(serial_t* p);
void serial_drain(serial_t* p);

/* hal.c: board ABI 4's bootInfo, slot, boot record, configuration store and reboot imports. hal_slots with
 * --booted-from DIR (the supervisor's child): the slots are DIR's, and the supervisor's boot is read from
 * the environment (SLOTS_BOOT_ENV, slots.h); without it the board runs outside its slots. */
void hal_slots(const char* dir);

/* clock.c: milliseconds since start-up on the monotonic clock (wraps as u32 in the firmware). */
void clock_start(void);
uint32_t clock_now(void);

/* lines.c (lines.h): one JSON object per line on stdout, each with "t" first (as `intercom sim`). */
#include "lines.h"

/* block.c: the configuration block file, the local port, the registrar and the TLS trust anchors it names. */
int block_read(const char* path, uint8_t** out, size_t* len);
unsigned block_local_port(const uint8_t* block, size_t len);
bool block_registrar(const uint8_t* block, size_t len, uint8_t peer[PEER_BYTES]);
int block_tls_ca(const uint8_t* block, size_t len, const char* block_path, char* out);

/* retained.c: the retained record's file (--state): read at start-up, replaced on each write. */
void retained_load(struct Z_board_instance_t* b);
void retained_store(struct Z_board_instance_t* b);

/* station.c: the module's life (instantiate, start, restart after a trap) and its entry points. */
typedef struct {
  struct Z_board_instance_t board;
  Z_firmware_instance_t fw;
  uint8_t address[16];  /* the board's address as the ABI writes it (IPv4 mapped as ::ffff:a.b.c.d) */
  bool running;
  unsigned restarts;
} station_t;

int station_start(station_t* s);
void station_datagram(station_t* s, const uint8_t* data, size_t len, const struct sockaddr_storage* from);
void station_tick(station_t* s);
int station_next_deadline(station_t* s);
void station_key(station_t* s, int key, int down);
void station_input(station_t* s, int input, int level);
void station_shutdown(station_t* s);
void station_stats(station_t* s);
/* Octets from the provisioning UART, passed in pieces of serialCapacity() to boardSerial (board ABI 4). */
void station_serial(station_t* s, const uint8_t* data, size_t len);
bool station_shutdown_pending(station_t* s);
/* The voice path's entry points (board ABI 3); without media they do nothing. */
unsigned station_media_port(station_t* s);
void station_set_media_port(station_t* s, unsigned port);
void station_media(station_t* s, const uint8_t* data, size_t len, const struct sockaddr_storage* from, int channel);
int station_audio(station_t* s, const int16_t mic[FRAME_SAMPLES], int16_t speaker[FRAME_SAMPLES]);
/* The resolver's finished queries, each to boardResolved with its records at rxBuffer (board ABI 5). */
void station_resolved(station_t* s);

/* media.c: the voice path. media_init before anything (-1: no timerfd, printed); media_start after station_start binds the pair on
 * `host` (-1: a failure, printed); media_boot after each start of the module (a restart too); media_event
 * for each event; media_receive when a media socket is readable; media_clock when the timerfd is. */
int media_init(station_t* s);
int media_start(station_t* s, const char* host);
void media_boot(station_t* s);
void media_event(station_t* s, int kind, int a);
void media_receive(station_t* s, int channel);
void media_clock(station_t* s);
void media_close(station_t* s);

/* commands.c: a stdin line; returns 1 on quit. Pending key releases are kept here. */
int command_line(station_t* s, char* line);
int command_next_release(void);
void command_release_due(station_t* s);

#endif
