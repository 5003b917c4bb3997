// The image format of docs/images.md, read and written by host/image: the
// layout, and every malformed image refused with the field it gets wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  HEADER_SIZE, ImageError, Kind, RECORD_BOARD, RECORD_SHA256, checkTarget, readHeader, readImage, versionText,
} from "../../host/image/format.js";
import { packImage, parseVersion } from "../../host/image/writer.js";
import { END_OF_PAYLOAD, PAYLOAD, TRAILER, VERSION, good, hashOfGood, name, patched, withRecords } from "./support/image-cases.js";

/** Asserts that reading `image` is refused naming `field`, with a message matching `why`. */
function refused(image: Uint8Array, field: string, why: RegExp): void {
  assert.throws(() => readImage(image), (err: unknown) => {
    assert.ok(err instanceof ImageError, String(err));
    assert.equal(err.field, field, err.message);
    assert.match(err.message, why);
    return true;
  });
}

test("an image is the 32-octet header, the payload padded with zeros to 4, then the trailer", () => {
  const image = good();
  assert.equal(Buffer.from(image.subarray(0, 4)).toString("latin1"), "ICIM");
  assert.deepEqual([...image.subarray(END_OF_PAYLOAD, TRAILER)], [0, 0, 0]);
  assert.equal(new DataView(image.buffer).getUint16(TRAILER, true), 0x5449);
  assert.equal(new DataView(image.buffer).getUint16(TRAILER + 2, true), image.length - TRAILER);
});

test("what is packed reads back: kind, version, payload, boards, and the SHA-256 of header and payload", () => {
  const image = readImage(good());
  assert.deepEqual(image.header, { kind: Kind.Wasm, version: VERSION, payloadSize: PAYLOAD.length, loadAddress: 0 });
  assert.deepEqual(image.payload, PAYLOAD);
  assert.deepEqual(image.boards, ["simulator", "esp32-ethernet"]);
  assert.deepEqual(image.sha256, hashOfGood());
  assert.equal(versionText(image.header.version), "1.2.300+7");
});

test("a Cortex-M image keeps its load address", () => {
  const image = packImage(PAYLOAD, { kind: Kind.CortexM, version: VERSION, boards: ["qemu-mps2-an386"], loadAddress: 0x08000000 });
  assert.equal(readImage(image).header.loadAddress, 0x08000000);
});

test("a file that does not start with the magic ICIM is refused: magic", () => {
  refused(patched(good(), 0, 4, 0x6d736100), "magic", /0x6d736100 is not an image's 0x4d494349 .*intercom pack/);
});

test("a format version this reader does not know is refused, not misread: format version", () => {
  refused(patched(good(), 4, 2, 2), "format version", /2 is not a format this reader knows \(1\)/);
});

test("a header size other than 32 is refused: headerSize", () => {
  refused(patched(good(), 6, 2, 64), "headerSize", /64, expected 32/);
});

test("a kind other than 1, 2 or 3 is refused: kind", () => {
  for (const kind of [0, 4, 255]) refused(patched(good(), 12, 1, kind), "kind", new RegExp(`${kind} is not a known kind`));
});

test("the flags octet is reserved and must be 0", () => {
  refused(patched(good(), 13, 1, 1), "flags", /reserved: must be 0/);
});

test("the reserved fields at offsets 14 and 28 must be 0", () => {
  refused(patched(good(), 14, 2, 1), "reserved (offset 14)", /must be 0/);
  refused(patched(good(), 28, 4, 1), "reserved (offset 28)", /must be 0/);
});

test("only a Cortex-M image has a load address: load address", () => {
  refused(patched(good(), 24, 4, 0x1000), "load address", /only a Cortex-M binary has one/);
});

test("an image shorter than a header is refused: header", () => {
  refused(good().subarray(0, 20), "header", /20 octets, fewer than the 32 of a header/);
});

test("a payload size past the end of the image is refused: payloadSize", () => {
  refused(patched(good(), 8, 4, 1000), "payloadSize", /1000 octets, past the end of the image/);
});

test("an image cut at the end of its payload has its trailer past the end: trailer", () => {
  refused(good().subarray(0, TRAILER), "trailer", /past the end of the image/);
});

test("a trailer longer than what is left of the image is refused: trailer length", () => {
  const image = good();
  refused(image.subarray(0, image.length - 4), "trailer length", /past the end of the image/);
});

test("octets after the trailer are refused: trailer length", () => {
  refused(new Uint8Array([...good(), 0, 0, 0, 0]), "trailer length", /the image is longer than its trailer says/);
});

test("the trailer must start with its magic IT: trailer magic", () => {
  refused(patched(good(), TRAILER, 2, 0x1234), "trailer magic", /0x1234, expected 0x5449/);
});

test("the padding between payload and trailer must be 0: padding", () => {
  refused(patched(good(), END_OF_PAYLOAD, 1, 0xff), "padding", /must be 0/);
});

test("a record whose length runs past the trailer's end is refused: record", () => {
  const image = withRecords([[RECORD_BOARD, name("simulator")], [RECORD_SHA256, hashOfGood()]]);
  refused(patched(image, TRAILER + 6, 2, 200), "record", /type 0x0001 at trailer offset 4 \(200 octets\) is past the trailer's end/);
});

test("a record type the format does not define is refused: record", () => {
  const image = withRecords([[RECORD_BOARD, name("simulator")], [0x0003, new Uint8Array(64)], [RECORD_SHA256, hashOfGood()]]);
  refused(image, "record", /type 0x0003 is unknown/);
});

test("the SHA-256 record must be the last record: sha256", () => {
  const image = withRecords([[RECORD_SHA256, hashOfGood()], [RECORD_BOARD, name("simulator")]]);
  refused(image, "sha256", /must be the last record/);
});

test("a trailer with no board record is refused: board", () => {
  refused(withRecords([[RECORD_SHA256, hashOfGood()]]), "board", /names no board/);
});

test("a trailer with no SHA-256 record is refused: sha256", () => {
  refused(withRecords([[RECORD_BOARD, name("simulator")]]), "sha256", /has no SHA-256 record/);
});

test("a SHA-256 record of another length than 32 is refused: sha256", () => {
  refused(withRecords([[RECORD_BOARD, name("simulator")], [RECORD_SHA256, hashOfGood().subarray(0, 20)]]), "sha256", /holds 20 octets/);
});

test("a board record that is not a board name is refused: board", () => {
  for (const bad of ["", "Simulator", "a".repeat(33), "sim ulator"]) {
    refused(withRecords([[RECORD_BOARD, name(bad)], [RECORD_SHA256, hashOfGood()]]), "board", /is not a board name/);
  }
});

test("a changed payload octet fails the hash: sha256 mismatch", () => {
  refused(patched(good(), HEADER_SIZE + 8, 1, 0x2b), "sha256", /mismatch: the header and payload hash to [0-9a-f]{64}, the record says/);
});

test("the hash covers the header: a changed version fails it as a changed payload does", () => {
  refused(patched(good(), 16, 1, 9), "sha256", /mismatch/);
});

test("an image of another kind is refused for a board before anything else: kind", () => {
  const header = readHeader(packImage(PAYLOAD, { kind: Kind.Linux, version: VERSION, boards: ["simulator"] }));
  assert.throws(() => checkTarget(header, ["simulator"], Kind.Wasm, "simulator"), { field: "kind", message: /the image is a Linux executable \(kind 2, linux\); simulator runs a WebAssembly module/ });
});

test("an image for other boards is refused by a board not among them: board", () => {
  const image = readImage(good());
  assert.throws(() => checkTarget(image.header, image.boards, Kind.Wasm, "rp2040-w5500"), { field: "board", message: /built for simulator, esp32-ethernet, not for rp2040-w5500/ });
  assert.doesNotThrow(() => checkTarget(image.header, image.boards, Kind.Wasm, "esp32-ethernet"));
});

test("packing refuses a bad board name, no board, and a load address outside kind 3", () => {
  const pack = (boards: string[], kind: 1 | 2 | 3, loadAddress?: number) => () => packImage(PAYLOAD, { kind, version: VERSION, boards, loadAddress });
  assert.throws(pack(["Door Board"], Kind.Wasm), { field: "board" });
  assert.throws(pack([], Kind.Wasm), { field: "board" });
  assert.throws(pack(["native-linux"], Kind.Linux, 0x1000), { field: "load address" });
});

test("versions are MAJOR.MINOR.REVISION[+BUILD] within the header's field sizes", () => {
  assert.deepEqual(parseVersion("0.1.0"), { major: 0, minor: 1, revision: 0, build: 0 });
  assert.deepEqual(parseVersion("255.255.65535+4294967295"), { major: 255, minor: 255, revision: 65535, build: 4294967295 });
  for (const bad of ["256.0.0", "1.256.0", "1.0.65536", "1.2", "1.2.3-rc1", "v1.2.3", "1.2.3+4294967296"]) {
    assert.equal(typeof parseVersion(bad), "string", bad);
  }
});
