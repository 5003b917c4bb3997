/* UART0 of the MPS2 board (an ARM CMSDK APB UART), which QEMU connects to
 * its first -serial device: the live link to the host in port.c. */
#ifndef UART_H
#define UART_H

#include <stdint.h>

void uart_init(void);
/* The transmitter alone, no interrupt: for the boot stage's lines. */
void uart_tx_init(void);
/* Waits for one octet from the host. */
uint8_t uart_read(void);
void uart_write(const uint8_t* p, uint32_t n);

#endif
