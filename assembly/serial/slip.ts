// SLIP (RFC 1055) both ways, allocation-free: a streaming decoder into a frame
// buffer the caller owns, and an encoder that writes a frame in chunks into a
// small buffer of the caller's. Every packet is sent preceded by an END as
// RFC 1055 advises ("SLIP DRIVERS": flush what line noise accumulated), so the
// decoder skips the empty packet between two ENDs.
//
// Where RFC 1055 leaves the choice open, the decoder does what the host's own
// decoder does (serialport's SlipDecoder, host/serial/frame-port.ts), so every
// board drops, counts and answers the same packets:
// - an ESC followed by neither ESC_END nor ESC_ESC (a protocol violation,
//   RFC 1055 "SLIP DRIVERS") ends the packet so far, and the octet after the
//   ESC, an END included, begins the next one;
// - a packet longer than the buffer (no END where one should be) is dropped
//   the moment it overflows, counted once, and the rest of it is skipped up to
//   its end: noise never grows past the buffer.

/** RFC 1055 "PROTOCOL": the special octets. */
export const SLIP_END: u8 = 0xc0;
export const SLIP_ESC: u8 = 0xdb;
export const SLIP_ESC_END: u8 = 0xdc;
export const SLIP_ESC_ESC: u8 = 0xdd;

// What one call to the decoder found.
/** The octets so far end no packet. */
export const SLIP_MORE: i32 = 0;
/** The packet in the buffer overflowed it: dropped and counted; its end is skipped. */
export const SLIP_OVERFLOW: i32 = -1;
// A positive value: a packet of that many octets is in the buffer, until the next octet arrives.

// @ts-ignore: decorator
@unmanaged export class SlipDecoder {
  /** The caller's frame buffer and its size in octets. */
  buffer: usize;
  capacity: i32;
  /** Octets of the packet so far. */
  length: i32;
  /** Octets consumed by the last slipDecode. */
  taken: i32;
  /** Packets dropped because they overflowed the buffer. */
  overflows: u32;
  /** The last octet was an ESC. */
  escaped: bool;
  /** The packet overflowed: its octets are skipped until it ends. */
  skipping: bool;
  /** The last call handed a packet over: the buffer starts again at the next octet. */
  delivered: bool;
  /** After an invalid escape: 0x100 | the octet that begins the next packet. */
  carry: u16;
}

/** A decoder at rest over `capacity` octets at `buffer`. */
export function slipDecoderInit(d: SlipDecoder, buffer: usize, capacity: i32): void {
  d.buffer = buffer;
  d.capacity = capacity;
  d.length = 0;
  d.taken = 0;
  d.overflows = 0;
  d.escaped = false;
  d.skipping = false;
  d.delivered = false;
  d.carry = 0;
}

function append(d: SlipDecoder, octet: u32): i32 {
  if (d.skipping) return SLIP_MORE;
  if (d.length == d.capacity) {
    d.skipping = true;
    d.overflows++;
    return SLIP_OVERFLOW;
  }
  store<u8>(d.buffer + <usize>d.length, <u8>octet);
  d.length++;
  return SLIP_MORE;
}

/** The packet ends; `carry` (0x100 | octet, or 0) begins the next one. */
function finish(d: SlipDecoder, carry: u32): i32 {
  const skipped = d.skipping;
  d.skipping = false;
  if (skipped || d.length == 0) {
    d.length = 0;
    return carry != 0 ? append(d, carry) : SLIP_MORE;
  }
  d.delivered = true;
  d.carry = <u16>carry;
  return d.length;
}

/** One octet from the line: SLIP_MORE, SLIP_OVERFLOW or the length of a packet now in the buffer. */
export function slipDecodeOctet(d: SlipDecoder, octet: u32): i32 {
  if (d.delivered) {
    d.delivered = false;
    d.length = 0;
    const carry = <u32>d.carry;
    d.carry = 0;
    if (carry != 0) append(d, carry);
  }
  octet &= 0xff;
  if (d.escaped) {
    d.escaped = false;
    if (octet == SLIP_ESC_END) return append(d, SLIP_END);
    if (octet == SLIP_ESC_ESC) return append(d, SLIP_ESC);
    return finish(d, 0x100 | octet);
  }
  if (octet == SLIP_ESC) {
    d.escaped = true;
    return SLIP_MORE;
  }
  if (octet == SLIP_END) return finish(d, 0);
  return append(d, octet);
}

/**
 * A run of `len` octets at `ptr`, up to the first that ends a packet or overflows the
 * buffer: what slipDecodeOctet says of that octet (SLIP_MORE when the run ended first).
 * d.taken tells how many octets were consumed; call again with the rest.
 */
export function slipDecode(d: SlipDecoder, ptr: usize, len: i32): i32 {
  for (let i = 0; i < len; i++) {
    const r = slipDecodeOctet(d, load<u8>(ptr + <usize>i));
    if (r != SLIP_MORE) {
      d.taken = i + 1;
      return r;
    }
  }
  d.taken = len;
  return SLIP_MORE;
}

/** The most octets a packet of `len` octets takes on the line: every octet escaped, an END before and after. */
// @ts-ignore: decorator
@inline export function slipWorstLength(len: i32): i32 { return 2 * len + 2; }

// @ts-ignore: decorator
@unmanaged export class SlipEncoder {
  /** The packet being sent and its length. */
  source: usize;
  length: i32;
  /** The next octet of it to write; -1: the opening END; length: the closing END; length + 1: done. */
  at: i32;
  /** The second octet of an escape pair a full chunk cut off (0: none). */
  pending: u8;
}

/** Begins sending the `len` octets at `ptr` (they must stay there until slipEncodeNext returns 0). */
export function slipEncodeStart(e: SlipEncoder, ptr: usize, len: i32): void {
  e.source = ptr;
  e.length = len;
  e.at = -1;
  e.pending = 0;
}

/** An encoder with nothing to send. */
export function slipEncoderInit(e: SlipEncoder): void {
  slipEncodeStart(e, 0, 0);
  e.at = 1;
}

/** The next octets on the line, at most `cap` into `out`: how many were written, 0 once the packet is sent whole. */
export function slipEncodeNext(e: SlipEncoder, out: usize, cap: i32): i32 {
  let n = 0;
  if (e.pending != 0 && n < cap) {
    store<u8>(out, e.pending);
    e.pending = 0;
    n = 1;
  }
  if (e.at < 0 && n < cap) {
    store<u8>(out + <usize>n, SLIP_END);
    n++;
    e.at = 0;
  }
  while (e.at < e.length && n < cap) {
    const octet = load<u8>(e.source + <usize>e.at);
    e.at++;
    if (octet == SLIP_END || octet == SLIP_ESC) {
      store<u8>(out + <usize>n, SLIP_ESC);
      n++;
      const second = octet == SLIP_END ? SLIP_ESC_END : SLIP_ESC_ESC;
      if (n == cap) {
        e.pending = second;
        return n;
      }
      store<u8>(out + <usize>n, second);
    } else {
      store<u8>(out + <usize>n, octet);
    }
    n++;
  }
  if (e.at == e.length && n < cap) {
    store<u8>(out + <usize>n, SLIP_END);
    n++;
    e.at++;
  }
  return n;
}
