/* A test program for the QEMU port's board ABI 4 store (slots.c) on the
 * Cortex-M4 (test/host/cortex-m-serial-hal): one line on UART0 per call,
 * "name result". In QEMU's working directory: slot-a.img (the running image),
 * check-N.img (N from 0, each written into slot B through hal_slot_erase and
 * hal_slot_write, then hal_slot_check'ed) and config-in.bin (stored through
 * hal_config_write over the config.bin there). With a file named "handoff"
 * there, the boot stage's handoff is written first as boot.c writes it (slot
 * A on trial); without it, the program says BootInfo without one and ends.
 * Ends the emulation with status 0. */
#include <stdint.h>
#include "hal.h"
#include "handoff.h"
#include "semihost.h"
#include "uart.h"

static uint8_t buffer[4096];

static void say(const char* s) {
  uint32_t n = 0;
  while (s[n]) n++;
  uart_write((const uint8_t*)s, n);
}

static void say_int(int32_t v) {
  char b[12];
  int n = 0;
  uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
  do b[n++] = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (v < 0) say("-");
  while (n) uart_write((const uint8_t*)&b[--n], 1);
}

static void say_hex(const uint8_t* p, uint32_t n) {
  static const char digits[] = "0123456789abcdef";
  for (uint32_t i = 0; i < n; i++) {
    uart_write((const uint8_t*)&digits[p[i] >> 4], 1);
    uart_write((const uint8_t*)&digits[p[i] & 15], 1);
  }
}

static void line(const char* name, int32_t result) {
  say(name);
  say(" ");
  say_int(result);
  say("\n");
}

static void info(const char* name) {
  uint8_t record[48];
  hal_boot_info(record);
  say(name);
  say(" ");
  say_hex(record, sizeof record);
  say("\n");
}

/* check-N.img into slot B a piece at a time, as FlashData writes it, then the board's check. */
static int check_image(int n) {
  char name[] = "check-0.img";
  name[6] = (char)('0' + n);
  int f = sh_open(name, 0);
  if (f < 0) return 0;
  uint32_t size = sh_length(f), at = 0;
  line("erase", hal_slot_erase(1));
  while (at < size) {
    uint32_t piece = size - at < 1024 ? size - at : 1024;
    if (sh_read(f, buffer, piece) != piece || hal_slot_write(1, at, buffer, piece) != (int32_t)piece) break;
    at += piece;
  }
  sh_close(f);
  line("written", (int32_t)at);
  char why[80];
  int32_t len = hal_slot_check(1, why, sizeof why - 1);
  why[len > 0 ? len : 0] = 0;
  say("check ");
  say(len > 0 ? why : "ok");
  say("\n");
  return 1;
}

int main(void) {
  uart_tx_init();
  /* slots.c takes the handoff once: a run without the file "handoff" sees none. */
  int f = sh_open("handoff", 0);
  if (f < 0) {
    info("info-outside");
    return 0;
  }
  sh_close(f);
  /* As boot.c hands off after starting slot A on trial. */
  boot_handoff* h = &__boot_handoff;
  h->magic = HANDOFF_MAGIC;
  h->slot = 0;
  h->trial = 1;
  h->last_boot = HANDOFF_AS_CHOSEN;
  h->reserved = 0;
  h->check = handoff_check(h);
  info("info-slot-a");
  line("read-a", hal_slot_read(0, 0, buffer, 32));
  line("read-c", hal_slot_read(2, 0, buffer, 32));
  line("erase-a", hal_slot_erase(0));
  line("write-a", hal_slot_write(0, 0, buffer, 32));
  line("write-past", hal_slot_write(1, 0x3F0000u - 16, buffer, 32));
  for (int n = 0; n < 10 && check_image(n); n++) {
  }
  line("read-b-past", hal_slot_read(1, 0x100000u, buffer, 32));
  f = sh_open("config-in.bin", 0);
  uint32_t len = f >= 0 ? sh_read(f, buffer, sizeof buffer) : 0;
  if (f >= 0) sh_close(f);
  line("config-write", hal_config_write(buffer, len));
  /* What hal_config_read (port.c) reads from now on: config.bin, the new block whole; no spare left. */
  static uint8_t stored[4096];
  f = sh_open("config.bin", 0);
  uint32_t got = f >= 0 ? sh_read(f, stored, sizeof stored) : 0;
  if (f >= 0) sh_close(f);
  int same = got == len;
  for (uint32_t i = 0; same && i < len; i++) same = stored[i] == buffer[i];
  line("config-same", same);
  f = sh_open("config.new", 0);
  line("config-spare", f >= 0);
  if (f >= 0) sh_close(f);
  line("activate-b", hal_boot_activate(1));
  info("info-activated");
  return 0;
}
