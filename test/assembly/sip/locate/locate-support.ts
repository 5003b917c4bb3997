// Helpers for the locator's specs: the mock board's resolver (test/assembly/
// board-mock.js keeps each board.resolve query for the spec to read and
// answer), answers written into the receive buffer in the binary form of
// docs/transports.md ("Names"), and candidates read back as text.
import { RX } from "../../../../assembly/sip/msg/buffers";
import { locateAnswer, locatePeer, locateCount, locateNext } from "../../../../assembly/sip/locate/locate";

@external("mock", "reset") export declare function mockReset(): void;
@external("mock", "setResolver") export declare function mockSetResolver(on: i32): void;
@external("mock", "queryCount") export declare function queryCount(): i32;
@external("mock", "queryType") export declare function queryType(i: i32): i32;
@external("mock", "queryId") export declare function queryId(i: i32): i32;
@external("mock", "queryName") declare function mockQueryName(i: i32, dst: usize, cap: i32): i32;

const SCRATCH: usize = memory.data(256);

/** `text` as ASCII in static memory that outlives the call (a configured name): its address. */
export function ascii(text: string): usize {
  for (let i = 0; i < text.length; i++) store<u8>(SCRATCH + <usize>i, <u8>text.charCodeAt(i));
  return SCRATCH;
}

/** Query i as "TYPE name" (A, AAAA, SRV, NAPTR). */
export function query(i: i32): string {
  const n = mockQueryName(i, SCRATCH + 128, 128);
  const t = queryType(i);
  const type = t == 1 ? "A" : t == 28 ? "AAAA" : t == 33 ? "SRV" : t == 35 ? "NAPTR" : t.toString();
  return type + " " + String.UTF8.decodeUnsafe(SCRATCH + 128, n);
}

/** Every query since the mock's reset, "," joined. */
export function queries(): string {
  let s = "";
  for (let i = 0; i < queryCount(); i++) s += (i > 0 ? "," : "") + query(i);
  return s;
}

// ---- answers, written at the front of the receive buffer ----
let at: i32 = 0;
let records: i32 = 0;
function put8(v: u32): void { store<u8>(RX + <usize>at, <u8>v); at++; }
function put16(v: u32): void { put8(v >> 8); put8(v & 255); }
function put32(v: u32): void { put16(v >> 16); put16(v & 0xffff); }
function putString(s: string): void { put8(s.length); for (let i = 0; i < s.length; i++) put8(s.charCodeAt(i)); }

export function answerBegin(): void { at = 0; records = 0; }
/** An A record: a.b.c.d (IPv4 mapped into the 16-octet form). */
export function addA(ttl: u32, a: u32, b: u32, c: u32, d: u32): void {
  put32(ttl);
  for (let i = 0; i < 10; i++) put8(0);
  put8(0xff); put8(0xff); put8(a); put8(b); put8(c); put8(d);
  records++;
}
/** An AAAA record 2001:db8::`last`. */
export function addAAAA(ttl: u32, last: u32): void {
  put32(ttl);
  put8(0x20); put8(0x01); put8(0x0d); put8(0xb8);
  for (let i = 0; i < 11; i++) put8(0);
  put8(last);
  records++;
}
export function addSrv(ttl: u32, priority: u32, weight: u32, port: u32, target: string): void {
  put32(ttl); put16(priority); put16(weight); put16(port); putString(target);
  records++;
}
export function addNaptr(ttl: u32, order: u32, preference: u32, flags: string, service: string, replacement: string): void {
  put32(ttl); put16(order); put16(preference); putString(flags); putString(service); putString(replacement);
  records++;
}
/** Answers query i with the records written since answerBegin (status 0), or with `status` and none; locateAnswer's result. */
export function answer(i: i32, now: u32 = 0, status: i32 = 0): i32 {
  return locateAnswer(queryId(i), status, status == 0 ? records : 0, now);
}

/** A peer (18 octets) as "a.b.c.d:port" (IPv4 mapped), else "[v6]:port" with the last octet only. */
export function peerText(p: usize): string {
  if (p == 0) return "none";
  const port = ((<u32>load<u8>(p + 16) << 8) | <u32>load<u8>(p + 17)).toString();
  if (load<u8>(p + 10) != 0xff) return "[2001:db8::" + load<u8>(p + 15).toString(16) + "]:" + port;
  return load<u8>(p + 12).toString() + "." + load<u8>(p + 13).toString() + "." + load<u8>(p + 14).toString() + "." + load<u8>(p + 15).toString() + ":" + port;
}

/** Every candidate of `which` in order, "," joined (walks with locateNext, which leaves the cursor on the first). */
export function candidates(which: i32): string {
  let s = "";
  for (let i = 0; i < locateCount(which); i++) {
    s += (i > 0 ? "," : "") + peerText(locatePeer(which));
    locateNext(which);
  }
  return s;
}
