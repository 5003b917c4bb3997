// MD5 message digest (RFC 1321) over byte ranges in static memory, for HTTP
// Digest authentication (RFC 2617, RFC 7616 §3.4.2). One incremental state:
// md5Init(), md5Update()/md5UpdateByte() any number of times, md5Final()
// into a static 16-byte digest, md5HexTo() for its 32 lower-case hex chars.
// No allocation, no bulk-memory instructions: plain loops over load/store.

import { SHA256_STATE_SIZE } from "../../crypto/sha256";

/** The state of the message being digested; md5Init() resets it. */
// @ts-ignore: decorator
@unmanaged class Md5State {
  /** RFC 1321 §3.3: the four words A, B, C, D. */
  a: u32;
  b: u32;
  c: u32;
  d: u32;
  /** Message blocks of 64 bytes compressed so far: with `filled`, the length that goes into the padding (§3.2). */
  blocks: u32;
  /** Bytes waiting in BLOCK (always < 64 between calls). */
  filled: i32;
}
/**
 * The octets MD5 works in: its state, the block and the digest (104 of them).
 * hash.ts lays its SHA-256 state over the same octets (HASH_WORK_SIZE): one
 * digest hash runs at a time, so the two never hold data together.
 */
export const HASH_WORK_SIZE: i32 = SHA256_STATE_SIZE;
export const HASH_WORK: usize = memory.data(HASH_WORK_SIZE, 8);
const STATE = changetype<Md5State>(HASH_WORK);

/** The 16-word block being filled (RFC 1321 §3.4: X[0..15], little-endian words). */
const BLOCK: usize = HASH_WORK + 24;
/** The digest of the last md5Final(): A, B, C, D low-order byte first (§3.5). */
const DIGEST: usize = BLOCK + 64;
if (offsetof<Md5State>() > 24 || 24 + 64 + 16 > HASH_WORK_SIZE) ERROR("md5: state, block and digest exceed HASH_WORK");

/** RFC 1321 §3.4: T[i] = floor(4294967296 * abs(sin(i))), i = 1..64 (radians), generated from that formula. */
const T: usize = memory.data<u32>([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);

/** RFC 1321 §3.4: the rotation amounts, four per round (rounds 1 to 4). */
const S: usize = memory.data<u8>([7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]);

const HEX_DIGITS: usize = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

/** Starts a new message (RFC 1321 §3.3: the initial values of A, B, C, D). */
export function md5Init(): void {
  const m = STATE;
  m.a = 0x67452301;
  m.b = 0xefcdab89;
  m.c = 0x98badcfe;
  m.d = 0x10325476;
  m.blocks = 0;
  m.filled = 0;
}

/** Processes the 64 bytes in BLOCK: the four rounds of RFC 1321 §3.4, 16 operations each. */
function compress(): void {
  const m = STATE;
  let a = m.a;
  let b = m.b;
  let c = m.c;
  let d = m.d;
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    let f: u32;
    let k: i32;
    if (round == 0) {
      f = (b & c) | (~b & d); // F(X,Y,Z) = XY v not(X) Z
      k = i;
    } else if (round == 1) {
      f = (b & d) | (c & ~d); // G(X,Y,Z) = XZ v Y not(Z)
      k = (5 * i + 1) & 15;
    } else if (round == 2) {
      f = b ^ c ^ d; // H(X,Y,Z) = X xor Y xor Z
      k = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d); // I(X,Y,Z) = Y xor (X v not(Z))
      k = (7 * i) & 15;
    }
    const s = <u32>load<u8>(S + <usize>((round << 2) | (i & 3)));
    const sum = a + f + load<u32>(T + (<usize>i << 2)) + load<u32>(BLOCK + (<usize>k << 2));
    a = d;
    d = c;
    c = b;
    b = b + rotl<u32>(sum, s);
  }
  // §3.4: "A = A + AA" and so on (increment each register by its value before this block).
  m.a += a;
  m.b += b;
  m.c += c;
  m.d += d;
}

/** Appends one byte to the message. */
export function md5UpdateByte(c: u32): void {
  const m = STATE;
  let filled = m.filled;
  store<u8>(BLOCK + <usize>filled, <u8>c);
  filled++;
  if (filled == 64) {
    compress();
    m.blocks++;
    filled = 0;
  }
  m.filled = filled;
}

/** Appends the `len` bytes at `src` (nothing when len <= 0). */
export function md5Update(src: usize, len: i32): void {
  const m = STATE;
  let filled = m.filled;
  for (let i = 0; i < len; i++) {
    store<u8>(BLOCK + <usize>filled, load<u8>(src + <usize>i));
    filled++;
    if (filled == 64) {
      compress();
      m.blocks++;
      filled = 0;
    }
  }
  m.filled = filled;
}

/**
 * Ends the message: pads it (RFC 1321 §3.1: one 1 bit, zeros to 448 mod
 * 512 bits), appends its length in bits as 64 bits low-order word first
 * (§3.2), and stores A, B, C, D into the digest (§3.5). The block buffer is
 * cleared afterwards so no message bytes (a password) stay behind in it.
 */
export function md5Final(): void {
  const m = STATE;
  let filled = m.filled;
  const bits = ((<u64>m.blocks << 6) + <u64>filled) << 3;
  store<u8>(BLOCK + <usize>filled, 0x80);
  filled++;
  if (filled > 56) {
    while (filled < 64) {
      store<u8>(BLOCK + <usize>filled, 0);
      filled++;
    }
    compress();
    filled = 0;
  }
  while (filled < 56) {
    store<u8>(BLOCK + <usize>filled, 0);
    filled++;
  }
  store<u64>(BLOCK + 56, bits);
  compress();
  store<u32>(DIGEST, m.a);
  store<u32>(DIGEST + 4, m.b);
  store<u32>(DIGEST + 8, m.c);
  store<u32>(DIGEST + 12, m.d);
  for (let i: usize = 0; i < 64; i += 8) store<u64>(BLOCK + i, 0);
  m.filled = 0;
  m.blocks = 0;
}

/** Address of the 16-byte digest of the last md5Final(). */
export function md5Digest(): usize {
  return DIGEST;
}

/** Writes the digest as 32 lower-case hex characters at dst (RFC 2617 §3.1.3, RFC 7616 §3.4.1: lower-case hex). */
export function md5HexTo(dst: usize): void {
  for (let i: usize = 0; i < 16; i++) {
    const v = <usize>load<u8>(DIGEST + i);
    store<u8>(dst + (i << 1), load<u8>(HEX_DIGITS + (v >> 4)));
    store<u8>(dst + (i << 1) + 1, load<u8>(HEX_DIGITS + (v & 15)));
  }
}

/** Writes `len` bytes at src as lower-case hex at dst (2 * len bytes), e.g. a cnonce's random bytes. */
export function hexTo(dst: usize, src: usize, len: i32): void {
  for (let i = 0; i < len; i++) {
    const v = <usize>load<u8>(src + <usize>i);
    store<u8>(dst + (<usize>i << 1), load<u8>(HEX_DIGITS + (v >> 4)));
    store<u8>(dst + (<usize>i << 1) + 1, load<u8>(HEX_DIGITS + (v & 15)));
  }
}
