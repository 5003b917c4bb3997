/* The intercom's entry points on a Cortex-M port: the board ABI
 * (docs/board-abi.md) over the wasm2c translation of build/firmware.wasm.
 * The port's main loop calls these; each runs to completion and leaves its
 * events for intercom_event(). `now` is milliseconds from any origin, as a
 * wrapping u32. */
#ifndef INTERCOM_H
#define INTERCOM_H

#include <stdint.h>
/* Event kinds, the values of their a, output ids and key codes (generated from assembly/board/vocabulary.json). */
#include "vocabulary.h"

/* Instantiates the module in its static memory, gives it the board's IPv4
 * address (a<<24|b<<16|c<<8|d) and starts it: the configuration is read
 * through hal_config_read, the retained record (a lockout still running)
 * through hal_retained_read, and registration begins. Also the restart path.
 * A module built for another board ABI (abiVersion() is not
 * INTERCOM_ABI_VERSION) is not started: hal_fault says so. */
void intercom_boot(uint32_t ipv4, uint32_t now);

/* Where the network driver writes a received datagram (no copy needed), and its capacity. */
uint8_t* intercom_rx_buffer(uint32_t* capacity);

/* A datagram of `len` octets is in the receive buffer, from ip:port. Longer than
 * the capacity: pass capacity + 1 (the firmware answers 513). Returns its parse verdict. */
int32_t intercom_datagram(uint32_t len, const uint8_t ip[4], uint16_t port, uint32_t now);

/* Time has passed: timers, debounce, relays. Call when intercom_next_deadline says. */
void intercom_tick(uint32_t now);

/* Milliseconds until intercom_tick is needed, -1 when nothing waits: the one timer to keep. */
int32_t intercom_next_deadline(uint32_t now);

/* A key edge: ASCII 0-9 * # (keypad), INTERCOM_KEY_BUTTON_0 + i (call button i), INTERCOM_KEY_HANGUP; down 1/0. */
void intercom_key(int32_t key, int32_t down, uint32_t now);

/* An input level: input 0 is the door sensor (1 open). */
void intercom_input(int32_t input, int32_t level, uint32_t now);

/* The station is about to power down on purpose: the firmware's last words
 * (a PUBLISH withdrawing its presence, RFC 3903 §4.5, when it publishes; a
 * publication still on its way is answered first, and the removal follows).
 * Keep the station running (datagrams in, intercom_tick at
 * intercom_next_deadline) while intercom_shutdown_pending() is 1, or until a
 * grace period ends, then power down. */
void intercom_shutdown(uint32_t now);

/* After intercom_shutdown: 1 while its last words are unanswered, else 0. */
int32_t intercom_shutdown_pending(void);

/* Parses the `len` octets in the receive buffer and nothing more: the parse
 * verdict (0 valid, else the status code; docs/parser.md). The station does
 * not act on it: for diagnostics and benchmarks (the module's `parse`).
 * After intercom_boot, like every entry point. */
int32_t intercom_parse(uint32_t len);

/* ---- The voice path (board ABI 3; docs/board-abi.md "Audio and media", docs/porting.md) ----
 * Every module of ABI 3 has it; before intercom_boot (or after a trap) the calls below do nothing. */
#define INTERCOM_FRAME_SAMPLES 160 /* 20 ms at 8000 Hz, 16-bit signed, little-endian */

/* 1 while the module runs (its voice path with it). */
int32_t intercom_has_media(void);

/* After intercom_boot (and after each later one): the even UDP port the station wants for RTP
 * (0: any). Bind it and the next (RTCP) on the station's address; when it is taken, or 0, bind a
 * free even pair, tell it with intercom_set_media_port (and log a warning when it was taken). */
uint16_t intercom_media_port(void);
/* The pair bound is at `port`: the station announces it in its SDP. 1 taken, 0 for 0 or an odd port. */
int32_t intercom_set_media_port(uint16_t port);

/* A datagram of `len` octets is in the receive buffer (intercom_rx_buffer), from ip:port, on the
 * RTP (0) or RTCP (1) socket. One longer than the capacity is dropped here. */
void intercom_media(uint32_t len, const uint8_t ip[4], uint16_t port, int32_t channel, uint32_t now);

/* The two frames of INTERCOM_FRAME_SAMPLES samples in the module's memory (NULL without media):
 * the port writes the microphone's last 20 ms into the first, calls intercom_audio, then plays
 * the second. Not from an interrupt: the DMA interrupt only notes that a half is ready. */
int16_t* intercom_mic_frame(void);
int16_t* intercom_speaker_frame(void);

/* The 20 ms audio clock, from the main loop while the last INTERCOM_EV_MEDIA event said on or
 * held: 1 while a call's audio is on, 0 otherwise (the speaker frame is then silence). */
int32_t intercom_audio(uint32_t now);

/* ---- The provisioning UART (board ABI 4; docs/serial-agent.md) ----
 * The firmware speaks the serial protocol itself: the port passes it the
 * octets received and sends what it gives hal_serial_write. */

/* Where the port writes octets received on the provisioning UART, and its
 * capacity (128); NULL before intercom_boot. */
uint8_t* intercom_serial_buffer(uint32_t* capacity);

/* `len` octets (at most the capacity) are in the serial buffer: the firmware
 * decodes them and answers a whole request within the call. Events, sends and
 * outputs as for any entry point; afterwards, hal_reboot may ask to reboot. */
void intercom_serial(uint32_t len, uint32_t now);

/* ---- Streams: TCP and TLS (board ABI 5; docs/transports.md "Streams") ----
 * A port with a TCP/IP stack reports what becomes of the connections the firmware asked for
 * (hal_stream_open) and of those peers open to it; `peer` is the board ABI's 18 octets (IPv6, IPv4
 * mapped as ::ffff:a.b.c.d, then the port, big-endian). 0 before intercom_boot or for a module
 * without streams: the port then refuses every connection. */
int32_t intercom_has_streams(void);
/* The open's outcome: 0 open, 1 refused or unreachable, 2 untrusted certificate, 3 another name,
 * 4 another TLS failure, 5 no answer in time. Never from inside hal_stream_open. */
void intercom_stream_opened(int32_t handle, int32_t status, uint32_t now);
/* A peer connected to TCP localPort (secure 0) or TLS localPort + 1 (secure 1): 1 taken, 0 close it. */
int32_t intercom_stream_accepted(int32_t handle, int32_t secure, const uint8_t peer[18], uint32_t now);
/* The first `len` octets the port holds for the stream (what the firmware did not take, then what
 * arrived; at most the receive buffer's capacity) are in intercom_rx_buffer: how many it took from
 * the front (the port drops them), or -1: close the stream. */
int32_t intercom_stream_data(int32_t handle, uint32_t len, const uint8_t peer[18], uint32_t now);
/* The peer closed or the connection failed; the handle is free. */
void intercom_stream_closed(int32_t handle, uint32_t now);

/* The events of the last call (docs/board-abi.md): their count, and event i. */
int32_t intercom_event_count(void);
void intercom_event(int32_t i, int32_t* kind, int32_t* a, int32_t* b);

#endif
