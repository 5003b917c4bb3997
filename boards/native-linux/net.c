/* Addresses and sockets of the native board, IPv4 and IPv6 (net.h). One
 * rule for the families: the station's sockets are of the family of the
 * address it binds. An IPv4 station reaches IPv4 peers only; an IPv6 one's
 * sockets are dual-stack (IPV6_V6ONLY off, RFC 3493 §5.3), so that bound to
 * :: they reach a peer the firmware names IPv4-mapped (RFC 4291 §2.5.5.2)
 * over IPv4 too. Bound to one IPv6 address, the kernel has no IPv4 source
 * for such a peer: that datagram is lost with a line on stderr. */
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "net.h"

static const uint8_t MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

int net_address(const char* text, unsigned port, struct sockaddr_storage* ss) {
  memset(ss, 0, sizeof *ss);
  struct sockaddr_in* v4 = (struct sockaddr_in*)ss;
  struct sockaddr_in6* v6 = (struct sockaddr_in6*)ss;
  if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    return AF_INET;
  }
  char bare[NET_TEXT];
  size_t n = strlen(text);
  /* An IPv6reference as a URI writes it (RFC 3986 §3.2.2): [2001:db8::1]. */
  if (n >= 2 && n - 2 < sizeof bare && text[0] == '[' && text[n - 1] == ']') {
    memcpy(bare, text + 1, n - 2);
    bare[n - 2] = 0;
    text = bare;
  }
  if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    return AF_INET6;
  }
  return 0;
}

bool net_wildcard(const struct sockaddr_storage* ss) {
  if (ss->ss_family == AF_INET) return ((const struct sockaddr_in*)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
  return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6*)ss)->sin6_addr);
}

unsigned net_port(const struct sockaddr_storage* ss) {
  return ntohs(ss->ss_family == AF_INET ? ((const struct sockaddr_in*)ss)->sin_port : ((const struct sockaddr_in6*)ss)->sin6_port);
}

const char* net_text(const struct sockaddr_storage* ss, char text[NET_TEXT]) {
  const struct sockaddr_in6* v6 = (const struct sockaddr_in6*)ss;
  if (ss->ss_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in*)ss)->sin_addr, text, NET_TEXT);
  else if (memcmp(&v6->sin6_addr, MAPPED, 12) == 0) inet_ntop(AF_INET, v6->sin6_addr.s6_addr + 12, text, NET_TEXT);
  else inet_ntop(AF_INET6, &v6->sin6_addr, text, NET_TEXT);
  return text;
}

socklen_t net_sockaddr(const uint8_t* p, int family, struct sockaddr_storage* ss) {
  bool mapped = memcmp(p, MAPPED, 12) == 0;
  memset(ss, 0, sizeof *ss);
  if (family == AF_INET || (family == AF_UNSPEC && mapped)) {
    if (!mapped) return 0;
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

void net_peer(const struct sockaddr_storage* ss, uint8_t* p) {
  memset(p, 0, PEER_BYTES);
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in* a = (const struct sockaddr_in*)ss;
    memcpy(p, MAPPED, 12);
    memcpy(p + 12, &a->sin_addr, 4);
    memcpy(p + 16, &a->sin_port, 2);
  } else {
    /* From a dual-stack socket an IPv4 peer is already ::ffff:a.b.c.d: the ABI's form as it is. */
    const struct sockaddr_in6* a = (const struct sockaddr_in6*)ss;
    memcpy(p, &a->sin6_addr, 16);
    memcpy(p + 16, &a->sin6_port, 2);
  }
}

static socklen_t length_of(const struct sockaddr_storage* ss) {
  return ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
}

int net_bound(const char* host, unsigned port, int type) {
  struct sockaddr_storage ss;
  int family = net_address(host, port, &ss);
  if (!family) {
    errno = EAFNOSUPPORT;
    return -1;
  }
  int fd = socket(family, type | SOCK_CLOEXEC, 0), one = 1, off = 0;
  if (fd < 0) return -1;
  /* A listener takes its port again at once after a restart (connections of the last run in TIME-WAIT). */
  if ((type & 0xf) == SOCK_STREAM) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  if (bind(fd, (struct sockaddr*)&ss, length_of(&ss)) == 0) return fd;
  int e = errno;
  close(fd);
  errno = e;
  return -1;
}

int net_route_source(const struct sockaddr_storage* to, struct sockaddr_storage* source) {
  int fd = socket(to->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  socklen_t sl = sizeof *source;
  int r = fd >= 0 && connect(fd, (const struct sockaddr*)to, length_of(to)) == 0 && getsockname(fd, (struct sockaddr*)source, &sl) == 0 ? 0 : -1;
  if (fd >= 0) close(fd);
  return r;
}
