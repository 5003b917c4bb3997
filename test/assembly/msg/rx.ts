// Test helpers for the message-level specs: write a datagram into RX, read
// recorded fields, the verdict's reason phrase and the built message back as
// strings. Tests may allocate; the parser itself does not.
import { RX, TX } from "../../../assembly/sip/msg/buffers";
import { parseMessage } from "../../../assembly/sip/msg/parser";
import { fieldStart, fieldLength, reasonPtr, reasonLength } from "../../../assembly/sip/msg/message";
import { txLength } from "../../../assembly/sip/msg/writer";

/** Writes the ASCII string s at the start of RX; returns its length. */
export function loadRx(s: string): i32 {
  for (let i = 0; i < s.length; i++) store<u8>(RX + <usize>i, <u8>s.charCodeAt(i));
  return s.length;
}

/** Loads s into RX and parses it; returns the verdict. */
export function parse(s: string): i32 {
  return parseMessage(loadRx(s));
}

/** The bytes [p, end) as a string. */
export function text(p: usize, end: usize): string {
  let s = "";
  for (let q = p; q < end; q++) s += String.fromCharCode(load<u8>(q));
  return s;
}

/** A recorded field of the message in RX, or "<absent>". */
export function fieldText(id: i32): string {
  const start = fieldStart(id);
  if (start < 0) return "<absent>";
  return text(RX + <usize>start, RX + <usize>(start + fieldLength(id)));
}

/** The reason phrase of the verdict. */
export function reasonText(): string {
  return text(reasonPtr(), reasonPtr() + <usize>reasonLength());
}

/** The message built in TX ("" when it overflowed). */
export function txText(): string {
  const n = txLength();
  return n < 0 ? "" : text(TX, TX + <usize>n);
}

/** The lines of the message in TX (without their CRLF). */
export function txLines(): string[] {
  return txText().split("\r\n");
}

/** The values of every "Name: value" line of TX with that name, joined by "|". */
export function txValues(name: string): string {
  const lines = txLines();
  const prefix = name + ": ";
  let out = "";
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith(prefix)) continue;
    if (!first) out += "|";
    out += lines[i].substring(prefix.length);
    first = false;
  }
  return first ? "<absent>" : out;
}
