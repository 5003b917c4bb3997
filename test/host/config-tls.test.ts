// tls.ca (docs/config.md; docs/transports.md "Streams"): the path, on the
// board, of the PEM file of CAs a TLS registrar's certificate must chain to
// (RFC 3261 §26.2). A text record, tag 0x09, of 1..127 printable ASCII
// octets: the board reads it, the firmware checks and keeps it unused.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { encodeConfig, decodeConfig } from "../../host/config.js";
import { Tag } from "../../host/config-table.js";
import { Firmware, RecordingBoard, defaultImagePath } from "../../host/firmware.js";
import { valid, errors } from "./support/config-checks.js";

const base = { user: "door", domain: "example.com", registrar: { host: "192.0.2.9", transport: "tls" } };
let image: Uint8Array<ArrayBuffer>;
before(() => { image = new Uint8Array(readFileSync(defaultImagePath())); });

/** The value of the block's record `tag` as text, or undefined when it has none. */
function record(block: Uint8Array, tag: number): string | undefined {
  for (let at = 14; at < block.length;) {
    const len = block[at + 1] | (block[at + 2] << 8);
    if (block[at] === tag) return Buffer.from(block.subarray(at + 3, at + 3 + len)).toString("latin1");
    at += 3 + len;
  }
  return undefined;
}

/** The block with one more record appended (new body length and CRC), the host's checks bypassed. */
function withRecord(block: Uint8Array, tag: number, value: number[]): Uint8Array {
  const body = [...block.subarray(14), tag, value.length & 0xff, value.length >> 8, ...value];
  const out = new Uint8Array(14 + body.length), view = new DataView(out.buffer);
  out.set(block.subarray(0, 6));
  view.setUint32(6, body.length, true);
  view.setUint32(10, crc32(Uint8Array.from(body)), true);
  out.set(body, 14);
  return out;
}

/** The firmware's refusal of a block (its level-0 log line), or null when it loads it. */
async function firmwareRefusal(block: Uint8Array): Promise<string | null> {
  const board = new RecordingBoard();
  board.config = block;
  const fw = await Firmware.load(image, board);
  fw.exports.boardStart(0);
  return board.logs.find((l) => l.level === 0)?.text ?? null;
}

test("tls.ca is written as text record 0x09 holding the path's octets", () => {
  assert.equal(record(encodeConfig(valid({ ...base, tls: { ca: "/etc/intercom/ca.pem" } })), Tag.TlsCa), "/etc/intercom/ca.pem");
});

test("without tls.ca no record 0x09 is written (the board's default trust anchors)", () => {
  assert.equal(record(encodeConfig(valid(base)), Tag.TlsCa), undefined);
});

test("tls.ca reads back from the block", () => {
  assert.deepEqual(decodeConfig(encodeConfig(valid({ ...base, tls: { ca: "certs/ca.pem" } }))).tls, { ca: "certs/ca.pem" });
});

test("tls.ca of 127 octets is accepted (the longest)", () => {
  assert.equal(valid({ ...base, tls: { ca: "a".repeat(127) } }).tls?.ca.length, 127);
});

test("tls.ca of 128 octets is refused naming the field and its length", () => {
  assert.ok(errors({ ...base, tls: { ca: "a".repeat(128) } }).some((m) => m.startsWith("tls.ca:") && m.includes("127")));
});

test("an empty tls.ca is refused naming the field", () => {
  assert.ok(errors({ ...base, tls: { ca: "" } }).some((m) => m.startsWith("tls.ca:")));
});

test("tls.ca with a control character is refused with the charset's rule (printable ASCII)", () => {
  assert.ok(errors({ ...base, tls: { ca: "ca\n.pem" } }).some((m) => m.startsWith("tls.ca:") && m.includes("use printable ASCII")));
});

test("a field of tls other than ca is refused naming it", () => {
  assert.ok(errors({ ...base, tls: { ca: "ca.pem", cert: "door.pem" } }).some((m) => m.includes("tls.cert")));
});

test("the firmware loads a block with tls.ca (tag 0x09 is one of its texts)", async () => {
  assert.equal(await firmwareRefusal(encodeConfig(valid({ ...base, tls: { ca: "ca.pem" } }))), null);
});

test("the firmware refuses a tls.ca record of 128 octets, naming tls.ca", async () => {
  const refusal = await firmwareRefusal(withRecord(encodeConfig(valid(base)), Tag.TlsCa, new Array<number>(128).fill(0x61)));
  assert.match(refusal ?? "loaded", /tls\.ca/);
});
