/* Sockets of the native board's streams (streams.h): the board ABI's 18-octet
 * addresses to and from the kernel's, and the listening sockets. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include "streams.h"

/* The ABI's 18 octets <-> a socket address (IPv4 mapped as ::ffff:a.b.c.d, docs/board-abi.md). */
socklen_t stream_sockaddr(const uint8_t* p, struct sockaddr_storage* ss) {
  static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  memset(ss, 0, sizeof *ss);
  if (memcmp(p, mapped, 12) == 0) {
    struct sockaddr_in* a = (struct sockaddr_in*)ss;
    a->sin_family = AF_INET;
    memcpy(&a->sin_addr, p + 12, 4);
    memcpy(&a->sin_port, p + 16, 2);
    return sizeof *a;
  }
  struct sockaddr_in6* a = (struct sockaddr_in6*)ss;
  a->sin6_family = AF_INET6;
  memcpy(&a->sin6_addr, p, 16);
  memcpy(&a->sin6_port, p + 16, 2);
  return sizeof *a;
}

void stream_peer(const struct sockaddr_storage* ss, uint8_t* p) {
  memset(p, 0, 18);
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in* a = (const struct sockaddr_in*)ss;
    p[10] = p[11] = 0xff;
    memcpy(p + 12, &a->sin_addr, 4);
    memcpy(p + 16, &a->sin_port, 2);
  } else {
    const struct sockaddr_in6* a = (const struct sockaddr_in6*)ss;
    memcpy(p, &a->sin6_addr, 16);
    memcpy(p + 16, &a->sin6_port, 2);
  }
}

/* A non-blocking TCP listener on host:port (`what` names it in the message): its descriptor, or -1 with the reason on stderr. */
int stream_listen(const char* host, unsigned port, const char* what) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  inet_pton(AF_INET, host, &a.sin_addr);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (fd < 0 || bind(fd, (struct sockaddr*)&a, sizeof a) < 0 || listen(fd, 8) < 0) {
    fprintf(stderr, "intercom-native: cannot listen on %s %s:%u: %s (choose another localPort)\n", what, host, port, strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  return fd;
}
