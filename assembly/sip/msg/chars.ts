// Character classes of the RFC 3261 §25.1 grammar, one lookup per byte (a
// 32-bit word of class bits per byte value, and its low two bytes again in
// two byte tables). The tables are filled once at start-up from the ABNF's
// own character lists.

export const SP: u32 = 0x20;
export const HT: u32 = 0x09;
export const CR: u32 = 0x0d;
export const LF: u32 = 0x0a;
export const DQUOTE: u32 = 0x22;
export const BACKSLASH: u32 = 0x5c;

// Class bits. The first eight (the classes scanClass runs over) are also
// kept in a byte table and the next eight in a second one: a lookup there is
// one load with the table as its constant offset, where the 32-bit table
// needs the index scaled first (V8 does not fold the scaling into the load).

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const C_TOKEN: u32 = 1 << 0;
/** unreserved = alphanum / mark */
export const C_UNRESERVED: u32 = 1 << 1;
/** user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/" */
export const C_USER: u32 = 1 << 2;
/** param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$" */
export const C_PARAM: u32 = 1 << 3;
/** word (Call-ID) = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}") */
export const C_WORD: u32 = 1 << 4;
/** Bytes a quoted-string takes as they are (qdtext, §25.1): all but DQUOTE, "\\", 0x7f and controls other than HTAB, CR, LF. */
export const C_QDTEXT: u32 = 1 << 5;
/** gen-value written bare (not quoted): token characters, and ":" "[" "]" of IPv6 hosts (RFC 5118 §4.5). */
export const C_BARE_VALUE: u32 = 1 << 6;
/** userinfo = user [ ":" password ]: the union of both, with ":" (escapes scanned apart). */
export const C_USERINFO: u32 = 1 << 7;
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
export const C_PASSWORD: u32 = 1 << 8;
/** hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$" */
export const C_HNV: u32 = 1 << 9;
export const C_HEX: u32 = 1 << 10;
export const C_DIGIT: u32 = 1 << 11;
export const C_ALPHA: u32 = 1 << 12;
/** reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / "," */
export const C_RESERVED: u32 = 1 << 13;
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
export const C_SCHEME: u32 = 1 << 14;
/** SP / HTAB / CR / LF: inside a header value CR LF is always followed by WSP (folding). */
export const C_LWS: u32 = 1 << 15;
/** visual-separator and phonedigit-hex of RFC 3966 (tel URI numbers). */
export const C_PHONE: u32 = 1 << 16;

const TABLE: usize = memory.data(1024);
/** Bits 0-7 of each byte's classes. */
const LOW: usize = memory.data(256);
/** Bits 8-15 of each byte's classes. */
const HIGH: usize = memory.data(256);

function setClasses(c: u32, bits: u32): void {
  store<u32>(TABLE + (c << 2), bits);
  store<u8>(LOW + c, <u8>bits);
  store<u8>(HIGH + c, <u8>(bits >> 8));
}

function addRange(from: u32, to: u32, bits: u32): void {
  for (let c = from; c <= to; c++) setClasses(c, load<u32>(TABLE + (c << 2)) | bits);
}

function addChars(chars: string, bits: u32): void {
  for (let i = 0; i < chars.length; i++) addRange(<u32>chars.charCodeAt(i), <u32>chars.charCodeAt(i), bits);
}

function initCharClasses(): void {
  const alnum = C_TOKEN | C_UNRESERVED | C_PASSWORD | C_WORD | C_SCHEME;
  addRange(0x30, 0x39, alnum | C_DIGIT | C_HEX | C_PHONE);
  addRange(0x41, 0x5a, alnum | C_ALPHA);
  addRange(0x61, 0x7a, alnum | C_ALPHA);
  addRange(0x41, 0x46, C_HEX | C_PHONE);
  addRange(0x61, 0x66, C_HEX | C_PHONE);
  addChars("-.!%*_+`'~", C_TOKEN);
  addChars("-_.!~*'()", C_UNRESERVED | C_PASSWORD); // mark
  addChars("&=+$,;?/", C_USER);
  addChars("&=+$,", C_PASSWORD);
  addChars("[]/:&+$", C_PARAM);
  addChars("[]/?:+$", C_HNV);
  addChars("-.!%*_+`'~()<>:\\\"/[]?{}", C_WORD);
  addChars(";/?:@&=+$,", C_RESERVED);
  addChars("+-.", C_SCHEME);
  addChars(" \t\r\n", C_LWS);
  addChars("-.()*#", C_PHONE);
  for (let c: u32 = 0; c < 256; c++) if (is(c, C_UNRESERVED | C_USER | C_PASSWORD)) addRange(c, c, C_USERINFO);
  addChars(":", C_USERINFO);
  for (let c: u32 = 0; c < 256; c++) if (is(c, C_TOKEN)) addRange(c, c, C_BARE_VALUE);
  addChars(":[]", C_BARE_VALUE);
  addRange(0x20, 0xff, C_QDTEXT);
  addChars("\t\r\n", C_QDTEXT);
  removeChars("\"\\\x7f", C_QDTEXT);
}

function removeChars(chars: string, bits: u32): void {
  for (let i = 0; i < chars.length; i++) {
    const c = <u32>chars.charCodeAt(i);
    setClasses(c, load<u32>(TABLE + (c << 2)) & ~bits);
  }
}

// @ts-ignore: decorator
@inline export function classOf(c: u32): u32 {
  return load<u32>(TABLE + (c << 2));
}

/**
 * Whether byte c is in any of the classes `bits`. With `bits` a constant (as
 * everywhere but in scanClass) the choice of table is made at compile time.
 */
// @ts-ignore: decorator
@inline export function is(c: u32, bits: u32): bool {
  if (bits <= 0xff) return isLow(c, bits);
  if ((bits & 0xffff00ff) == 0) return (<u32>load<u8>(c, HIGH) & (bits >> 8)) != 0;
  return (load<u32>(TABLE + (c << 2)) & bits) != 0;
}

/** is() for classes among the first eight bits (C_TOKEN to C_USERINFO): one load. */
// @ts-ignore: decorator
@inline export function isLow(c: u32, bits: u32): bool {
  return (<u32>load<u8>(c, LOW) & bits) != 0;
}

/** is() through the 32-bit table, for any classes. */
// @ts-ignore: decorator
@inline export function isAny(c: u32, bits: u32): bool {
  return (load<u32>(TABLE + (c << 2)) & bits) != 0;
}

// @ts-ignore: decorator
@inline export function lower(c: u32): u32 {
  return c - 0x41 < 26 ? c | 0x20 : c;
}

export function hexValue(c: u32): i32 {
  if (c - 0x30 < 10) return <i32>(c - 0x30);
  const l = c | 0x20;
  if (l - 0x61 < 6) return <i32>(l - 0x61 + 10);
  return -1;
}

initCharClasses();
