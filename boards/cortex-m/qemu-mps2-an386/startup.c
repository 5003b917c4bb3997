/* Reset for QEMU's MPS2 AN386: the vector table (initial stack pointer, reset,
 * and the faults, which end the emulation as a failure), then .data copied
 * from its load address, .bss zeroed (the module's linear memory among it),
 * and main. */
#include <stdint.h>
#include <string.h>
#include "semihost.h"

extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
int main(void);

__attribute__((noreturn)) void reset_handler(void) {
  memcpy(&__data_start, &__data_load, (uint32_t)((uint8_t*)&__data_end - (uint8_t*)&__data_start));
  memset(&__bss_start, 0, (uint32_t)((uint8_t*)&__bss_end - (uint8_t*)&__bss_start));
  sh_exit(main() != 0);
}

static void fault_handler(void) {
  sh_exit(1);
}

__attribute__((section(".vectors"), used)) static const void* const vectors[16] = {
  &__stack_top,
  (const void*)reset_handler,
  (const void*)fault_handler, /* NMI */
  (const void*)fault_handler, /* HardFault */
  (const void*)fault_handler, /* MemManage */
  (const void*)fault_handler, /* BusFault */
  (const void*)fault_handler, /* UsageFault */
};
