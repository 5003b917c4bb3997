/* The commands on stdin, one per line, as `intercom sim` reads them:
 *   key K       a keypad key (0-9, *, #): pressed
 *   button N    call button N (0-7): pressed, released 60 ms later
 *   hangup      the hang-up key: pressed, released 60 ms later
 *   input N L   input N (0: the door sensor) at level L (0/1)
 *   quit        stop
 * Anything else is answered with an "error" line that says what is known. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "native.h"

#define KEY_BUTTON 0x100
#define KEY_HANGUP 0x108
#define PRESS_MS 60
#define PENDING 16

static struct { int key; uint32_t at; bool used; } pending[PENDING];

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool all_digits(const char* s) {
  if (!*s) return false;
  for (; *s; s++) if (*s < '0' || *s > '9') return false;
  return true;
}

/* A press as a finger makes it: down now, up 60 ms later (the firmware debounces). */
static void press(station_t* s, int key) {
  station_key(s, key, 1);
  for (int i = 0; i < PENDING; i++) {
    if (pending[i].used) continue;
    pending[i].used = true;
    pending[i].key = key;
    pending[i].at = clock_now() + PRESS_MS;
    return;
  }
  station_key(s, key, 0); /* more than 16 presses in 60 ms: release at once */
}

/* Milliseconds until the next release is due, -1 when none waits. */
int command_next_release(void) {
  int best = -1;
  uint32_t now = clock_now();
  for (int i = 0; i < PENDING; i++) {
    if (!pending[i].used) continue;
    int32_t left = (int32_t)(pending[i].at - now);
    if (left < 0) left = 0;
    if (best < 0 || left < best) best = left;
  }
  return best;
}

void command_release_due(station_t* s) {
  for (int i = 0; i < PENDING; i++) {
    if (pending[i].used && (int32_t)(pending[i].at - clock_now()) <= 0) {
      pending[i].used = false;
      station_key(s, pending[i].key, 0);
    }
  }
}

int command_line(station_t* s, char* line) {
  /* The trimmed line, for the error message. */
  while (is_space(*line)) line++;
  size_t n = strlen(line);
  while (n > 0 && is_space(line[n - 1])) line[--n] = 0;
  char copy[256];
  snprintf(copy, sizeof copy, "%s", line);
  char* words[3] = {"", "", ""};
  int count = 0;
  for (char* p = line; *p && count < 3;) {
    words[count++] = p;
    while (*p && !is_space(*p)) p++;
    if (*p) *p++ = 0;
    while (is_space(*p)) p++;
  }
  const char *cmd = words[0], *a = words[1], *b = words[2];
  if (!strcmp(cmd, "key") && strlen(a) == 1 && strchr("0123456789*#", a[0])) station_key(s, a[0], 1);
  else if (!strcmp(cmd, "button") && strlen(a) == 1 && a[0] >= '0' && a[0] <= '7') press(s, KEY_BUTTON + (a[0] - '0'));
  else if (!strcmp(cmd, "hangup")) press(s, KEY_HANGUP);
  else if (!strcmp(cmd, "input") && all_digits(a) && strlen(b) == 1 && (b[0] == '0' || b[0] == '1')) station_input(s, (int)strtoul(a, NULL, 10), b[0] - '0');
  else if (!strcmp(cmd, "stats")) station_stats(s);
  else if (!strcmp(cmd, "quit")) return 1;
  else if (*cmd) {
    char detail[320];
    snprintf(detail, sizeof detail, "%s (key K | button N | hangup | input N L | stats | quit)", copy);
    line_error(clock_now(), "unknown command: ", detail);
  }
  return 0;
}
