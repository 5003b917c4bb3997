/* The provisioning UART of the QEMU port (serial.c), for port.c's main loop. */
#ifndef SERIAL_H
#define SERIAL_H

#include <stdint.h>

/* UART1 on: from now on hal_serial_write sends and serial_receive takes. */
void serial_init(void);
/* Octets received on UART1 into dst (at most cap): up to a SLIP frame's end, or what came before a
 * pause; 0 when none is waiting. Never waits for a first octet. */
uint32_t serial_receive(uint8_t* dst, uint32_t cap);
/* 1 once the firmware asked for a reboot (hal_reboot). */
int serial_reboot_asked(void);
/* UART1 drained, then the system reset (SYSRESETREQ): the boot stage runs again. */
__attribute__((noreturn)) void serial_reboot(void);

#endif
