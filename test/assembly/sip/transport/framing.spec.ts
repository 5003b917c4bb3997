// Framing on a stream (RFC 3261 §18.3): whole messages by Content-Length,
// the compact form, the limits, and CRLF keepalives (RFC 5626 §3.5.1; RFC
// 3261 §7.5), first as pure functions, then through boardStreamData's entry
// point: a registrar's connection to the station (192.0.2.20:40000) offers
// OPTIONS requests, each answered 200 on the same stream.
import { frameMessage, keepaliveAt, FRAME_TOO_LARGE, FRAME_NO_LENGTH, KEEPALIVE_PING, KEEPALIVE_CRLF } from "../../../../assembly/sip/transport/framing";
import { RX_CAPACITY } from "../../../../assembly/sip/msg/buffers";
import { appStreamAccepted } from "../../../../assembly/app/stream-entry";
import { streamFind } from "../../../../assembly/sip/transport/streams";
import { ascii } from "../../msg/scratch";
import { REG, REG_LEN, useConfig, freshUa, from, REGISTRAR_ADDR } from "../../app/app-support";
import { freshStreams, offer, options, sentOn, count } from "./support";

const H = 7;
const MESSAGE = "MESSAGE sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.20;branch=z9hG4bKf\r\nContent-Length: 5\r\n\r\nhello";

function frame(s: string, cap: i32 = RX_CAPACITY): i32 { return frameMessage(ascii(s), s.length, cap); }

describe("framing by Content-Length (§18.3)", () => {
  it("a message ends where its Content-Length says, counted from the blank line", () => {
    expect(frame(MESSAGE + "INVITE sip:x")).toBe(MESSAGE.length);
  });

  it("the compact form l is a Content-Length (§7.3.3), whatever its case", () => {
    const s = "MESSAGE sip:door@192.0.2.10 SIP/2.0\r\nL : 2\r\n\r\nhi";
    expect(frame(s + "junk")).toBe(s.length);
  });

  it("a message whose body has not all arrived is not whole yet (0)", () => {
    expect(frame(MESSAGE.substring(0, MESSAGE.length - 1))).toBe(0);
  });

  it("headers without their blank line yet are not whole (0)", () => {
    expect(frame("OPTIONS sip:door@192.0.2.10 SIP/2.0\r\nContent-Length: 0\r\n")).toBe(0);
  });

  it("whole headers without Content-Length are FRAME_NO_LENGTH", () => {
    expect(frame("OPTIONS sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n")).toBe(FRAME_NO_LENGTH);
  });

  it("a Content-Length past the capacity is FRAME_TOO_LARGE before the body arrives", () => {
    expect(frame("MESSAGE sip:d@h SIP/2.0\r\nContent-Length: 200\r\n\r\nab", 100)).toBe(FRAME_TOO_LARGE);
  });

  it("headers that fill the capacity without ending are FRAME_TOO_LARGE", () => {
    expect(frame("MESSAGE sip:d@h SIP/2.0\r\nSubject: " + "x".repeat(80), 60)).toBe(FRAME_TOO_LARGE);
  });

  it("a double CRLF is a ping (RFC 5626 §3.5.1), a lone CRLF is skipped (§7.5)", () => {
    expect(keepaliveAt(ascii("\r\n\r\nOPTIONS"), 11)).toBe(KEEPALIVE_PING);
    expect(keepaliveAt(ascii("\r\nOPTIONS"), 9)).toBe(KEEPALIVE_CRLF);
    expect(keepaliveAt(ascii("OPTIONS"), 7)).toBe(0);
  });
});

describe("boardStreamData: what the firmware takes from an offer", () => {
  beforeEach(() => {
    expect(useConfig(REG, REG_LEN)).toBe(0);
    freshUa();
    freshStreams();
    from(REGISTRAR_ADDR, 40000);
    expect(appStreamAccepted(H, 0, 0)).toBe(1);
  });

  it("several messages in one offer are each handled, and all of them taken", () => {
    const two = options("z9hG4bKa") + options("z9hG4bKb");
    expect(offer(H, two, 10)).toBe(two.length);
    expect(count(sentOn(H), "SIP/2.0 200 OK")).toBe(2);
  });

  it("a partial message after a whole one: the count before it is returned, the partial left to the board", () => {
    const whole = options("z9hG4bKa");
    expect(offer(H, whole + options("z9hG4bKb").substring(0, 40), 10)).toBe(whole.length);
    expect(count(sentOn(H), "SIP/2.0 200 OK")).toBe(1);
  });

  it("a double CRLF is answered with a single CRLF and taken", () => {
    expect(offer(H, "\r\n\r\n", 10)).toBe(4);
    expect(sentOn(H)).toBe("\r\n");
  });

  it("a lone CRLF between messages is skipped, unanswered", () => {
    const s = options("z9hG4bKa") + "\r\n" + options("z9hG4bKb");
    expect(offer(H, s, 10)).toBe(s.length);
    const out = sentOn(H);
    expect(count(out, "SIP/2.0 200 OK")).toBe(2);
    expect(out.startsWith("\r\n")).toBeFalsy();
  });

  it("a request without Content-Length is answered 400 on its stream, then the stream is closed (-1)", () => {
    const s = "OPTIONS sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.20:5060;branch=z9hG4bKn\r\nMax-Forwards: 70\r\n" +
      "From: <sip:p@example.com>;tag=1\r\nTo: <sip:door@example.com>\r\nCall-ID: n@h\r\nCSeq: 1 OPTIONS\r\n\r\n";
    expect(offer(H, s, 10)).toBe(-1);
    expect(sentOn(H).startsWith("SIP/2.0 400 ")).toBeTruthy();
    expect(streamFind(H)).toBe(-1);
  });

  it("a message longer than rxCapacity closes the stream (-1)", () => {
    const s = "MESSAGE sip:door@192.0.2.10 SIP/2.0\r\nContent-Length: " + RX_CAPACITY.toString() + "\r\n\r\n";
    expect(offer(H, s, 10)).toBe(-1);
    expect(streamFind(H)).toBe(-1);
  });
});
