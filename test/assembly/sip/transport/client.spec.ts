// Client transactions and the transport (RFC 3261 §18.1.1, §17.1): a request
// over UDP larger than 1300 octets goes over TCP to the same address, with a
// TCP Via, once the stream opened; one of 1300 stays a datagram; a stream
// that fails ends its request as a timeout (Timer B/F). Requests go to
// 192.0.2.1:5060 (txn/support.ts).
import { outboxCount, outboxStream } from "../../../../assembly/sip/txn/outbox";
import { clientStreamOpened } from "../../../../assembly/sip/txn/client";
import { transactionsStreamGone } from "../../../../assembly/sip/txn/engine";
import { eventCount, eventKind, EV_TIMEOUT } from "../../../../assembly/sip/txn/events";
import { streamFind, streamMarkOpen } from "../../../../assembly/sip/transport/streams";
import { UDP_MAX } from "../../../../assembly/sip/transport/select";
import { fresh, request, start, tickAt, sent, sentPort, header } from "../../txn/support";
import { freshStreams, mockOpens, mockLastOpenPort } from "./support";

const H = 1; // the mock board's first handle

/** A MESSAGE of exactly `size` octets (a Subject pads it). */
function sized(size: i32): string {
  const base = request("MESSAGE", "z9hG4bKbig");
  const at = base.indexOf("Content-Length");
  const pad = size - base.length - 11; // "Subject: " and its CRLF
  return base.substring(0, at) + "Subject: " + "x".repeat(pad) + "\r\n" + base.substring(at);
}

describe("a large request goes over TCP (§18.1.1)", () => {
  beforeEach(() => {
    fresh();
    freshStreams();
  });

  it("a request of 1301 octets asks the board for a stream to the same address and waits for it", () => {
    expect(start(sized(UDP_MAX + 1))).toBeGreaterThanOrEqual(0);
    expect(mockOpens()).toBe(1);
    expect(mockLastOpenPort()).toBe(5060);
    expect(outboxCount()).toBe(0);
  });

  it("once the stream opened, the request goes on it with a TCP Via", () => {
    start(sized(UDP_MAX + 1));
    streamMarkOpen(streamFind(H), 0);
    clientStreamOpened(H);
    expect(outboxCount()).toBe(1);
    expect(outboxStream(0)).toBe(H);
    expect(sentPort(0)).toBe(5060);
    expect(header(sent(0), "Via").startsWith("SIP/2.0/TCP ")).toBeTruthy();
  });

  it("a request of 1300 octets stays a UDP datagram", () => {
    start(sized(UDP_MAX));
    expect(mockOpens()).toBe(0);
    expect(outboxCount()).toBe(1);
    expect(outboxStream(0)).toBe(0);
    expect(header(sent(0), "Via").startsWith("SIP/2.0/UDP ")).toBeTruthy();
  });

  it("a stream that fails ends its request as a timeout at the next tick (§8.1.3.1)", () => {
    start(sized(UDP_MAX + 1));
    transactionsStreamGone(H, 10);
    tickAt(10);
    expect(eventCount()).toBe(1);
    expect(eventKind(0)).toBe(EV_TIMEOUT);
  });
});
