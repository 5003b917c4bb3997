/* The board ABI's imports (module "board", docs/board-abi.md) on POSIX:
 * send is one UDP datagram, output a GPIO line on stdout (--gpio), log a
 * line on stderr, random the kernel's getrandom(), configRead the block file,
 * retainedRead/retainedWrite the record kept across restarts (retained.c),
 * fault the firmware's abort reported before the module traps. Every address
 * the module passes is checked against its memory: a bad one is a trap, never
 * a stray host access. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "native.h"

/* The module's memory at [addr, addr + len), or NULL when it runs past the end. */
static uint8_t* span(struct Z_board_instance_t* b, uint32_t addr, uint32_t len) {
  wasm_rt_memory_t* m = &b->fw->w2c_memory;
  if ((uint64_t)addr + len > m->size) return NULL;
  return m->data + addr;
}

static void out_of_bounds(const char* import) {
  fprintf(stderr, "intercom-native: board.%s: an address outside the module's memory\n", import);
  wasm_rt_trap(WASM_RT_TRAP_OOB);
}

uint8_t* board_span(struct Z_board_instance_t* b, uint32_t addr, uint32_t len, const char* import) {
  uint8_t* p = span(b, addr, len);
  if (!p) out_of_bounds(import);
  return p;
}

void Z_boardZ_send(struct Z_board_instance_t* b, u32 data, u32 len, u32 peer) {
  uint8_t* bytes = span(b, data, len);
  uint8_t* p = span(b, peer, PEER_BYTES);
  if (!bytes || !p) out_of_bounds("send");
  /* An IPv4 station reaches IPv4-mapped peers only; an IPv6 one every peer (dual-stack, net.c). */
  struct sockaddr_storage to;
  socklen_t to_len = net_sockaddr(p, b->family, &to);
  if (!to_len) {
    fprintf(stderr, "intercom-native: board.send: an IPv6 peer, and the station has an IPv4 address (--host); datagram dropped\n");
    return;
  }
  char host[NET_TEXT];
  if (b->trace) line_datagram(clock_now(), "out", net_text(&to, host), net_port(&to), bytes, len);
  if (sendto(b->sock, bytes, len, 0, (struct sockaddr*)&to, to_len) < 0) {
    /* UDP is best effort: the firmware's retransmissions cover a lost datagram. */
    fprintf(stderr, "intercom-native: send to %s port %u: %s\n", net_text(&to, host), net_port(&to), strerror(errno));
  }
}

void Z_boardZ_output(struct Z_board_instance_t* b, u32 id, u32 on) {
  if (b->gpio) line_output(clock_now(), (int)id, on != 0);
}

void Z_boardZ_log(struct Z_board_instance_t* b, u32 level, u32 text, u32 len) {
  static const char* names[] = {"error", "warning", "info"};
  uint8_t* t = span(b, text, len);
  if (!t) out_of_bounds("log");
  fprintf(stderr, "%s: %.*s\n", level < 3 ? names[level] : "log", (int)len, (const char*)t);
}

void Z_boardZ_random(struct Z_board_instance_t* b, u32 dst, u32 len) {
  uint8_t* d = span(b, dst, len);
  if (!d) out_of_bounds("random");
  size_t got = 0;
  while (got < len) {
    ssize_t n = getrandom(d + got, len - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      /* Without entropy Call-IDs and tags would repeat across boots (RFC 3261 §8.1.1.4): stop. */
      fprintf(stderr, "intercom-native: getrandom: %s\n", strerror(errno));
      wasm_rt_trap(WASM_RT_TRAP_UNREACHABLE);
    }
    got += (size_t)n;
  }
}

/* Copies [src, src + len) into the module at dst, at most cap octets (a read import); returns len. */
static u32 copy_in(struct Z_board_instance_t* b, u32 dst, u32 cap, const uint8_t* src, size_t len, const char* import) {
  size_t n = len < cap ? len : cap;
  uint8_t* d = span(b, dst, (uint32_t)n);
  if (!d) out_of_bounds(import);
  if (n) memcpy(d, src, n);
  return (u32)len;
}

u32 Z_boardZ_configRead(struct Z_board_instance_t* b, u32 dst, u32 cap) {
  if (!b->block) return 0;
  return copy_in(b, dst, cap, b->block, b->block_len, "configRead");
}

u32 Z_boardZ_retainedRead(struct Z_board_instance_t* b, u32 dst, u32 cap) {
  return copy_in(b, dst, cap, b->retained, b->retained_len, "retainedRead");
}

void Z_boardZ_retainedWrite(struct Z_board_instance_t* b, u32 src, u32 len) {
  uint8_t* s = span(b, src, len);
  if (!s) out_of_bounds("retainedWrite");
  b->retained_len = len < RETAINED_MAX ? len : RETAINED_MAX;
  memcpy(b->retained, s, b->retained_len);
  retained_store(b);
}

/* The message is `len` ASCII octets (docs/board-abi.md); printed as they are, cut at 255. */
void Z_boardZ_fault(struct Z_board_instance_t* b, u32 message, u32 len, u32 line, u32 column) {
  char text[256] = "";
  uint32_t n = len < sizeof text - 1 ? len : (uint32_t)(sizeof text - 1);
  uint8_t* s = span(b, message, n);
  for (uint32_t i = 0; s && i < n; i++) text[i] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
  b->faulted = true;
  line_fault(clock_now(), "fault", text, line, column);
}
