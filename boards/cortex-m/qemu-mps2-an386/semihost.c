/* ARM semihosting calls: `bkpt 0xab` with the operation in r0 and the address
 * of its argument block in r1; the result comes back in r0 (the "Semihosting
 * for AArch32 and AArch64" specification). */
#include <string.h>
#include "semihost.h"

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE 0x05
#define SYS_READ 0x06
#define SYS_SEEK 0x0a
#define SYS_FLEN 0x0c
#define SYS_RENAME 0x0f
#define SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026
#define ADP_STOPPED_RUNTIME_ERROR_UNKNOWN 0x20023

static int32_t call(int32_t op, const void* arg) {
  register int32_t r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

int sh_open_mode(const char* path, uint32_t mode) {
  uint32_t arg[3] = {(uint32_t)path, mode, (uint32_t)strlen(path)};
  return call(SYS_OPEN, arg);
}

int sh_open(const char* path, int write) {
  return sh_open_mode(path, write ? SH_MODE_WB : SH_MODE_RB);
}

uint32_t sh_read(int handle, void* dst, uint32_t len) {
  uint32_t arg[3] = {(uint32_t)handle, (uint32_t)dst, len};
  /* The call answers with the number of octets NOT read. */
  return len - (uint32_t)call(SYS_READ, arg);
}

uint32_t sh_write(int handle, const void* src, uint32_t len) {
  uint32_t arg[3] = {(uint32_t)handle, (uint32_t)src, len};
  /* Like SYS_READ, the call answers with the number of octets NOT written. */
  return len - (uint32_t)call(SYS_WRITE, arg);
}

int sh_seek(int handle, uint32_t position) {
  uint32_t arg[2] = {(uint32_t)handle, position};
  return call(SYS_SEEK, arg);
}

uint32_t sh_length(int handle) {
  uint32_t arg[1] = {(uint32_t)handle};
  return (uint32_t)call(SYS_FLEN, arg);
}

int sh_rename(const char* from, const char* to) {
  uint32_t arg[4] = {(uint32_t)from, (uint32_t)strlen(from), (uint32_t)to, (uint32_t)strlen(to)};
  return call(SYS_RENAME, arg) == 0 ? 0 : -1;
}

void sh_close(int handle) {
  uint32_t arg[1] = {(uint32_t)handle};
  call(SYS_CLOSE, arg);
}

void sh_exit(int failed) {
  /* On AArch32 SYS_EXIT takes the reason itself in r1: QEMU exits 0 for
   * "application exit", 1 for any other reason. */
  call(SYS_EXIT, (const void*)(failed ? ADP_STOPPED_RUNTIME_ERROR_UNKNOWN : ADP_STOPPED_APPLICATION_EXIT));
  for (;;) {
  }
}
