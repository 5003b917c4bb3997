/* The Cortex-M board shim: the board ABI's imports (module "board") over the
 * port's HAL (hal.h), and the entry points a port calls (intercom.h), over the
 * wasm2c translation of build/firmware.wasm. One static instance; no heap, no
 * OS. Every address the module passes is checked against its memory. */
#include <string.h>
#include "firmware.h"
#include "hal.h"
#include "intercom.h"

#define PEER_BYTES 18

struct Z_board_instance_t {
  int unused; /* the board keeps no state of its own: the HAL does */
};

static struct Z_board_instance_t board;
static Z_firmware_instance_t fw;
static int module_ready;

/* The module's memory at [addr, addr + len); a trap when it runs past the end. */
static uint8_t* span(uint32_t addr, uint32_t len) {
  if ((uint64_t)addr + len > fw.w2c_memory.size) wasm_rt_trap(WASM_RT_TRAP_OOB);
  return fw.w2c_memory.data + addr;
}

void Z_boardZ_send(struct Z_board_instance_t* b, u32 data, u32 len, u32 peer) {
  (void)b;
  const uint8_t* bytes = span(data, len);
  const uint8_t* p = span(peer, PEER_BYTES);
  /* ::ffff:a.b.c.d and a big-endian port (docs/board-abi.md). */
  hal_udp_send(bytes, len, p + 12, (uint16_t)(p[16] << 8 | p[17]));
}

void Z_boardZ_output(struct Z_board_instance_t* b, u32 id, u32 on) {
  (void)b;
  hal_output((int32_t)id, on != 0);
}

void Z_boardZ_log(struct Z_board_instance_t* b, u32 level, u32 text, u32 len) {
  (void)b;
  hal_log((int32_t)level, (const char*)span(text, len), len);
}

void Z_boardZ_random(struct Z_board_instance_t* b, u32 dst, u32 len) {
  (void)b;
  hal_random(span(dst, len), len);
}

u32 Z_boardZ_configRead(struct Z_board_instance_t* b, u32 dst, u32 cap) {
  (void)b;
  return hal_config_read(span(dst, cap), cap);
}

u32 Z_boardZ_retainedRead(struct Z_board_instance_t* b, u32 dst, u32 cap) {
  (void)b;
  return hal_retained_read(span(dst, cap), cap);
}

void Z_boardZ_retainedWrite(struct Z_board_instance_t* b, u32 src, u32 len) {
  (void)b;
  hal_retained_write(span(src, len), len);
}

/* The message is `len` ASCII octets (docs/board-abi.md); handed on cut at 95. */
void Z_boardZ_fault(struct Z_board_instance_t* b, u32 message, u32 len, u32 line, u32 column) {
  (void)b;
  char text[96];
  uint32_t n = len < sizeof text - 1 ? len : (uint32_t)(sizeof text - 1);
  const uint8_t* s = span(message, n);
  for (uint32_t i = 0; i < n; i++) text[i] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
  text[n] = 0;
  hal_fault(text, line, column);
}

void intercom_boot(uint32_t ipv4, uint32_t now) {
  if (module_ready) Z_firmware_free(&fw);
  Z_firmware_init_module();
  Z_firmware_instantiate(&fw, &board);
  module_ready = 1;
  Z_firmwareZ__initialize(&fw);
  if (Z_firmwareZ_abiVersion(&fw) != INTERCOM_ABI_VERSION) {
    hal_fault("the module speaks another board ABI: rebuild the port", 0, 0);
    return; /* never started: the port's HAL decides (a real board stays in its boot stage) */
  }
  /* The board's own address in the ABI's 18-octet form (::ffff:a.b.c.d, port unused), where rxPeer() points. */
  uint8_t* at = span(Z_firmwareZ_rxPeer(&fw), 18);
  memset(at, 0, 18);
  at[10] = at[11] = 0xff;
  for (int i = 0; i < 4; i++) at[12 + i] = (uint8_t)(ipv4 >> (24 - 8 * i));
  Z_firmwareZ_boardSetAddress(&fw);
  Z_firmwareZ_boardStart(&fw, now);
}

uint8_t* intercom_rx_buffer(uint32_t* capacity) {
  *capacity = Z_firmwareZ_rxCapacity(&fw);
  return span(Z_firmwareZ_rxBuffer(&fw), *capacity);
}

/* A datagram's source in the ABI's 18 octets where rxPeer() points: ::ffff:a.b.c.d, then the port, big-endian. */
static void write_peer(const uint8_t ip[4], uint16_t port) {
  uint8_t* p = span(Z_firmwareZ_rxPeer(&fw), PEER_BYTES);
  memset(p, 0, 10);
  p[10] = 0xff;
  p[11] = 0xff;
  memcpy(p + 12, ip, 4);
  p[16] = (uint8_t)(port >> 8);
  p[17] = (uint8_t)port;
}

int32_t intercom_datagram(uint32_t len, const uint8_t ip[4], uint16_t port, uint32_t now) {
  write_peer(ip, port);
  return (int32_t)Z_firmwareZ_boardDatagram(&fw, len, now);
}

void intercom_tick(uint32_t now) {
  Z_firmwareZ_boardTick(&fw, now);
}

int32_t intercom_next_deadline(uint32_t now) {
  return (int32_t)Z_firmwareZ_boardNextDeadline(&fw, now);
}

void intercom_key(int32_t key, int32_t down, uint32_t now) {
  Z_firmwareZ_boardKey(&fw, (u32)key, (u32)down, now);
}

void intercom_input(int32_t input, int32_t level, uint32_t now) {
  Z_firmwareZ_boardInput(&fw, (u32)input, (u32)level, now);
}

int32_t intercom_parse(uint32_t len) {
  return (int32_t)Z_firmwareZ_parse(&fw, len);
}

void intercom_shutdown(uint32_t now) {
  Z_firmwareZ_boardShutdown(&fw, now);
}

int32_t intercom_shutdown_pending(void) {
  return (int32_t)Z_firmwareZ_boardShutdownPending(&fw);
}

int32_t intercom_event_count(void) {
  return (int32_t)Z_firmwareZ_boardEventCount(&fw);
}

void intercom_event(int32_t i, int32_t* kind, int32_t* a, int32_t* b) {
  *kind = (int32_t)Z_firmwareZ_boardEventKind(&fw, (u32)i);
  *a = (int32_t)Z_firmwareZ_boardEventA(&fw, (u32)i);
  *b = (int32_t)Z_firmwareZ_boardEventB(&fw, (u32)i);
}

/* ---- The voice path (board ABI 3, docs/board-abi.md "Audio and media") ----
 * Declared as wasm2c 1.0.32 declares exports (its firmware.h): every module of ABI 3 has them, and one
 * without them does not link. */
u32 Z_firmwareZ_boardMediaPort(Z_firmware_instance_t*);
u32 Z_firmwareZ_boardSetMediaPort(Z_firmware_instance_t*, u32);
void Z_firmwareZ_boardMedia(Z_firmware_instance_t*, u32, u32, u32);
u32 Z_firmwareZ_micFrame(Z_firmware_instance_t*);
u32 Z_firmwareZ_speakerFrame(Z_firmware_instance_t*);
u32 Z_firmwareZ_boardAudio(Z_firmware_instance_t*, u32);
void Z_boardZ_mediaSend(struct Z_board_instance_t* b, u32 data, u32 len, u32 peer, u32 channel);

int32_t intercom_has_media(void) {
  return module_ready;
}

void Z_boardZ_mediaSend(struct Z_board_instance_t* b, u32 data, u32 len, u32 peer, u32 channel) {
  (void)b;
  const uint8_t* bytes = span(data, len);
  const uint8_t* p = span(peer, PEER_BYTES);
  if (channel > 1) return; /* no such socket: dropped */
  hal_media_send(bytes, len, p + 12, (uint16_t)(p[16] << 8 | p[17]), (int32_t)channel);
}

uint16_t intercom_media_port(void) {
  return intercom_has_media() ? (uint16_t)Z_firmwareZ_boardMediaPort(&fw) : 0;
}

int32_t intercom_set_media_port(uint16_t port) {
  return intercom_has_media() ? (int32_t)Z_firmwareZ_boardSetMediaPort(&fw, port) : 0;
}

void intercom_media(uint32_t len, const uint8_t ip[4], uint16_t port, int32_t channel, uint32_t now) {
  uint32_t cap = Z_firmwareZ_rxCapacity(&fw);
  if (!intercom_has_media() || len > cap) return; /* longer than the buffer: dropped (RTP has no 513) */
  write_peer(ip, port);
  Z_firmwareZ_boardMedia(&fw, len, (u32)channel, now);
}

/* 160 samples in the module's memory; NULL without media (little-endian, as a Cortex-M is). */
static int16_t* frame(u32 at) {
  if ((at & 1) != 0) wasm_rt_trap(WASM_RT_TRAP_OOB);
  return (int16_t*)(void*)span(at, 2 * INTERCOM_FRAME_SAMPLES);
}

int16_t* intercom_mic_frame(void) {
  return intercom_has_media() ? frame(Z_firmwareZ_micFrame(&fw)) : NULL;
}

int16_t* intercom_speaker_frame(void) {
  return intercom_has_media() ? frame(Z_firmwareZ_speakerFrame(&fw)) : NULL;
}

int32_t intercom_audio(uint32_t now) {
  return intercom_has_media() ? (int32_t)Z_firmwareZ_boardAudio(&fw, now) : 0;
}

/* ---- The serial agent's HAL (board ABI 4, docs/serial-agent.md "Board ABI 4") ----
 * Declared as wasm2c 1.0.32 declares them (its firmware.h), like the voice path above. */
#define BOOT_INFO_BYTES 48
u32 Z_firmwareZ_serialBuffer(Z_firmware_instance_t*);
u32 Z_firmwareZ_serialCapacity(Z_firmware_instance_t*);
void Z_firmwareZ_boardSerial(Z_firmware_instance_t*, u32, u32);
void Z_boardZ_serialWrite(struct Z_board_instance_t* b, u32 data, u32 len);
void Z_boardZ_bootInfo(struct Z_board_instance_t* b, u32 dst);
u32 Z_boardZ_slotRead(struct Z_board_instance_t* b, u32 slot, u32 offset, u32 dst, u32 len);
u32 Z_boardZ_slotErase(struct Z_board_instance_t* b, u32 slot);
u32 Z_boardZ_slotWrite(struct Z_board_instance_t* b, u32 slot, u32 offset, u32 src, u32 len);
u32 Z_boardZ_slotCheck(struct Z_board_instance_t* b, u32 slot, u32 dst, u32 cap);
u32 Z_boardZ_bootActivate(struct Z_board_instance_t* b, u32 slot);
u32 Z_boardZ_configWrite(struct Z_board_instance_t* b, u32 src, u32 len);
void Z_boardZ_reboot(struct Z_board_instance_t* b);
u32 Z_boardZ_resolve(struct Z_board_instance_t* b, u32 type, u32 name, u32 len);

void Z_boardZ_serialWrite(struct Z_board_instance_t* b, u32 data, u32 len) {
  (void)b;
  hal_serial_write(span(data, len), len);
}

void Z_boardZ_bootInfo(struct Z_board_instance_t* b, u32 dst) {
  (void)b;
  hal_boot_info(span(dst, BOOT_INFO_BYTES));
}

/* A length the module passes as an i32: negative is refused before the span is checked. */
u32 Z_boardZ_slotRead(struct Z_board_instance_t* b, u32 slot, u32 offset, u32 dst, u32 len) {
  (void)b;
  if ((int32_t)len < 0) return (u32)-1;
  return (u32)hal_slot_read((int32_t)slot, offset, span(dst, len), len);
}

u32 Z_boardZ_slotErase(struct Z_board_instance_t* b, u32 slot) {
  (void)b;
  return (u32)hal_slot_erase((int32_t)slot);
}

u32 Z_boardZ_slotWrite(struct Z_board_instance_t* b, u32 slot, u32 offset, u32 src, u32 len) {
  (void)b;
  if ((int32_t)len < 0) return (u32)-1;
  return (u32)hal_slot_write((int32_t)slot, offset, span(src, len), len);
}

u32 Z_boardZ_slotCheck(struct Z_board_instance_t* b, u32 slot, u32 dst, u32 cap) {
  (void)b;
  if ((int32_t)cap < 0) cap = 0;
  return (u32)hal_slot_check((int32_t)slot, (char*)span(dst, cap), cap);
}

u32 Z_boardZ_bootActivate(struct Z_board_instance_t* b, u32 slot) {
  (void)b;
  return (u32)hal_boot_activate((int32_t)slot);
}

u32 Z_boardZ_configWrite(struct Z_board_instance_t* b, u32 src, u32 len) {
  (void)b;
  if ((int32_t)len < 0) return (u32)-1;
  return (u32)hal_config_write(span(src, len), len);
}

void Z_boardZ_reboot(struct Z_board_instance_t* b) {
  (void)b;
  hal_reboot();
}

/* Board ABI 5, board.resolve (docs/transports.md, "Names"): no resolver on this board yet (-1). */
u32 Z_boardZ_resolve(struct Z_board_instance_t* b, u32 type, u32 name, u32 len) {
  (void)b; (void)type; (void)name; (void)len;
  return (u32)-1;
}

uint8_t* intercom_serial_buffer(uint32_t* capacity) {
  if (!module_ready) return *capacity = 0, NULL;
  *capacity = Z_firmwareZ_serialCapacity(&fw);
  return span(Z_firmwareZ_serialBuffer(&fw), *capacity);
}

void intercom_serial(uint32_t len, uint32_t now) {
  if (!module_ready || len > Z_firmwareZ_serialCapacity(&fw)) return; /* before boot, or more than the buffer holds: dropped */
  Z_firmwareZ_boardSerial(&fw, len, now);
}

/* ---- Streams, TCP and TLS (board ABI 5, docs/transports.md "Streams") ----
 * The exports are weak references: a module before ABI 5 lacks them and links all the same; the
 * port then refuses connections (intercom_has_streams 0). */
__attribute__((weak)) void Z_firmwareZ_boardStreamOpened(Z_firmware_instance_t*, u32, u32, u32);
__attribute__((weak)) u32 Z_firmwareZ_boardStreamAccepted(Z_firmware_instance_t*, u32, u32, u32);
__attribute__((weak)) u32 Z_firmwareZ_boardStreamData(Z_firmware_instance_t*, u32, u32, u32);
__attribute__((weak)) void Z_firmwareZ_boardStreamClosed(Z_firmware_instance_t*, u32, u32);
u32 Z_boardZ_streamOpen(struct Z_board_instance_t* b, u32 peer, u32 secure, u32 name, u32 name_len);
u32 Z_boardZ_streamSend(struct Z_board_instance_t* b, u32 handle, u32 data, u32 len);
void Z_boardZ_streamClose(struct Z_board_instance_t* b, u32 handle);

u32 Z_boardZ_streamOpen(struct Z_board_instance_t* b, u32 peer, u32 secure, u32 name, u32 name_len) {
  (void)b;
  if ((int32_t)name_len < 0) return (u32)-1;
  const uint8_t* p = span(peer, PEER_BYTES);
  return (u32)hal_stream_open(p, (int32_t)secure, (const char*)span(name, name_len), name_len);
}

u32 Z_boardZ_streamSend(struct Z_board_instance_t* b, u32 handle, u32 data, u32 len) {
  (void)b;
  if ((int32_t)len < 0) return (u32)-1;
  return (u32)hal_stream_send((int32_t)handle, span(data, len), len);
}

void Z_boardZ_streamClose(struct Z_board_instance_t* b, u32 handle) {
  (void)b;
  hal_stream_close((int32_t)handle);
}

int32_t intercom_has_streams(void) {
  return module_ready && Z_firmwareZ_boardStreamOpened && Z_firmwareZ_boardStreamAccepted && Z_firmwareZ_boardStreamData && Z_firmwareZ_boardStreamClosed;
}

void intercom_stream_opened(int32_t handle, int32_t status, uint32_t now) {
  if (intercom_has_streams()) Z_firmwareZ_boardStreamOpened(&fw, (u32)handle, (u32)status, now);
}

int32_t intercom_stream_accepted(int32_t handle, int32_t secure, const uint8_t peer[18], uint32_t now) {
  if (!intercom_has_streams()) return 0;
  memcpy(span(Z_firmwareZ_rxPeer(&fw), PEER_BYTES), peer, PEER_BYTES);
  return (int32_t)Z_firmwareZ_boardStreamAccepted(&fw, (u32)handle, (u32)secure, now);
}

int32_t intercom_stream_data(int32_t handle, uint32_t len, const uint8_t peer[18], uint32_t now) {
  if (!intercom_has_streams() || len > Z_firmwareZ_rxCapacity(&fw)) return -1;
  memcpy(span(Z_firmwareZ_rxPeer(&fw), PEER_BYTES), peer, PEER_BYTES);
  return (int32_t)Z_firmwareZ_boardStreamData(&fw, (u32)handle, len, now);
}

void intercom_stream_closed(int32_t handle, uint32_t now) {
  if (intercom_has_streams()) Z_firmwareZ_boardStreamClosed(&fw, (u32)handle, now);
}
