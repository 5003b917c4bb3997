// Images for the image readers' tests: a good image (host/image/writer.ts's
// packImage) and the malformed ones test/host/image-format.test.ts refuses,
// each made by patching a field or writing a trailer of chosen records, so
// that the firmware's reader (assembly/app/serial/image.ts) can be fed the
// very same octets (test/host/image-reader-agree.test.ts).
import { createHash } from "node:crypto";
import { HEADER_SIZE, Kind, RECORD_BOARD, RECORD_SHA256 } from "../../../host/image/format.js";
import { packImage } from "../../../host/image/writer.js";

export const PAYLOAD = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x2a]); // 9 octets: padding follows
export const VERSION = { major: 1, minor: 2, revision: 300, build: 7 };
export const good = () => packImage(PAYLOAD, { kind: Kind.Wasm, version: VERSION, boards: ["simulator", "esp32-ethernet"] });
export const END_OF_PAYLOAD = HEADER_SIZE + PAYLOAD.length;
export const TRAILER = 44; // align4(32 + 9)

/** `image` with the u8/u16/u32 at `at` set to `value` (header fields: read before the hash is checked). */
export function patched(image: Uint8Array, at: number, size: 1 | 2 | 4, value: number): Uint8Array {
  const out = image.slice();
  const d = new DataView(out.buffer);
  if (size === 1) out[at] = value;
  else if (size === 2) d.setUint16(at, value, true);
  else d.setUint32(at, value, true);
  return out;
}

/** The good image's header and payload followed by a trailer of exactly these records (padded to 4). */
export function withRecords(records: [type: number, value: Uint8Array][]): Uint8Array {
  const body = good().subarray(0, TRAILER);
  const parts = records.map(([type, value]) => {
    const r = new Uint8Array(4 + ((value.length + 3) & ~3));
    new DataView(r.buffer).setUint16(0, type, true);
    new DataView(r.buffer).setUint16(2, value.length, true);
    r.set(value, 4);
    return r;
  });
  const length = 4 + parts.reduce((n, p) => n + p.length, 0);
  const info = new Uint8Array(4);
  new DataView(info.buffer).setUint16(0, 0x5449, true);
  new DataView(info.buffer).setUint16(2, length, true);
  return new Uint8Array(Buffer.concat([body, info, ...parts]));
}
export const name = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
export const hashOfGood = () => new Uint8Array(createHash("sha256").update(good().subarray(0, END_OF_PAYLOAD)).digest());

/** Every malformed image of image-format.test.ts, by what is wrong with it, and the field the host names. */
export function malformedImages(): { what: string; image: Uint8Array; field: string }[] {
  const image = good();
  const boardAndHash = (board: string): [number, Uint8Array][] => [[RECORD_BOARD, name(board)], [RECORD_SHA256, hashOfGood()]];
  return [
    { what: "not the magic ICIM", image: patched(image, 0, 4, 0x6d736100), field: "magic" },
    { what: "format version 2", image: patched(image, 4, 2, 2), field: "format version" },
    { what: "headerSize 64", image: patched(image, 6, 2, 64), field: "headerSize" },
    ...[0, 4, 255].map((kind) => ({ what: `kind ${kind}`, image: patched(image, 12, 1, kind), field: "kind" })),
    { what: "flags 1", image: patched(image, 13, 1, 1), field: "flags" },
    { what: "reserved offset 14 not 0", image: patched(image, 14, 2, 1), field: "reserved (offset 14)" },
    { what: "reserved offset 28 not 0", image: patched(image, 28, 4, 1), field: "reserved (offset 28)" },
    { what: "a load address outside kind 3", image: patched(image, 24, 4, 0x1000), field: "load address" },
    { what: "shorter than a header", image: image.subarray(0, 20), field: "header" },
    { what: "a payload size past the end", image: patched(image, 8, 4, 1000), field: "payloadSize" },
    { what: "cut at the end of its payload", image: image.subarray(0, TRAILER), field: "trailer" },
    { what: "a trailer longer than what is left", image: image.subarray(0, image.length - 4), field: "trailer length" },
    { what: "octets after the trailer", image: new Uint8Array([...image, 0, 0, 0, 0]), field: "trailer length" },
    { what: "no trailer magic IT", image: patched(image, TRAILER, 2, 0x1234), field: "trailer magic" },
    { what: "padding not 0", image: patched(image, END_OF_PAYLOAD, 1, 0xff), field: "padding" },
    { what: "a record past the trailer's end", image: patched(withRecords(boardAndHash("simulator")), TRAILER + 6, 2, 200), field: "record" },
    { what: "an unknown record type", image: withRecords([[RECORD_BOARD, name("simulator")], [0x0003, new Uint8Array(64)], [RECORD_SHA256, hashOfGood()]]), field: "record" },
    { what: "the SHA-256 record not last", image: withRecords([[RECORD_SHA256, hashOfGood()], [RECORD_BOARD, name("simulator")]]), field: "sha256" },
    { what: "no board record", image: withRecords([[RECORD_SHA256, hashOfGood()]]), field: "board" },
    { what: "no SHA-256 record", image: withRecords([[RECORD_BOARD, name("simulator")]]), field: "sha256" },
    { what: "a SHA-256 record of 20 octets", image: withRecords([[RECORD_BOARD, name("simulator")], [RECORD_SHA256, hashOfGood().subarray(0, 20)]]), field: "sha256" },
    ...["", "Simulator", "a".repeat(33), "sim ulator"].map((bad) => ({ what: `board name ${JSON.stringify(bad)}`, image: withRecords(boardAndHash(bad)), field: "board" })),
    { what: "a changed payload octet", image: patched(image, HEADER_SIZE + 8, 1, 0x2b), field: "sha256" },
    { what: "a changed version", image: patched(image, 16, 1, 9), field: "sha256" },
  ];
}
