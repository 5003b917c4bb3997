/* intercom-native: the door station on Linux. The firmware module runs as C
 * (wasm2c) on a UDP socket; events go to stdout as JSON lines and commands
 * come from stdin, as with `intercom sim` (host/cli.ts). One loop waits in
 * poll() on the socket and stdin, with the firmware's next deadline
 * (boardNextDeadline) as the timeout: the one timer the board keeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include "native.h"
#include "firmware-id.h"
#include "slots.h"
#include "streams.h"

static const char USAGE[] =
  "usage: intercom-native [--config-block FILE] [--state FILE] [--host ADDR] [--mic SOURCE] [--speaker FILE.wav]\n"
  "                       [--trace] [--gpio] [--slots DIR] [--serial PATH [--baud N]] [--dns HOST:PORT]\n"
  "                       [--tls-ca FILE] [--tls-cert FILE --tls-key FILE]\n"
  "  Runs the door station on UDP: the firmware module (build/firmware.wasm) compiled to C by wasm2c.\n"
  "  stdout: one JSON event per line, as `intercom sim`. stdin commands, one per line:\n"
  "    key K        a keypad key (0-9, *, #)\n"
  "    button N     press call button N (0-7)\n"
  "    hangup       press the hang-up key\n"
  "    input N L    set input N (0: door sensor) to level L (0/1)\n"
  "    quit         stop\n"
  "  --config-block FILE  the binary configuration block (docs/config.md; written by\n"
  "                       node build/js/host/tools/config-block.js); none: safe defaults.\n"
  "                       The board listens on the block's localPort (default 5060).\n"
  "  --state FILE   where the board keeps the firmware's retained record (the door-code\n"
  "                 lockout) across restarts; default: the block's path + .state\n"
  "                 (none without a block: kept in memory only)\n"
  "  --host ADDR    IPv4 or IPv6 address to bind and announce (default: every interface bound, and the\n"
  "                 address of the one that routes to the block's registrar announced; :: when the\n"
  "                 registrar is IPv6). An IPv6 station's sockets take IPv4 peers too (dual-stack)\n"
  "  --mic SOURCE   what the microphone hears in a call: tone:FREQ[,DBFS] (e.g. tone:1000), silence,\n"
  "                 or FILE.wav (16-bit mono 8000 Hz); default silence\n"
  "  --speaker FILE.wav  write what the speaker plays in calls (16-bit mono 8000 Hz; readable even\n"
  "                 if the board is killed)\n"
  "  --trace        also print each datagram sent and received as a JSON line\n"
  "  --gpio         also print each output change (relays 0-3, LEDs 16-17) as a JSON line\n"
  "  --slots DIR    run as the supervisor of A/B slots (docs/porting.md): boot DIR/slot-a.img or\n"
  "                 slot-b.img (images of kind 2, `intercom pack`) by DIR/boot-record.bin's trial\n"
  "                 rules, with the other options; a trial that does not confirm falls back.\n"
  "                 Without --config-block the board's configuration is DIR/config-block.bin\n"
  "  --serial PATH  the provisioning UART (a tty, or a pseudo-terminal of socat): the firmware's serial\n"
  "                 agent answers `intercom` there (docs/serial-agent.md): flash into the slots of\n"
  "                 --slots, configuration into the --config-block file, reboot\n"
  "  --baud N       its rate: 9600, 19200, 38400, 57600, 115200 (default), 230400, 460800 or 921600\n"
  "  --dns HOST:PORT  the DNS server the firmware's names are resolved by (127.0.0.1:53, [::1]:53);\n"
  "                 default: the first nameserver of /etc/resolv.conf, port 53\n"
  "  --tls-ca FILE  trust anchors (PEM) a TLS server's certificate must chain to (default: the block's\n"
  "                 tls.ca, else the system's)\n"
  "  --tls-cert FILE, --tls-key FILE  the station's certificate and private key (PEM): TLS on localPort + 1\n"
  "  --version      the SHA-256 of the module this binary was translated from\n";

/* The most datagrams handled in one round before timers and stdin get their turn. */
#define DATAGRAMS_PER_ROUND 64
/* Zero deadlines run in a row before the loop polls again (as the simulator's Wire). */
#define TICKS_PER_ROUND 8
#define SHUTDOWN_GRACE_MS 1000

static volatile sig_atomic_t stopping;

static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

/* The most octets read from the serial port in one round. */
#define SERIAL_READ 4096

static int usage_error(const char* message, const char* value) {
  fprintf(stderr, "%s%s\n%s", message, value ? value : "", USAGE);
  return 2;
}

/* Where the board binds (`bind`, text) and what it announces (`own`), as the simulator does (host/sim/announce.ts):
 * --host as it is; without it (or with 0.0.0.0 or ::) every interface is bound and the address of the one that
 * routes to the block's registrar is announced (RFC 3261 §18.1.1: Via and Contact name an address the registrar
 * reaches), :: when the registrar is IPv6; with no registrar there is nobody to announce to, and loopback is used.
 * 0, or the exit code with the reason on stderr naming --host. */
static int choose_address(const char* host, const uint8_t* block, size_t block_len, char bind[NET_TEXT], struct sockaddr_storage* own) {
  struct sockaddr_storage given, to;
  int family = host ? net_address(host, 0, &given) : 0; /* an address: main checked it */
  uint8_t registrar[PEER_BYTES];
  if (host && !net_wildcard(&given)) {
    *own = given;
  } else if (!block_registrar(block, block_len, registrar)) {
    net_address(family == AF_INET6 ? "::1" : "127.0.0.1", 0, own);
  } else if (net_sockaddr(registrar, AF_UNSPEC, &to), family == AF_INET && to.ss_family == AF_INET6) {
    fprintf(stderr, "--host 0.0.0.0: the block's registrar is an IPv6 address; give --host :: (every interface, IPv6 and IPv4) or the station's IPv6 address\n");
    return 2;
  } else if (net_route_source(&to, own) != 0) {
    fprintf(stderr, "--host: no route to the block's registrar; give --host ADDR (the address callers reach the board at)\n");
    return 2;
  } else {
    snprintf(bind, NET_TEXT, "%s", host ? host : to.ss_family == AF_INET6 ? "::" : "0.0.0.0");
    return 0;
  }
  net_text(own, bind);
  return 0;
}

static int open_socket(const char* host, unsigned port) {
  int sock = net_bound(host, port, SOCK_DGRAM);
  if (sock < 0) fprintf(stderr, "cannot start: cannot bind %s port %u (the block's localPort): %s\n", host, port, strerror(errno));
  return sock;
}

static void receive_datagrams(station_t* s) {
  static uint8_t buf[65536];
  for (int i = 0; i < DATAGRAMS_PER_ROUND; i++) {
    struct sockaddr_storage from;
    socklen_t fl = sizeof from;
    ssize_t n = recvfrom(s->board.sock, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr*)&from, &fl);
    if (n < 0) return; /* EAGAIN: drained; ECONNREFUSED from an earlier send: nothing to read */
    char host[NET_TEXT];
    if (s->board.trace) line_datagram(clock_now(), "in", net_text(&from, host), net_port(&from), buf, (size_t)n);
    station_datagram(s, buf, (size_t)n, &from);
  }
}

/* Reads what stdin has; runs each complete line. Returns 1 on quit, -1 at end of input. */
static int read_commands(station_t* s) {
  static char pending[4096];
  static size_t used;
  ssize_t n = read(STDIN_FILENO, pending + used, sizeof pending - 1 - used);
  if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) return -1;
  if (n < 0) return 0;
  used += (size_t)n;
  pending[used] = 0;
  char* start = pending;
  char* nl;
  while ((nl = strchr(start, '\n')) != NULL) {
    *nl = 0;
    if (command_line(s, start)) return 1;
    start = nl + 1;
  }
  used = strlen(start);
  memmove(pending, start, used);
  if (used == sizeof pending - 1) used = 0; /* a line longer than 4 KiB: dropped */
  return 0;
}

/* Reads what the serial port has and passes it to the agent; a port that ended (its other side gone) is closed. */
static void read_serial(station_t* s) {
  static uint8_t buf[SERIAL_READ];
  ssize_t n = read(s->board.serial.fd, buf, sizeof buf);
  if (n > 0) {
    station_serial(s, buf, (size_t)n);
    return;
  }
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  line_warning(clock_now(), "the serial port closed: the serial agent is silent until the board restarts");
  close(s->board.serial.fd);
  s->board.serial.fd = -1;
}

/* board.reboot (board ABI 4): once its answer is on the line, the board boots again. The child of
 * --slots ends asking its supervisor to (SLOTS_EXIT_REBOOT); a board without one executes itself
 * anew with the same options, which reads the configuration block again. Returns only on failure. */
static int reboot_board(station_t* s, char** argv, bool supervised) {
  serial_drain(&s->board.serial);
  media_close(s);
  printf("{\"t\":%u,\"event\":\"reboot\"}\n", clock_now());
  fflush(stdout);
  if (supervised) return SLOTS_EXIT_REBOOT;
  execv("/proc/self/exe", argv);
  fprintf(stderr, "intercom-native: cannot reboot (execute /proc/self/exe): %s\n", strerror(errno));
  return 1;
}

/* Runs the firmware's due deadlines; returns the poll timeout (ms, -1 none). */
static int due(station_t* s) {
  command_release_due(s);
  int d = -1;
  for (int i = 0; i < TICKS_PER_ROUND; i++) {
    d = station_next_deadline(s);
    if (d != 0) break;
    station_tick(s);
  }
  if (d == 0) d = 1;
  int r = command_next_release();
  if (r >= 0 && (d < 0 || r < d)) d = r;
  return d;
}

/* On quit or a signal: the firmware's last words (a PUBLISH removing its presence, when it publishes;
 * a publication still on its way is answered first and the removal follows it), then up to
 * SHUTDOWN_GRACE_MS while the firmware says they are unanswered (boardShutdownPending), as
 * `intercom sim` does. Datagrams and the firmware's timers keep running meanwhile (a retransmission,
 * the PUBLISH again with credentials after a 407 from a proxy). */
static void shut_down(station_t* s) {
  station_shutdown(s);
  uint32_t end = clock_now() + SHUTDOWN_GRACE_MS;
  struct pollfd fd = {.fd = s->board.sock, .events = POLLIN};
  for (int32_t left; station_shutdown_pending(s) && (left = (int32_t)(end - clock_now())) > 0;) {
    int timeout = due(s);
    if (timeout < 0 || timeout > left) timeout = left;
    if (poll(&fd, 1, timeout) > 0) receive_datagrams(s);
  }
  media_close(s);
  streams_close();
}

int main(int argc, char** argv) {
  const char* block_path = NULL;
  const char* state_path = NULL;
  static char state_beside[4096];
  const char* host = NULL;
  const char* mic = NULL;
  const char* speaker = NULL;
  const char* slots = NULL;
  const char* booted_from = NULL;
  const char* serial = NULL;
  const char* dns = NULL;
  const char* tls_files[3] = {NULL, NULL, NULL}; /* --tls-ca, --tls-cert, --tls-key */
  unsigned long baud = 115200;
  static char block_in_slots[PATH_MAX];
  static char announced[NET_TEXT], bind_host[NET_TEXT];
  struct sockaddr_storage own;
  static station_t s;
  for (int i = 1; i < argc; i++) {
    const char* arg = argv[i];
    if (!strcmp(arg, "--help")) {
      fputs(USAGE, stdout);
      return 0;
    } else if (!strcmp(arg, "--version")) {
      printf("intercom-native: firmware.wasm sha256 %s (%d bytes), translated by wasm2c %s\n", FIRMWARE_SHA256, FIRMWARE_BYTES, WASM2C_VERSION);
      return 0;
    } else if (!strcmp(arg, "--mic") && i + 1 < argc) mic = argv[++i];
    else if (!strcmp(arg, "--speaker") && i + 1 < argc) speaker = argv[++i];
    else if (!strcmp(arg, "--trace")) s.board.trace = true;
    else if (!strcmp(arg, "--gpio")) s.board.gpio = true;
    else if (!strcmp(arg, "--slots") && i + 1 < argc) slots = argv[++i];
    else if (!strcmp(arg, "--booted-from") && i + 1 < argc) booted_from = argv[++i]; /* set by the supervisor (slots.h) */
    else if (!strcmp(arg, "--serial") && i + 1 < argc) serial = argv[++i];
    else if (!strcmp(arg, "--dns") && i + 1 < argc) dns = argv[++i];
    else if (!strcmp(arg, "--tls-ca") && i + 1 < argc) tls_files[0] = argv[++i];
    else if (!strcmp(arg, "--tls-cert") && i + 1 < argc) tls_files[1] = argv[++i];
    else if (!strcmp(arg, "--tls-key") && i + 1 < argc) tls_files[2] = argv[++i];
    else if (!strcmp(arg, "--baud") && i + 1 < argc) {
      char* end;
      baud = strtoul(argv[++i], &end, 10);
      if (*end || serial_baud(baud) != 0) return usage_error("--baud: not a rate the board sets (9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600): ", argv[i]);
    }
    else if ((!strcmp(arg, "--config-block") || !strcmp(arg, "--host") || !strcmp(arg, "--state")) && i + 1 < argc) {
      if (arg[2] == 'c') block_path = argv[++i];
      else if (arg[2] == 's') state_path = argv[++i];
      else host = argv[++i];
    } else {
      return usage_error("unknown or incomplete argument: ", arg);
    }
  }
  if (slots) return slots_supervise(slots, argc, argv);
  s.board.serial.fd = -1;
  if (booted_from) {
    slot_child_init(booted_from);
    hal_slots(booted_from);
    /* The slots' board keeps its configuration beside them unless --config-block names a file. */
    if (!block_path && snprintf(block_in_slots, sizeof block_in_slots, "%s/config-block.bin", booted_from) < (int)sizeof block_in_slots) {
      s.board.block_path = block_in_slots;
      if (access(block_in_slots, F_OK) == 0) block_path = block_in_slots;
    }
  }
  if (block_path) s.board.block_path = block_path;
  struct sockaddr_storage given;
  if (host && !net_address(host, 0, &given)) return usage_error("--host: not an IPv4 or IPv6 address (e.g. 192.168.1.20, or 2001:db8::20; a name is not taken): ", host);
  static char audio_error[AUDIO_ERROR_MAX];
  if (media_init(&s) != 0) return 1;
  if ((mic && mic_parse(&s.board.media.mic, mic, audio_error) != 0) || (speaker && speaker_open(&s.board.media.speaker, speaker, audio_error) != 0)) {
    fprintf(stderr, "%s\n", audio_error);
    return 2;
  }
  uint8_t* block = NULL;
  size_t block_len = 0;
  if (block_path && block_read(block_path, &block, &block_len) != 0) return 2;
  unsigned port = block_local_port(block, block_len);
  int chosen = choose_address(host, block, block_len, bind_host, &own);
  if (chosen != 0) return chosen;
  net_text(&own, announced);
  if (!state_path && block_path && snprintf(state_beside, sizeof state_beside, "%s.state", block_path) < (int)sizeof state_beside) state_path = state_beside;
  s.board.state_path = state_path;
  retained_load(&s.board);
  if (serial && serial_open(&s.board.serial, serial, baud) != 0) return 2;
  /* --tls-ca overrides the CA file the configuration names (tls.ca). */
  static char ca_in_block[PATH_MAX];
  int named = tls_files[0] ? 0 : block_tls_ca(block, block_len, block_path, ca_in_block);
  if (named < 0) return 2;
  if (named) tls_files[0] = ca_in_block;
  if (tls_setup(tls_files[0], tls_files[1], tls_files[2]) != 0) return 2;
  char dns_error[256];
  if (resolver_init(&s.board.resolver, dns, dns_error, sizeof dns_error) != 0) {
    if (dns) return usage_error(dns_error, NULL);
    fprintf(stderr, "intercom-native: %s; names are not resolved (board.resolve answers -1)\n", dns_error);
  }

  clock_start();
  int sock = open_socket(bind_host, port);
  if (sock < 0) return 1;
  s.board.sock = sock;
  s.board.block = block_len ? block : NULL;
  s.board.block_len = block_len;
  if (!block_len) free(block);
  s.board.family = net_address(bind_host, 0, &given);
  uint8_t own_peer[PEER_BYTES];
  net_peer(&own, own_peer);
  memcpy(s.address, own_peer, 16);
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  if (station_start(&s) != 0 || media_start(&s, bind_host) != 0) return 1;
  /* Board ABI 5: peers connect over TCP on the same port, TLS on the next (a module without streams: none).
   * A port another program holds leaves the station on UDP and its own connections, as the simulator. */
  if (streams_available() && streams_listen(bind_host, port) != 0)
    line_warning(clock_now(), "the station takes no TCP or TLS connections: its port is taken (see stderr)");
  line_listening(clock_now(), announced, port);
  slot_child_booted(clock_now());

  /* SIP, RTP, RTCP, the audio clock, the serial port, stdin (dropped when it ends), DNS; poll skips a descriptor of -1. */
  media_t* m = &s.board.media;
  struct pollfd fds[7 + STREAMS_FDS] = {{.fd = sock, .events = POLLIN}, {.fd = m->sock[0], .events = POLLIN}, {.fd = m->sock[1], .events = POLLIN},
                          {.fd = m->timer, .events = POLLIN}, {.fd = -1, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN},
                          {.fd = resolver_fd(&s.board.resolver), .events = POLLIN}};
  while (!stopping) {
    if (slot_child_round(clock_now(), s.restarts)) return SLOTS_EXIT_REBOOT; /* a trap before the trial confirmed */
    if (s.board.reboot) return reboot_board(&s, argv, booted_from != NULL);
    streams_due(&s);
    int timeout = slot_child_timeout(due(&s), clock_now());
    if (s.board.reboot) continue; /* a deadline's call asked for it */
    int dns_timeout = resolver_timeout(&s.board.resolver, clock_now());
    if (dns_timeout >= 0 && (timeout < 0 || dns_timeout < timeout)) timeout = dns_timeout;
    int st = streams_timeout();
    if (st >= 0 && (timeout < 0 || st < timeout)) timeout = st;
    streams_fds(fds + 7);
    fds[4].fd = s.board.serial.fd;
    fds[4].events = (short)(POLLIN | (s.board.serial.used ? POLLOUT : 0));
    int r = poll(fds, 7 + STREAMS_FDS, timeout);
    if (r < 0 && errno != EINTR) {
      perror("poll");
      return 1;
    }
    station_resolved(&s); /* answers that came, tries that timed out */
    if (r <= 0) continue;
    if (fds[0].revents & (POLLIN | POLLERR)) receive_datagrams(&s);
    for (int c = 0; c < 2; c++) if (fds[1 + c].revents & (POLLIN | POLLERR)) media_receive(&s, c);
    if (fds[3].revents & POLLIN) media_clock(&s);
    streams_ready(&s, fds + 7);
    if (fds[4].fd >= 0 && fds[4].revents & (POLLIN | POLLHUP | POLLERR)) read_serial(&s);
    if (s.board.serial.fd >= 0 && fds[4].revents & POLLOUT) serial_flush(&s.board.serial);
    if (fds[5].fd >= 0 && fds[5].revents & (POLLIN | POLLHUP | POLLERR)) {
      int c = read_commands(&s);
      if (c == 1) break;
      if (c < 0) fds[5].fd = -1; /* input ended: keep running until a signal (as a service, its stdin is often /dev/null) */
    }
  }
  shut_down(&s);
  close(sock);
  resolver_close(&s.board.resolver);
  free(s.board.block);
  return 0;
}
