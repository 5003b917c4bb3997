/*
 * wasm2c-bench: throughput of this firmware's parser compiled the way the
 * native and Cortex-M boards run it: build/firmware.wasm translated to C by
 * wasm2c (WABT), then compiled by gcc -O2, the same compiler and flags as
 * sofia-bench.c. The C counterpart of the "wasm" row of parser-bench.ts.
 *
 * Built at bench time (never committed), by wasm2c.ts:
 *   wasm2c build/firmware.wasm -n firmware -o build/bench/wasm2c/firmware.c
 *   gcc -O2 -Ibuild/bench/wasm2c -I<wasm2c runtime> test/bench/harness.c \
 *       test/bench/wasm2c-bench.c build/bench/wasm2c/firmware.c \
 *       <wasm2c runtime>/wasm-rt-impl.c -o build/bench/wasm2c-bench -lm
 *
 * Usage: see harness.c.
 *
 * Each datagram takes the path a board's receive takes (docs/board-abi.md):
 * the bytes copied into the module's receive buffer (rxBuffer()), then
 * parse(len); a datagram longer than the buffer is passed as capacity + 1
 * with the first capacity octets copied. Accepted means verdict 0. The
 * parser must not call the board: every import aborts with its name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware.h"
#include "harness.h"

const char harness_parser[] = "wasm2c";

struct Z_board_instance_t {
  int unused;
};

static void called(const char *name)
{
  harness_die("the parser called the board import", name);
}

u32 Z_boardZ_configRead(struct Z_board_instance_t *b, u32 at, u32 len) { called("configRead"); return 0; }
void Z_boardZ_fault(struct Z_board_instance_t *b, u32 a, u32 len, u32 c, u32 d) { called("fault"); }
void Z_boardZ_log(struct Z_board_instance_t *b, u32 a, u32 c, u32 d) { called("log"); }
void Z_boardZ_mediaSend(struct Z_board_instance_t *b, u32 data, u32 len, u32 peer, u32 channel) { called("mediaSend"); }
void Z_boardZ_output(struct Z_board_instance_t *b, u32 a, u32 c) { called("output"); }
void Z_boardZ_random(struct Z_board_instance_t *b, u32 a, u32 c) { called("random"); }
u32 Z_boardZ_retainedRead(struct Z_board_instance_t *b, u32 at, u32 len) { called("retainedRead"); return 0; }
void Z_boardZ_retainedWrite(struct Z_board_instance_t *b, u32 a, u32 c) { called("retainedWrite"); }
void Z_boardZ_send(struct Z_board_instance_t *b, u32 a, u32 c, u32 d) { called("send"); }
/* Board ABI 4 (docs/serial-agent.md): the serial agent's HAL. */
void Z_boardZ_serialWrite(struct Z_board_instance_t *b, u32 data, u32 len) { called("serialWrite"); }
void Z_boardZ_bootInfo(struct Z_board_instance_t *b, u32 dst) { called("bootInfo"); }
u32 Z_boardZ_slotRead(struct Z_board_instance_t *b, u32 slot, u32 offset, u32 dst, u32 len) { called("slotRead"); return 0; }
u32 Z_boardZ_slotErase(struct Z_board_instance_t *b, u32 slot) { called("slotErase"); return 0; }
u32 Z_boardZ_slotWrite(struct Z_board_instance_t *b, u32 slot, u32 offset, u32 src, u32 len) { called("slotWrite"); return 0; }
u32 Z_boardZ_slotCheck(struct Z_board_instance_t *b, u32 slot, u32 dst, u32 cap) { called("slotCheck"); return 0; }
u32 Z_boardZ_bootActivate(struct Z_board_instance_t *b, u32 slot) { called("bootActivate"); return 0; }
u32 Z_boardZ_configWrite(struct Z_board_instance_t *b, u32 src, u32 len) { called("configWrite"); return 0; }
void Z_boardZ_reboot(struct Z_board_instance_t *b) { called("reboot"); }
/* Board ABI 5 (docs/transports.md): streams; this harness has no TCP. */
u32 Z_boardZ_streamOpen(struct Z_board_instance_t *b, u32 peer, u32 secure, u32 name, u32 len) { called("streamOpen"); return (u32)-1; }
u32 Z_boardZ_streamSend(struct Z_board_instance_t *b, u32 handle, u32 data, u32 len) { called("streamSend"); return (u32)-1; }
void Z_boardZ_streamClose(struct Z_board_instance_t *b, u32 handle) { called("streamClose"); }
u32 Z_boardZ_resolve(struct Z_board_instance_t *b, u32 type, u32 name, u32 len) { (void)b; (void)type; (void)name; (void)len; return (u32)-1; }

static Z_firmware_instance_t fw;
static struct Z_board_instance_t board;
static u8 *rx;
static u32 capacity;

void harness_init(void)
{
  wasm_rt_init();
  Z_firmware_init_module();
  Z_firmware_instantiate(&fw, &board);
  Z_firmwareZ__initialize(&fw);
  rx = fw.w2c_memory.data + Z_firmwareZ_rxBuffer(&fw);
  capacity = Z_firmwareZ_rxCapacity(&fw);
}

static u32 verdict(datagram_t const *d)
{
  if (d->len <= capacity) {
    memcpy(rx, d->data, d->len);
    return Z_firmwareZ_parse(&fw, (u32)d->len);
  }
  memcpy(rx, d->data, capacity);
  return Z_firmwareZ_parse(&fw, capacity + 1);
}

int harness_parse(datagram_t const *d)
{
  u32 v = verdict(d);
  harness_sink += v;
  return v == 0;
}

const char *harness_reject_reason(datagram_t const *d)
{
  static char reason[32];
  snprintf(reason, sizeof reason, "verdict %u", (unsigned)verdict(d));
  return reason;
}
