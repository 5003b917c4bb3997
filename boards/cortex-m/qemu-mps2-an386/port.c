/* The intercom on QEMU's MPS2 AN386 (Cortex-M4): the HAL of boards/cortex-m
 * over semihosting, and a main loop that takes records of entry-point calls
 * instead of a network. It exists to run the very Cortex-M build (wasm2c
 * output, the shim and its static runtime, arm-none-eabi-gcc) in the tests.
 *
 * Two ways to run. With script.bin in the working directory, the records are
 * read from it and the trace goes to trace.txt (test/host/cortex-m-qemu
 * replays a simulated day and compares). Without it the records come live
 * over UART0 and the trace goes back the same way, a record at a time: the
 * host bridges a UDP socket to it (test/host/support/interop-qemu.ts), so SIPp
 * and Kamailio talk to the Cortex-M4. config.bin (may be absent) is the
 * configuration block. In live mode UART1 is the provisioning UART (serial.c,
 * QEMU's second -serial): between records, what arrives on it goes to the
 * firmware (intercom_serial, at the `now` of the last record), its events
 * traced as for a record but with no "end" line; a reboot the firmware asks
 * for is traced "reboot" and resets the board; a 'T' before the first 'B'
 * (sent as the board reset) is answered "end T" without a call. Records
 * (little-endian):
 *   'B' now ipv4(4)                  intercom_boot
 *   'D' now ip(4) port(2) len(2) ... intercom_datagram
 *   'T' now                          intercom_tick
 *   'N' now                          intercom_next_deadline -> "deadline d"
 *   'K' now key(2) down(1)           intercom_key
 *   'I' now input(1) level(1)        intercom_input
 *   'S' now                          intercom_shutdown
 *   'P' now                          intercom_shutdown_pending -> "pending p"
 *   'R' now ch(1) ip(4) port(2) len(2) ... intercom_media on channel ch (0 RTP, 1 RTCP)
 *   'A' now mic(320)                 intercom_audio with that microphone frame -> "audio r"
 *                                    (and "speaker hex" of its frame when r is 1)
 *   'E' now                          intercom_media_port -> "mediaport p"
 *   'F' now port(2)                  intercom_set_media_port -> "setmediaport r"
 *   'Q' now                          the end of the run (exit 0)
 *   'M' now reps(2) len(2) ...       intercom_parse reps times -> "measure verdict ticks"
 *   'C' now                          a loop of 2,000,000 instructions -> "calibrate ticks"
 *   'V' now frames(2) ip(4) port(2) len(2) ... mic(320)
 *                                    frames 20 ms frames of a call, each the RTP packet (its sequence
 *                                    number and timestamp advanced by frame) through intercom_media and
 *                                    the microphone frame through intercom_audio, the sends untraced;
 *                                    then the same copies alone -> "voice ticks copyticks rtp rtcp"
 * The ticks are SysTick's (24 bits, on the processor clock). Under QEMU's
 * -icount shift=0 each instruction is one nanosecond of the board's time, so
 * ticks per instruction are fixed and 'C' tells them: test/bench/cortex-m4.ts
 * counts the parser's Cortex-M4 instructions per message that way.
 * The trace has one line per thing the firmware did: "send ip:port hex",
 * "media ch ip:port hex",
 * "output id on|off", "log level text", "fault ...", "trap reason"; then
 * "verdict v" for a datagram, the call's events ("event kind a b"), and
 * "end <record>". hal_random is a fixed sequence (a 32-bit LCG from 7, the
 * top octet of each step), which the tests give the simulator too, so both
 * draw the same Call-IDs, tags, branches and nonces. */
#include <stdint.h>
#include <string.h>
#include "hal.h"
#include "intercom.h"
#include "semihost.h"
#include "serial.h"
#include "uart.h"
#ifdef INTERCOM_BOOT_CONFIRM
#include "boot/confirm.h"
#endif

/* Script mode: the trace file; live mode (-1): UART0. */
static int trace = -1;
static int live;
static char out[4096];
static uint32_t used;

static void flush(void) {
  if (used && live) uart_write((const uint8_t*)out, used);
  else if (used && trace >= 0) sh_write(trace, out, used);
  used = 0;
}

static void put(const char* s, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    if (used == sizeof out) flush();
    out[used++] = s[i];
  }
}

static void puts_(const char* s) {
  put(s, (uint32_t)strlen(s));
}

static void put_int(int32_t v) {
  char b[12];
  int n = 0;
  uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
  do b[n++] = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (v < 0) put("-", 1);
  while (n) put(&b[--n], 1);
}

static void put_hex(const uint8_t* p, uint32_t n) {
  static const char digits[] = "0123456789abcdef";
  for (uint32_t i = 0; i < n; i++) {
    put(&digits[p[i] >> 4], 1);
    put(&digits[p[i] & 15], 1);
  }
}

__attribute__((noreturn)) static void finish(int failed) {
  flush();
  if (trace >= 0) sh_close(trace);
  sh_exit(failed);
}

/* ---- the HAL (boards/cortex-m/hal.h) ---- */

/* "ip:port hex" and the line's end. */
static void put_datagram(const uint8_t* data, uint32_t len, const uint8_t ip[4], uint16_t port) {
  for (int i = 0; i < 4; i++) {
    put_int(ip[i]);
    put(i < 3 ? "." : ":", 1);
  }
  put_int(port);
  put(" ", 1);
  put_hex(data, len);
  put("\n", 1);
}

void hal_udp_send(const uint8_t* data, uint32_t len, const uint8_t ip[4], uint16_t port) {
  puts_("send ");
  put_datagram(data, len, ip, port);
}

/* While 'V' runs: the media sent, counted by channel instead of traced. */
static int quiet;
static uint32_t quiet_sent[2];

void hal_media_send(const uint8_t* data, uint32_t len, const uint8_t ip[4], uint16_t port, int32_t channel) {
  if (quiet) {
    quiet_sent[channel & 1]++;
    return;
  }
  puts_("media ");
  put_int(channel);
  put(" ", 1);
  put_datagram(data, len, ip, port);
}

/* Board ABI 5 streams: this port has no TCP (its network is the semihosting trace), so it answers as
 * a board without them (docs/transports.md "Streams"). */
int32_t hal_stream_open(const uint8_t peer[18], int32_t secure, const char* name, uint32_t name_len) {
  (void)peer, (void)secure, (void)name, (void)name_len;
  return -1;
}

int32_t hal_stream_send(int32_t handle, const uint8_t* data, uint32_t len) {
  (void)handle, (void)data, (void)len;
  return -1;
}

void hal_stream_close(int32_t handle) {
  (void)handle;
}

void hal_output(int32_t id, int32_t on) {
  puts_("output ");
  put_int(id);
  puts_(on ? " on\n" : " off\n");
}

void hal_log(int32_t level, const char* text, uint32_t len) {
  puts_("log ");
  put_int(level);
  put(" ", 1);
  put(text, len);
  put("\n", 1);
}

static uint32_t lcg = 7;
void hal_random(uint8_t* dst, uint32_t len) {
  for (uint32_t i = 0; i < len; i++) dst[i] = (uint8_t)((lcg = lcg * 1103515245u + 12345u) >> 24);
}

uint32_t hal_config_read(uint8_t* dst, uint32_t cap) {
  int f = sh_open("config.bin", 0);
  if (f < 0) return 0;
  uint32_t len = sh_length(f);
  sh_read(f, dst, len < cap ? len : cap);
  sh_close(f);
  return len;
}

/* The retained record in RAM that start-up leaves alone (.noinit, outside
 * .bss): it outlives intercom_boot and a reset, as on a real board. */
#define RETAINED_MAX 64
__attribute__((section(".noinit"))) static uint8_t retained[RETAINED_MAX];
__attribute__((section(".noinit"))) static uint32_t retained_len;

uint32_t hal_retained_read(uint8_t* dst, uint32_t cap) {
  uint32_t len = retained_len <= RETAINED_MAX ? retained_len : 0; /* garbage after power-up: none */
  memcpy(dst, retained, len < cap ? len : cap);
  return len;
}

void hal_retained_write(const uint8_t* src, uint32_t len) {
  retained_len = len < RETAINED_MAX ? len : RETAINED_MAX;
  memcpy(retained, src, retained_len);
}

void hal_fault(const char* message, uint32_t line, uint32_t column) {
  puts_("fault ");
  puts_(message);
  put(" ", 1);
  put_int((int32_t)line);
  put(":", 1);
  put_int((int32_t)column);
  put("\n", 1);
}

void hal_restart(const char* reason) {
  puts_("trap ");
  puts_(reason);
  put("\n", 1);
  finish(1);
}

/* ---- the script ---- */

/* SysTick (ARMv7-M): free-running from 0xffffff down, on the processor clock. */
#define SYST_CSR (*(volatile uint32_t*)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t*)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t*)0xE000E018u)

static uint32_t ticks_since(uint32_t start) {
  return (start - SYST_CVR) & 0xffffffu;
}

__attribute__((noinline)) static void spin(uint32_t n) {
  __asm__ volatile("1: subs %0, #1\n bne 1b" : "+r"(n));
}

static uint8_t script[65536];
static uint32_t at, size;

static uint8_t next_octet(void) {
  if (live) return uart_read();
  if (at == size) {
    puts_("script: a record runs past the end\n");
    finish(1);
  }
  return script[at++];
}

/* An unsigned little-endian number of n octets (n <= 4). */
static uint32_t take(uint32_t n) {
  uint32_t v = 0;
  for (uint32_t i = 0; i < n; i++) v |= (uint32_t)next_octet() << (8 * i);
  return v;
}

static void events(void) {
  int32_t n = intercom_event_count();
  for (int32_t i = 0; i < n; i++) {
    int32_t kind, a, b;
    intercom_event(i, &kind, &a, &b);
    puts_("event ");
    put_int(kind);
    put(" ", 1);
    put_int(a);
    put(" ", 1);
    put_int(b);
    put("\n", 1);
  }
}

/* The datagram of a record into the receive buffer, where the network driver would write it. */
static uint32_t take_datagram(uint32_t len) {
  uint32_t cap;
  uint8_t* rx = intercom_rx_buffer(&cap);
  /* Octets past the capacity are dropped; the length passed is then capacity + 1. */
  for (uint32_t i = 0; i < len; i++) {
    uint8_t c = next_octet();
    if (i < cap) rx[i] = c;
  }
  return len > cap ? cap + 1 : len;
}

/* The record's microphone frame in, intercom_audio, its verdict and the speaker frame out. Without
 * media the frame's octets are read and dropped, so the script stays in step. */
static void audio(uint32_t now) {
  int16_t* mic = intercom_mic_frame();
  for (uint32_t i = 0; i < INTERCOM_FRAME_SAMPLES; i++) {
    uint16_t v = (uint16_t)take(2);
    if (mic) mic[i] = (int16_t)v;
  }
  int32_t on = intercom_audio(now);
  puts_("audio ");
  put_int(on);
  put("\n", 1);
  int16_t* speaker = intercom_speaker_frame();
  if (on != 1 || !speaker) return;
  puts_("speaker ");
  put_hex((const uint8_t*)speaker, 2 * INTERCOM_FRAME_SAMPLES);
  put("\n", 1);
}

/* 'V': the frames of a call between two reads of SysTick (test/bench/voice-cortex.ts). The packet's
 * sequence number and timestamp (RFC 3550 §5.1, octets 2-3 and 4-7) advance by one frame each time. */
static void voice(uint32_t now) {
  static uint8_t packet[512];
  static int16_t mic[INTERCOM_FRAME_SAMPLES];
  uint32_t frames = take(2);
  uint8_t ip[4];
  for (int i = 0; i < 4; i++) ip[i] = (uint8_t)take(1);
  uint16_t port = (uint16_t)take(2);
  uint32_t len = take(2);
  for (uint32_t i = 0; i < len; i++) {
    uint8_t c = next_octet();
    if (i < sizeof packet) packet[i] = c;
  }
  for (uint32_t i = 0; i < INTERCOM_FRAME_SAMPLES; i++) mic[i] = (int16_t)take(2);
  uint32_t cap;
  uint8_t* rx = intercom_rx_buffer(&cap);
  int16_t* frame = intercom_mic_frame();
  if (len > sizeof packet || len > cap || len < 12 || !frame) {
    puts_("voice: no call's audio, or a packet that does not fit\n");
    finish(1);
  }
  uint32_t seq = ((uint32_t)packet[2] << 8) | packet[3];
  uint32_t ts = ((uint32_t)packet[4] << 24) | ((uint32_t)packet[5] << 16) | ((uint32_t)packet[6] << 8) | packet[7];
  quiet = 1;
  quiet_sent[0] = quiet_sent[1] = 0;
  uint32_t ticks[2];
  for (int pass = 0; pass < 2; pass++) {
    uint32_t start = SYST_CVR;
    for (uint32_t i = 0; i < frames; i++) {
      uint32_t s = seq + (pass ? 0 : i), t = ts + (pass ? 0 : i * INTERCOM_FRAME_SAMPLES);
      memcpy(rx, packet, len);
      rx[2] = (uint8_t)(s >> 8); rx[3] = (uint8_t)s;
      rx[4] = (uint8_t)(t >> 24); rx[5] = (uint8_t)(t >> 16); rx[6] = (uint8_t)(t >> 8); rx[7] = (uint8_t)t;
      if (!pass) intercom_media(len, ip, port, 0, now + 20 * i);
      memcpy(frame, mic, sizeof mic);
      if (!pass) intercom_audio(now + 20 * i);
    }
    ticks[pass] = ticks_since(start);
  }
  quiet = 0;
  puts_("voice ");
  put_int((int32_t)ticks[0]);
  put(" ", 1);
  put_int((int32_t)ticks[1]);
  put(" ", 1);
  put_int((int32_t)quiet_sent[0]);
  put(" ", 1);
  put_int((int32_t)quiet_sent[1]);
  put("\n", 1);
}

static void play(char type, uint32_t now) {
  switch (type) {
    case 'B': intercom_boot(take(4), now); break;
    case 'D': {
      uint8_t ip[4];
      for (int i = 0; i < 4; i++) ip[i] = (uint8_t)take(1);
      uint16_t port = (uint16_t)take(2);
      int32_t verdict = intercom_datagram(take_datagram(take(2)), ip, port, now);
      puts_("verdict ");
      put_int(verdict);
      put("\n", 1);
      break;
    }
    case 'R': {
      int32_t channel = (int32_t)take(1);
      uint8_t ip[4];
      for (int i = 0; i < 4; i++) ip[i] = (uint8_t)take(1);
      uint16_t port = (uint16_t)take(2);
      intercom_media(take_datagram(take(2)), ip, port, channel, now);
      break;
    }
    case 'A': audio(now); break;
    case 'E': puts_("mediaport "); put_int(intercom_media_port()); put("\n", 1); return;
    case 'F': puts_("setmediaport "); put_int(intercom_set_media_port((uint16_t)take(2))); put("\n", 1); return;
    case 'T': intercom_tick(now); break;
    case 'N': puts_("deadline "); put_int(intercom_next_deadline(now)); put("\n", 1); return;
    case 'K': { int32_t key = (int32_t)take(2); intercom_key(key, (int32_t)take(1), now); break; }
    case 'I': { int32_t input = (int32_t)take(1); intercom_input(input, (int32_t)take(1), now); break; }
    case 'S': intercom_shutdown(now); break;
    case 'P': puts_("pending "); put_int(intercom_shutdown_pending()); put("\n", 1); return;
    case 'C': {
      uint32_t start = SYST_CVR;
      spin(1000000);
      puts_("calibrate ");
      put_int((int32_t)ticks_since(start));
      put("\n", 1);
      return;
    }
    case 'M': {
      uint32_t reps = take(2);
      uint32_t len = take_datagram(take(2));
      int32_t verdict = 0;
      uint32_t start = SYST_CVR;
      for (uint32_t i = 0; i < reps; i++) verdict = intercom_parse(len);
      uint32_t ticks = ticks_since(start);
      puts_("measure ");
      put_int(verdict);
      put(" ", 1);
      put_int((int32_t)ticks);
      put("\n", 1);
      return;
    }
    case 'V': voice(now); break;
    case 'Q': finish(0);
    default: puts_("script: unknown record\n"); finish(1);
  }
  events();
}

/* Live mode: the board reboots when the firmware asked to (hal_reboot), its trace out first. */
static void reboot_if_asked(void) {
  if (!serial_reboot_asked()) return;
  puts_("reboot\n");
  flush();
  serial_reboot();
}

/* Live mode, until the next record starts on UART0: the provisioning UART's octets to the firmware
 * (once a record booted it), the time being the last record's. */
static void serve_until_record(int booted, uint32_t now) {
  while (!uart_ready()) {
    uint32_t cap = 0;
    uint8_t* buffer = booted ? intercom_serial_buffer(&cap) : 0;
    uint32_t n = buffer ? serial_receive(buffer, cap) : 0;
    if (n == 0) {
      uart_sleep();
      continue;
    }
    intercom_serial(n, now);
    events();
    flush();
    reboot_if_asked();
  }
}

int main(void) {
  SYST_RVR = 0xffffffu;
  SYST_CVR = 0;
  SYST_CSR = 5; /* enabled, processor clock, no interrupt */
  int f = sh_open("script.bin", 0);
  if (f >= 0) {
    size = sh_read(f, script, sizeof script);
    sh_close(f);
    trace = sh_open("trace.txt", 1);
    if (trace < 0) finish(1);
  } else {
    live = 1;
    uart_init();
    serial_init();
  }
  int booted = 0;
  uint32_t now = 0;
  while (live || at < size) {
    if (live) serve_until_record(booted, now);
    char type = (char)take(1);
    now = take(4);
    /* A tick the host sent just before a reboot reaches the new run before its 'B': nothing runs yet. */
    if (type != 'T' || booted) play(type, now);
    booted |= type == 'B';
#ifdef INTERCOM_BOOT_CONFIRM
    /* Booted by the boot stage (boot/): past the confirmation window, the image keeps its slot. */
    int confirmed = confirm_step(type, now);
    if (confirmed) puts_(confirmed > 0 ? "boot confirmed\n" : "boot confirm failed: the boot record cannot be written\n");
#endif
    puts_("end ");
    put(&type, 1);
    put("\n", 1);
    if (live) flush();
    if (live) reboot_if_asked();
  }
  finish(0);
}
