// DTMF carried in SIP INFO (RFC 6086 as used in practice), both ways.
//   application/dtmf-relay: lines "Name=value" ("Signal=5\r\nDuration=160\r\n"),
//     CRLF or LF, spaces around '=', any order, unknown lines ignored, names
//     case-insensitive; exactly one Signal: 0-9 * # A-D, or 10 for * and 11 for #.
//   application/dtmf: the keys themselves ("5", "123#"), whitespace ignored.
// decodeDtmf fills a static list of keys (ASCII, A-D upper case); a body that
// is malformed in any way yields no key at all. Keys are never logged.
import { inMemory } from "./bounds";
import { door } from "./state";

export const DTMF_RELAY = 0;
export const DTMF_PLAIN = 1;
/** Keys one body may carry; a body with more is refused. */
export const DTMF_MAX = 32;
/** Longest body looked at; a longer one is refused. */
export const DTMF_BODY_MAX = 512;

const KEYS: usize = memory.data(DTMF_MAX);
// How many it holds is DoorState.dtmfKeys (door/state.ts).

/** The key `c` (a-d taken as A-D) if it is a DTMF key 0-9 * # A-D, else 0. */
function key(c: u32): u32 {
  if (c >= 0x61 && c <= 0x64) c -= 0x20;
  if ((c >= 0x30 && c <= 0x39) || c == 0x2a || c == 0x23 || (c >= 0x41 && c <= 0x44)) return c;
  return 0;
}

function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0d || c == 0x0a;
}

function push(c: u32): bool {
  const d = door();
  if (<i32>d.dtmfKeys >= DTMF_MAX) return false;
  store<u8>(KEYS + <usize>d.dtmfKeys, <u8>c);
  d.dtmfKeys++;
  return true;
}

function decodePlain(body: usize, len: i32): bool {
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u8>(body + <usize>i);
    if (isSpace(c)) continue;
    const k = key(c);
    if (k == 0 || !push(k)) return false;
  }
  return true;
}

/** Whether [p, p+n) is "signal" in any case. */
function isSignal(p: usize, n: i32): bool {
  const word = changetype<usize>("signal");
  if (n != 6) return false;
  for (let i = 0; i < 6; i++) {
    if ((<u32>load<u8>(p + <usize>i) | 0x20) != <u32>load<u16>(word + (<usize>i << 1))) return false;
  }
  return true;
}

/** The key a Signal value [p, p+n) stands for, 0 when it is not one. */
function signalValue(p: usize, n: i32): u32 {
  if (n == 1) return key(<u32>load<u8>(p));
  if (n == 2 && load<u8>(p) == 0x31) {
    const c = load<u8>(p + 1);
    if (c == 0x30) return 0x2a; // 10: *
    if (c == 0x31) return 0x23; // 11: #
  }
  return 0;
}

function decodeRelay(body: usize, len: i32): bool {
  let signal: u32 = 0;
  let line = 0;
  while (line < len) {
    let end = line;
    while (end < len && load<u8>(body + <usize>end) != 0x0a) end++;
    let eq = line;
    while (eq < end && load<u8>(body + <usize>eq) != 0x3d) eq++;
    if (eq < end) {
      let a = line;
      let b = eq;
      while (a < b && isSpace(<u32>load<u8>(body + <usize>a))) a++;
      while (b > a && isSpace(<u32>load<u8>(body + <usize>(b - 1)))) b--;
      if (isSignal(body + <usize>a, b - a)) {
        let v = eq + 1;
        let w = end;
        while (v < w && isSpace(<u32>load<u8>(body + <usize>v))) v++;
        while (w > v && isSpace(<u32>load<u8>(body + <usize>(w - 1)))) w--;
        const k = signalValue(body + <usize>v, w - v);
        if (k == 0 || signal != 0) return false; // not a key, or a second Signal
        signal = k;
      }
    }
    line = end + 1;
  }
  return signal != 0 && push(signal);
}

/**
 * Decodes an INFO body of `type` DTMF_RELAY (application/dtmf-relay) or
 * DTMF_PLAIN (application/dtmf): the number of keys (read with dtmfDigit), 0
 * when the body holds none or is malformed.
 */
export function decodeDtmf(type: i32, body: usize, len: i32): i32 {
  const d = door();
  d.dtmfKeys = 0;
  if (len <= 0 || len > DTMF_BODY_MAX || !inMemory(body, len)) return 0;
  let ok = false;
  if (type == DTMF_RELAY) ok = decodeRelay(body, len);
  else if (type == DTMF_PLAIN) ok = decodePlain(body, len);
  if (!ok) d.dtmfKeys = 0;
  return d.dtmfKeys;
}

/** Key i of the last body decoded (ASCII), 0 out of range. */
export function dtmfDigit(i: i32): u32 {
  return <u32>i < <u32>door().dtmfKeys ? <u32>load<u8>(KEYS + <usize>i) : 0;
}

/** Copies the ASCII literal at `literal` to dst + at; the new position. */
function put(dst: usize, at: i32, literal: usize): i32 {
  const n = <i32>(load<u32>(literal - 4) >> 1);
  for (let i = 0; i < n; i++) store<u8>(dst + <usize>(at + i), <u8>load<u16>(literal + (<usize>i << 1)));
  return at + n;
}

function decimalLength(v: u32): i32 {
  let n = 1;
  while (v >= 10) {
    v /= 10;
    n++;
  }
  return n;
}

/** "Signal=<key>\r\nDuration=<ms>\r\n" at dst: its length, -1 when the key is not one or it does not fit in `cap`. */
export function writeDtmfRelay(digit: u32, durationMs: u32, dst: usize, cap: i32): i32 {
  const k = key(digit);
  const digits = decimalLength(durationMs);
  const total = 7 + 1 + 2 + 9 + digits + 2;
  if (k == 0 || total > cap || !inMemory(dst, cap)) return -1;
  let at = put(dst, 0, changetype<usize>("Signal="));
  store<u8>(dst + <usize>at, <u8>k);
  at = put(dst, at + 1, changetype<usize>("\r\nDuration="));
  let v = durationMs;
  for (let i = digits - 1; i >= 0; i--) {
    store<u8>(dst + <usize>(at + i), <u8>(0x30 + v % 10));
    v /= 10;
  }
  at = put(dst, at + digits, changetype<usize>("\r\n"));
  return at;
}

/** The application/dtmf body for one key at dst: 1, or -1 when the key is not one or cap < 1. */
export function writeDtmf(digit: u32, dst: usize, cap: i32): i32 {
  const k = key(digit);
  if (k == 0 || cap < 1 || !inMemory(dst, cap)) return -1;
  store<u8>(dst, <u8>k);
  return 1;
}
