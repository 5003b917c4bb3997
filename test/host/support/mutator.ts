// A seeded mutator of SIP datagrams for the never-trap property tests and the
// million-message bench. Deterministic: the same seed gives the same stream.
// Mutations aim where parsers break: bytes flipped to delimiters, CR/LF and
// NUL, lengths and numbers made huge, slices duplicated, cut or truncated.

/** xorshift32: small, fast and reproducible. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.s = x;
    return x;
  }
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
}

const INTERESTING = Buffer.from(":;,<>\"\\@[]=%?& \t\r\n\x00\x7f\xff/.-0123456789", "latin1");
const TOKENS = [
  "\r\n", "\r\n ", "SIP/2.0", "sip:", "sips:", ";branch=", ";tag=", "<", ">", "\"", "%", "%0",
  "4294967296", "99999999999999999999", "-1", "::", "[", "]", "Content-Length: 65535",
  "Via: SIP/2.0/UDP a;branch=z9hG4bK", "l: 7", ",,,", ";;;", "\\",
].map((t) => Buffer.from(t, "latin1"));

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.below(xs.length)];
}

/** One mutation of `input` (1 to 4 edits). */
export function mutate(input: Uint8Array, rng: Rng): Uint8Array {
  let b = Buffer.from(input);
  const edits = 1 + rng.below(4);
  for (let i = 0; i < edits; i++) {
    const at = rng.below(b.length + 1);
    switch (rng.below(8)) {
      case 0: // flip a byte to an interesting one
        if (b.length > 0) b[Math.min(at, b.length - 1)] = pick(rng, [...INTERESTING]);
        break;
      case 1: // random byte
        if (b.length > 0) b[Math.min(at, b.length - 1)] = rng.below(256);
        break;
      case 2: // insert a token
        b = Buffer.concat([b.subarray(0, at), pick(rng, TOKENS), b.subarray(at)]);
        break;
      case 3: { // delete a slice
        const n = 1 + rng.below(16);
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + n))]);
        break;
      }
      case 4: { // duplicate a slice
        const n = 1 + rng.below(64);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + n), b.subarray(at)]);
        break;
      }
      case 5: // truncate
        b = b.subarray(0, at);
        break;
      case 6: { // replace a run of digits with a huge number
        const d = b.indexOf(0x30 + rng.below(10), at);
        if (d >= 0) b = Buffer.concat([b.subarray(0, d), Buffer.from("18446744073709551617"), b.subarray(d + 1)]);
        break;
      }
      default: { // swap two lines
        const s = b.toString("latin1").split("\r\n");
        if (s.length > 2) {
          const x = 1 + rng.below(s.length - 1), y = 1 + rng.below(s.length - 1);
          [s[x], s[y]] = [s[y], s[x]];
          b = Buffer.from(s.join("\r\n"), "latin1");
        }
      }
    }
  }
  return b;
}

/** `count` datagrams: each a mutation of a corpus message picked by the seeded stream. */
export function* mutations(corpus: readonly Uint8Array[], seed: number, count: number): Generator<Uint8Array> {
  const rng = new Rng(seed);
  for (let i = 0; i < count; i++) yield mutate(pick(rng, corpus), rng);
}
