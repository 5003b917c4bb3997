// A raw writer of docs/images.md's format for the boot stage's tests
// (test/host/cortex-m-boot.test.ts). `intercom pack` (host/image/writer.ts)
// refuses what a hostile or broken image holds (kind 1 with a load address,
// a load address over the boot stage, a board name it would not write), and
// the C boot stage must refuse those images itself: this writer puts any value
// in any field. The layout's numbers are host/image/format.ts's.
import { createHash } from "node:crypto";
import { FORMAT_VERSION, HEADER_SIZE, IMAGE_MAGIC, Kind, RECORD_BOARD, RECORD_SHA256, TRAILER_MAGIC } from "../../../host/image/format.js";

export const KIND = { wasm: Kind.Wasm, linux: Kind.Linux, cortexM: Kind.CortexM } as const;

export interface PackOptions {
  kind: number;
  version: [number, number, number];
  loadAddress: number;
  boards: string[];
  build?: number;
}

/** The 32-octet header of docs/images.md "Header". */
function header(payloadSize: number, o: PackOptions): Buffer {
  const h = Buffer.alloc(HEADER_SIZE);
  h.writeUInt32LE(IMAGE_MAGIC, 0);
  h.writeUInt16LE(FORMAT_VERSION, 4);
  h.writeUInt16LE(HEADER_SIZE, 6);
  h.writeUInt32LE(payloadSize, 8);
  h.writeUInt8(o.kind, 12);
  h.writeUInt8(o.version[0], 16);
  h.writeUInt8(o.version[1], 17);
  h.writeUInt16LE(o.version[2], 18);
  h.writeUInt32LE(o.build ?? 0, 20);
  h.writeUInt32LE(o.loadAddress, 24);
  return h;
}

/** One TLV record, its value padded to a multiple of 4. */
function record(type: number, value: Buffer): Buffer {
  const r = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  r.writeUInt16LE(type, 0);
  r.writeUInt16LE(value.length, 2);
  value.copy(r, 4);
  return r;
}

const pad4 = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

/** The image: header, payload, trailer (board names, then the SHA-256 of header and payload). */
export function packImage(payload: Buffer, o: PackOptions): Buffer {
  const h = header(payload.length, o);
  const hash = createHash("sha256").update(h).update(payload).digest();
  const records = Buffer.concat([...o.boards.map((b) => record(RECORD_BOARD, Buffer.from(b, "ascii"))), record(RECORD_SHA256, hash)]);
  const info = Buffer.alloc(4);
  info.writeUInt16LE(TRAILER_MAGIC, 0);
  info.writeUInt16LE(4 + records.length, 2);
  return Buffer.concat([h, pad4(payload), info, records]);
}
