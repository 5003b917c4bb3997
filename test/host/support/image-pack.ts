// The smallest packer of docs/images.md's format, for the boot stage's tests
// (test/host/cortex-m-boot.test.ts): `intercom pack` (issue 17, host/image/)
// is not on main yet. Header, payload padded to 4, trailer of board-name
// records and the SHA-256 record last.
import { createHash } from "node:crypto";

export const IMAGE_MAGIC = 0x4d494349;
export const TRAILER_MAGIC = 0x5449;
export const KIND = { wasm: 1, linux: 2, cortexM: 3 } as const;

export interface PackOptions {
  kind: number;
  version: [number, number, number];
  loadAddress: number;
  boards: string[];
  build?: number;
}

/** The 32-octet header of docs/images.md "Header". */
function header(payloadSize: number, o: PackOptions): Buffer {
  const h = Buffer.alloc(32);
  h.writeUInt32LE(IMAGE_MAGIC, 0);
  h.writeUInt16LE(1, 4); // format version
  h.writeUInt16LE(32, 6); // headerSize
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
  const records = Buffer.concat([...o.boards.map((b) => record(0x0001, Buffer.from(b, "ascii"))), record(0x0002, hash)]);
  const info = Buffer.alloc(4);
  info.writeUInt16LE(TRAILER_MAGIC, 0);
  info.writeUInt16LE(4 + records.length, 2);
  return Buffer.concat([h, pad4(payload), info, records]);
}
