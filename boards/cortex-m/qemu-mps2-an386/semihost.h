/* ARM semihosting (the debugger's I/O, which QEMU provides with
 * -semihosting-config enable=on,target=native): files on the host, and exit. */
#ifndef SEMIHOST_H
#define SEMIHOST_H

#include <stdint.h>

/* SYS_OPEN's modes are fopen's, in this order: "r" "rb" "r+" "r+b" "w" "wb" "w+" "w+b" ... */
#define SH_MODE_RB 1u
#define SH_MODE_RPLUSB 3u
#define SH_MODE_WB 5u

/* A host file opened for reading ("rb") or writing ("wb"); -1 when it cannot be. */
int sh_open(const char* path, int write);
/* A host file opened in one of the SH_MODE_ modes; -1 when it cannot be. */
int sh_open_mode(const char* path, uint32_t mode);
/* Reads up to len octets; the number read. */
uint32_t sh_read(int handle, void* dst, uint32_t len);
/* Writes len octets; the number written. */
uint32_t sh_write(int handle, const void* src, uint32_t len);
/* Moves to an absolute position; 0 on success. */
int sh_seek(int handle, uint32_t position);
uint32_t sh_length(int handle);
void sh_close(int handle);
/* Renames a host file, replacing `to` (QEMU: the host's rename(), atomic on POSIX); 0, or -1. */
int sh_rename(const char* from, const char* to);
/* Ends the emulation: status 0 a clean end, anything else a failure. */
__attribute__((noreturn)) void sh_exit(int failed);

#endif
