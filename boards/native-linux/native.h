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

/* Z_board_instance_t is the board's side of the module's imports. */
struct Z_board_instance_t {
  Z_firmware_instance_t* fw; /* the running instance, for its memory */
  int sock;                   /* the UDP socket */
  const uint8_t* block;       /* the configuration block, or NULL */
  size_t block_len;
  bool trace;                 /* print each datagram as a JSON line */
  bool gpio;                  /* print each output change as a JSON line */
  bool faulted;               /* board.fault was called in this call */
  const char* state_path;     /* where the retained record is kept across runs, or NULL (memory only) */
  uint8_t retained[RETAINED_MAX]; /* the retained record: outlives a module restart after a trap */
  size_t retained_len;
  media_t media;
};

/* board.mediaSend (media.c); wasm2c declares it in firmware.h too once the module imports it. */
void Z_boardZ_mediaSend(struct Z_board_instance_t* b, u32 data, u32 len, u32 peer, u32 channel);

/* clock.c: milliseconds since start-up on the monotonic clock (wraps as u32 in the firmware). */
void clock_start(void);
uint32_t clock_now(void);

/* lines.c (lines.h): one JSON object per line on stdout, each with "t" first (as `intercom sim`). */
#include "lines.h"

/* block.c: the configuration block file and the local port it names. */
int block_read(const char* path, uint8_t** out, size_t* len);
unsigned block_local_port(const uint8_t* block, size_t len);
uint32_t block_registrar(const uint8_t* block, size_t len, unsigned* port);

/* retained.c: the retained record's file (--state): read at start-up, replaced on each write. */
void retained_load(struct Z_board_instance_t* b);
void retained_store(struct Z_board_instance_t* b);

/* station.c: the module's life (instantiate, start, restart after a trap) and its entry points. */
typedef struct {
  struct Z_board_instance_t board;
  Z_firmware_instance_t fw;
  uint32_t address;     /* IPv4 of the board, host order */
  bool running;
  unsigned restarts;
} station_t;

int station_start(station_t* s);
void station_datagram(station_t* s, const uint8_t* data, size_t len, const struct sockaddr_in* from);
void station_tick(station_t* s);
int station_next_deadline(station_t* s);
void station_key(station_t* s, int key, int down);
void station_input(station_t* s, int input, int level);
void station_shutdown(station_t* s);
void station_stats(station_t* s);
bool station_shutdown_pending(station_t* s);
/* The voice path's entry points (board ABI 3); without media they do nothing. */
unsigned station_media_port(station_t* s);
void station_set_media_port(station_t* s, unsigned port);
void station_media(station_t* s, const uint8_t* data, size_t len, const struct sockaddr_in* from, int channel);
int station_audio(station_t* s, const int16_t mic[FRAME_SAMPLES], int16_t speaker[FRAME_SAMPLES]);

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
