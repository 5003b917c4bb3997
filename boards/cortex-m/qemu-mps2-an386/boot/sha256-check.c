/* A test program for sha256.c on the Cortex-M4 (test/host/cortex-m-boot-sha256):
 * messages.bin in the working directory holds messages, each a length (u32,
 * little-endian) and its octets. Each is hashed three times, fed in one
 * piece, one octet at a time and in 61-octet pieces (so that pieces straddle
 * the 64-octet blocks), and each digest is printed as hex on its own line on
 * UART0. Ends the emulation with status 0 when the file is read whole. */
#include <stdint.h>
#include "semihost.h"
#include "sha256.h"
#include "uart.h"

static uint8_t buffer[4096];

static void hash(int f, uint32_t start, uint32_t len, uint32_t piece) {
  sha256_ctx c;
  sha256_init(&c);
  sh_seek(f, start);
  for (uint32_t done = 0; done < len;) {
    uint32_t n = len - done < sizeof buffer ? len - done : sizeof buffer;
    if (sh_read(f, buffer, n) != n) sh_exit(1);
    for (uint32_t at = 0; at < n; at += piece) sha256_update(&c, buffer + at, n - at < piece ? n - at : piece);
    done += n;
  }
  uint8_t digest[32];
  sha256_final(&c, digest);
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    uart_write((const uint8_t*)&hex[digest[i] >> 4], 1);
    uart_write((const uint8_t*)&hex[digest[i] & 15], 1);
  }
  uart_write((const uint8_t*)"\n", 1);
}

int main(void) {
  uart_tx_init();
  int f = sh_open("messages.bin", 0);
  if (f < 0) return 1;
  uint32_t size = sh_length(f), at = 0;
  while (at + 4 <= size) {
    uint8_t l[4];
    sh_seek(f, at);
    if (sh_read(f, l, 4) != 4) return 1;
    uint32_t len = (uint32_t)l[0] | (uint32_t)l[1] << 8 | (uint32_t)l[2] << 16 | (uint32_t)l[3] << 24;
    if (len > size - at - 4) return 1;
    hash(f, at + 4, len, 0xffffffffu);
    hash(f, at + 4, len, 1);
    hash(f, at + 4, len, 61);
    at += 4 + len;
  }
  sh_close(f);
  return at == size ? 0 : 1;
}
