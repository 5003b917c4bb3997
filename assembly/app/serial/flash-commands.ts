// Flashing over the serial link (docs/serial-agent.md "Flashing"):
// FlashBegin checks the image's header and trailer against the board and
// erases the slot the board does not run; FlashData writes chunks in order
// (a repeat is written again: the host resends what it did not see
// acknowledged); FlashVerify reads the slot back and checks it by hash, then
// asks the board (slotCheck); FlashActivate puts the verified slot on trial
// and reboots. Each handler has the Handler shape of reply.ts.
//
// The session lives in one small record; the hashing at Begin and Verify uses
// the response buffer as scratch (image.ts), since it is free until the
// handler writes its answer. The request and the response buffers are apart
// (the link's receive and send frames).
import { OUT_CAPACITY, STATUS_OK, STATUS_BAD_REQUEST, STATUS_REFUSED, STATUS_NOT_READY, STATUS_TOO_LARGE, reply, replyLength, rebootAfterAnswer } from "./reply";
import { boardSlotErase, boardSlotWrite, boardSlotCheck, boardBootActivate } from "../../board/imports";
import { readBootInfo, bootInfoName, OUTSIDE_SLOTS } from "../../board/boot-info";
import { Sha256State, SHA256_SIZE } from "../../crypto/sha256";
import {
  IMAGE_HEADER_SIZE, IMAGE_SCRATCH, IMAGE_TRAILER_MAX, imageHeaderCheck, imageTrailerCheck, imageTrailerNamesBoard, imageKind, imageTrailerOffset,
  imagePartsDigest, imageOpen, imageOpenedPartsAre, imageHash, imageOpenedHeader, imageOpenedSha256,
} from "./image";
import * as serialFlashTexts from "./flash-texts";

const IDLE: u8 = 0;
const WRITING: u8 = 1;
const VERIFIED: u8 = 2;

/** The largest chunk: a FlashData payload is the chunk number (4 octets) and its octets (maxPayload). */
export const CHUNK_MAX: i32 = OUT_CAPACITY - 4;
if (CHUNK_MAX != 1024) ERROR("flash: the text of CHUNK_SIZE says 1 to 1024");
/** FlashBegin's request: size u32, chunkSize u16, sha256, the header, then the trailer. */
const BEGIN_SHA256 = 6;
const BEGIN_HEADER = BEGIN_SHA256 + SHA256_SIZE;
const BEGIN_TRAILER = BEGIN_HEADER + IMAGE_HEADER_SIZE;
/** FlashVerify's response: slot, the version (header octets 16..23), the trailer's SHA-256 record. */
const VERIFY_ANSWER = 1 + 8 + SHA256_SIZE;
/** Where the board writes its reason at Verify, past the answer; moved after "image: " when it refuses. */
const REASON_AT: usize = 48;
const REASON_CAP: i32 = 200;
if (IMAGE_SCRATCH + 7 > OUT_CAPACITY) ERROR("flash: the scratch area, aligned to 8, must fit the response buffer");

// @ts-ignore: decorator
@unmanaged class FlashSession {
  state: u8;
  slot: u8;
  chunkSize: u16;
  size: u32;
  chunks: u32;
  /** The first chunk not written yet: chunks 0..next-1 are in the slot. */
  next: u32;
  /** FlashBegin's SHA-256 of the whole image (32 octets from here). */
  sha256: u8;
}
const SESSION_SIZE: i32 = <i32>offsetof<FlashSession>("sha256") + 2 * SHA256_SIZE;
const SESSION = changetype<FlashSession>(memory.data(SESSION_SIZE, 4));
const BEGIN_DIGEST: usize = changetype<usize>(SESSION) + offsetof<FlashSession>("sha256");
/** The SHA-256 of the header and trailer FlashBegin carried (imagePartsDigest). */
const PARTS_DIGEST: usize = BEGIN_DIGEST + <usize>SHA256_SIZE;

/** Forgets a flash in progress (Hello, and a new FlashBegin): Data, Verify and Activate are refused until the next Begin. */
export function flashSessionReset(): void {
  SESSION.state = IDLE;
  SESSION.next = 0;
}

// @ts-ignore: decorator
@inline function scratchOf(out: usize): usize { return (out + 7) & ~(<usize>7); }

// @ts-ignore: decorator
@inline function refused(out: usize, status: i32, code: i32): i32 { return serialFlashTexts.refuseWith(out, status, code); }

/** FlashBegin: `[size u32][chunkSize u16][sha256 32][header 32][trailer]` -> `[slot u8][chunkSize u16][chunks u32]`. */
export function flashBegin(req: usize, len: i32, out: usize, now: u32): i32 {
  flashSessionReset();
  if (len < BEGIN_TRAILER) return refused(out, STATUS_BAD_REQUEST, serialFlashTexts.BEGIN_SHORT);
  const h = req + <usize>BEGIN_HEADER, t = req + <usize>BEGIN_TRAILER, trailerLength = len - BEGIN_TRAILER;
  // Nothing is erased before every check has passed (docs/images.md "What a board checks", 1).
  let e = imageHeaderCheck(h);
  if (e == 0) e = imageTrailerCheck(t, trailerLength);
  // Verify reads the trailer back whole into its scratch area: refused now rather than after the transfer.
  if (e == 0 && trailerLength > IMAGE_TRAILER_MAX) e = serialFlashTexts.TRAILER_TOO_LONG;
  if (e != 0) return refused(out, STATUS_REFUSED, e);
  const info = readBootInfo();
  if (imageKind(h) != info.kind) return refused(out, STATUS_REFUSED, serialFlashTexts.WRONG_KIND);
  if (!imageTrailerNamesBoard(t, bootInfoName(info), <i32>info.nameLength)) return refused(out, STATUS_REFUSED, serialFlashTexts.WRONG_BOARD);
  const size = load<u32>(req);
  if (<u64>size != imageTrailerOffset(h) + <u64>trailerLength) return refused(out, STATUS_REFUSED, serialFlashTexts.SIZE);
  if (size > info.slotCapacity) return refused(out, STATUS_TOO_LARGE, serialFlashTexts.SIZE_OVER_SLOT);
  const chunkSize = load<u16>(req, 4);
  if (chunkSize == 0 || <i32>chunkSize > CHUNK_MAX) return refused(out, STATUS_REFUSED, serialFlashTexts.CHUNK_SIZE);
  if (info.running == OUTSIDE_SLOTS) return refused(out, STATUS_NOT_READY, serialFlashTexts.OUTSIDE_SLOTS);
  // On trial, the other slot is the fallback: it stays until the running image confirms itself.
  if (info.trial != 0) return refused(out, STATUS_NOT_READY, serialFlashTexts.TRIAL);
  const slot: u8 = info.running == 0 ? 1 : 0;
  if (boardSlotErase(slot) != 0) return refused(out, STATUS_REFUSED, serialFlashTexts.ERASE_FAILED);
  const s = SESSION;
  for (let i: usize = 0; i < <usize>SHA256_SIZE; i += 4) store<u32>(BEGIN_DIGEST + i, load<u32>(req + <usize>BEGIN_SHA256 + i));
  imagePartsDigest(changetype<Sha256State>(scratchOf(out)), h, t, PARTS_DIGEST);
  s.slot = slot;
  s.size = size;
  s.chunkSize = chunkSize;
  s.chunks = size / <u32>chunkSize + (size % <u32>chunkSize != 0 ? 1 : 0);
  s.state = WRITING;
  store<u8>(out, slot);
  store<u16>(out, chunkSize, 1);
  store<u32>(out, s.chunks, 3);
  return reply(STATUS_OK, 7);
}

/** FlashData: `[chunk u32][octets]` -> `[chunk u32]`. Chunk n at n × chunkSize, chunkSize octets (the last: the rest). */
export function flashData(req: usize, len: i32, out: usize, now: u32): i32 {
  const s = SESSION;
  if (s.state == IDLE) return refused(out, STATUS_NOT_READY, serialFlashTexts.NO_BEGIN);
  if (len < 4) return refused(out, STATUS_BAD_REQUEST, serialFlashTexts.DATA_SHORT);
  const n = load<u32>(req);
  if (n > s.next || n >= s.chunks) return refused(out, STATUS_REFUSED, serialFlashTexts.CHUNK_NOT_NEXT);
  const at = n * <u32>s.chunkSize;
  const expected = n == s.chunks - 1 ? s.size - at : <u32>s.chunkSize;
  if (<u32>(len - 4) != expected) return refused(out, STATUS_REFUSED, serialFlashTexts.CHUNK_LENGTH);
  if (boardSlotWrite(s.slot, at, req + 4, len - 4) != len - 4) return refused(out, STATUS_REFUSED, serialFlashTexts.WRITE_FAILED);
  if (n == s.next) s.next++;
  s.state = WRITING; // a chunk written after Verify needs another Verify
  store<u32>(out, n);
  return reply(STATUS_OK, 4);
}

/** FlashVerify: `[]` -> `[slot u8][version 8][sha256 32]`, the slot read back and checked (docs/serial-agent.md "Flashing"). */
export function flashVerify(req: usize, len: i32, out: usize, now: u32): i32 {
  const s = SESSION;
  if (s.state == IDLE) return refused(out, STATUS_NOT_READY, serialFlashTexts.NO_BEGIN);
  if (s.next < s.chunks) return refused(out, STATUS_NOT_READY, serialFlashTexts.CHUNKS_MISSING);
  const scratch = scratchOf(out), slot = <i32>s.slot;
  let e = imageOpen(slot, s.size, scratch);
  if (e == 0 && !imageOpenedPartsAre(scratch, PARTS_DIGEST)) e = serialFlashTexts.NOT_BEGINS;
  if (e == 0) e = imageHash(slot, scratch, BEGIN_DIGEST);
  if (e != 0) return refused(out, STATUS_REFUSED, e);
  // The answer first (the scratch area lies past it), then the board's own check past the answer.
  const h = imageOpenedHeader(scratch), record = imageOpenedSha256(scratch);
  store<u8>(out, s.slot);
  for (let i: usize = 0; i < 8; i++) store<u8>(out + 1 + i, load<u8>(h + 16 + i));
  for (let i: usize = 0; i < <usize>SHA256_SIZE; i++) store<u8>(out + 9 + i, load<u8>(record + i));
  const why = boardSlotCheck(slot, out + REASON_AT, REASON_CAP);
  if (why > 0) return refuseForBoard(out, min(why, REASON_CAP));
  s.state = VERIFIED;
  return reply(STATUS_OK, VERIFY_ANSWER);
}

/** The board's reason (at out + REASON_AT) as the refusal `image: REASON`, any octet outside printable ASCII shown as '?'. */
function refuseForBoard(out: usize, n: i32): i32 {
  const r = refused(out, STATUS_REFUSED, serialFlashTexts.BOARD_CHECK);
  const at = out + <usize>replyLength(r);
  for (let i = 0; i < n; i++) {
    const c = load<u8>(out + REASON_AT + <usize>i);
    store<u8>(at + <usize>i, c >= 0x20 && c < 0x7f ? c : 0x3f);
  }
  return reply(STATUS_REFUSED, replyLength(r) + n);
}

/** FlashActivate: `[slot u8]` -> `[slot u8]`; the verified slot goes on trial in the boot record, then the board reboots. */
export function flashActivate(req: usize, len: i32, out: usize, now: u32): i32 {
  const s = SESSION;
  if (len != 1) return refused(out, STATUS_BAD_REQUEST, serialFlashTexts.ACTIVATE_SHORT);
  if (s.state != VERIFIED) return refused(out, STATUS_NOT_READY, serialFlashTexts.NOT_VERIFIED);
  const slot = load<u8>(req);
  if (slot != s.slot) return refused(out, STATUS_REFUSED, serialFlashTexts.NOT_VERIFIED);
  if (boardBootActivate(slot) != 0) return refused(out, STATUS_REFUSED, serialFlashTexts.ACTIVATE_FAILED);
  flashSessionReset();
  store<u8>(out, slot);
  rebootAfterAnswer();
  return reply(STATUS_OK, 1);
}
