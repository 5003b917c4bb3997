// Helpers for the flash specs: the mock board's controls (test/assembly/
// board-mock.js), an image in the format of docs/images.md built here octet by
// octet (its SHA-256 records by assembly/crypto/sha256.ts, which
// test/assembly/crypto/sha256.spec.ts checks against NIST's examples), and
// the requests of docs/serial-agent.md "Protocol 4" around it.
import { Sha256State, SHA256_STATE_SIZE, sha256Init, sha256Update, sha256Final } from "../../../../assembly/crypto/sha256";
import { replyStatus, replyLength } from "../../../../assembly/app/serial/reply";
import { flashBegin, flashData, flashVerify, flashActivate } from "../../../../assembly/app/serial/flash-commands";

@external("mock", "reset") export declare function mockReset(): void;
@external("mock", "setBoot") export declare function mockSetBoot(running: i32, trial: i32, lastBoot: i32, kind: i32): void;
@external("mock", "setCapacity") export declare function mockSetCapacity(n: i32): void;
@external("mock", "setName") declare function mockSetName(ptr: usize, len: i32): void;
@external("mock", "setCheckReason") declare function mockSetCheckReason(ptr: usize, len: i32): void;
@external("mock", "setFailWrites") export declare function mockSetFailWrites(on: i32): void;
@external("mock", "setSlot") export declare function mockSetSlot(slot: i32, ptr: usize, len: i32): void;
@external("mock", "slotLength") export declare function mockSlotLength(slot: i32): i32;
@external("mock", "activated") export declare function mockActivated(): i32;
@external("mock", "reboots") export declare function mockReboots(): i32;

/** The image under test, the request being built, and the response buffer (misaligned on purpose: handlers align their scratch). */
export const IMAGE: usize = memory.data(4096, 8);
export const REQ: usize = memory.data(2048, 8);
const OUT_AREA: usize = memory.data(1040, 8);
export const OUT: usize = OUT_AREA + 3;
const STATE = changetype<Sha256State>(memory.data(SHA256_STATE_SIZE, 8));
const SCRATCH: usize = memory.data(64, 8);

/** `text` as ASCII at SCRATCH (at most 64 octets): its address. */
export function ascii(text: string): usize {
  for (let i = 0; i < text.length; i++) store<u8>(SCRATCH + <usize>i, <u8>text.charCodeAt(i));
  return SCRATCH;
}

export function setBoardName(name: string): void { mockSetName(ascii(name), name.length); }
export function setCheckReason(reason: string): void { mockSetCheckReason(ascii(reason), reason.length); }

/** The SHA-256 of `len` octets at `ptr`, written at `dst`. */
export function sha256To(ptr: usize, len: i32, dst: usize): void {
  sha256Init(STATE);
  sha256Update(STATE, ptr, len);
  sha256Final(STATE, dst);
}

function put16(at: usize, v: i32): usize { store<u16>(at, <u16>v); return at + 2; }

const LONGEST = "abcdefghijklmnopqrstuvwxyz-01234";

/** A board record for `name` at `at`, padded to 4: where the next record starts. */
function boardRecord(at: usize, name: string): usize {
  at = put16(put16(at, 0x0001), name.length);
  const space = (name.length + 3) & ~3;
  for (let i = 0; i < space; i++) store<u8>(at + <usize>i, i < name.length ? <u8>name.charCodeAt(i) : 0);
  return at + <usize>space;
}

/**
 * Builds at IMAGE an image of `kind` for the board `board` with a payload of
 * `payloadSize` octets (a pattern), version 1.2.3+4: header, payload, zeros
 * to a multiple of 4, trailer (the board record, `more` records of another
 * board whose name has the most octets, 32, and the SHA-256 record). Its length.
 */
export function buildImage(payloadSize: i32, kind: u8 = 1, board: string = "simulator", more: i32 = 0): i32 {
  for (let i: usize = 0; i < 32; i++) store<u8>(IMAGE + i, 0);
  store<u32>(IMAGE, 0x4d494349); // "ICIM"
  store<u16>(IMAGE, 1, 4); // format version
  store<u16>(IMAGE, 32, 6); // headerSize
  store<u32>(IMAGE, <u32>payloadSize, 8);
  store<u8>(IMAGE, kind, 12);
  store<u8>(IMAGE, 1, 16);
  store<u8>(IMAGE, 2, 17);
  store<u16>(IMAGE, 3, 18);
  store<u32>(IMAGE, 4, 20);
  for (let i = 0; i < payloadSize; i++) store<u8>(IMAGE + 32 + <usize>i, <u8>(i * 7 + 1));
  const bodyEnd = 32 + payloadSize, start = (bodyEnd + 3) & ~3;
  for (let i = bodyEnd; i < start; i++) store<u8>(IMAGE + <usize>i, 0);
  const nameSpace = (board.length + 3) & ~3;
  const length = 4 + 4 + nameSpace + more * (4 + LONGEST.length) + 4 + 32;
  let at = put16(put16(IMAGE + <usize>start, 0x5449), length);
  at = boardRecord(at, board);
  for (let i = 0; i < more; i++) at = boardRecord(at, LONGEST);
  at = put16(put16(at, 0x0002), 32);
  sha256To(IMAGE, bodyEnd, at);
  return start + length;
}

/** FlashBegin's request for the image at IMAGE of `size` octets: `[size][chunkSize][sha256][header][trailer]`. Its length. */
export function beginRequest(size: i32, chunkSize: i32, sizeField: i32 = -1): i32 {
  store<u32>(REQ, <u32>(sizeField >= 0 ? sizeField : size));
  store<u16>(REQ, <u16>chunkSize, 4);
  sha256To(IMAGE, size, REQ + 6);
  for (let i: usize = 0; i < 32; i++) store<u8>(REQ + 38 + i, load<u8>(IMAGE + i));
  const start = (32 + <i32>load<u32>(IMAGE, 8) + 3) & ~3;
  const trailer = size - start;
  for (let i = 0; i < trailer; i++) store<u8>(REQ + 70 + <usize>i, load<u8>(IMAGE + <usize>(start + i)));
  return 70 + trailer;
}

/** FlashData's request for chunk `n` of the image at IMAGE: `[n][octets]`, `len` octets of it. Its length. */
export function dataRequest(n: i32, chunkSize: i32, len: i32): i32 {
  store<u32>(REQ, <u32>n);
  for (let i = 0; i < len; i++) store<u8>(REQ + 4 + <usize>i, load<u8>(IMAGE + <usize>(n * chunkSize + i)));
  return 4 + len;
}

/** The length of chunk `n` of an image of `size` octets. */
export function chunkLength(n: i32, chunkSize: i32, size: i32): i32 { return min(chunkSize, size - n * chunkSize); }

/** The status of a reply. */
export function status(r: i32): i32 { return replyStatus(r); }

/** The text of a refusal at OUT (`[0][0][text]`). */
export function refusal(r: i32): string {
  let s = "";
  for (let i = 2; i < replyLength(r); i++) s += String.fromCharCode(load<u8>(OUT + <usize>i));
  return s;
}

// The flash under test: the image buildImage made and the chunk size Begin asks for.
let flashSize = 0;
let flashChunk = 64;

/** Builds the image under test (buildImage) and sets the chunk size of its flash: its size. */
export function useImage(payloadSize: i32, chunkSize: i32): i32 {
  flashSize = buildImage(payloadSize);
  flashChunk = chunkSize;
  return flashSize;
}

/** The number of chunks of the image under test. */
export function chunks(): i32 { return (flashSize + flashChunk - 1) / flashChunk; }

export function begin(): i32 { return flashBegin(REQ, beginRequest(flashSize, flashChunk), OUT, 0); }
export function data(n: i32): i32 { return flashData(REQ, dataRequest(n, flashChunk, chunkLength(n, flashChunk, flashSize)), OUT, 0); }
export function verify(): i32 { return flashVerify(REQ, 0, OUT, 0); }
export function activate(slot: u8): i32 { store<u8>(REQ, slot); return flashActivate(REQ, 1, OUT, 0); }

/** Writes every chunk in order: whether each was taken. */
export function writeAll(): bool {
  let ok = true;
  for (let n = 0; n < chunks(); n++) ok = replyStatus(data(n)) == 0 && ok;
  return ok;
}
