/* What the board prints on stdout: one JSON object per line, "t" (ms since
 * start-up) first, in the same form as `intercom sim` (host/sim/events.ts
 * eventJson), so that scripts and tests read either. Extra lines on request:
 * datagrams (--trace) and outputs (--gpio). */
#include <stdio.h>
#include "lines.h"
#include "event-forms.h"

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

/* One field of an event as its form says (event-forms.h, generated from
 * assembly/board/vocabulary.json): a number, a boolean (1 is true), or a name
 * from its enum (the number itself where the enum has none, as host/sim/events.ts). */
static void field(const struct field_form* f, int v) {
  if (f->render == FIELD_NONE) return;
  printf(",\"%s\":", f->key);
  if (f->render == FIELD_BOOL) fputs(v == 1 ? "true" : "false", stdout);
  else if (f->render == FIELD_NAME && v >= 0 && v < f->count && f->names[v]) json_text(f->names[v]);
  else printf("%d", v);
}

static void end_line(void) {
  fputs("}\n", stdout);
  fflush(stdout);
}

void line_event(uint32_t t, int kind, int a, int b) {
  printf("{\"t\":%u", t);
  const struct event_form* form = 0;
  for (int i = 0; i < EVENT_FORM_COUNT; i++) {
    if (EVENT_FORMS[i].kind == kind) form = &EVENT_FORMS[i];
  }
  if (form) {
    fputs(",\"event\":", stdout);
    json_text(form->event);
    field(&form->a, a);
    field(&form->b, b);
  } else {
    printf(",\"event\":\"unknown\",\"kind\":%d,\"a\":%d,\"b\":%d", kind, a, b);
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

/* A line about the board itself, as `intercom sim` prints it: {"event":"warning","message":...}. */
void line_warning(uint32_t t, const char* message) {
  printf("{\"t\":%u,\"event\":\"warning\",\"message\":", t);
  json_text(message);
  end_line();
}

void line_datagram(uint32_t t, const char* dir, const char* host, unsigned port, const uint8_t* data, size_t len) {
  printf("{\"t\":%u,\"event\":\"datagram\",\"dir\":\"%s\",\"host\":", t, dir);
  json_text(host);
  printf(",\"port\":%u,\"data\":", port);
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

void line_stats(uint32_t t, unsigned transactions, unsigned dropped, long serial_dropped) {
  printf("{\"t\":%u,\"stats\":{\"transactions\":%u,\"dropped\":%u", t, transactions, dropped);
  if (serial_dropped >= 0) printf(",\"serialDropped\":%ld", serial_dropped);
  printf("}}\n");
  fflush(stdout);
}
