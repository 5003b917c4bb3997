/* The CMSDK APB UART (ARM DDI 0479, "UART"): DATA, STATE (bit 0 transmit
 * buffer full, bit 1 receive buffer full), CTRL (bit 0 transmit enable, bit 1
 * receive enable, bit 3 receive interrupt enable), INTSTATUS/INTCLEAR (bit 1
 * receive; write 1 to clear) and BAUDDIV (at least 16). QEMU's MPS2 AN385/
 * AN386 has five; UART0 (0x40004000, receive IRQ 0) is the host link, UART1
 * (0x40005000, receive IRQ 2) the provisioning UART.
 *
 * Waiting for input sleeps: the receive interrupts are enabled in the NVIC
 * but masked by PRIMASK, so no handler runs; a pending interrupt still ends
 * WFI (ARMv7-M ARM B1.5.19). An idle station then costs its host no CPU, as
 * an idle board would cost no power. The firmware's entry points run to
 * completion, so nothing else waits. */
#include "uart.h"

#define UART0 0x40004000u
#define UART1 0x40005000u
#define REG(base, offset) (*(volatile uint32_t*)((base) + (offset)))
#define DATA(base) REG(base, 0x000)
#define STATE(base) REG(base, 0x004)
#define CTRL(base) REG(base, 0x008)
#define INTCLEAR(base) REG(base, 0x00C)
#define BAUDDIV(base) REG(base, 0x010)
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
#define UART1_RX_IRQ 2u

/* Transmit and receive, the receive interrupt pending in the NVIC (to end WFI) but masked. */
static void enable(uint32_t base, uint32_t irq) {
  BAUDDIV(base) = 16;
  __asm volatile("cpsid i" ::: "memory");
  CTRL(base) = TX_ENABLE | RX_ENABLE | RX_INTERRUPT_ENABLE;
  NVIC_ISER0 = 1u << irq;
}

static void write(uint32_t base, const uint8_t* p, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    while (STATE(base) & TX_FULL) {
    }
    DATA(base) = p[i];
  }
}

void uart_init(void) {
  enable(UART0, UART0_RX_IRQ);
}

void uart_tx_init(void) {
  BAUDDIV(UART0) = 16;
  CTRL(UART0) = TX_ENABLE;
}

int uart_ready(void) {
  return (STATE(UART0) & RX_FULL) != 0;
}

void uart_sleep(void) {
  /* An octet that arrives between the caller's test and WFI leaves its interrupt
   * pending, so WFI returns at once: no octet is slept through. */
  __asm volatile("wfi" ::: "memory");
  INTCLEAR(UART0) = RX_INTERRUPT;
  INTCLEAR(UART1) = RX_INTERRUPT;
  NVIC_ICPR0 = 1u << UART0_RX_IRQ | 1u << UART1_RX_IRQ;
}

uint8_t uart_read(void) {
  while (!uart_ready()) uart_sleep();
  return (uint8_t)DATA(UART0);
}

void uart_write(const uint8_t* p, uint32_t n) {
  write(UART0, p, n);
}

void uart1_init(void) {
  enable(UART1, UART1_RX_IRQ);
}

int uart1_take(uint8_t* octet) {
  if (!(STATE(UART1) & RX_FULL)) return 0;
  *octet = (uint8_t)DATA(UART1);
  return 1;
}

void uart1_write(const uint8_t* p, uint32_t n) {
  write(UART1, p, n);
}

void uart1_drain(void) {
  while (STATE(UART1) & TX_FULL) {
  }
}
