// The firmware image format of docs/images.md: a 32-octet header, the payload
// as the board runs it, and a trailer of type-length-value records ending
// with the SHA-256 of header and payload (the layout follows MCUboot's image
// format). Reading works on views of the caller's bytes: nothing is copied,
// and every malformed case is refused with an ImageError naming the field.
import { createHash } from "node:crypto";

export const IMAGE_MAGIC = 0x4d494349; // the octets "I C I M" read as a little-endian u32
export const FORMAT_VERSION = 1;
export const HEADER_SIZE = 32;
export const TRAILER_MAGIC = 0x5449; // "I T" read as a little-endian u16
export const TRAILER_INFO_SIZE = 4;
export const RECORD_HEAD_SIZE = 4;
export const RECORD_BOARD = 0x0001;
export const RECORD_SHA256 = 0x0002;
export const SHA256_SIZE = 32;
export const BOARD_NAME_MAX = 32;

/** The kinds of payload (docs/images.md, "Header", offset 12). */
export const Kind = { Wasm: 1, Linux: 2, CortexM: 3 } as const;
export type KindNumber = (typeof Kind)[keyof typeof Kind];
export const KIND_NAMES: Record<KindNumber, string> = { 1: "wasm", 2: "linux", 3: "cortex-m" };
const KIND_WORDS: Record<KindNumber, string> = { 1: "a WebAssembly module", 2: "a Linux executable", 3: "a Cortex-M binary" };
export const kindWords = (k: KindNumber): string => `${KIND_WORDS[k]} (kind ${k}, ${KIND_NAMES[k]})`;

/** A board name as boards/ spells them: lower-case words joined by dashes. */
export const BOARD_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ImageVersion {
  major: number;
  minor: number;
  revision: number;
  build: number;
}

export interface ImageHeader {
  kind: KindNumber;
  version: ImageVersion;
  payloadSize: number;
  loadAddress: number;
}

export interface Image<B extends ArrayBufferLike = ArrayBufferLike> {
  header: ImageHeader;
  /** A view of the payload inside the image's bytes. */
  payload: Uint8Array<B>;
  boards: string[];
  /** The SHA-256 record's value, a view inside the image. */
  sha256: Uint8Array;
  /** Where the trailer starts, and the image's whole length. */
  trailerOffset: number;
  size: number;
}

/** A refusal of an image: `field` names what is wrong (magic, kind, board, sha256, ...). */
export class ImageError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

export const align4 = (n: number): number => (n + 3) & ~3;
export const versionText = (v: ImageVersion): string => `${v.major}.${v.minor}.${v.revision}${v.build ? `+${v.build}` : ""}`;
export const sha256Of = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(bytes).digest());
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The header of the first 32 octets, every field checked (docs/images.md, "Header"). */
export function readHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length < HEADER_SIZE) throw new ImageError("header", `the image has ${bytes.length} octets, fewer than the ${HEADER_SIZE} of a header`);
  const d = view(bytes);
  const magic = d.getUint32(0, true);
  if (magic !== IMAGE_MAGIC) throw new ImageError("magic", `0x${magic.toString(16).padStart(8, "0")} is not an image's 0x${IMAGE_MAGIC.toString(16)} ("ICIM"): pack the file with \`intercom pack\` first`);
  // A newer format is refused rather than misread (docs/images.md, "Header").
  const format = d.getUint16(4, true);
  if (format !== FORMAT_VERSION) throw new ImageError("format version", `${format} is not a format this reader knows (${FORMAT_VERSION}); use a newer intercom`);
  const headerSize = d.getUint16(6, true);
  if (headerSize !== HEADER_SIZE) throw new ImageError("headerSize", `${headerSize}, expected ${HEADER_SIZE} in format ${FORMAT_VERSION}`);
  const kind = bytes[12];
  if (!(kind in KIND_NAMES)) throw new ImageError("kind", `${kind} is not a known kind (1 wasm, 2 linux, 3 cortex-m)`);
  if (bytes[13] !== 0) throw new ImageError("flags", `0x${bytes[13].toString(16)}, reserved: must be 0`);
  if (d.getUint16(14, true) !== 0) throw new ImageError("reserved (offset 14)", "must be 0");
  if (d.getUint32(28, true) !== 0) throw new ImageError("reserved (offset 28)", "must be 0");
  const loadAddress = d.getUint32(24, true);
  if (kind !== Kind.CortexM && loadAddress !== 0) throw new ImageError("load address", `0x${loadAddress.toString(16)}: only a Cortex-M binary has one; must be 0 for ${kindWords(kind as KindNumber)}`);
  return {
    kind: kind as KindNumber,
    version: { major: bytes[16], minor: bytes[17], revision: d.getUint16(18, true), build: d.getUint32(20, true) },
    payloadSize: d.getUint32(8, true),
    loadAddress,
  };
}

export interface Trailer {
  boards: string[];
  sha256: Uint8Array;
  length: number;
}

/** The trailer's records (docs/images.md, "Trailer"): board names, then exactly one SHA-256, the last. */
export function readTrailer(trailer: Uint8Array): Trailer {
  if (trailer.length < TRAILER_INFO_SIZE) throw new ImageError("trailer", `past the end of the image: ${trailer.length} octets left, an info header needs ${TRAILER_INFO_SIZE}`);
  const d = view(trailer);
  const magic = d.getUint16(0, true);
  if (magic !== TRAILER_MAGIC) throw new ImageError("trailer magic", `0x${magic.toString(16).padStart(4, "0")}, expected 0x${TRAILER_MAGIC.toString(16)} ("IT")`);
  const length = d.getUint16(2, true);
  if (length > trailer.length) throw new ImageError("trailer length", `${length} octets, past the end of the image (${trailer.length} left)`);
  if (length < trailer.length) throw new ImageError("trailer length", `${length} octets, but ${trailer.length} follow the payload: the image is longer than its trailer says`);
  const boards: string[] = [];
  let sha256: Uint8Array | null = null;
  for (let at = TRAILER_INFO_SIZE; at < length;) {
    if (sha256) throw new ImageError("sha256", "the SHA-256 record must be the last record; another record follows it");
    if (at + RECORD_HEAD_SIZE > length) throw new ImageError("record", `the record at trailer offset ${at} is past the trailer's end (${length})`);
    const type = d.getUint16(at, true), size = d.getUint16(at + 2, true);
    const next = at + RECORD_HEAD_SIZE + align4(size);
    if (next > length) throw new ImageError("record", `the record of type 0x${type.toString(16).padStart(4, "0")} at trailer offset ${at} (${size} octets) is past the trailer's end (${length})`);
    const value = trailer.subarray(at + RECORD_HEAD_SIZE, at + RECORD_HEAD_SIZE + size);
    if (type === RECORD_BOARD) boards.push(boardName(value));
    else if (type === RECORD_SHA256) {
      if (size !== SHA256_SIZE) throw new ImageError("sha256", `the record holds ${size} octets, a SHA-256 has ${SHA256_SIZE}`);
      sha256 = value;
    } else throw new ImageError("record", `type 0x${type.toString(16).padStart(4, "0")} is unknown (0x0001 board, 0x0002 sha256); a newer format adds records`);
    at = next;
  }
  if (boards.length === 0) throw new ImageError("board", "the trailer names no board: pack the image with --board NAME");
  if (!sha256) throw new ImageError("sha256", "the trailer has no SHA-256 record");
  return { boards, sha256, length };
}

function boardName(value: Uint8Array): string {
  const name = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("latin1");
  if (value.length < 1 || value.length > BOARD_NAME_MAX || !BOARD_NAME.test(name)) {
    throw new ImageError("board", `${JSON.stringify(name)} is not a board name (1..${BOARD_NAME_MAX} of a-z, 0-9 and dashes, as in boards/)`);
  }
  return name;
}

/** Where the trailer of an image with this header starts: the payload's end, padded to 4. */
export const trailerOffset = (h: ImageHeader): number => align4(HEADER_SIZE + h.payloadSize);

/** Reads a whole image and checks its SHA-256 record against the header and payload it holds. */
export function readImage<B extends ArrayBufferLike>(bytes: Uint8Array<B>): Image<B> {
  const header = readHeader(bytes);
  const payloadEnd = HEADER_SIZE + header.payloadSize;
  if (payloadEnd > bytes.length) throw new ImageError("payloadSize", `${header.payloadSize} octets, past the end of the image (${bytes.length - HEADER_SIZE} follow the header)`);
  const start = trailerOffset(header);
  if (start > bytes.length) throw new ImageError("trailer", `past the end of the image: the payload's padding ends at ${start}, the image at ${bytes.length}`);
  if (bytes.subarray(payloadEnd, start).some((b) => b !== 0)) throw new ImageError("padding", "the octets between the payload and the trailer must be 0");
  const trailer = readTrailer(bytes.subarray(start));
  // The hash covers the header too: a changed version, kind or size fails as a changed payload does.
  const actual = sha256Of(bytes.subarray(0, payloadEnd));
  if (hex(actual) !== hex(trailer.sha256)) throw new ImageError("sha256", `mismatch: the header and payload hash to ${hex(actual)}, the record says ${hex(trailer.sha256)}`);
  return { header, payload: bytes.subarray(HEADER_SIZE, payloadEnd), boards: trailer.boards, sha256: trailer.sha256, trailerOffset: start, size: bytes.length };
}

/** What a board checks before a byte is written (docs/images.md, "What a board checks", 1): kind and board. */
export function checkTarget(header: ImageHeader, boards: string[], kind: KindNumber, board: string): void {
  if (header.kind !== kind) throw new ImageError("kind", `the image is ${kindWords(header.kind)}; ${board} runs ${kindWords(kind)}`);
  if (!boards.includes(board)) throw new ImageError("board", `the image is built for ${boards.join(", ")}, not for ${board}`);
}
