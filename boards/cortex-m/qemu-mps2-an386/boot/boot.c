/* The boot stage of the Cortex-M4 under QEMU (MPS2 AN386): linked at address
 * 0 (boot.ld), it is what the core resets into. The choice of the slot by the
 * trial rules, the boot record and the image checks are the shared code of
 * boards/common/boot/ (choose.h), the same as the native Linux board's; here
 * the slot's payload is copied to its load address (target.c), then VTOR and
 * MSP are set and its reset handler is jumped to. With neither slot bootable
 * it halts (ends the emulation, status 1). Each step is one line on UART0,
 * "boot: ...". The image learns which slot it runs, and how the choice went,
 * from the handoff (handoff.h) written just before the jump. The slots are slot-a.img and slot-b.img of the semihosting
 * working directory. */
#include <stdint.h>
#include "bootfs.h"
#include "choose.h"
#include "handoff.h"
#include "semihost.h"
#include "target.h"
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

static int open_slot(boot_board* b, int slot) {
  (void)b;
  return bootfs_open(slot_files[slot], BOOTFS_READ);
}

static const image_target* target(boot_board* b, int slot) {
  (void)b;
  (void)slot;
  return &cortex_target;
}

/* What the steps said, for the handoff: the slot started on trial, and whether the choice fell back. */
static uint8_t started_on_trial[2];
static uint8_t last_boot = HANDOFF_AS_CHOSEN;

static void note(boot_step step, int slot) {
  if (step == BOOT_ON_TRIAL) started_on_trial[slot] = 1;
  else if (step == BOOT_NEVER_CONFIRMED) last_boot = HANDOFF_FELL_BACK_UNCONFIRMED;
  /* The chosen slot was empty, refused, or its trial could not be recorded: the other one runs. */
  else if ((step == BOOT_GIVEN_UP || step == BOOT_TRYING || step == BOOT_NOT_TRIED) && last_boot == HANDOFF_AS_CHOSEN) last_boot = HANDOFF_FELL_BACK_DAMAGED;
}

static void hand_off(int slot) {
  boot_handoff* h = &__boot_handoff;
  h->magic = HANDOFF_MAGIC;
  h->slot = (uint8_t)slot;
  h->trial = started_on_trial[slot];
  h->last_boot = last_boot;
  h->reserved = 0;
  h->check = handoff_check(h);
  h->unused = 0;
}

/* Each step as one UART line (the lines test/host/cortex-m-boot.test.ts reads). */
static void report(boot_board* b, boot_step step, int slot, const char* why, const image_info* info) {
  (void)b;
  const char* other = slot ? "A\n" : "B\n";
  note(step, slot);
  switch (step) {
    case BOOT_COPY_DAMAGED: say(slot ? "boot: boot record copy 2 is damaged, ignored\n" : "boot: boot record copy 1 is damaged, ignored\n"); break;
    case BOOT_NO_RECORD: say("boot: no boot record, slot A\n"); break;
    case BOOT_ACTIVE: say_slot(slot, " active\n"); break;
    case BOOT_ON_TRIAL: say_slot(slot, " on trial\n"); break;
    case BOOT_NOT_TRIED: say_slot(slot, " not tried: the boot record cannot be written\n"); break;
    case BOOT_NEVER_CONFIRMED: say_slot(slot, " never confirmed, back to "); say(other); break;
    case BOOT_EMPTY: say_slot(slot, " is empty\n"); break;
    case BOOT_REFUSED: say_slot(slot, " refused: "); say(why); say("\n"); break;
    case BOOT_GIVEN_UP: say_slot(slot, " trial given up, back to "); say(other); break;
    case BOOT_TRYING: say("boot: trying slot "); say(slot ? "B\n" : "A\n"); break;
    case BOOT_STARTING:
      say_slot(slot, ": starting version ");
      say_number(info->major);
      say(".");
      say_number(info->minor);
      say(".");
      say_number(info->revision);
      say("\n");
      break;
    case BOOT_UNWRITABLE: say("boot: the boot record cannot be written\n"); break;
    case BOOT_NONE: break;
  }
}

int main(void) {
#ifdef BOOT_BENCH
  bench_start();
#endif
  uart_tx_init();
  boot_board board = {open_slot, target, report, 0};
  image_info info;
  int slot = boot_choose(&board, &info);
  if (slot < 0) halt("boot: no bootable slot, halted\n");
  hand_off(slot);
  start(info.load);
}
