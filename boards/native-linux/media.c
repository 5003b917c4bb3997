/* The native board's voice path (docs/board-abi.md, "Audio and media"): the
 * RTP socket on the even port the firmware asks for (boardMediaPort) and the
 * RTCP socket on the next (RFC 3550 §11), bound on the SIP address (of its family, net.c); a taken
 * pair gives way to a free even pair, announced with boardSetMediaPort and a
 * warning line. Their datagrams go to boardMedia, board.mediaSend's leave from
 * them. The audio clock is a timerfd firing every 20 ms while the firmware
 * reports `media` on or held: the microphone's frame in, boardAudio, the
 * speaker's frame out (audio.c). The firmware's calls are in station.c. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include "native.h"
#include "../cortex-m/vocabulary.h"

#define AUDIO_PERIOD_MS 20
/* Ticks run at once when the loop was late; further behind, the clock goes on from now. */
#define CATCH_UP 5
/* Tries at picking a free even pair. */
#define PAIR_TRIES 32
/* The most datagrams taken from one media socket in a round (20 ms of audio is one). */
#define MEDIA_PER_ROUND 16

int media_init(station_t* s) {
  media_t* m = &s->board.media;
  m->sock[0] = m->sock[1] = -1;
  m->speaker.fd = -1;
  /* Made now: the module may report `media` on as early as boardStart. */
  m->timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  if (m->timer < 0) fprintf(stderr, "cannot start: timerfd for the audio clock: %s\n", strerror(errno));
  return m->timer < 0 ? -1 : 0;
}

/* A UDP socket bound to host:port, or -1 (errno says why). */
static int bound(const char* host, unsigned port) {
  return net_bound(host, port, SOCK_DGRAM | SOCK_NONBLOCK);
}

/* The pair at the even `port`: 0 bound, -1 with errno (EADDRINUSE: taken). */
static int bind_pair(media_t* m, const char* host, unsigned port) {
  if (port == 0 || port % 2 || port > 65534) {
    errno = EADDRINUSE;
    return -1;
  }
  if ((m->sock[0] = bound(host, port)) < 0) return -1;
  if ((m->sock[1] = bound(host, port + 1)) < 0) {
    int e = errno;
    close(m->sock[0]);
    m->sock[0] = -1;
    errno = e;
    return -1;
  }
  m->port = port;
  return 0;
}

/* A free even pair: the system picks a free port, and the pair at the even port at or below it is tried. */
static int free_pair(media_t* m, const char* host) {
  for (int i = 0; i < PAIR_TRIES; i++) {
    int probe = bound(host, 0);
    struct sockaddr_storage a;
    socklen_t al = sizeof a;
    if (probe < 0 || getsockname(probe, (struct sockaddr*)&a, &al) != 0) {
      if (probe >= 0) close(probe);
      return -1;
    }
    close(probe);
    if (bind_pair(m, host, net_port(&a) & ~1u) == 0) return 0;
    if (errno != EADDRINUSE) return -1;
  }
  errno = EADDRINUSE;
  return -1;
}

int media_start(station_t* s, const char* host) {
  media_t* m = &s->board.media;
  m->asked = station_media_port(s);
  if (bind_pair(m, host, m->asked) != 0) {
    if (errno != EADDRINUSE || free_pair(m, host) != 0) {
      fprintf(stderr, "cannot start: cannot bind the media ports (RTP and RTCP) on %s: %s\n", host, strerror(errno));
      return -1;
    }
    if (m->asked != 0) {
      char text[256];
      snprintf(text, sizeof text, "media: UDP %u-%u (media.rtpPort) is not free on %s: RTP on %u, RTCP on %u instead", m->asked, m->asked + 1, host, m->port, m->port + 1);
      line_warning(clock_now(), text);
    }
    station_set_media_port(s, m->port);
  }
  return 0;
}

/* After a start of the module (a restart too): it asks its port again; the pair bound is announced when it differs. */
void media_boot(station_t* s) {
  media_t* m = &s->board.media;
  if (m->sock[0] < 0) return;
  m->asked = station_media_port(s);
  if (m->asked != m->port) station_set_media_port(s, m->port);
}

static void clock_set(media_t* m, bool on) {
  if (m->timer < 0 || m->on == on) return;
  struct itimerspec t;
  memset(&t, 0, sizeof t);
  if (on) t.it_value.tv_nsec = t.it_interval.tv_nsec = AUDIO_PERIOD_MS * 1000000L;
  timerfd_settime(m->timer, 0, &t, NULL);
  m->on = on;
}

/* `media` on or held starts the audio clock, off stops it (a stale tick after off is harmless). */
void media_event(station_t* s, int kind, int a) {
  if (kind == INTERCOM_EV_MEDIA) clock_set(&s->board.media, a != INTERCOM_MEDIA_OFF);
}

void media_receive(station_t* s, int channel) {
  static uint8_t buf[65536];
  media_t* m = &s->board.media;
  for (int i = 0; i < MEDIA_PER_ROUND && m->sock[channel] >= 0; i++) {
    struct sockaddr_storage from;
    socklen_t fl = sizeof from;
    ssize_t n = recvfrom(m->sock[channel], buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr*)&from, &fl);
    if (n < 0) return;
    station_media(s, buf, (size_t)n, &from, channel);
  }
}

void media_clock(station_t* s) {
  media_t* m = &s->board.media;
  uint64_t due = 0;
  if (m->timer < 0 || read(m->timer, &due, sizeof due) != (ssize_t)sizeof due) return;
  if (due > CATCH_UP) due = CATCH_UP;
  int16_t mic[FRAME_SAMPLES], speaker[FRAME_SAMPLES];
  for (uint64_t i = 0; i < due && m->on; i++) {
    mic_next(&m->mic, mic);
    station_audio(s, mic, speaker);
    speaker_write(&m->speaker, speaker);
  }
}

void Z_boardZ_mediaSend(struct Z_board_instance_t* b, u32 data, u32 len, u32 peer, u32 channel) {
  wasm_rt_memory_t* mem = &b->fw->w2c_memory;
  if ((uint64_t)data + len > mem->size || (uint64_t)peer + PEER_BYTES > mem->size) {
    fprintf(stderr, "intercom-native: board.mediaSend: an address outside the module's memory\n");
    wasm_rt_trap(WASM_RT_TRAP_OOB);
  }
  /* Channel 0 RTP, 1 RTCP; another channel, a board without media or a peer the media sockets' family cannot
   * reach (IPv6 from an IPv4 station, net.c): dropped. */
  struct sockaddr_storage to;
  socklen_t to_len = channel > 1 || b->media.sock[channel] < 0 ? 0 : net_sockaddr(mem->data + peer, b->family, &to);
  if (!to_len) return;
  /* UDP is best effort, and media more so: a lost packet is concealed by the peer (no log per packet). */
  (void)sendto(b->media.sock[channel], mem->data + data, len, 0, (struct sockaddr*)&to, to_len);
}

void media_close(station_t* s) {
  media_t* m = &s->board.media;
  for (int c = 0; c < 2; c++) if (m->sock[c] >= 0) close(m->sock[c]);
  if (m->timer >= 0) close(m->timer);
  m->sock[0] = m->sock[1] = m->timer = -1;
  speaker_close(&m->speaker);
  mic_free(&m->mic);
}
