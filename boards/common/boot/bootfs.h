/* The file access the shared boot code needs (bootrec.c, image.c): small
 * files in the board's state directory, by name. Each board implements it
 * once: semihosting on the Cortex-M4 under QEMU (the host's working
 * directory), POSIX on the native Linux board (the --slots directory). */
#ifndef BOOTFS_H
#define BOOTFS_H

#include <stdint.h>

/* Opens a file of the state directory: for reading, or for update in place
 * (read and write from any position, the other octets kept), created empty
 * when missing. -1 when it cannot be opened. */
#define BOOTFS_READ 0
#define BOOTFS_UPDATE 1
int bootfs_open(const char* name, int mode);
/* Reads up to len octets; the number read. */
uint32_t bootfs_read(int file, void* dst, uint32_t len);
/* Writes len octets; the number written. On the native board the octets are
 * on the disk when it returns (fsync), so a power cut after it keeps them. */
uint32_t bootfs_write(int file, const void* src, uint32_t len);
/* Moves to an absolute position; 0 on success. */
int bootfs_seek(int file, uint32_t position);
uint32_t bootfs_length(int file);
void bootfs_close(int file);

#endif
