/* A driver of the native board's streams (boards/native-linux/streams*.c)
 * without the firmware: the stream test module (stream-module.ts) through
 * wasm2c stands in for it. Each call the board makes into the module is
 * printed as a JSON line (the linker's --wrap puts these printers between
 * streams.c and the module's exports); commands come on stdin, one a line:
 *   open HOST PORT SECURE NAME   the module's streamOpen (NAME "-": none)
 *   send HANDLE HEX              the module's streamSend of the octets in hex
 *   close HANDLE                 the module's streamClose
 *   listen PORT [HOST]           streams_listen on HOST (default 127.0.0.1; ::1, :: for IPv6)
 *   capacity N | accept N        the module's rxCapacity, its answer to accepts
 * and each is answered with a line {"<command>":result}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "streams.h"
#include "wasm-rt-impl.h"

enum { PEER_AT = 256, NAME_AT = 512, SEND_AT = 1024 };
static station_t station;

uint8_t* board_span(struct Z_board_instance_t* b, uint32_t addr, uint32_t len, const char* import) {
  if ((uint64_t)addr + len > b->fw->w2c_memory.size) {
    fprintf(stderr, "board.%s: outside the module's memory\n", import);
    exit(3);
  }
  return b->fw->w2c_memory.data + addr;
}

void station_called(station_t* s) { (void)s; }

void station_trapped(station_t* s, wasm_rt_trap_t code) {
  (void)s;
  fprintf(stderr, "trap: %s\n", wasm_rt_strerror(code));
  exit(3);
}

static void print_peer(void) {
  const uint8_t* p = station.fw.w2c_memory.data + Z_firmwareZ_rxPeer(&station.fw);
  char host[INET6_ADDRSTRLEN];
  static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  inet_ntop(memcmp(p, mapped, 12) ? AF_INET6 : AF_INET, memcmp(p, mapped, 12) ? p : p + 12, host, sizeof host);
  printf("\"peer\":\"%s\",\"port\":%u", host, (unsigned)(p[16] << 8 | p[17]));
}

void __real_Z_firmwareZ_boardStreamOpened(Z_firmware_instance_t*, u32, u32, u32);
u32 __real_Z_firmwareZ_boardStreamAccepted(Z_firmware_instance_t*, u32, u32, u32);
u32 __real_Z_firmwareZ_boardStreamData(Z_firmware_instance_t*, u32, u32, u32);
void __real_Z_firmwareZ_boardStreamClosed(Z_firmware_instance_t*, u32, u32);

void __wrap_Z_firmwareZ_boardStreamOpened(Z_firmware_instance_t* fw, u32 h, u32 status, u32 now) {
  printf("{\"call\":\"opened\",\"handle\":%u,\"status\":%u}\n", h, status);
  __real_Z_firmwareZ_boardStreamOpened(fw, h, status, now);
}

u32 __wrap_Z_firmwareZ_boardStreamAccepted(Z_firmware_instance_t* fw, u32 h, u32 secure, u32 now) {
  u32 taken = __real_Z_firmwareZ_boardStreamAccepted(fw, h, secure, now);
  printf("{\"call\":\"accepted\",\"handle\":%u,\"secure\":%u,\"taken\":%u,", h, secure, taken);
  print_peer();
  printf("}\n");
  return taken;
}

/* The octets offered, in hex (no escaping to get wrong), and what the module took. */
u32 __wrap_Z_firmwareZ_boardStreamData(Z_firmware_instance_t* fw, u32 h, u32 len, u32 now) {
  const uint8_t* d = fw->w2c_memory.data + Z_firmwareZ_rxBuffer(fw);
  printf("{\"call\":\"data\",\"handle\":%u,\"hex\":\"", h);
  for (u32 i = 0; i < len; i++) printf("%02x", d[i]);
  u32 took = __real_Z_firmwareZ_boardStreamData(fw, h, len, now);
  printf("\",\"took\":%d}\n", (int)took);
  return took;
}

void __wrap_Z_firmwareZ_boardStreamClosed(Z_firmware_instance_t* fw, u32 h, u32 now) {
  printf("{\"call\":\"closed\",\"handle\":%u}\n", h);
  __real_Z_firmwareZ_boardStreamClosed(fw, h, now);
}

static void command(char* line) {
  uint8_t* mem = station.fw.w2c_memory.data;
  char a[256], b[4096];
  unsigned n, m, secure;
  if (sscanf(line, "open %255s %u %u %4095s", a, &n, &secure, b) == 4) {
    struct in_addr ip;
    inet_pton(AF_INET, a, &ip);
    memset(mem + PEER_AT, 0, 10);
    mem[PEER_AT + 10] = mem[PEER_AT + 11] = 0xff;
    memcpy(mem + PEER_AT + 12, &ip, 4);
    mem[PEER_AT + 16] = (uint8_t)(n >> 8);
    mem[PEER_AT + 17] = (uint8_t)n;
    size_t len = strcmp(b, "-") ? strlen(b) : 0;
    memcpy(mem + NAME_AT, b, len);
    printf("{\"open\":%d}\n", (int)Z_firmwareZ_open(&station.fw, secure, (u32)len));
  } else if (sscanf(line, "send %u %4095s", &n, b) == 2) {
    size_t len = strlen(b) / 2;
    for (size_t i = 0; i < len; i++) sscanf(b + 2 * i, "%2x", &m), mem[SEND_AT + i] = (uint8_t)m;
    printf("{\"send\":%d}\n", (int)Z_firmwareZ_send(&station.fw, n, (u32)len));
  } else if (sscanf(line, "close %u", &n) == 1) {
    Z_firmwareZ_close(&station.fw, n);
    printf("{\"close\":0}\n");
  } else if (sscanf(line, "listen %u", &n) == 1) {
    printf("{\"listen\":%d}\n", streams_listen(sscanf(line, "listen %*u %255s", a) == 1 ? a : "127.0.0.1", n));
  } else if (sscanf(line, "capacity %u", &n) == 1) {
    Z_firmwareZ_setCapacity(&station.fw, n);
    printf("{\"capacity\":%u}\n", n);
  } else if (sscanf(line, "accept %u", &n) == 1) {
    Z_firmwareZ_setAccept(&station.fw, n);
    printf("{\"accept\":%u}\n", n);
  } else {
    printf("{\"error\":\"unknown command\"}\n");
  }
}

int main(int argc, char** argv) {
  /* argv: the CA file ("-": the system's), then the certificate and key for the TLS listener. */
  if (tls_setup(argc > 1 && strcmp(argv[1], "-") ? argv[1] : NULL, argc > 3 ? argv[2] : NULL, argc > 3 ? argv[3] : NULL) != 0) return 2;
  setvbuf(stdout, NULL, _IOLBF, 0);
  clock_start();
  wasm_rt_init();
  Z_firmware_init_module();
  station.board.fw = &station.fw;
  Z_firmware_instantiate(&station.fw, &station.board);
  Z_firmwareZ__initialize(&station.fw);
  station.running = true;
  static char pending[8192];
  size_t used = 0;
  for (;;) {
    struct pollfd fds[1 + STREAMS_FDS] = {{.fd = STDIN_FILENO, .events = POLLIN}};
    streams_due(&station);
    streams_fds(fds + 1);
    if (poll(fds, 1 + STREAMS_FDS, streams_timeout()) < 0) return 1;
    streams_ready(&station, fds + 1);
    if (!(fds[0].revents & (POLLIN | POLLHUP))) continue;
    ssize_t got = read(STDIN_FILENO, pending + used, sizeof pending - 1 - used);
    if (got <= 0) break;
    used += (size_t)got;
    pending[used] = 0;
    char *start = pending, *nl;
    while ((nl = strchr(start, '\n'))) {
      *nl = 0;
      command(start);
      start = nl + 1;
    }
    used = strlen(start);
    memmove(pending, start, used + 1);
  }
  streams_close();
  return 0;
}
