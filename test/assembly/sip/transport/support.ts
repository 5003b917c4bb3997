// Helpers for the transport specs (RFC 3261 §18 over board ABI 5 streams):
// the mock board's stream side (board-mock.js), configuration blocks with a
// TCP registrar, and octets offered on a stream as the board would write them
// into the receive buffer. Tests may allocate; the firmware does not.
import { RX } from "../../../../assembly/sip/msg/buffers";
import { streamsReset } from "../../../../assembly/sip/transport/streams";
import { appStreamData } from "../../../../assembly/app/stream-entry";
import { text } from "../../msg/rx";
import { registrationStart, registrationReset } from "../../../../assembly/app/registration";
import { appEventsReset } from "../../../../assembly/app/events";
import { useConfig, freshUa } from "../../app/app-support";

@external("mock", "reset") export declare function mockReset(): void;
@external("mock", "setStreamOpenAnswer") export declare function mockOpenAnswer(h: i32): void;
@external("mock", "streamOpens") export declare function mockOpens(): i32;
@external("mock", "lastOpenPort") export declare function mockLastOpenPort(): i32;
@external("mock", "streamTake") declare function mockTake(handle: i32, dst: usize, cap: i32): i32;
@external("mock", "setStreamSendFails") export declare function mockSendFails(on: i32): void;
@external("mock", "streamCloses") export declare function mockCloses(): i32;
@external("mock", "lastClosed") export declare function mockLastClosed(): i32;

const TAKE: usize = memory.data(8192);

/** What the firmware sent on stream `handle` since the last look, as text. */
export function sentOn(handle: i32): string {
  const n = mockTake(handle, TAKE, 8192);
  return text(TAKE, TAKE + <usize>n);
}

/** A fresh mock board and an empty stream table. */
export function freshStreams(): void {
  mockReset();
  streamsReset();
}

/** The board offers `s` on stream `handle` at `now` (written at RX, as boardStreamData finds it): what the firmware took, or -1. */
export function offer(handle: i32, s: string, now: u32): i32 {
  for (let i = 0; i < s.length; i++) store<u8>(RX + <usize>i, <u8>s.charCodeAt(i));
  return appStreamData(handle, s.length, now);
}

/** Configured with the block [p, p+len) (its registrar over a stream), registering from 0 on a fresh mock board. */
export function startRegistering(p: usize, len: i32): void {
  expect(useConfig(p, len)).toBe(0);
  freshUa();
  freshStreams();
  registrationReset();
  appEventsReset();
  registrationStart(0);
}

/** The header line `name: ...` of `msg`, whole. */
export function headerLine(msg: string, name: string): string {
  const at = msg.indexOf("\r\n" + name + ": ");
  return at < 0 ? "" : msg.substring(at + 2, msg.indexOf("\r\n", at + 2));
}

/** The registrar's 200 to the REGISTER `req`, granting 600 s (its Via as sent). */
export function registerOk(req: string): string {
  return "SIP/2.0 200 OK\r\n" + headerLine(req, "Via") + "\r\n" + headerLine(req, "From") + "\r\n" + headerLine(req, "To") + ";tag=r1\r\n" +
    headerLine(req, "Call-ID") + "\r\n" + headerLine(req, "CSeq") + "\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n";
}

/** An OPTIONS outside any dialog from the registrar (answered 200 without a transaction, §11.2), its body `body`. */
export function options(branch: string, body: string = ""): string {
  return "OPTIONS sip:door@192.0.2.10 SIP/2.0\r\n" +
    "Via: SIP/2.0/TCP 192.0.2.20:5060;branch=" + branch + "\r\n" +
    "Max-Forwards: 70\r\n" +
    "From: <sip:proxy@example.com>;tag=p1\r\n" +
    "To: <sip:door@example.com>\r\n" +
    "Call-ID: " + branch + "@192.0.2.20\r\n" +
    "CSeq: 1 OPTIONS\r\n" +
    "Content-Length: " + body.length.toString() + "\r\n\r\n" + body;
}

/** How many SIP responses with status `line` ("SIP/2.0 200 OK") the text holds. */
export function count(s: string, line: string): i32 {
  let n = 0;
  for (let at = s.indexOf(line); at >= 0; at = s.indexOf(line, at + 1)) n++;
  return n;
}

// TCP_REG (made by host/config.ts): {"user":"door","domain":"example.com","registrar":{"host":"192.0.2.20","port":5060,"transport":"tcp"},"backupRegistrar":{"host":"192.0.2.21","port":5062},"registerExpiry":600,"keepaliveInterval":0}
export const TCP_REG_LEN = 129;
export const TCP_REG = memory.data<u8>([
  0x44, 0x49, 0x43, 0x31, 0x01, 0x00, 0x73, 0x00, 0x00, 0x00, 0xf0, 0x5f, 0xfd, 0x70, 0x01, 0x04,
  0x00, 0x64, 0x6f, 0x6f, 0x72, 0x04, 0x0b, 0x00, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
  0x63, 0x6f, 0x6d, 0x10, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x14, 0x11, 0x02, 0x00, 0xc4, 0x13, 0x2e,
  0x01, 0x00, 0x01, 0x12, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x15, 0x13, 0x02, 0x00, 0xc6, 0x13, 0x14,
  0x02, 0x00, 0xc4, 0x13, 0x15, 0x04, 0x00, 0x58, 0x02, 0x00, 0x00, 0x16, 0x02, 0x00, 0x00, 0x00,
  0x17, 0x01, 0x00, 0x03, 0x18, 0x01, 0x00, 0x23, 0x19, 0x02, 0x00, 0x00, 0x7d, 0x1a, 0x01, 0x00,
  0x03, 0x1b, 0x02, 0x00, 0x3c, 0x00, 0x1c, 0x01, 0x00, 0x00, 0x1d, 0x02, 0x00, 0x5b, 0x02, 0x1e,
  0x01, 0x00, 0x00, 0x1f, 0x02, 0x00, 0x78, 0x00, 0x20, 0x01, 0x00, 0x00, 0x21, 0x02, 0x00, 0x1e,
  0x00,
]);

// TLS_REG: {"user":"door","domain":"example.com","registrar":{"host":"192.0.2.20","port":5061,"transport":"tls"},"keepaliveInterval":0}
export const TLS_REG_LEN = 117;
export const TLS_REG = memory.data<u8>([
  0x44, 0x49, 0x43, 0x31, 0x01, 0x00, 0x67, 0x00, 0x00, 0x00, 0xdc, 0xcb, 0x08, 0xae, 0x01, 0x04,
  0x00, 0x64, 0x6f, 0x6f, 0x72, 0x04, 0x0b, 0x00, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
  0x63, 0x6f, 0x6d, 0x10, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x14, 0x11, 0x02, 0x00, 0xc5, 0x13, 0x2e,
  0x01, 0x00, 0x02, 0x14, 0x02, 0x00, 0xc4, 0x13, 0x15, 0x04, 0x00, 0x58, 0x02, 0x00, 0x00, 0x16,
  0x02, 0x00, 0x00, 0x00, 0x17, 0x01, 0x00, 0x03, 0x18, 0x01, 0x00, 0x23, 0x19, 0x02, 0x00, 0x00,
  0x7d, 0x1a, 0x01, 0x00, 0x03, 0x1b, 0x02, 0x00, 0x3c, 0x00, 0x1c, 0x01, 0x00, 0x00, 0x1d, 0x02,
  0x00, 0x5b, 0x02, 0x1e, 0x01, 0x00, 0x00, 0x1f, 0x02, 0x00, 0x78, 0x00, 0x20, 0x01, 0x00, 0x00,
  0x21, 0x02, 0x00, 0x1e, 0x00,
]);
