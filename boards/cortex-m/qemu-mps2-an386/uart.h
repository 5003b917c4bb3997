/* The CMSDK APB UARTs of the MPS2 board, which QEMU connects to its -serial
 * devices in order: UART0 the live link to the host in port.c, UART1 the
 * provisioning UART (serial.c). */
#ifndef UART_H
#define UART_H

#include <stdint.h>

void uart_init(void);
/* The transmitter alone, no interrupt: for the boot stage's lines. */
void uart_tx_init(void);
/* 1 when UART0 holds a received octet. */
int uart_ready(void);
/* Sleeps until an octet arrives on UART0 or UART1 (or returns at once when one came meanwhile). */
void uart_sleep(void);
/* Waits for one octet from the host. */
uint8_t uart_read(void);
void uart_write(const uint8_t* p, uint32_t n);

/* The provisioning UART: enabled; an octet received, without waiting (1, or 0 when none);
 * octets sent in order; drain waits until the last one has left for the line. */
void uart1_init(void);
int uart1_take(uint8_t* octet);
void uart1_write(const uint8_t* p, uint32_t n);
void uart1_drain(void);

#endif
