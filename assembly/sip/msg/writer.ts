// Builds messages into TX. Every write is bounds-checked: past the capacity
// nothing is written and the message is marked overflowed, so endMessage()
// reports -1 instead of a truncated message.

import { TX, TX_CAPACITY } from "./buffers";
import { methodName } from "./methods";
import { headerName } from "./header-names";

// The writer's cursor stays in two wasm globals, as a parser cursor would
// (issue 15): every octet of every message passes through it, and in static
// memory each access costs a load or store (3 KB more module, measured, as
// the writer's helpers grow past what the optimizer inlines). It is not kept
// between messages: txReset starts every one, so a fresh start is a txReset.
let length: i32 = 0;
let overflow: bool = false;

export function txReset(): void {
  length = 0;
  overflow = false;
}

export function txLength(): i32 { return overflow ? -1 : length; }
export function txOverflowed(): bool { return overflow; }

export function putByte(c: u32): void {
  if (length >= TX_CAPACITY) {
    overflow = true;
    return;
  }
  store<u8>(TX + <usize>length, <u8>c);
  length++;
}

export function putBytes(src: usize, len: i32): void {
  if (len <= 0) return;
  if (length + len > TX_CAPACITY) {
    overflow = true;
    return;
  }
  for (let i = 0; i < len; i++) store<u8>(TX + <usize>(length + i), load<u8>(src + <usize>i));
  length += len;
}

/** Writes an ASCII literal given by address (`changetype<usize>("...")`). */
export function putLiteral(literal: usize): void {
  const n = <usize>(load<u32>(literal - 4) >> 1);
  for (let i: usize = 0; i < n; i++) putByte(<u32>load<u16>(literal + (i << 1)));
}

/** Writes an ASCII literal. */
export function putString(s: string): void {
  for (let i = 0; i < s.length; i++) putByte(<u32>s.charCodeAt(i));
}

export function putNumber(n: u32): void {
  let div: u32 = 1;
  while (n / div >= 10) div *= 10;
  while (div > 0) {
    putByte(0x30 + (n / div) % 10);
    div /= 10;
  }
}

export function putCRLF(): void {
  putByte(0x0d);
  putByte(0x0a);
}

/** "Name: " */
export function putHeaderName(id: i32): void {
  putString(headerName(id));
  putByte(0x3a);
  putByte(0x20);
}

/** A whole header line: "Name: value" CRLF. */
export function putHeader(id: i32, value: usize, valueLen: i32): void {
  putHeaderName(id);
  putBytes(value, valueLen);
  putCRLF();
}

/** Request-Line (RFC 3261 §7.1): "METHOD Request-URI SIP/2.0" CRLF, for a method known by id. */
export function beginRequest(method: i32, uri: usize, uriLen: i32): void {
  txReset();
  putString(methodName(method));
  putByte(0x20);
  putBytes(uri, uriLen);
  putString(" SIP/2.0");
  putCRLF();
}

/** Status-Line (RFC 3261 §7.2): "SIP/2.0 code reason" CRLF. */
export function beginStatus(code: i32, reason: usize, reasonLen: i32): void {
  txReset();
  putString("SIP/2.0 ");
  putNumber(<u32>code);
  putByte(0x20);
  putBytes(reason, reasonLen);
  putCRLF();
}

/** Content-Length, the empty line and the body; returns the message length, or -1 when it did not fit. */
export function endMessage(body: usize, bodyLen: i32): i32 {
  putString("Content-Length: ");
  putNumber(<u32>max(bodyLen, 0));
  putCRLF();
  putCRLF();
  putBytes(body, bodyLen);
  return txLength();
}
