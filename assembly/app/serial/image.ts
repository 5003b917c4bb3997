// The firmware's reader of the image format (docs/images.md): the 32-octet
// header, the payload padded to 4, the trailer of type-length-value records
// ending with the SHA-256 of header and payload. Read-only, allocation-free,
// and refusing what host/image/format.ts refuses, named by the same field
// (test/host/image-reader-agree.test.ts feeds both the same images).
//
// Two ways in: the header and trailer as octets in memory (FlashBegin carries
// them: imageHeaderCheck, imageTrailerCheck), and an image in a slot, read
// through board.slotRead in pieces into a caller's scratch area of
// IMAGE_SCRATCH octets (imageOpen reads and checks header, padding and
// trailer; imageHash then hashes the slot in one pass). The agent lends its
// response buffer as the scratch area: it is free until the handler answers.
import { boardSlotRead } from "../../board/imports";
import { Sha256State, SHA256_SIZE, SHA256_STATE_SIZE, sha256Init, sha256Update, sha256Final, sha256Copy, sha256Equal } from "../../crypto/sha256";
import * as serialFlashTexts from "./flash-texts";

export const IMAGE_HEADER_SIZE: i32 = 32;
const IMAGE_MAGIC: u32 = 0x4d494349; // "ICIM" (docs/images.md, "Header")
const FORMAT_VERSION: u16 = 1;
const TRAILER_MAGIC: u16 = 0x5449; // "IT" (docs/images.md, "Trailer")
const RECORD_BOARD: u16 = 0x0001;
const RECORD_SHA256: u16 = 0x0002;
const BOARD_NAME_MAX: i32 = 32;
const KIND_CORTEX_M: u8 = 3;

// The scratch area, 8-aligned: two hash states, the header, the digest of
// header and payload, the trailer's SHA-256 record, the image size, then the
// octets read from the slot (the trailer after imageOpen).
const S_WHOLE: usize = 0;
const S_BODY: usize = S_WHOLE + <usize>SHA256_STATE_SIZE;
const S_HEADER: usize = S_BODY + <usize>SHA256_STATE_SIZE;
const S_DIGEST: usize = S_HEADER + <usize>IMAGE_HEADER_SIZE;
const S_RECORD: usize = S_DIGEST + <usize>SHA256_SIZE;
const S_SIZE: usize = S_RECORD + <usize>SHA256_SIZE;
const S_DATA: usize = S_SIZE + 8;
/** The octets imageOpen and imageHash need at `scratch` (8-aligned). */
export const IMAGE_SCRATCH: i32 = 1016;
/** The longest trailer read from a slot (longer ones are refused: `trailer length`). */
export const IMAGE_TRAILER_MAX: i32 = IMAGE_SCRATCH - <i32>S_DATA;
if (IMAGE_TRAILER_MAX != 688) ERROR("image: the text of TRAILER_TOO_LONG says 688 octets");

// @ts-ignore: decorator
@inline function align4(n: u64): u64 { return (n + 3) & ~(<u64>3); }

/** The header's kind (offset 12). */
// @ts-ignore: decorator
@inline export function imageKind(h: usize): u8 { return load<u8>(h, 12); }

/** The header's payloadSize (offset 8). */
// @ts-ignore: decorator
@inline export function imagePayloadSize(h: usize): u32 { return load<u32>(h, 8); }

/** Where the trailer of the image with header `h` starts: header and payload padded to 4 (docs/images.md, "Layout"). */
export function imageTrailerOffset(h: usize): u64 { return align4(<u64>IMAGE_HEADER_SIZE + <u64>imagePayloadSize(h)); }

/** The header checks of docs/images.md "Header", in the host reader's order: 0 or an image error. */
export function imageHeaderCheck(h: usize): i32 {
  if (load<u32>(h) != IMAGE_MAGIC) return serialFlashTexts.MAGIC;
  // A newer format is refused rather than misread.
  if (load<u16>(h, 4) != FORMAT_VERSION) return serialFlashTexts.FORMAT_VERSION;
  if (load<u16>(h, 6) != <u16>IMAGE_HEADER_SIZE) return serialFlashTexts.HEADER_SIZE;
  const kind = imageKind(h);
  if (kind < 1 || kind > KIND_CORTEX_M) return serialFlashTexts.KIND;
  if (load<u8>(h, 13) != 0) return serialFlashTexts.FLAGS;
  if (load<u16>(h, 14) != 0) return serialFlashTexts.RESERVED_14;
  if (load<u32>(h, 28) != 0) return serialFlashTexts.RESERVED_28;
  // Only a Cortex-M binary runs at a load address (offset 24).
  if (kind != KIND_CORTEX_M && load<u32>(h, 24) != 0) return serialFlashTexts.LOAD_ADDRESS;
  return serialFlashTexts.NONE;
}

/** A board name as boards/ spells them: 1..32 of a-z, 0-9, words joined by single dashes. */
function boardNameValid(p: usize, n: i32): bool {
  if (n < 1 || n > BOARD_NAME_MAX) return false;
  let dash = true; // a name neither starts with a dash nor has two in a row
  for (let i = 0; i < n; i++) {
    const c = load<u8>(p + <usize>i);
    if (c == 0x2d) {
      if (dash) return false;
      dash = true;
    } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) dash = false;
    else return false;
  }
  return !dash; // nor ends with one
}

/**
 * The trailer's checks (docs/images.md "Trailer") over the `len` octets at
 * `t`, which must be the trailer exactly: board records, then one SHA-256
 * record, the last; unknown types refused. 0 or an image error.
 */
export function imageTrailerCheck(t: usize, len: i32): i32 {
  if (len < 4) return serialFlashTexts.TRAILER_PAST_END;
  if (load<u16>(t) != TRAILER_MAGIC) return serialFlashTexts.TRAILER_MAGIC;
  const length = <i32>load<u16>(t, 2);
  if (length > len) return serialFlashTexts.TRAILER_LENGTH_PAST_END;
  if (length < len) return serialFlashTexts.TRAILER_LENGTH_SHORT;
  let boards = 0, sha = false;
  for (let at = 4; at < length;) {
    if (sha) return serialFlashTexts.SHA256_NOT_LAST;
    if (at + 4 > length) return serialFlashTexts.RECORD_PAST_END;
    const type = load<u16>(t + <usize>at), size = <i32>load<u16>(t + <usize>at, 2);
    const next = at + 4 + ((size + 3) & ~3);
    if (next > length) return serialFlashTexts.RECORD_PAST_END;
    if (type == RECORD_BOARD) {
      if (!boardNameValid(t + <usize>at + 4, size)) return serialFlashTexts.BOARD_NAME;
      boards++;
    } else if (type == RECORD_SHA256) {
      if (size != SHA256_SIZE) return serialFlashTexts.SHA256_SIZE;
      sha = true;
    } else return serialFlashTexts.RECORD_UNKNOWN;
    at = next;
  }
  if (boards == 0) return serialFlashTexts.NO_BOARD;
  if (!sha) return serialFlashTexts.NO_SHA256;
  return serialFlashTexts.NONE;
}

/** Whether a trailer imageTrailerCheck accepted has a board record equal to the `n` octets at `name`. */
export function imageTrailerNamesBoard(t: usize, name: usize, n: i32): bool {
  const length = <i32>load<u16>(t, 2);
  for (let at = 4; at < length;) {
    const size = <i32>load<u16>(t + <usize>at, 2);
    if (load<u16>(t + <usize>at) == RECORD_BOARD && size == n) {
      let same = true;
      for (let i = 0; i < n && same; i++) same = load<u8>(t + <usize>(at + 4 + i)) == load<u8>(name + <usize>i);
      if (same) return true;
    }
    at += 4 + ((size + 3) & ~3);
  }
  return false;
}

/** The value of the SHA-256 record of a trailer imageTrailerCheck accepted: its last 32 octets. */
export function imageTrailerSha256(t: usize): usize { return t + <usize>load<u16>(t, 2) - <usize>SHA256_SIZE; }

/** The header imageOpen read (32 octets; the version at offset 16). */
export function imageOpenedHeader(scratch: usize): usize { return scratch + S_HEADER; }
/** The trailer imageOpen read (its length at offset 2); imageHash overwrites it. */
export function imageOpenedTrailer(scratch: usize): usize { return scratch + S_DATA; }
/** The trailer's SHA-256 record imageOpen read. */
export function imageOpenedSha256(scratch: usize): usize { return scratch + S_RECORD; }
/** The image's size: the end of its trailer. */
export function imageOpenedSize(scratch: usize): u32 { return load<u32>(scratch + S_SIZE); }

/**
 * The SHA-256 of a header (32 octets at `h`) followed by a trailer (at `t`,
 * as long as its info header says), into `dst`: what FlashBegin carried,
 * compared at FlashVerify with what the slot holds (docs/images.md "What a
 * board checks", 2: the very octets Begin carried). `state` is any free
 * SHA256_STATE_SIZE octets.
 */
export function imagePartsDigest(state: Sha256State, h: usize, t: usize, dst: usize): void {
  sha256Init(state);
  sha256Update(state, h, IMAGE_HEADER_SIZE);
  sha256Update(state, t, <i32>load<u16>(t, 2));
  sha256Final(state, dst);
}

/** After imageOpen: whether the slot's header and trailer hash to the 32 octets at `expected` (imagePartsDigest). */
export function imageOpenedPartsAre(scratch: usize, expected: usize): bool {
  imagePartsDigest(changetype<Sha256State>(scratch + S_WHOLE), scratch + S_HEADER, scratch + S_DATA, scratch + S_DIGEST);
  return sha256Equal(scratch + S_DIGEST, expected);
}

/** Reads `len` octets of `slot` at `offset` into `dst`: whether all came. */
// @ts-ignore: decorator
@inline function readWhole(slot: i32, offset: u64, dst: usize, len: i32): bool {
  return offset + <u64>len <= <u64>u32.MAX_VALUE && boardSlotRead(slot, <u32>offset, dst, len) == len;
}

/**
 * Reads the header, the padding and the trailer of the image in `slot` and
 * checks them as host/image/format.ts's readImage does, in its order. `size`
 * is the image's length when known (FlashVerify: FlashBegin's size), or 0 to
 * take the end of its trailer (what a slot holds after it is not looked at).
 * 0, or an image error; the image's parts are then at imageOpened*(scratch).
 */
export function imageOpen(slot: i32, size: u32, scratch: usize): i32 {
  const h = scratch + S_HEADER, data = scratch + S_DATA;
  if (!readWhole(slot, 0, h, IMAGE_HEADER_SIZE)) return serialFlashTexts.HEADER_SHORT;
  let e = imageHeaderCheck(h);
  if (e != 0) return e;
  const known = size != 0;
  const bodyEnd = <u64>IMAGE_HEADER_SIZE + <u64>imagePayloadSize(h);
  if (known && bodyEnd > <u64>size) return serialFlashTexts.PAYLOAD_PAST_END;
  const start = align4(bodyEnd);
  if (known && start > <u64>size) return serialFlashTexts.TRAILER_PAST_END;
  const pad = <i32>(start - bodyEnd);
  if (!readWhole(slot, bodyEnd, data, pad)) return serialFlashTexts.TRAILER_PAST_END;
  for (let i = 0; i < pad; i++) if (load<u8>(data + <usize>i) != 0) return serialFlashTexts.PADDING;
  // The trailer's info header: magic and length.
  if ((known && <u64>size - start < 4) || !readWhole(slot, start, data, 4)) return serialFlashTexts.TRAILER_PAST_END;
  if (load<u16>(data) != TRAILER_MAGIC) return serialFlashTexts.TRAILER_MAGIC;
  const length = <i32>load<u16>(data, 2);
  const rest = known ? <u64>size - start : <u64>length;
  if (<u64>length > rest) return serialFlashTexts.TRAILER_LENGTH_PAST_END;
  if (<u64>length < rest) return serialFlashTexts.TRAILER_LENGTH_SHORT;
  if (length > IMAGE_TRAILER_MAX) return serialFlashTexts.TRAILER_TOO_LONG;
  if (!readWhole(slot, start, data, length)) return serialFlashTexts.TRAILER_LENGTH_PAST_END;
  e = imageTrailerCheck(data, length);
  if (e != 0) return e;
  const record = imageTrailerSha256(data);
  for (let i: usize = 0; i < <usize>SHA256_SIZE; i += 4) store<u32>(scratch + S_RECORD + i, load<u32>(record + i));
  store<u32>(scratch + S_SIZE, <u32>(start + <u64>length));
  return serialFlashTexts.NONE;
}

/**
 * After imageOpen: reads the whole image back in pieces and hashes it in one
 * pass, the state forked where the payload ends (sha256Copy), so that both
 * digests come from one read. Checks, in this order, that the whole image
 * hashes to the 32 octets at `whole` (FlashBegin's sha256; 0: not checked)
 * and that header and payload hash to the trailer's record (docs/images.md
 * "What a board checks", 2). 0, or an image error.
 */
export function imageHash(slot: i32, scratch: usize, whole: usize): i32 {
  const all = changetype<Sha256State>(scratch + S_WHOLE), body = changetype<Sha256State>(scratch + S_BODY);
  const data = scratch + S_DATA;
  const size = imageOpenedSize(scratch);
  const bodyEnd = <u32>IMAGE_HEADER_SIZE + imagePayloadSize(scratch + S_HEADER);
  sha256Init(all);
  let forked = false;
  for (let at: u32 = 0; at < size;) {
    let n = min<u32>(size - at, <u32>IMAGE_TRAILER_MAX);
    if (!forked && at + n > bodyEnd) n = bodyEnd - at;
    if (!readWhole(slot, at, data, <i32>n)) return serialFlashTexts.SLOT_SHORT;
    sha256Update(all, data, <i32>n);
    at += n;
    if (at == bodyEnd) {
      sha256Copy(body, all);
      sha256Final(body, scratch + S_DIGEST);
      forked = true;
    }
  }
  sha256Final(all, data);
  if (whole != 0 && !sha256Equal(data, whole)) return serialFlashTexts.SHA256_NOT_BEGIN;
  if (!sha256Equal(scratch + S_DIGEST, scratch + S_RECORD)) return serialFlashTexts.SHA256_MISMATCH;
  return serialFlashTexts.NONE;
}
