/* ARM semihosting (the debugger's I/O, which QEMU provides with
 * -semihosting-config enable=on,target=native): files on the host, and exit. */
#ifndef SEMIHOST_H
#define SEMIHOST_H

#include <stdint.h>

/* A host file opened for reading ("rb") or writing ("wb"); -1 when it cannot be. */
int sh_open(const char* path, int write);
/* Reads up to len octets; the number read. */
uint32_t sh_read(int handle, void* dst, uint32_t len);
void sh_write(int handle, const void* src, uint32_t len);
uint32_t sh_length(int handle);
void sh_close(int handle);
/* Ends the emulation: status 0 a clean end, anything else a failure. */
__attribute__((noreturn)) void sh_exit(int failed);

#endif
