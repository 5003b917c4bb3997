/* The boot stage of the Cortex-M4 under QEMU (MPS2 AN386): linked at address
 * 0 (boot.ld), it is what the core resets into. It reads the boot record
 * (bootrec.h), chooses the slot by the trial rules of docs/serial-protocol.md
 * "Trial boot" (MCUboot's test/confirm/revert):
 *   not on trial          boot the active slot;
 *   on trial, not tried   persist `tried`, then boot it;
 *   on trial and tried    it never confirmed itself: make the other slot
 *                         active, confirmed, and boot that;
 * checks the slot's image and copies its payload to the load address
 * (image.h), then sets VTOR and MSP and jumps to its reset handler. A slot
 * that fails a check gives way to the other one (a refused trial is given up
 * in the record); with neither bootable it halts (ends the emulation,
 * status 1). Each decision is one line on UART0, "boot: ...". The slots are
 * slot-a.img and slot-b.img of the semihosting working directory. */
#include <stdint.h>
#include "bootrec.h"
#include "image.h"
#include "semihost.h"
#include "uart.h"

#define SCB_VTOR (*(volatile uint32_t*)0xE000ED08u)

#ifdef BOOT_BENCH
/* The bench build (test/bench/boot-cortex.ts, under QEMU -icount): SysTick (ARMv7-M B3.3) free-running
 * on the processor clock from reset to the jump, then over a loop of 2,000,000 instructions that
 * scales ticks to instructions, as port.c's 'C' record does. */
#define SYST_CSR (*(volatile uint32_t*)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t*)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t*)0xE000E018u)
static uint32_t bench_from;
static void say_number(uint32_t v);
static void say(const char* s);

static void bench_start(void) {
  SYST_RVR = 0xffffffu;
  SYST_CVR = 0;
  SYST_CSR = 5; /* enabled, processor clock, no interrupt */
  bench_from = SYST_CVR;
}

static void bench_report(void) {
  uint32_t ticks = (bench_from - SYST_CVR) & 0xffffffu;
  say("boot: bench ticks ");
  say_number(ticks);
  uint32_t n = 1000000, from = SYST_CVR;
  __asm__ volatile("1: subs %0, #1\n bne 1b" : "+r"(n));
  say(" calibrate ");
  say_number((from - SYST_CVR) & 0xffffffu);
  say("\n");
  SYST_CSR = 0; /* the image starts with SysTick as reset leaves it */
}
#endif

static const char* const slot_files[2] = {"slot-a.img", "slot-b.img"};

static void say(const char* s) {
  uint32_t n = 0;
  while (s[n]) n++;
  uart_write((const uint8_t*)s, n);
}

static void say_number(uint32_t v) {
  char b[10];
  int n = 0;
  do b[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  while (n) uart_write((const uint8_t*)&b[--n], 1);
}

/* "boot: slot X<rest>" */
static void say_slot(int slot, const char* rest) {
  say("boot: slot ");
  say(slot ? "B" : "A");
  say(rest);
}

__attribute__((noreturn)) static void halt(const char* line) {
  say(line);
  sh_exit(1);
}

/* ARMv7-M ARM B1.5.3: on reset the core takes MSP from vector 0 and the PC from vector 1; the boot
 * stage does the same for the image, with VTOR (B3.2.5) pointing its exceptions at its own table. */
__attribute__((noreturn)) static void start(uint32_t base) {
  const volatile uint32_t* vectors = (const volatile uint32_t*)base;
  uint32_t sp = vectors[0], pc = vectors[1];
#ifdef BOOT_BENCH
  bench_report();
#endif
  SCB_VTOR = base;
  __asm volatile("dsb\n isb\n msr msp, %0\n bx %1" : : "r"(sp), "r"(pc) : "memory");
  __builtin_unreachable();
}

/* Boots the slot if its image passes the checks; otherwise says why and returns. */
static void try_slot(int slot) {
  image_info info;
  const char* why;
  int f = sh_open(slot_files[slot], 0);
  if (f < 0) {
    say_slot(slot, " is empty\n");
    return;
  }
  int refused = image_load(f, &info, &why);
  sh_close(f);
  if (refused) {
    say_slot(slot, " refused: ");
    say(why);
    say("\n");
    return;
  }
  say_slot(slot, ": starting version ");
  say_number(info.major);
  say(".");
  say_number(info.minor);
  say(".");
  say_number(info.revision);
  say("\n");
  start(info.load);
}

int main(void) {
#ifdef BOOT_BENCH
  bench_start();
#endif
  uart_tx_init();
  boot_record r;
  bootrec_read(&r);
  for (int i = 0; i < 2; i++) {
    if (r.damaged & (1u << i)) say(i ? "boot: boot record copy 2 is damaged, ignored\n" : "boot: boot record copy 1 is damaged, ignored\n");
  }
  if (r.copy < 0) say("boot: no boot record, slot A\n");
  int slot = r.active;
  if (r.trial && r.tried) {
    say_slot(slot, " never confirmed, back to ");
    say(slot ? "A\n" : "B\n");
    slot ^= 1;
    r.active = (uint8_t)slot;
    r.trial = r.tried = 0;
    if (bootrec_write(&r) != 0) say("boot: the boot record cannot be written\n");
  } else if (r.trial) {
    /* `tried` is on the host file before the image runs: a cut from here on falls back. */
    r.tried = 1;
    if (bootrec_write(&r) != 0) {
      say_slot(slot, " not tried: the boot record cannot be written\n");
      slot ^= 1;
    } else {
      say_slot(slot, " on trial\n");
    }
  } else {
    say_slot(slot, " active\n");
  }
  try_slot(slot);
  if (r.trial && r.active == slot) {
    /* A trial image that does not even pass the checks is given up now, as it would be at the next boot. */
    say_slot(slot, " trial given up, back to ");
    r.active = (uint8_t)(slot ^ 1);
    r.trial = r.tried = 0;
    if (bootrec_write(&r) != 0) say("boot: the boot record cannot be written\n");
  } else {
    say("boot: trying slot ");
  }
  say(slot ? "A\n" : "B\n");
  try_slot(slot ^ 1);
  halt("boot: no bootable slot, halted\n");
}
