// Writing an image in the format of docs/images.md: the header, the payload
// padded to 4, then the trailer (board-name records and the SHA-256 of header
// and payload, last). One buffer is sized up front and filled in place.
import {
  BOARD_NAME, BOARD_NAME_MAX, FORMAT_VERSION, HEADER_SIZE, IMAGE_MAGIC, ImageError, Kind, RECORD_BOARD, RECORD_HEAD_SIZE,
  RECORD_SHA256, SHA256_SIZE, TRAILER_INFO_SIZE, TRAILER_MAGIC, align4, sha256Of, type ImageVersion, type KindNumber,
} from "./format.js";

export interface PackInput {
  kind: KindNumber;
  version: ImageVersion;
  boards: string[];
  /** Kind 3 only: where the payload runs. */
  loadAddress?: number;
}

const MAX_TRAILER = 0xffff; // the info header's length is a u16

/** "MAJOR.MINOR.REVISION[+BUILD]" (as MCUboot's imgtool writes versions), or why not. */
export function parseVersion(text: string): ImageVersion | string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,5})(?:\+(\d{1,10}))?$/.exec(text);
  const bad = `${JSON.stringify(text)} is not MAJOR.MINOR.REVISION[+BUILD] with MAJOR and MINOR 0..255, REVISION 0..65535, BUILD 0..4294967295 (e.g. 1.2.3 or 1.2.3+45)`;
  if (!m) return bad;
  const [major, minor, revision, build] = [m[1], m[2], m[3], m[4] ?? "0"].map(Number);
  if (major > 0xff || minor > 0xff || revision > 0xffff || build > 0xffffffff) return bad;
  return { major, minor, revision, build };
}

function checkInput(o: PackInput): void {
  if (o.boards.length === 0) throw new ImageError("board", "name at least one board the image is for");
  for (const b of o.boards) {
    if (b.length > BOARD_NAME_MAX || !BOARD_NAME.test(b)) throw new ImageError("board", `${JSON.stringify(b)} is not a board name (1..${BOARD_NAME_MAX} of a-z, 0-9 and dashes, as in boards/)`);
  }
  const load = o.loadAddress ?? 0;
  if (!Number.isInteger(load) || load < 0 || load > 0xffffffff) throw new ImageError("load address", `${load} is not a 32-bit address`);
  if (o.kind !== Kind.CortexM && load !== 0) throw new ImageError("load address", "only a Cortex-M binary (kind 3) has one");
}

/** The image of `payload` (docs/images.md, "Layout"); throws ImageError naming a bad field. */
export function packImage(payload: Uint8Array, o: PackInput): Uint8Array<ArrayBuffer> {
  checkInput(o);
  if (payload.length > 0xffffffff - HEADER_SIZE) throw new ImageError("payloadSize", `${payload.length} octets do not fit a u32`);
  const names = o.boards.map((b) => Buffer.from(b, "latin1"));
  const trailerLength = TRAILER_INFO_SIZE + names.reduce((n, b) => n + RECORD_HEAD_SIZE + align4(b.length), 0) + RECORD_HEAD_SIZE + SHA256_SIZE;
  if (trailerLength > MAX_TRAILER) throw new ImageError("board", `${o.boards.length} board names make a trailer longer than ${MAX_TRAILER} octets`);
  const payloadEnd = HEADER_SIZE + payload.length;
  const start = align4(payloadEnd);
  const image = new Uint8Array(start + trailerLength);
  const d = new DataView(image.buffer);
  d.setUint32(0, IMAGE_MAGIC, true);
  d.setUint16(4, FORMAT_VERSION, true);
  d.setUint16(6, HEADER_SIZE, true);
  d.setUint32(8, payload.length, true);
  image[12] = o.kind;
  image[16] = o.version.major;
  image[17] = o.version.minor;
  d.setUint16(18, o.version.revision, true);
  d.setUint32(20, o.version.build, true);
  d.setUint32(24, o.loadAddress ?? 0, true);
  image.set(payload, HEADER_SIZE);
  d.setUint16(start, TRAILER_MAGIC, true);
  d.setUint16(start + 2, trailerLength, true);
  let at = start + TRAILER_INFO_SIZE;
  for (const name of names) {
    d.setUint16(at, RECORD_BOARD, true);
    d.setUint16(at + 2, name.length, true);
    image.set(name, at + RECORD_HEAD_SIZE);
    at += RECORD_HEAD_SIZE + align4(name.length);
  }
  d.setUint16(at, RECORD_SHA256, true);
  d.setUint16(at + 2, SHA256_SIZE, true);
  image.set(sha256Of(image.subarray(0, payloadEnd)), at + RECORD_HEAD_SIZE);
  return image;
}
