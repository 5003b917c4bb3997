/* What the board prints on stdout: one JSON object per line, "t" (ms since
 * start-up) first, in the same form as `intercom sim` (host/sim/events.ts
 * eventJson), so that scripts and tests read either. Extra lines on request:
 * datagrams (--trace) and outputs (--gpio). */
#include <stdio.h>
#include <arpa/inet.h>
#include "native.h"

static const char* const CALL[] = {"", "dialing", "ringing", "connected", "ended", "failed"};
static const char* const INCOMING[] = {"refused", "answered", "ringing"};
static const char* const CONFIG[] = {"loaded", "none: safe defaults", "refused: safe defaults"};
static const char* const TRANSFER[] = {"refused", "calling", "connected", "failed", "ended"};
static const char* const ALARM[] = {"", "door-held-open", "keypad-locked", "call-unanswered"};
static const char* const PRESENCE[] = {"failed", "idle", "busy", "removed"};

/* A JSON string: quotes, backslashes and every octet outside 0x20..0x7e escaped (octets as U+0000..U+00FF). */
static void json_string(const uint8_t* s, size_t n) {
  putchar('"');
  for (size_t i = 0; i < n; i++) {
    uint8_t c = s[i];
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c == '\n') fputs("\\n", stdout);
    else if (c == '\r') fputs("\\r", stdout);
    else if (c == '\t') fputs("\\t", stdout);
    else if (c < 0x20 || c > 0x7e) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void json_text(const char* s) {
  size_t n = 0;
  while (s[n]) n++;
  json_string((const uint8_t*)s, n);
}

/* A name from a table, or the number itself when it is outside (as `TABLE[a] ?? a`). */
static void named(const char* key, const char* const* table, int size, int a) {
  printf(",\"%s\":", key);
  if (a >= 0 && a < size) json_text(table[a]);
  else printf("%d", a);
}

static void end_line(void) {
  fputs("}\n", stdout);
  fflush(stdout);
}

void line_event(uint32_t t, int kind, int a, int b) {
  printf("{\"t\":%u", t);
  switch (kind) {
    case 1: printf(",\"event\":\"registered\",\"registrar\":\"%s\",\"expires\":%d", a == 0 ? "primary" : "backup", b); break;
    case 2: printf(",\"event\":\"unregistered\",\"code\":%d,\"retryIn\":%d", a, b); break;
    case 3: printf(",\"event\":\"failover\",\"registrar\":\"%s\"", a == 0 ? "primary" : "backup"); break;
    case 4: fputs(",\"event\":\"call\"", stdout); named("state", CALL, 6, a); printf(",\"code\":%d", b); break;
    case 5: printf(",\"event\":\"relay\",\"relay\":%d,\"on\":%s", a, b == 1 ? "true" : "false"); break;
    case 6: printf(",\"event\":\"door\",\"open\":%s", a == 1 ? "true" : "false"); break;
    case 7: fputs(",\"event\":\"door-held-open\"", stdout); break;
    case 8: printf(",\"event\":\"lockout\",\"locked\":%s,\"seconds\":%d", a == 1 ? "true" : "false", b); break;
    case 9: fputs(",\"event\":\"dtmf-sent\"", stdout); break;
    case 10: printf(",\"event\":\"dtmf-received\",\"digits\":%d", a); break;
    case 11: printf(",\"event\":\"code-wrong\",\"where\":\"%s\"", a == 0 ? "call" : "keypad"); break;
    case 12: fputs(",\"event\":\"config\"", stdout); named("state", CONFIG, 3, a); break;
    case 13: fputs(",\"event\":\"incoming\"", stdout); named("outcome", INCOMING, 3, a); printf(",\"code\":%d", b); break;
    case 14: printf(",\"event\":\"keepalive-lost\",\"count\":%d", a); break;
    case 15: fputs(",\"event\":\"transfer\"", stdout); named("state", TRANSFER, 5, a); printf(",\"code\":%d", b); break;
    case 16: printf(",\"event\":\"subscribers\",\"count\":%d", a); break;
    case 18: fputs(",\"event\":\"presence\"", stdout); named("state", PRESENCE, 4, a); printf(",\"code\":%d", b); break;
    case 17: fputs(",\"event\":\"alarm\"", stdout); named("alarm", ALARM, a >= 1 ? 4 : 0, a); printf(",\"code\":%d", b); break;
    default: printf(",\"event\":\"unknown\",\"kind\":%d,\"a\":%d,\"b\":%d", kind, a, b); break;
  }
  end_line();
}

void line_listening(uint32_t t, const char* host, unsigned port) {
  printf("{\"t\":%u,\"event\":\"listening\",\"host\":", t);
  json_text(host);
  printf(",\"port\":%u", port);
  end_line();
}

void line_error(uint32_t t, const char* message, const char* detail) {
  printf("{\"t\":%u,\"event\":\"error\",\"message\":", t);
  char text[512];
  snprintf(text, sizeof text, "%s%s", message, detail);
  json_text(text);
  end_line();
}

void line_datagram(uint32_t t, const char* dir, const struct sockaddr_in* peer, const uint8_t* data, size_t len) {
  printf("{\"t\":%u,\"event\":\"datagram\",\"dir\":\"%s\",\"host\":\"%s\",\"port\":%u,\"data\":", t, dir, inet_ntoa(peer->sin_addr), ntohs(peer->sin_port));
  json_string(data, len);
  end_line();
}

void line_output(uint32_t t, int id, int on) {
  printf("{\"t\":%u,\"event\":\"output\",\"output\":%d,\"on\":%s}\n", t, id, on ? "true" : "false");
  fflush(stdout);
}

void line_fault(uint32_t t, const char* what, const char* message, unsigned line, unsigned column) {
  printf("{\"t\":%u,\"event\":\"%s\",\"message\":", t, what);
  json_text(message);
  if (line || column) printf(",\"line\":%u,\"column\":%u", line, column);
  end_line();
}

void line_stats(uint32_t t, unsigned transactions, unsigned dropped) {
  printf("{\"t\":%u,\"stats\":{\"transactions\":%u,\"dropped\":%u}}\n", t, transactions, dropped);
  fflush(stdout);
}
