// Message framing on a stream (RFC 3261 §18.3): a message ends where its
// Content-Length says, counted from the blank line that ends its headers; on
// a stream the field is mandatory. Between messages a peer may send CRLFs: a
// double CRLF is a keepalive ping answered with one CRLF (RFC 5626 §3.5.1), a
// lone CRLF is skipped (RFC 3261 §7.5). Pure: octets in, lengths out.

/** frameMessage: the message cannot fit in the receive buffer (the stream is closed). */
export const FRAME_TOO_LARGE: i32 = -1;
/** frameMessage: the headers are whole but carry no Content-Length (§18.3: required on a stream). */
export const FRAME_NO_LENGTH: i32 = -2;

/** A ping: CRLF CRLF (RFC 5626 §3.5.1), answered with one CRLF. */
export const KEEPALIVE_PING: i32 = 4;
/** A lone CRLF before a message (RFC 3261 §7.5): skipped. */
export const KEEPALIVE_CRLF: i32 = 2;

// @ts-ignore: decorator
@inline function crlfAt(p: usize, k: i32, len: i32): bool {
  return k + 1 < len && load<u8>(p + <usize>k) == 0x0d && load<u8>(p + <usize>k + 1) == 0x0a;
}

/** At the front of [p, p+len): KEEPALIVE_PING, KEEPALIVE_CRLF, or 0 (a message, or nothing yet). */
export function keepaliveAt(p: usize, len: i32): i32 {
  if (!crlfAt(p, 0, len)) return 0;
  return crlfAt(p, 2, len) ? KEEPALIVE_PING : KEEPALIVE_CRLF;
}

/** Where the headers of the message at p end (after the blank line); 0 while they are not whole. */
export function headersEnd(p: usize, len: i32): i32 {
  for (let k = 0; k + 3 < len; k++) {
    if (crlfAt(p, k, len) && crlfAt(p, k + 2, len)) return k + 4;
  }
  return 0;
}

/** Where the value of the header line [p, end) begins when it is a Content-Length (or its compact form `l`, RFC 3261 §7.3.3), compared without case; 0 otherwise. */
function contentLengthValue(p: usize, end: usize): usize {
  let q: usize = 0;
  // "content-" and "length" as little-endian words, each octet's 0x20 bit set to ignore case ('-' has it).
  if (p + 14 <= end && (load<u64>(p) | 0x2020202020202020) == 0x2d746e65746e6f63 &&
    (load<u32>(p + 8) | 0x20202020) == 0x676e656c && (load<u16>(p + 12) | 0x2020) == 0x6874) q = p + 14;
  else if (p < end && (load<u8>(p) | 0x20) == 0x6c) q = p + 1;
  if (q == 0) return 0;
  while (q < end && (load<u8>(q) == 0x20 || load<u8>(q) == 0x09)) q++;
  return q < end && load<u8>(q) == 0x3a ? q + 1 : 0;
}

/** The Content-Length of the headers [p, p+hdrLen); -1 when absent, `cap` + 1 when larger than `cap`. */
export function contentLengthOf(p: usize, hdrLen: i32, cap: i32): i32 {
  const end = p + <usize>hdrLen;
  let line = p;
  while (line < end) {
    let eol = line;
    while (eol < end && load<u8>(eol) != 0x0d) eol++;
    const v: usize = line == p ? 0 : contentLengthValue(line, eol); // the start line is no header
    if (v != 0) {
      let q = v;
      while (q < eol && (load<u8>(q) == 0x20 || load<u8>(q) == 0x09)) q++;
      let n: i32 = 0;
      let digits = 0;
      while (q < eol && load<u8>(q) >= 0x30 && load<u8>(q) <= 0x39) {
        n = n * 10 + <i32>(load<u8>(q) - 0x30);
        if (n > cap) return cap + 1;
        q++;
        digits++;
      }
      if (digits > 0) return n;
    }
    line = eol + 2;
  }
  return -1;
}

/**
 * The length of the whole message at the front of [p, p+len), which must fit
 * in `cap` octets: the headers, then Content-Length octets of body (§18.3).
 * 0 while it is not whole yet; FRAME_TOO_LARGE, FRAME_NO_LENGTH.
 */
export function frameMessage(p: usize, len: i32, cap: i32): i32 {
  const h = headersEnd(p, len);
  if (h == 0) return len >= cap ? FRAME_TOO_LARGE : 0;
  const body = contentLengthOf(p, h, cap);
  if (body < 0) return FRAME_NO_LENGTH;
  if (h + body > cap) return FRAME_TOO_LARGE;
  return h + body <= len ? h + body : 0;
}
