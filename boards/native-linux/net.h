/* Addresses and sockets of the native board (net.c), IPv4 and IPv6 (docs/transports.md "IPv6").
 * The board ABI names a peer in 18 octets: the IPv6 address (IPv4 mapped as ::ffff:a.b.c.d, RFC 4291
 * §2.5.5.2), then the port, big-endian. The station's sockets (SIP, RTP, RTCP, the stream listeners) are
 * of the family of the address it binds; an IPv6 one is dual-stack (IPV6_V6ONLY off). */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>

#define PEER_BYTES 18
/* Room for any address as text (INET6_ADDRSTRLEN). */
#define NET_TEXT 46

/* `text` as an address: dotted IPv4, or IPv6 text (RFC 4291 §2.2) with or without brackets (RFC 3986
 * §3.2.2); port in network order. The family (AF_INET, AF_INET6), 0 when it is not an address. */
int net_address(const char* text, unsigned port, struct sockaddr_storage* ss);
/* Whether ss is 0.0.0.0 or :: (every interface, naming none). */
bool net_wildcard(const struct sockaddr_storage* ss);
/* The port of ss, host order. */
unsigned net_port(const struct sockaddr_storage* ss);
/* The address as text: IPv4 dotted (also an IPv4-mapped IPv6 one), IPv6 as RFC 5952 spells it, no brackets. */
const char* net_text(const struct sockaddr_storage* ss, char text[NET_TEXT]);

/* The 18 octets as a destination for a socket of `family`: AF_INET takes IPv4-mapped peers only (0 for
 * another: unreachable from it); AF_INET6 takes every peer as it is (a mapped one goes out as IPv4 from a
 * dual-stack socket bound to ::); AF_UNSPEC picks the peer's own family (a socket made for it). The length, or 0. */
socklen_t net_sockaddr(const uint8_t* peer, int family, struct sockaddr_storage* ss);
/* A socket address as the 18 octets (IPv4 as ::ffff:a.b.c.d). */
void net_peer(const struct sockaddr_storage* ss, uint8_t* peer);

/* A socket of `type` (SOCK_DGRAM or SOCK_STREAM, with SOCK_NONBLOCK if wanted) bound to `host` (text as
 * net_address takes) and `port`; an IPv6 one dual-stack. Its descriptor, or -1 with errno. */
int net_bound(const char* host, unsigned port, int type);

/* The source address the kernel would use towards `to` (RFC 3261 §18.1.1: Via and Contact name an address
 * the registrar reaches): connect() on a UDP socket picks the route without sending. 0, or -1 (no route). */
int net_route_source(const struct sockaddr_storage* to, struct sockaddr_storage* source);

#endif
