/* The shared boot code's files (boards/common/boot/bootfs.h) on the Cortex-M4
 * under QEMU: semihosting's host files, in QEMU's working directory. */
#include "bootfs.h"
#include "semihost.h"

int bootfs_open(const char* name, int mode) {
  if (mode == BOOTFS_READ) return sh_open(name, 0);
  /* "r+b" keeps the other octets; a missing file is created ("wb") first. */
  int f = sh_open_mode(name, SH_MODE_RPLUSB);
  if (f < 0) {
    f = sh_open_mode(name, SH_MODE_WB);
    if (f >= 0) {
      sh_close(f);
      f = sh_open_mode(name, SH_MODE_RPLUSB);
    }
  }
  return f;
}

uint32_t bootfs_read(int file, void* dst, uint32_t len) { return sh_read(file, dst, len); }
uint32_t bootfs_write(int file, const void* src, uint32_t len) { return sh_write(file, src, len); }
int bootfs_seek(int file, uint32_t position) { return sh_seek(file, position); }
uint32_t bootfs_length(int file) { return sh_length(file); }
void bootfs_close(int file) { sh_close(file); }
