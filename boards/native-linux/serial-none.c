/*
 * Board ABI 4's imports (docs/serial-agent.md) on the native Linux board, as a
 * board without a provisioning UART, slots or a configuration store answers
 * them: serial octets dropped, no such slot (-1), BootInfo running 0xFF (an
 * image outside its slots: flashing is refused), its kind and name. Nothing
 * calls boardSerial on this board yet, so the agent never asks for a reboot.
 * The native board's serial HAL (`--serial PATH`, its slots) replaces this file.
 */
#include <string.h>
#include "native.h"

#define BOOT_INFO_BYTES 48
static const char BOARD_NAME[] = "native-linux";

/* The module's memory at [addr, addr + len), or NULL when it runs past the end. */
static uint8_t* serial_span(struct Z_board_instance_t* b, u32 addr, u32 len) {
  wasm_rt_memory_t* m = &b->fw->w2c_memory;
  if ((uint64_t)addr + len > m->size) return NULL;
  return m->data + addr;
}

void Z_boardZ_serialWrite(struct Z_board_instance_t* b, u32 data, u32 len) { (void)b; (void)data; (void)len; }

void Z_boardZ_bootInfo(struct Z_board_instance_t* b, u32 dst) {
  uint8_t* p = serial_span(b, dst, BOOT_INFO_BYTES);
  if (!p) return;
  memset(p, 0, BOOT_INFO_BYTES);
  p[0] = 0xff; /* running outside its slots */
  p[3] = 2;    /* kind 2: a Linux executable (docs/images.md) */
  u32 mem = (u32)b->fw->w2c_memory.size;
  memcpy(p + 8, &mem, 4); /* little-endian on x86-64 */
  p[12] = (uint8_t)(sizeof BOARD_NAME - 1);
  memcpy(p + 13, BOARD_NAME, sizeof BOARD_NAME - 1);
}

u32 Z_boardZ_slotRead(struct Z_board_instance_t* b, u32 slot, u32 offset, u32 dst, u32 len) { (void)b; (void)slot; (void)offset; (void)dst; (void)len; return (u32)-1; }
u32 Z_boardZ_slotErase(struct Z_board_instance_t* b, u32 slot) { (void)b; (void)slot; return (u32)-1; }
u32 Z_boardZ_slotWrite(struct Z_board_instance_t* b, u32 slot, u32 offset, u32 src, u32 len) { (void)b; (void)slot; (void)offset; (void)src; (void)len; return (u32)-1; }
u32 Z_boardZ_bootActivate(struct Z_board_instance_t* b, u32 slot) { (void)b; (void)slot; return (u32)-1; }
u32 Z_boardZ_configWrite(struct Z_board_instance_t* b, u32 src, u32 len) { (void)b; (void)src; (void)len; return (u32)-1; }

u32 Z_boardZ_slotCheck(struct Z_board_instance_t* b, u32 slot, u32 dst, u32 cap) {
  static const char reason[] = "slot: this board runs outside its slots";
  (void)slot;
  u32 n = cap < sizeof reason - 1 ? cap : (u32)(sizeof reason - 1);
  uint8_t* p = serial_span(b, dst, n);
  if (p) memcpy(p, reason, n);
  return n > 0 ? n : 1;
}

void Z_boardZ_reboot(struct Z_board_instance_t* b) { (void)b; }
