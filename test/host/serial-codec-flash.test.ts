// Protocol 4's flashing and driving payloads (docs/serial-agent.md, "Protocol
// 4"), their events and log lines: each field at its octet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  beginFor, decodeBegin, decodeBeginAnswer, decodeChunk, decodeData, decodeVerifyAnswer, encodeBegin, encodeBeginAnswer, encodeChunk, encodeData,
  encodeSlot, encodeVerifyAnswer,
} from "../../host/serial/codec/flash.js";
import { decodeInput, decodeMonitor, decodePressed, encodeInput, encodeMonitor, encodePress, encodeSession } from "../../host/serial/codec/drive.js";
import { decodeEvent, decodeLog, encodeEvent, encodeLog, eventLine } from "../../host/serial/codec/events.js";
import { HEADER_SIZE, Kind } from "../../host/image/format.js";
import { packImage } from "../../host/image/writer.js";

const image = packImage(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), { kind: Kind.Wasm, version: { major: 2, minor: 0, revision: 1, build: 0 }, boards: ["simulator"] });

test("FlashBegin: size u32, chunkSize u16, the image's SHA-256, its 32-octet header, then its trailer", () => {
  const b = encodeBegin(beginFor(image, 1024));
  assert.equal(b.readUInt32LE(0), image.length);
  assert.equal(b.readUInt16LE(4), 1024);
  assert.deepEqual(b.subarray(6, 38), createHash("sha256").update(image).digest());
  assert.deepEqual(b.subarray(38, 38 + HEADER_SIZE), Buffer.from(image.subarray(0, HEADER_SIZE)));
  assert.deepEqual(b.subarray(70), Buffer.from(image.subarray(HEADER_SIZE + 8)), "the trailer follows the payload (8 octets, already aligned)");
  const back = decodeBegin(b);
  assert.equal(back.size, image.length);
  assert.deepEqual(Buffer.from(back.trailer), Buffer.from(image.subarray(HEADER_SIZE + 8)));
});

test("FlashBegin's answer: slot u8, chunkSize u16, chunks u32", () => {
  const b = encodeBeginAnswer({ slot: 1, chunkSize: 1024, chunks: 111 });
  assert.deepEqual([...b], [1, 0x00, 0x04, 111, 0, 0, 0]);
  assert.deepEqual(decodeBeginAnswer(b), { slot: 1, chunkSize: 1024, chunks: 111 });
});

test("FlashData: the chunk number u32 then its octets; the answer is the chunk number", () => {
  const b = encodeData(0x0102, Uint8Array.of(9, 8, 7));
  assert.deepEqual([...b], [2, 1, 0, 0, 9, 8, 7]);
  assert.deepEqual(decodeData(b), { chunk: 0x0102, octets: Uint8Array.of(9, 8, 7) });
  assert.equal(decodeChunk(encodeChunk(77)), 77);
});

test("FlashVerify's answer: slot, the 8-octet version, the image's own SHA-256 record", () => {
  const b = encodeVerifyAnswer(1, { major: 1, minor: 2, revision: 3, build: 4 }, new Uint8Array(32).fill(0x5a));
  assert.deepEqual([...b.subarray(0, 9)], [1, 1, 2, 3, 0, 4, 0, 0, 0]);
  assert.deepEqual(decodeVerifyAnswer(b), { slot: 1, version: "1.2.3+4", sha256: "5a".repeat(32) });
});

test("FlashActivate names the slot in one octet", () => {
  assert.deepEqual([...encodeSlot(1)], [1]);
});

test("Press is the keys in ASCII, answered with the count", () => {
  assert.deepEqual([...encodePress("98#")], [0x39, 0x38, 0x23]);
  assert.equal(decodePressed(Uint8Array.of(3)), 3);
});

test("Input is [input][level], echoed; Monitor [on], echoed; Hello's session a u32", () => {
  assert.deepEqual([...encodeInput(0, 1)], [0, 1]);
  assert.deepEqual(decodeInput(Uint8Array.of(2, 0)), { input: 2, level: 0 });
  assert.deepEqual([...encodeMonitor(true)], [1]);
  assert.equal(decodeMonitor(Uint8Array.of(0)), false);
  assert.deepEqual([...encodeSession(0x0a0b0c0d)], [0x0d, 0x0c, 0x0b, 0x0a]);
});

test("an event is [kind u8][a i32][b i32], signed, rendered by the vocabulary's forms", () => {
  const b = encodeEvent({ kind: 5, a: 1, b: 1 });
  assert.deepEqual([...b], [5, 1, 0, 0, 0, 1, 0, 0, 0]);
  assert.deepEqual(decodeEvent(encodeEvent({ kind: 2, a: -1, b: 30 })), { kind: 2, a: -1, b: 30 });
  assert.deepEqual(eventLine(b), { event: "relay", relay: 1, on: true });
});

test("a log line is [level u8] and its ASCII text", () => {
  const b = encodeLog({ level: 2, text: "registered" });
  assert.deepEqual([...b.subarray(0, 2)], [2, 0x72]);
  assert.deepEqual(decodeLog(b), { level: 2, text: "registered" });
});
