/* The provisioning UART of the QEMU port (board ABI 4, boards/cortex-m/hal.h):
 * UART1 of the MPS2, which QEMU connects to its second -serial device (a pty
 * in the tests). Polled: port.c's main loop takes what arrived between
 * records and passes it to the firmware (intercom_serial); the firmware's
 * answers go straight out. And the reboot the firmware asks for: once the
 * entry point has returned, UART1 drained, SYSRESETREQ; QEMU's system reset
 * starts the boot stage again, the semihosted files intact. */
#include "hal.h"
#include "serial.h"
#include "uart.h"

/* SysTick's current value (ARMv7-M B3.3): port.c runs it free from 0xffffff down on the processor clock. */
#define SYST_CVR (*(volatile uint32_t*)0xE000E018u)
/* The System Control Block's AIRCR (ARMv7-M ARM B3.2.6): VECTKEY and SYSRESETREQ. */
#define SCB_AIRCR (*(volatile uint32_t*)0xE000ED0Cu)
#define AIRCR_VECTKEY 0x05FA0000u
#define AIRCR_SYSRESETREQ 0x00000004u
/* SLIP's END (RFC 1055): a frame ends on it, so a frame goes to the firmware whole when it fits. */
#define SLIP_END 0xC0u
/* A pause this long (2 ms at MPS2 AN386's 25 MHz) ends a piece that has no END yet. */
#define IDLE_TICKS 50000u

static int enabled, reboot_asked;

void serial_init(void) {
  uart1_init();
  enabled = 1;
}

uint32_t serial_receive(uint8_t* dst, uint32_t cap) {
  uint8_t octet;
  uint32_t n = 0;
  if (!enabled || cap == 0 || !uart1_take(&octet)) return 0;
  dst[n++] = octet;
  /* QEMU hands the UART one octet at a time: keep taking them until the frame's END, a full buffer, or a pause. */
  uint32_t quiet_since = SYST_CVR;
  while (n < cap) {
    if (uart1_take(&octet)) {
      dst[n++] = octet;
      if (octet == SLIP_END && n > 1) break;
      quiet_since = SYST_CVR;
    } else if (((quiet_since - SYST_CVR) & 0xffffffu) > IDLE_TICKS) {
      break;
    }
  }
  return n;
}

/* QEMU's UART takes each octet at once (its chardev backend queues them), so a write never waits long.
 * Before serial_init (script mode, no second -serial) the octets are dropped. */
void hal_serial_write(const uint8_t* data, uint32_t len) {
  if (enabled) uart1_write(data, len);
}

void hal_reboot(void) {
  reboot_asked = 1;
}

int serial_reboot_asked(void) {
  return reboot_asked;
}

void serial_reboot(void) {
  uart1_drain();
  __asm volatile("dsb" ::: "memory");
  SCB_AIRCR = AIRCR_VECTKEY | AIRCR_SYSRESETREQ;
  __asm volatile("dsb" ::: "memory");
  for (;;) {
  }
}
