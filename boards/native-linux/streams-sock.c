/* The native board's stream listeners (streams.h): TCP on localPort, TLS on
 * the next, on the station's address and of its family (net.c: an IPv6 one
 * dual-stack, so that bound to :: it takes IPv4 peers too, as ::ffff:a.b.c.d). */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include "streams.h"

/* A non-blocking TCP listener on host:port (`what` names it in the message): its descriptor, or -1 with the reason on stderr. */
int stream_listen(const char* host, unsigned port, const char* what) {
  int fd = net_bound(host, port, SOCK_STREAM | SOCK_NONBLOCK);
  if (fd < 0 || listen(fd, 8) < 0) {
    fprintf(stderr, "intercom-native: cannot listen on %s %s port %u: %s (choose another localPort)\n", what, host, port, strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  return fd;
}
