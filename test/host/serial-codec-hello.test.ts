// Protocol 4's Hello and Status records (docs/serial-agent.md): each field at
// its octet, and the JSON the CLI prints from them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeHello, encodeHello, helloInfo, olderProtocol, type HelloRecord } from "../../host/serial/codec/hello.js";
import { decodeStatusAnswer, encodeStatus, statusInfo, type StatusRecord } from "../../host/serial/codec/status.js";
import { encodePeer } from "../../host/address.js";

const SHA_A = new Uint8Array(32).fill(0xaa);
const empty = { state: 0, version: { major: 0, minor: 0, revision: 0, build: 0 }, size: 0, sha256: new Uint8Array(32) };
const HELLO: HelloRecord = {
  protocol: 4, features: 0x1f, maxPayload: 1028, maxTransfer: 4096, running: 0, trial: 1, lastBoot: 0, kind: 1,
  slotCapacity: 0x00020000, memoryBytes: 0x00020000, board: "simulator",
  slots: [{ state: 1, version: { major: 1, minor: 2, revision: 0x0304, build: 5 }, size: 0x1234, sha256: SHA_A }, empty],
};

test("Hello record: protocol, features, limits, BootInfo's first 12 octets, the board name as str8, then two 45-octet slot summaries", () => {
  const b = encodeHello(HELLO);
  assert.deepEqual([...b.subarray(0, 6)], [4, 0x1f, 0x04, 0x04, 0x00, 0x10], "protocol, features, maxPayload 1028, maxTransfer 4096");
  assert.deepEqual([...b.subarray(6, 18)], [0, 1, 0, 1, 0, 0, 2, 0, 0, 0, 2, 0], "running A, on trial, as chosen, kind 1, capacity, memory");
  assert.deepEqual([...b.subarray(18, 28)], [9, ...Buffer.from("simulator")]);
  assert.deepEqual([...b.subarray(28, 41)], [1, 1, 2, 0x04, 0x03, 5, 0, 0, 0, 0x34, 0x12, 0, 0], "slot A: state, version, size");
  assert.equal(b.length, 28 + 2 * 45);
  assert.deepEqual(decodeHello(b), { ...HELLO, slots: [{ ...HELLO.slots[0], sha256: new Uint8Array(SHA_A) }, empty] });
});

test("Hello renders as the JSON of earlier protocols: the running slot's version, the slots, the limits", () => {
  const info = helloInfo(decodeHello(encodeHello(HELLO)));
  assert.deepEqual(info.firmware, { version: "1.2.772+5", slot: "A", trial: true });
  assert.deepEqual(info.slots, [{ name: "A", active: true, version: "1.2.772+5", bytes: 0x1234, sha256: "aa".repeat(32) }, { name: "B", active: false, empty: true }]);
  assert.deepEqual(info.limits, { maxPayload: 1028, maxTransfer: 4096, imageLimitBytes: 0x20000, memoryLimitBytes: 0x20000 });
  assert.deepEqual(info.features, ["flash", "config", "press and input", "monitor", "pieces"]);
});

test("Hello's last boot 1 renders as a fall-back because the trial image never confirmed", () => {
  const info = helloInfo(decodeHello(encodeHello({ ...HELLO, running: 1, trial: 0, lastBoot: 1, slots: [empty, HELLO.slots[0]] })));
  assert.equal(info.lastBoot.fellBack, true);
  assert.match(String(info.lastBoot.reason), /never confirmed/);
  assert.equal(info.firmware?.slot, "B");
});

test("a Hello cut short is refused naming the field it ran out in", () => {
  assert.throws(() => decodeHello(encodeHello(HELLO).subarray(0, 20)), /Hello: .*inside board/);
});

test("a board of protocol 3 answers Hello in JSON: recognised by its first octet, and its protocol read", () => {
  assert.equal(olderProtocol(Buffer.from('{"protocol":3,"board":"simulator"}')), 3);
  assert.equal(olderProtocol(Buffer.from('{"error":"payload must be a JSON object"}')), 0);
  assert.equal(olderProtocol(encodeHello(HELLO)), null);
});

const STATUS: StatusRecord = {
  uptimeMs: 0x01020304, relays: 0b0101, leds: 0b10, registration: 1, registrar: 1, registrationCode: 200, seconds: 3600,
  call: 3, callCode: 200, door: 0b11, lockout: 1, config: 0, configTag: 0, address: encodePeer({ host: "127.0.0.1", port: 5060 }, "test"),
};

test("Status record: 39 octets, each field at the offset of docs/serial-agent.md", () => {
  const b = encodeStatus(STATUS);
  assert.equal(b.length, 39);
  assert.deepEqual([...b.subarray(0, 21)], [4, 3, 2, 1, 0b0101, 0b10, 1, 1, 200, 0, 0x10, 0x0e, 0, 0, 3, 200, 0, 0b11, 1, 0, 0]);
  assert.deepEqual([...b.subarray(21)], [...STATUS.address]);
});

test("Status's answer is the Hello record followed by the Status record", () => {
  const both = Buffer.concat([encodeHello(HELLO), encodeStatus(STATUS)]);
  const { hello, status } = decodeStatusAnswer(both);
  assert.equal(hello.board, "simulator");
  assert.equal(status.uptimeMs, 0x01020304);
});

test("Status renders relays, LEDs, registration, call, door, lockout and the address as intercom status printed them", () => {
  const s = statusInfo(Buffer.concat([encodeHello(HELLO), encodeStatus(STATUS)]));
  assert.deepEqual(s.relays, [true, false, true, false]);
  assert.deepEqual(s.leds, { status: false, call: true });
  assert.deepEqual(s.registration, { state: "registered", registrar: "backup", expires: 3600 });
  assert.deepEqual(s.call, { state: "connected", code: 200 });
  assert.deepEqual(s.door, { open: true, heldOpen: true });
  assert.equal(s.lockout, true);
  assert.equal(s.config, "loaded");
  assert.deepEqual(s.udp, { host: "127.0.0.1", port: 5060 });
});

test("an unregistered station shows its last code and when it retries", () => {
  const s = statusInfo(Buffer.concat([encodeHello(HELLO), encodeStatus({ ...STATUS, registration: 2, registrar: 0, registrationCode: 403, seconds: 30 })]));
  assert.deepEqual(s.registration, { state: "unregistered", registrar: "primary", code: 403, retryIn: 30 });
});
