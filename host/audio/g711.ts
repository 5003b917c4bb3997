// G.711 on the host (ITU-T G.711, 1988): the two 8-bit logarithmic codes of
// 8000 Hz telephone audio, µ-law (PCMU, RTP payload type 0) and A-law (PCMA,
// payload type 8; RFC 3551 §4.5.14). Written for the host's own peers (the
// demo's flat), independently of the firmware's encoder, so that a test that
// decodes the station's RTP here checks the firmware's codes rather than
// sharing them.
//
// Both laws cut each half of the range into 8 segments of 16 steps, each
// segment's step twice the last one's. A code octet is sign (1 bit), segment
// (3 bits) and step (4 bits); each law then inverts some bits for the line.

/** µ-law's bias (G.711 Table 2a: 33 in its 14-bit scale, 132 in 16 bits): it makes segment k start at 2^(k+5) - 33. */
const ULAW_BIAS = 0x84;
/** The largest 16-bit magnitude µ-law codes before the bias: 8158 in its 14-bit scale. */
const ULAW_CLIP = 32635;

/** The highest set bit's position of a value from 0 to 255 (-1 for 0). */
function topBit(v: number): number {
  return v === 0 ? -1 : 31 - Math.clz32(v);
}

/** The µ-law code of a 16-bit linear sample (G.711 §3: every bit of the code is inverted on the line). */
export function linearToUlaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(Math.trunc(sample)), ULAW_CLIP) + ULAW_BIAS;
  // With the bias every magnitude is at least 2^7: segment k holds 2^(k+7) .. 2^(k+8) - 1, 16 steps of 2^(k+3).
  const segment = topBit(magnitude >> 7);
  const step = (magnitude >> (segment + 3)) & 0x0f;
  return ~(sign | (segment << 4) | step) & 0xff;
}

/** The 16-bit linear value a µ-law code stands for: the middle of its step. */
export function ulawToLinear(code: number): number {
  const c = ~code & 0xff;
  const segment = (c >> 4) & 0x07;
  const step = c & 0x0f;
  const magnitude = (((step << 3) + ULAW_BIAS) << segment) - ULAW_BIAS;
  return c & 0x80 ? 0 - magnitude : magnitude; // 0 - 0 is +0: the negative zero (0x7F) decodes to plain 0
}

/** The A-law code of a 16-bit linear sample (G.711 §2: the even bits are inverted on the line, 0x55). */
export function linearToAlaw(sample: number): number {
  // A-law codes 13 bits: the 16-bit sample shifted down by 3.
  let v = Math.trunc(sample) >> 3;
  let sign = 0x80; // A-law's sign bit is 1 for positive values
  if (v < 0) {
    sign = 0;
    v = -v - 1; // the negative half mirrors the positive one step down
  }
  if (v > 0x0fff) v = 0x0fff;
  // Segments 0 and 1 share one step size (2 in 13 bits); segment k >= 1 holds 2^(k+4) .. 2^(k+5) - 1.
  const segment = v < 0x20 ? 0 : topBit(v >> 4);
  const step = segment === 0 ? (v >> 1) & 0x0f : (v >> segment) & 0x0f;
  return (sign | (segment << 4) | step) ^ 0x55;
}

/** The 16-bit linear value an A-law code stands for: the middle of its step. */
export function alawToLinear(code: number): number {
  const c = (code ^ 0x55) & 0xff;
  const segment = (c >> 4) & 0x07;
  const step = c & 0x0f;
  // In 13 bits: segment 0 is 2s + 1; segment k >= 1 is (2s + 33) << (k - 1); the 16-bit value is 8 times that.
  const magnitude = segment === 0 ? ((step << 1) + 1) << 3 : ((step << 1) + 33) << (segment + 2);
  return c & 0x80 ? magnitude : -magnitude;
}

/** RTP payload types of the two laws (RFC 3551 §6, Table 4). */
export const PT_PCMU = 0;
export const PT_PCMA = 8;

const ULAW_TABLE = Int16Array.from({ length: 256 }, (_, c) => ulawToLinear(c));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, c) => alawToLinear(c));

/** Decodes a G.711 payload of payload type `pt` (0 or 8) into `out` (one sample per octet); returns the samples written. */
export function decodeG711(pt: number, payload: Uint8Array, out: Int16Array): number {
  const table = pt === PT_PCMU ? ULAW_TABLE : pt === PT_PCMA ? ALAW_TABLE : null;
  if (!table) throw new RangeError(`payload type ${pt} is not G.711 (0 PCMU, 8 PCMA)`);
  const n = Math.min(payload.length, out.length);
  for (let i = 0; i < n; i++) out[i] = table[payload[i]];
  return n;
}

/** Encodes `samples` as G.711 of payload type `pt` (0 or 8) into `out`; returns the octets written. */
export function encodeG711(pt: number, samples: Int16Array, out: Uint8Array): number {
  const encode = pt === PT_PCMU ? linearToUlaw : pt === PT_PCMA ? linearToAlaw : null;
  if (!encode) throw new RangeError(`payload type ${pt} is not G.711 (0 PCMU, 8 PCMA)`);
  const n = Math.min(samples.length, out.length);
  for (let i = 0; i < n; i++) out[i] = encode(samples[i]);
  return n;
}
