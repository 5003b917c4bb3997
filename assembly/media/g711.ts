// G.711 (ITU-T Recommendation G.711): µ-law and A-law companding between
// 16-bit linear PCM and one octet per sample, the payloads PCMU (payload type
// 0) and PCMA (8) of RFC 3551 §4.5.14, 8000 samples a second.
//
// API (no state, no static memory):
//   encodeFrame(pcm, out, samples, law)  per 20 ms tick: the board's microphone
//                                        frame (160 i16) to 160 payload octets
//   decodeFrame(payload, pcm, samples, law)  per received packet: payload octets
//                                        to the speaker frame
//   ulawEncode/ulawDecode/alawEncode/alawDecode for one sample.
//
// Both laws split a magnitude into a segment (the "chord": which power of two
// it lies under) and a 4-bit mantissa (the "step" inside that segment). The
// segment is found with one count-leading-zeros, never a loop over the eight
// segments, so a frame costs a handful of instructions per sample on a
// Cortex-M4 (which has CLZ) and no table.
//
// The frame loops move four samples at a time: one 32-bit access for four
// octets, one 64-bit access for four 16-bit samples. On a board the module
// runs through wasm2c, where every memory access is a bounds-checked call, so
// the accesses, not the arithmetic, were most of a sample's cost.

/** Which law a frame uses. */
export const LAW_ULAW: i32 = 0;
export const LAW_ALAW: i32 = 1;

/** The samples of one 20 ms frame at 8 kHz (RFC 3551 §4.5.14, §4.2 ptime 20). */
export const FRAME_SAMPLES: i32 = 160;

// ---- µ-law (G.711 Table 2a/2b, in its 16-bit form) ----

/** µ-law's bias: added to the magnitude so that every segment starts at a power of two. */
const ULAW_BIAS: i32 = 0x84;
/** The largest magnitude µ-law represents before the bias would overflow 15 bits. */
export const ULAW_CLIP: i32 = 32635;

/** One 16-bit linear sample (larger ones clip) to its µ-law code (sign, 3-bit segment, 4-bit mantissa, all bits inverted). */
export function ulawEncode(x: i32): u8 { return <u8>~ulawRaw(x); }

/** µ-law's code before the inversion: in 0..0xFF. */
// @ts-ignore: decorator
@inline function ulawRaw(x: i32): u32 {
  // The sign bit is 1 for negative samples, before the inversion.
  const sign = (x >> 24) & 0x80;
  let m = sign != 0 ? -x : x;
  if (<u32>m > <u32>ULAW_CLIP) m = ULAW_CLIP; // unsigned: -(-2^31) stays negative and clips too
  m += ULAW_BIAS; // now in [0x84, 0x7FFF]: bit 7 or above is the highest set bit
  const seg = 24 - <i32>clz<u32>(<u32>m); // highest bit 7 → segment 0 ... bit 14 → segment 7
  const mantissa = (m >> (seg + 3)) & 0x0F;
  return <u32>(sign | (seg << 4) | mantissa);
}

/** One µ-law code to the 16-bit linear value at the middle of its step. */
export function ulawDecode(code: u8): i32 { return ulawValue(<u32>code); }

// @ts-ignore: decorator
@inline function ulawValue(code: u32): i32 {
  const c = ~(<i32>code);
  const seg = (c >> 4) & 7;
  const m = ((((c & 0x0F) << 3) + ULAW_BIAS) << seg) - ULAW_BIAS;
  return (c & 0x80) != 0 ? -m : m;
}

// ---- A-law (G.711 Table 1a/1b, in its 16-bit form) ----

/** A-law inverts the even bits of every code (and the sign bit is 1 for positive samples). */
const ALAW_EVEN_BITS: u32 = 0x55;
/** The same for four codes in a word. */
const ALAW_EVEN_WORD: u32 = 0x55555555;

/** One 16-bit linear sample (larger ones clip) to its A-law code (sign, 3-bit segment, 4-bit mantissa, even bits inverted). */
export function alawEncode(x: i32): u8 { return <u8>(alawRaw(x) ^ ALAW_EVEN_BITS); }

/** A-law's code before the even bits are inverted: in 0..0xFF, the sign bit 1 for positive samples. */
// @ts-ignore: decorator
@inline function alawRaw(x: i32): u32 {
  // Negative samples use the magnitude -x-1 (the one's complement), so that
  // -32768 fits and the two signs have the same number of steps.
  const sign = x >= 0 ? 0x80 : 0;
  let m = x >= 0 ? x : ~x;
  if (m > 0x7FFF) m = 0x7FFF; // a sum beyond 16 bits (a mixer's) saturates at full scale
  // Segments 0 and 1 share the step 16; from segment 1 on, each doubles it.
  let seg = 24 - <i32>clz<u32>(<u32>m); // highest bit 8 → segment 1 ... bit 14 → segment 7
  if (seg < 0) seg = 0;
  const shift = seg == 0 ? 4 : seg + 3;
  return <u32>(sign | (seg << 4) | ((m >> shift) & 0x0F));
}

/** One A-law code to the 16-bit linear value at the middle of its step. */
export function alawDecode(code: u8): i32 { return alawValue(<u32>code); }

// @ts-ignore: decorator
@inline function alawValue(code: u32): i32 {
  const c = <i32>(code ^ ALAW_EVEN_BITS);
  const seg = (c >> 4) & 7;
  const mantissa = (c & 0x0F) << 4;
  const m = seg == 0 ? mantissa + 8 : (mantissa + 0x108) << (seg - 1);
  return (c & 0x80) != 0 ? m : -m;
}

// ---- frames ----

// Four samples at a time: one 64-bit access for their four i16 (little-endian,
// the first in the low half of the low word) and one 32-bit access for their
// four codes (the first in the low octet). A word of two samples gives two
// codes in the low 16 bits of a result; each law's inversion is done once for
// four codes. The one-code functions read only the low octet of what they
// are given.

// Not inlined: called twice for four samples (and for each of the last 1-3
// samples, the code in the low octet), a call costs less than more copies.
function ulawTwo(w: u32): u32 { return ulawRaw(<i32><i16>w) | (ulawRaw(<i32>w >> 16) << 8); }
function alawTwo(w: u32): u32 { return alawRaw(<i32><i16>w) | (alawRaw(<i32>w >> 16) << 8); }
/** Two samples in one word, the first in the low half. */
// @ts-ignore: decorator
@inline function pair(first: i32, second: i32): u64 { return <u64>((<u32>first & 0xFFFF) | (<u32>second << 16)); }

/**
 * Encodes `samples` 16-bit samples at `pcm` (little-endian i16, as the board
 * hands them) into `samples` octets at `out` by `law` (LAW_ULAW or LAW_ALAW).
 */
export function encodeFrame(pcm: usize, out: usize, samples: i32, law: i32): void {
  const n: usize = samples > 0 ? <usize>samples : 0;
  const whole = n & ~(<usize>3);
  let i: usize = 0;
  if (law == LAW_ALAW) {
    for (; i < whole; i += 4) {
      const w = load<u64>(pcm + (i << 1));
      store<u32>(out + i, (alawTwo(<u32>w) | (alawTwo(<u32>(w >> 32)) << 16)) ^ ALAW_EVEN_WORD);
    }
    for (; i < n; i++) store<u8>(out + i, <u8>(alawTwo(<u32>load<u16>(pcm + (i << 1))) ^ ALAW_EVEN_BITS));
  } else {
    for (; i < whole; i += 4) {
      const w = load<u64>(pcm + (i << 1));
      store<u32>(out + i, ~(ulawTwo(<u32>w) | (ulawTwo(<u32>(w >> 32)) << 16)));
    }
    for (; i < n; i++) store<u8>(out + i, <u8>~ulawTwo(<u32>load<u16>(pcm + (i << 1))));
  }
}

/** Decodes `samples` octets at `payload` by `law` into 16-bit samples at `pcm`. */
export function decodeFrame(payload: usize, pcm: usize, samples: i32, law: i32): void {
  const n: usize = samples > 0 ? <usize>samples : 0;
  const whole = n & ~(<usize>3);
  let i: usize = 0;
  if (law == LAW_ALAW) {
    for (; i < whole; i += 4) {
      const c = load<u32>(payload + i);
      store<u64>(pcm + (i << 1), pair(alawValue(c), alawValue(c >> 8)) | (pair(alawValue(c >> 16), alawValue(c >> 24)) << 32));
    }
    for (; i < n; i++) store<i16>(pcm + (i << 1), <i16>alawDecode(load<u8>(payload + i)));
  } else {
    for (; i < whole; i += 4) {
      const c = load<u32>(payload + i);
      store<u64>(pcm + (i << 1), pair(ulawValue(c), ulawValue(c >> 8)) | (pair(ulawValue(c >> 16), ulawValue(c >> 24)) << 32));
    }
    for (; i < n; i++) store<i16>(pcm + (i << 1), <i16>ulawDecode(load<u8>(payload + i)));
  }
}
