/* The CMSDK APB UART (ARM DDI 0479, "UART"): DATA, STATE (bit 0 transmit
 * buffer full, bit 1 receive buffer full), CTRL (bit 0 transmit enable, bit 1
 * receive enable) and BAUDDIV (at least 16). Polled: the firmware's entry
 * points run to completion, so nothing else waits meanwhile. */
#include "uart.h"

#define UART0 0x40004000u
#define REG(offset) (*(volatile uint32_t*)(UART0 + (offset)))
#define DATA REG(0x000)
#define STATE REG(0x004)
#define CTRL REG(0x008)
#define BAUDDIV REG(0x010)
#define TX_FULL 1u
#define RX_FULL 2u

void uart_init(void) {
  BAUDDIV = 16;
  CTRL = 3;
}

uint8_t uart_read(void) {
  while (!(STATE & RX_FULL)) {
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
