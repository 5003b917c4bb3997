// Byte streams for the serial link's differential test (serial-link-agree):
// frames of every kind, SLIP-encoded as the host sends them, mixed with the
// hostile things a line delivers (noise, damaged and cut packets, invalid
// escapes, packets too long), cut into random chunks. Seeded, so a failure
// names a stream that can be made again.
import { SlipEncoder } from "serialport";
import { encodeFrame, type Frame } from "../../../host/serial/frame.js";

export type Rng = () => number;

/** xorshift32: a small seeded generator of numbers in [0, 1). */
export function xorshift(seed: number): Rng {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const int = (r: Rng, n: number): number => Math.floor(r() * n);
/** Octets weighted towards the ones SLIP treats specially and the three kinds. */
const SPECIAL = [0xc0, 0xdb, 0xdc, 0xdd, 0x01, 0x02, 0x03, 0x00, 0xff];
const octet = (r: Rng): number => (r() < 0.3 ? SPECIAL[int(r, SPECIAL.length)] : int(r, 256));
const octets = (r: Rng, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => octet(r)));

export function randomFrame(r: Rng, maxPayload: number): Frame {
  const size = r() < 0.2 ? maxPayload - int(r, 3) : int(r, Math.min(64, maxPayload + 1));
  return { kind: 1 + int(r, 3), seq: int(r, 256), cmd: int(r, 256), status: int(r, 8), payload: octets(r, Math.max(0, size)) };
}

/** RFC 1055 as the host writes a packet: serialport's SlipEncoder with an END before it. */
export function slipHost(packet: Buffer): Buffer {
  const enc = new SlipEncoder({ bluetoothQuirk: true });
  const out: Buffer[] = [];
  enc.on("data", (b: Buffer) => out.push(b));
  enc.write(packet);
  return Buffer.concat(out);
}

/** The longest run of octets without END anywhere in the stream. */
export function longestRun(stream: Buffer): number {
  let longest = 0, run = 0;
  for (const b of stream) {
    run = b === 0xc0 ? 0 : run + 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** One piece of a hostile stream: a frame whole, damaged, cut, of a bad kind or too long, noise or a bare escape. */
function hostilePiece(r: Rng, maxPayload: number): Buffer {
  const f = encodeFrame(randomFrame(r, maxPayload));
  switch (int(r, 8)) {
    case 0: { const d = Buffer.from(f); d[int(r, d.length)] ^= 1 << int(r, 8); return slipHost(d); }
    case 1: return slipHost(f.subarray(0, int(r, f.length)));
    case 2: { const k = int(r, 253); return slipHost(encodeFrame({ ...randomFrame(r, maxPayload), kind: k === 0 ? 0 : k + 3 })); }
    case 3: return slipHost(encodeFrame({ kind: 1, seq: int(r, 256), cmd: 0x11, status: 0, payload: octets(r, maxPayload + 1 + int(r, 40)) }));
    case 4: return octets(r, 1 + int(r, 24));
    case 5: return Buffer.from([0xdb, r() < 0.5 ? 0xc0 : octet(r)]);
    default: return slipHost(f);
  }
}

/** Frames and hostile pieces one after another; runs stay under the host's guard (2 x maxFrame + 2). */
export function hostileStream(r: Rng, maxPayload: number, count: number): Buffer {
  return Buffer.concat([...Array.from({ length: count }, () => hostilePiece(r, maxPayload)), Buffer.from([0xc0])]);
}

/** Runs of more than 2 x maxFrame + 2 octets without END (noise the guard must cut), each followed by a good frame. */
export function longRunStream(r: Rng, maxPayload: number, count: number): { stream: Buffer; frames: number } {
  const guard = 2 * (maxPayload + 8) + 2;
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const run = Buffer.from(Array.from({ length: guard + 1 + int(r, 300) }, () => { let b; do b = octet(r); while (b === 0xc0 || b === 0xdb); return b; }));
    parts.push(run, slipHost(encodeFrame(randomFrame(r, maxPayload))));
  }
  return { stream: Buffer.concat(parts), frames: count };
}

/** The stream cut into chunks of 1 to `most` octets. */
export function pieces(r: Rng, stream: Buffer, most: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < stream.length;) {
    const n = 1 + int(r, most);
    out.push(stream.subarray(at, at + n));
    at += n;
  }
  return out;
}
