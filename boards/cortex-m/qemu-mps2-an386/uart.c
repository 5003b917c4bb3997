/* The CMSDK APB UART (ARM DDI 0479, "UART"): DATA, STATE (bit 0 transmit
 * buffer full, bit 1 receive buffer full), CTRL (bit 0 transmit enable, bit 1
 * receive enable, bit 3 receive interrupt enable), INTSTATUS/INTCLEAR (bit 1
 * receive; write 1 to clear) and BAUDDIV (at least 16).
 *
 * Waiting for input sleeps: the receive interrupt (IRQ 0 on the MPS2 AN385/
 * AN386 board) is enabled in the NVIC but masked by PRIMASK, so no handler
 * runs; a pending interrupt still ends WFI (ARMv7-M ARM B1.5.19). An idle
 * station then costs its host no CPU, as an idle board would cost no power.
 * The firmware's entry points run to completion, so nothing else waits. */
#include "uart.h"

#define UART0 0x40004000u
#define REG(offset) (*(volatile uint32_t*)(UART0 + (offset)))
#define DATA REG(0x000)
#define STATE REG(0x004)
#define CTRL REG(0x008)
#define INTCLEAR REG(0x00C)
#define BAUDDIV REG(0x010)
#define TX_FULL 1u
#define RX_FULL 2u
#define TX_ENABLE 1u
#define RX_ENABLE 2u
#define RX_INTERRUPT_ENABLE 8u
#define RX_INTERRUPT 2u

/* NVIC interrupt set-enable and clear-pending registers (ARMv7-M ARM B3.4). */
#define NVIC_ISER0 (*(volatile uint32_t*)0xE000E100u)
#define NVIC_ICPR0 (*(volatile uint32_t*)0xE000E280u)
#define UART0_RX_IRQ 0u

void uart_init(void) {
  BAUDDIV = 16;
  __asm volatile("cpsid i" ::: "memory");
  CTRL = TX_ENABLE | RX_ENABLE | RX_INTERRUPT_ENABLE;
  NVIC_ISER0 = 1u << UART0_RX_IRQ;
}

void uart_tx_init(void) {
  BAUDDIV = 16;
  CTRL = TX_ENABLE;
}

uint8_t uart_read(void) {
  /* An octet that arrives between the test and WFI leaves the interrupt
   * pending, so WFI returns at once: no octet is slept through. */
  while (!(STATE & RX_FULL)) {
    __asm volatile("wfi" ::: "memory");
    INTCLEAR = RX_INTERRUPT;
    NVIC_ICPR0 = 1u << UART0_RX_IRQ;
  }
  return (uint8_t)DATA;
}

void uart_write(const uint8_t* p, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    while (STATE & TX_FULL) {
    }
    DATA = p[i];
  }
}
