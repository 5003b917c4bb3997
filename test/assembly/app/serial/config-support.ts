// Helpers for the serial configuration specs: the mock board's `mock` module
// (test/assembly/board-mock.js), a handler called the way the agent calls it
// (request in, payload out, reply read back), PieceIn by the host's rules,
// KEEP records written over a block the way a host writes them, and a small
// block builder. Tests may allocate; the handlers do not.
import { Handler, OUT_CAPACITY, replyStatus, replyLength, takeRebootRequest } from "../../../../assembly/app/serial/reply";
import { pieceIn, configPiecesReset } from "../../../../assembly/app/serial/config-commands";
import { isSecret } from "../../../../assembly/app/config/schema.generated";
import * as C from "../../../../assembly/app/config/access";
import { crc32 } from "../../../../assembly/serial/crc32";

// ---- the mock board ----
@external("mock", "reset") export declare function mockReset(): void;
@external("mock", "setConfig") export declare function mockSetConfig(ptr: usize, len: i32): void;
@external("mock", "configLength") export declare function mockConfigLength(): i32;
@external("mock", "configTake") export declare function mockConfigTake(dst: usize, cap: i32): i32;
@external("mock", "setFailWrites") export declare function mockSetFailWrites(on: i32): void;

/** A fresh board storing `block` and running on it (configLoad at start), no assembly, no reboot pending. */
export function boot(block: usize, len: i32): void {
  mockReset();
  C.configDefaults();
  if (len > 0) {
    mockSetConfig(block, len);
    expect(C.configLoad(block, len)).toBe(0, "the spec's block loads");
  }
  configPiecesReset();
  takeRebootRequest();
}

// ---- calling a handler ----
export const REQ: usize = memory.data(4200);
export const OUT: usize = memory.data(OUT_CAPACITY + 16);
let last: i32 = 0;

/** Calls `h` with the `len` octets at REQ; the response goes to OUT. */
export function call(h: Handler, len: i32): void { last = h(REQ, len, OUT, 0); }
export function status(): i32 { return replyStatus(last); }
export function length(): i32 { return replyLength(last); }
/** A refused configuration's `[error code][tag]`, as one number: code << 8 | tag. */
export function refusal(): i32 { return (<i32>load<u8>(OUT) << 8) | <i32>load<u8>(OUT + 1); }
/** The response's text after its two error octets. */
export function text(): string { return String.UTF8.decodeUnsafe(OUT + 2, <usize>(length() - 2)); }

/** The PieceIn request `[0x22][total][offset][octets]` for `n` octets of `block` from `offset`, into REQ: its length. */
export function piece(block: usize, total: i32, offset: i32, n: i32, command: u8 = 0x22): i32 {
  store<u8>(REQ, command);
  store<u32>(REQ + 1, <u32>total);
  store<u32>(REQ + 5, <u32>offset);
  memory.copy(REQ + 9, block + <usize>offset, <usize>n);
  return 9 + n;
}

/** `len` octets of `block` in pieces of `size` as a host sends them, each answered; the last answer stays. */
export function sendInPieces(block: usize, len: i32, size: i32): void {
  for (let at = 0; at < len; at += size) {
    const n = len - at < size ? len - at : size;
    call(pieceIn, piece(block, len, at, n));
    if (at + n < len) {
      expect(status()).toBe(0, "a piece that follows is taken");
      expect(load<u32>(OUT)).toBe(<u32>(at + n), "answered with the octets received so far");
    }
  }
}

/** Whether the `n` octets at a and b are the same. */
export function same(a: usize, b: usize, n: i32): bool { return memory.compare(a, b, <usize>n) == 0; }

/** The configuration the board now stores equals the `len` octets at `block`. */
export function storedIs(block: usize, len: i32): void {
  const got = memory.data(4096);
  expect(mockConfigLength()).toBe(len, "the stored block's length");
  expect(same(got, block, mockConfigTake(got, 4096))).toBe(true, "the stored block, octet for octet");
}

// ---- KEEP records, written as a host writes them ----
export const KEEPS: usize = memory.data(4096);

/**
 * The `len` octets at `src` with each secret record of tag `only` (0: every secret tag) replaced by
 * KEEP `[0x7E][3][tag][entry][item]` naming it (its relay, access code or allowed caller, the door code's
 * place in its relay), the header resealed, into KEEPS: its length.
 */
export function withKeeps(src: usize, len: i32, only: u32): i32 {
  let n = 14, relay = -1, code = 0, access = -1, allowed = -1;
  memory.copy(KEEPS, src, 14);
  for (let at = 14; at < len;) {
    const tag = <u32>load<u8>(src + <usize>at), size = <i32>load<u16>(src + <usize>at + 1);
    if (tag == 0x50) { relay++; code = 0; }
    if (tag == 0x60) access++;
    if (tag == 0x70) allowed++;
    if (isSecret(tag) && (only == 0 || tag == only)) {
      const entry = tag == 0x52 ? relay : tag == 0x61 ? access : tag == 0x71 ? allowed : 0;
      const item = tag == 0x52 ? code : 0;
      keepAt(KEEPS + <usize>n, tag, entry, item);
      n += 6;
    } else {
      memory.copy(KEEPS + <usize>n, src + <usize>at, <usize>(3 + size));
      n += 3 + size;
    }
    if (tag == 0x52) code++;
    at += 3 + size;
  }
  return seal(KEEPS, n);
}

/** The 6 octets of a KEEP record at `p`: tag 0x7E, length 3, the secret's tag, entry and item. */
export function keepAt(p: usize, tag: u32, entry: i32, item: i32): void {
  store<u8>(p, 0x7e);
  store<u16>(p + 1, 3);
  store<u8>(p + 3, <u8>tag);
  store<u8>(p + 4, <u8>entry);
  store<u8>(p + 5, <u8>item);
}

// ---- a block builder (docs/config.md: a 14-octet header, then tag u8, length u16, value) ----
export const BUILT: usize = memory.data(4096);
let built = 14;
export function start(): void { built = 14; }
export function txt(tag: u32, s: string): void {
  store<u8>(BUILT + <usize>built, <u8>tag);
  store<u16>(BUILT + <usize>built + 1, <u16>s.length);
  for (let k = 0; k < s.length; k++) store<u8>(BUILT + <usize>built + 3 + <usize>k, <u8>s.charCodeAt(k));
  built += 3 + s.length;
}
export function u8rec(tag: u32, v: u8): void { store<u8>(BUILT + <usize>built, <u8>tag); store<u16>(BUILT + <usize>built + 1, 1); store<u8>(BUILT + <usize>built + 3, v); built += 4; }
export function begin(tag: u32): void { store<u8>(BUILT + <usize>built, <u8>tag); store<u16>(BUILT + <usize>built + 1, 0); built += 3; }
/** A KEEP record in the built block. */
export function keepRec(tag: u32, entry: i32, item: i32): void {
  keepAt(BUILT + <usize>built, tag, entry, item);
  built += 6;
}
/** One record of `size` octets of 'a' (its tag need not be valid: what a KEEP's expansion only walks over). */
export function filler(tag: u32, size: i32): void {
  store<u8>(BUILT + <usize>built, <u8>tag);
  store<u16>(BUILT + <usize>built + 1, <u16>size);
  memory.fill(BUILT + <usize>built + 3, 0x61, <usize>size);
  built += 3 + size;
}
/** The built block, sealed: its length. */
export function sealed(): i32 { return seal(BUILT, built); }

/** Writes the header of the block of `len` octets at `p` (magic, version 1, body length, CRC-32): len. */
export function seal(p: usize, len: i32): i32 {
  store<u32>(p, 0x31434944);
  store<u16>(p + 4, 1);
  store<u32>(p + 6, <u32>(len - 14));
  store<u32>(p + 10, crc32(p + 14, len - 14));
  return len;
}
