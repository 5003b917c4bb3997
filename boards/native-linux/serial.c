/* The provisioning UART of the native board (--serial PATH, docs/serial-agent.md):
 * a tty or pseudo-terminal opened in raw mode, 8N1, at --baud (default 115200).
 * The main loop polls it: what arrives goes to the firmware's agent
 * (station_serial, in pieces of serialCapacity() octets), and what the agent
 * gives board.serialWrite waits in a bounded queue that the loop writes
 * without blocking. Without --serial, serialWrite drops the octets (board ABI 4). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "native.h"

/* How long a reboot waits for the queue to reach the line at most: a port nobody reads never drains. */
#define DRAIN_MS 2000

static const struct { unsigned long rate; speed_t code; } rates[] = {
  {9600, B9600}, {19200, B19200}, {38400, B38400}, {57600, B57600}, {115200, B115200},
  {230400, B230400}, {460800, B460800}, {921600, B921600},
};

static speed_t rate_code(unsigned long baud) {
  for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) if (rates[i].rate == baud) return rates[i].code;
  return B0;
}

int serial_baud(unsigned long baud) {
  return rate_code(baud) == B0 ? -1 : 0;
}

int serial_open(serial_t* p, const char* path, unsigned long baud) {
  p->given = true;
  p->fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (p->fd < 0) {
    fprintf(stderr, "--serial: cannot open %s: %s (give a tty such as /dev/ttyUSB0, or a pseudo-terminal socat made)\n", path, strerror(errno));
    return -1;
  }
  struct termios t;
  if (tcgetattr(p->fd, &t) != 0) {
    fprintf(stderr, "--serial: %s is not a terminal (%s): give a tty or a pseudo-terminal\n", path, strerror(errno));
    close(p->fd);
    p->fd = -1;
    return -1;
  }
  /* Raw: no line editing, echo or character translation; 8 data bits, no parity, 1 stop bit (termios(3)). */
  cfmakeraw(&t);
  t.c_cflag &= ~(tcflag_t)(PARENB | CSTOPB | CSIZE | CRTSCTS);
  t.c_cflag |= CS8 | CLOCAL | CREAD;
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  cfsetispeed(&t, rate_code(baud));
  cfsetospeed(&t, rate_code(baud));
  if (tcsetattr(p->fd, TCSANOW, &t) != 0) {
    fprintf(stderr, "--serial: cannot set %s to raw 8N1 at %lu baud: %s\n", path, baud, strerror(errno));
    close(p->fd);
    p->fd = -1;
    return -1;
  }
  return 0;
}

void serial_queue(serial_t* p, const uint8_t* data, size_t len) {
  if (p->fd < 0) return;
  if (len > SERIAL_QUEUE) {
    /* More than the whole queue: only its last SERIAL_QUEUE octets can stay. */
    p->dropped += len - SERIAL_QUEUE;
    data += len - SERIAL_QUEUE;
    len = SERIAL_QUEUE;
  }
  size_t room = SERIAL_QUEUE - p->used;
  if (len > room) {
    size_t drop = len - room;
    p->head = (p->head + drop) % SERIAL_QUEUE;
    p->used -= drop;
    p->dropped += drop;
  }
  for (size_t i = 0; i < len; i++) p->queue[(p->head + p->used + i) % SERIAL_QUEUE] = data[i];
  p->used += len;
  serial_flush(p);
}

void serial_flush(serial_t* p) {
  while (p->fd >= 0 && p->used > 0) {
    size_t run = SERIAL_QUEUE - p->head;
    if (run > p->used) run = p->used;
    ssize_t n = write(p->fd, p->queue + p->head, run);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; /* EAGAIN: the line is busy; the loop polls for POLLOUT */
    p->head = (p->head + (size_t)n) % SERIAL_QUEUE;
    p->used -= (size_t)n;
  }
  if (p->used == 0) p->head = 0;
}

void serial_drain(serial_t* p) {
  uint32_t end = clock_now() + DRAIN_MS;
  while (p->fd >= 0 && p->used > 0 && (int32_t)(end - clock_now()) > 0) {
    struct pollfd fd = {.fd = p->fd, .events = POLLOUT};
    if (poll(&fd, 1, 50) > 0) serial_flush(p);
  }
  if (p->fd >= 0) tcdrain(p->fd);
}

/* board.serialWrite (board ABI 4): queued in order, never blocking. */
void Z_boardZ_serialWrite(struct Z_board_instance_t* b, u32 data, u32 len) {
  serial_queue(&b->serial, board_span(b, data, len, "serialWrite"), len);
}
