/* What a Cortex-M port provides to the intercom shim (shim.c): the network,
 * the pins, entropy, the configuration storage, a few retained octets, a log
 * and a reset; since board ABI 4 also the provisioning UART, the two image
 * slots, the boot record and a reboot (docs/serial-agent.md). Nothing
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

/* ---- Board ABI 4: the serial agent's HAL (docs/serial-agent.md "Board ABI 4") ----
 * The firmware runs the serial protocol itself; the port only moves octets,
 * keeps the slots, the boot record and the configuration, and reboots. */

/* Queues `len` octets for the provisioning UART, in order. Never blocks for
 * long: a TX FIFO or a ring drained by the UART's interrupt; a port without a
 * provisioning UART drops them. Received octets go to intercom_serial. */
void hal_serial_write(const uint8_t* data, uint32_t len);

/* Fills the 48-octet BootInfo record (docs/serial-agent.md "BootInfo"): the
 * slot the boot stage started (0 A, 1 B, 0xFF an image outside the slots),
 * whether it is on trial, how the last boot went (0 as chosen, 1 fell back
 * from an unconfirmed trial, 2 fell back from a damaged slot), the image kind
 * (3 for a Cortex-M binary), the slot capacity, the module's memory and the
 * board's name (its boards/ name, 1..32 octets). All numbers little-endian. */
void hal_boot_info(uint8_t dst[48]);

/* Slot 0 (A) or 1 (B). Read copies up to `len` octets from `offset` and
 * returns the number copied (fewer, 0, past what the slot holds), -1 for no
 * such slot. Erase empties a slot (0, or -1: no such slot, the slot the board
 * runs, a flash error). Write puts `len` octets at `offset` of an erased
 * slot and returns `len`, or -1 (past the slot's capacity, a write error). */
int32_t hal_slot_read(int32_t slot, uint32_t offset, uint8_t* dst, uint32_t len);
int32_t hal_slot_erase(int32_t slot);
int32_t hal_slot_write(int32_t slot, uint32_t offset, const uint8_t* src, uint32_t len);

/* The board's own check of a slot whose image the firmware verified (header,
 * SHA-256): 0 when the boot stage can start its payload, else the length of
 * an ASCII reason "field: why" written at dst (at most cap octets). A
 * Cortex-M checks the vector table: the initial stack pointer in SRAM, the
 * reset handler a Thumb address inside the payload at its load address. */
int32_t hal_slot_check(int32_t slot, char* dst, uint32_t cap);

/* Makes `slot` the active slot on trial in the boot record (the boot stage
 * starts it once; if it never confirms, the next boot falls back); 0, or -1. */
int32_t hal_boot_activate(int32_t slot);

/* Stores `len` octets as the configuration block hal_config_read returns from
 * now on, replacing the old one whole: a power cut leaves the old or the new
 * block, never a mix (write a spare copy, then switch to it); 0, or -1. */
int32_t hal_config_write(const uint8_t* src, uint32_t len);

/* The firmware asks for a reboot through the boot stage. Called inside an
 * entry point: the port notes it, and once that entry point has returned and
 * the octets of hal_serial_write are on the line, resets the MCU (Cortex-M:
 * SCB AIRCR.SYSRESETREQ, ARMv7-M ARM B3.2.6). */
void hal_reboot(void);

/* ---- Board ABI 5: streams, TCP and TLS (docs/transports.md "Streams", docs/porting.md) ----
 * The port keeps each connection's octets (lwIP's pbufs, a W5500's socket buffer) until the
 * firmware takes them (intercom_stream_data). A port without TCP answers -1 to every open. */

/* Opens TCP (secure 0) or TLS (secure 1) to `peer` (18 octets, intercom.h). For TLS the server's
 * certificate must chain to the port's trust anchors and carry `name` (RFC 5922 §7.2; also the
 * SNI). Returns a handle 1..255 unique among the open streams, or -1 (no room, no TCP); the outcome
 * follows later through intercom_stream_opened, never from inside this call. */
int32_t hal_stream_open(const uint8_t peer[18], int32_t secure, const char* name, uint32_t name_len);
/* Queues `len` octets on the stream: `len`, or -1 (the stream is gone, no room: the firmware closes it). */
int32_t hal_stream_send(int32_t handle, const uint8_t* data, uint32_t len);
/* Closes the stream; intercom_stream_closed does not follow. */
void hal_stream_close(int32_t handle);

#endif
