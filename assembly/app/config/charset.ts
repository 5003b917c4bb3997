// The characters each text field of the configuration may hold
// (docs/config.md, "Texts"). Pure checks over [p, p+len); nothing is copied.

// The sets' names, ids and the rule each quotes are declared in host/config.schema.json's
// "x-charsets" (generated into schema.generated.ts); the checks are here.
import { CS_USER, CS_AUTH, CS_PASSWORD, CS_HOST, CS_DISPLAY, CS_URI, CS_DOOR_CODE, CS_DIGITS, CS_CALLER } from "./schema.generated";

function isDigit(c: u32): bool { return c - 0x30 < 10; }
function isAlnum(c: u32): bool { return isDigit(c) || (c | 0x20) - 0x61 < 26; }
function isHex(c: u32): bool { return isDigit(c) || (c | 0x20) - 0x61 < 6; }

/** unreserved mark "-_.!~*'()" or user-unreserved "&=+$,;?/" */
function isUserMark(c: u32): bool {
  return c == 0x2d || c == 0x5f || c == 0x2e || c == 0x21 || c == 0x7e || c == 0x2a || c == 0x27 ||
    c == 0x28 || c == 0x29 || c == 0x26 || c == 0x3d || c == 0x2b || c == 0x24 || c == 0x2c ||
    c == 0x3b || c == 0x3f || c == 0x2f;
}

function userOk(p: usize, len: i32): bool {
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c == 0x25) {
      if (i + 2 >= len || !isHex(<u32>load<u8>(p + <usize>i + 1)) || !isHex(<u32>load<u8>(p + <usize>i + 2))) return false;
      i += 2;
    } else if (!isAlnum(c) && !isUserMark(c)) return false;
  }
  return true;
}

function hostOk(p: usize, len: i32): bool {
  let label = 0;
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c == 0x2e) {
      if (label == 0 || load<u8>(p + <usize>i - 1) == 0x2d) return false;
      label = 0;
    } else if (isAlnum(c) || c == 0x2d) {
      if (c == 0x2d && label == 0) return false;
      if (++label > 63) return false;
    } else return false;
  }
  return label > 0 && load<u8>(p + <usize>len - 1) != 0x2d;
}

/** The length of the "sip:" or "sips:" prefix at p, 0 when there is none. */
export function schemeLength(p: usize, len: i32): i32 {
  if (len >= 4 && load<u8>(p) == 0x73 && load<u8>(p + 1) == 0x69 && load<u8>(p + 2) == 0x70) {
    if (load<u8>(p + 3) == 0x3a) return 4;
    if (len >= 5 && load<u8>(p + 3) == 0x73 && load<u8>(p + 4) == 0x3a) return 5;
  }
  return 0;
}

function uriOk(p: usize, len: i32): bool {
  const s = schemeLength(p, len);
  if (s == 0 || s == len) return false;
  for (let i = s; i < len; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c <= 0x20 || c >= 0x7f || c == 0x3c || c == 0x3e || c == 0x22 || c == 0x60 || c == 0x5c) return false;
  }
  return true;
}

function eachIn(p: usize, len: i32, lo: u32, hi: u32, quoteOk: bool, highOk: bool): bool {
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c >= 0x80 && highOk) continue;
    if (c < lo || c > hi) return false;
    if (!quoteOk && (c == 0x22 || c == 0x5c)) return false;
  }
  return true;
}

function codeOk(p: usize, len: i32, starOk: bool): bool {
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (!isDigit(c) && !(starOk && c == 0x2a)) return false;
  }
  return true;
}

/** Whether the `len` octets at p are all allowed by charset `cs`. */
export function charsetOk(cs: i32, p: usize, len: i32): bool {
  switch (cs) {
    case CS_USER: return userOk(p, len);
    case CS_AUTH: return eachIn(p, len, 0x21, 0x7e, false, false);
    case CS_PASSWORD: return eachIn(p, len, 0x20, 0x7e, true, false);
    case CS_HOST: return hostOk(p, len);
    case CS_DISPLAY: return eachIn(p, len, 0x20, 0x7e, false, true);
    case CS_URI: return uriOk(p, len);
    case CS_DOOR_CODE: return codeOk(p, len, true);
    case CS_DIGITS: return codeOk(p, len, false);
    case CS_CALLER: return schemeLength(p, len) > 0 ? uriOk(p, len) : userOk(p, len);
  }
  return false;
}
