/* The shared boot code's files (boards/common/boot/bootfs.h) on Linux: files
 * of the --slots directory, by POSIX calls. A write is on the disk (fsync)
 * before it returns: the boot record's copy must survive a power cut, and a
 * kill -9 can cut between two writes but never through one (pwrite of 16
 * octets to a regular file is one system call). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bootfs.h"
#include "slots.h"

static const char* root = ".";

void bootfs_root(const char* dir) {
  root = dir;
}

int bootfs_open(const char* name, int mode) {
  char path[PATH_MAX];
  if (snprintf(path, sizeof path, "%s/%s", root, name) >= (int)sizeof path) return -1;
  return open(path, mode == BOOTFS_READ ? O_RDONLY | O_CLOEXEC : O_RDWR | O_CREAT | O_CLOEXEC, 0644);
}

uint32_t bootfs_read(int file, void* dst, uint32_t len) {
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = read(file, (uint8_t*)dst + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += (uint32_t)n;
  }
  return done;
}

uint32_t bootfs_write(int file, const void* src, uint32_t len) {
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = write(file, (const uint8_t*)src + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return done;
    done += (uint32_t)n;
  }
  return fsync(file) == 0 ? done : 0;
}

int bootfs_seek(int file, uint32_t position) {
  return lseek(file, (off_t)position, SEEK_SET) == (off_t)position ? 0 : -1;
}

uint32_t bootfs_length(int file) {
  struct stat st;
  if (fstat(file, &st) != 0) return 0;
  return st.st_size > (off_t)UINT32_MAX ? UINT32_MAX : (uint32_t)st.st_size;
}

void bootfs_close(int file) {
  close(file);
}
