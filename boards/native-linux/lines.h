/* What the native board prints on stdout (lines.c): one JSON object per line,
 * each with "t" (ms since start-up) first, in the same form as `intercom sim`.
 * Apart from the module, so that a test can build the printer alone. */
#ifndef LINES_H
#define LINES_H
#include <stdint.h>
#include <stddef.h>

void line_event(uint32_t t, int kind, int a, int b);
void line_listening(uint32_t t, const char* host, unsigned port);
void line_error(uint32_t t, const char* message, const char* detail);
void line_warning(uint32_t t, const char* message);
/* host: the peer's address as text (net_text), port: its port. */
void line_datagram(uint32_t t, const char* dir, const char* host, unsigned port, const uint8_t* data, size_t len);
void line_output(uint32_t t, int id, int on);
/* serial_dropped: the octets the serial queue dropped, or -1 (no --serial: not printed). */
void line_stats(uint32_t t, unsigned transactions, unsigned dropped, long serial_dropped);
void line_fault(uint32_t t, const char* what, const char* message, unsigned line, unsigned column);

#endif
