/* What a Cortex-M port provides to the intercom shim (shim.c): the network,
 * the pins, entropy, the configuration storage, a few retained octets, a log
 * and a reset. Nothing
 * else: the firmware module (wasm2c output) and the shim make no OS calls and
 * never allocate. A port implements these over its SDK (Pico SDK + WIZnet
 * ioLibrary, ESP-IDF + lwIP, Zephyr, bare registers) and calls the entry
 * points in intercom.h. See docs/porting.md. */
#ifndef INTERCOM_HAL_H
#define INTERCOM_HAL_H

#include <stdint.h>

/* Sends one UDP datagram of `len` octets to ip[0].ip[1].ip[2].ip[3]:port from the
 * station's socket (bound to the configured localPort). Best effort: SIP retransmits. */
void hal_udp_send(const uint8_t* data, uint32_t len, const uint8_t ip[4], uint16_t port);

/* Sends one media datagram (board ABI 3) from the station's RTP socket (channel 0, bound to
 * intercom_media_port() or the pair the port announced with intercom_set_media_port) or its
 * RTCP socket (channel 1, the RTP port + 1, RFC 3550 §11). Best effort: the peer conceals a
 * lost packet. A port without a network for media drops it. */
void hal_media_send(const uint8_t* data, uint32_t len, const uint8_t ip[4], uint16_t port, int32_t channel);

/* Drives an output: 0-3 the relays, 16 the status LED, 17 the call LED; `on` 1/0.
 * The port applies the board's pin and polarity (the boards/ JSON files). */
void hal_output(int32_t id, int32_t on);

/* One ASCII line without line end: level 0 error, 1 warning, 2 info. Never a secret. */
void hal_log(int32_t level, const char* text, uint32_t len);

/* Fills dst with `len` octets from a true entropy source (RP2040: ROSC; ESP32: RNG). */
void hal_random(uint8_t* dst, uint32_t len);

/* Copies the persistent configuration block (docs/config.md) into dst (at most cap
 * octets); returns its full length, 0 when none is stored. */
uint32_t hal_config_read(uint8_t* dst, uint32_t cap);

/* The retained record: at most 64 octets the firmware keeps across its restarts
 * (today the door-code lockout, so that a reset or a power cycle does not lift
 * it). hal_retained_write replaces the record; hal_retained_read copies it into
 * dst (at most cap octets) and returns its full length, 0 when none. Keep it
 * where it survives what the board can: RAM left out of start-up zeroing
 * (.noinit) survives a watchdog reset and intercom_boot; a backup domain, an
 * EEPROM or a flash sector also survives a power cycle. It is written when the
 * lockout changes (a wrong code, a lock, its end), not periodically. The
 * firmware checks the record: garbage after power-up reads as no record. */
uint32_t hal_retained_read(uint8_t* dst, uint32_t cap);
void hal_retained_write(const uint8_t* src, uint32_t len);

/* The firmware reported an internal fault (an AssemblyScript abort): message as
 * ASCII, source line and column. The module traps right after (hal_restart). */
void hal_fault(const char* message, uint32_t line, uint32_t column);

/* The module trapped (a fault, an out-of-bounds access, an unreachable): its state
 * is no longer trustworthy. The port resets the MCU (watchdog) or re-runs
 * intercom_boot; it must not return into the module. */
__attribute__((noreturn)) void hal_restart(const char* reason);

#endif
