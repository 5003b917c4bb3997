// The firmware's serial agent takes images in the format of docs/images.md
// (docs/serial-agent.md, "Flashing"), on the simulated board's HAL: Begin's
// header and trailer are checked before a byte is written (kind, board, size,
// each refusal naming its field), the SHA-256 record at Verify, and the board
// checks it again at every boot. The board runs in this process; requests go
// over an in-process line (support/loop-board.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { defaultImagePath } from "../../host/firmware.js";
import { Cmd, Status } from "../../host/serial/frame.js";
import { BoardRefused } from "../../host/serial/link.js";
import { beginFor, decodeVerifyAnswer, encodeBegin, encodeData, encodeSlot } from "../../host/serial/codec/flash.js";
import { writeImage } from "../../host/serial/flasher.js";
import { factoryImage } from "../../host/serial/factory.js";
import { HEADER_SIZE, Kind, readImage } from "../../host/image/format.js";
import { packImage } from "../../host/image/writer.js";
import { packModule } from "./support/serial-images.js";
import { elf } from "./support/image-payloads.js";
import { loopBoard, type LoopBoard } from "./support/loop-board.js";

const CHUNK = 1024;
const firmware = readFileSync(defaultImagePath());
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Asserts that `p` is refused with `status`, naming `field`. */
async function refusedWith(p: Promise<unknown>, status: number, field: string | undefined): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof BoardRefused, String(err));
    assert.deepEqual([err.status, err.field], [status, field], err.message);
    return true;
  });
}

/** Asserts that nothing was written: the boot record as it was, slot B never erased, no flash under way for FlashData. */
async function nothingWritten(t: LoopBoard, image: Uint8Array): Promise<void> {
  assert.deepEqual(t.board.store.record(), { active: "A", trial: false, tried: false });
  assert.equal(t.board.store.readSlot("B"), null);
  await assert.rejects(t.client.request(Cmd.FlashData, encodeData(0, image.subarray(0, CHUNK))), (err: unknown) =>
    err instanceof BoardRefused && err.status === Status.NotReady);
}

async function sendAll(t: LoopBoard, image: Uint8Array): Promise<void> {
  for (let i = 0; i * CHUNK < image.length; i++) await t.client.request(Cmd.FlashData, encodeData(i, image.subarray(i * CHUNK, (i + 1) * CHUNK)));
}

const begin = (t: LoopBoard, image: Uint8Array, change: (b: ReturnType<typeof beginFor>) => object = (b) => b) =>
  t.client.request(Cmd.FlashBegin, encodeBegin({ ...beginFor(image, CHUNK), ...change(beginFor(image, CHUNK)) }));

test("FlashBegin refuses a Linux executable (kind 2) naming kind, before any FlashData is accepted", async () => {
  const t = await loopBoard("image-kind");
  try {
    const native = packImage(elf(), { kind: Kind.Linux, version: { major: 1, minor: 0, revision: 0, build: 0 }, boards: ["simulator"] });
    await refusedWith(begin(t, native), Status.Refused, "kind");
    await nothingWritten(t, native);
  } finally {
    await t.close();
  }
});

test("FlashBegin refuses an image for another board naming board, before any FlashData is accepted", async () => {
  const t = await loopBoard("image-board");
  try {
    const esp = packModule(firmware, "1.0.0", ["esp32-ethernet", "rp2040-w5500"]);
    await refusedWith(begin(t, esp), Status.Refused, "board");
    await nothingWritten(t, esp);
  } finally {
    await t.close();
  }
});

test("FlashBegin refuses a size that the header and trailer do not add up to: size", async () => {
  const t = await loopBoard("image-size");
  try {
    const image = packModule(firmware, "1.0.0", ["simulator"]);
    await refusedWith(begin(t, image, () => ({ size: image.length + 4 })), Status.Refused, "size");
    await nothingWritten(t, image);
  } finally {
    await t.close();
  }
});

test("an image for this board is written, verified and reported with the header's version and its SHA-256 record (control)", async () => {
  const t = await loopBoard("image-ok");
  try {
    const image = packModule(firmware, "0.9.9+3", ["esp32-ethernet", "simulator"]);
    await begin(t, image);
    await sendAll(t, image);
    const verified = decodeVerifyAnswer(await t.client.request(Cmd.FlashVerify));
    assert.deepEqual(verified, { slot: 1, version: "0.9.9+3", sha256: hex(readImage(image).sha256) });
  } finally {
    await t.close();
  }
});

test("a flipped payload byte fails verify against the SHA-256 record, and the slot cannot be activated", async () => {
  const t = await loopBoard("image-flipped");
  try {
    const image = packModule(firmware, "0.9.9", ["simulator"]);
    const damaged = image.slice();
    damaged[HEADER_SIZE + 1000] ^= 0x01;
    // The transfer's own hash is the damaged image's (header and trailer as the good one's): only the image's record can tell.
    await begin(t, image, () => ({ sha256: new Uint8Array(createHash("sha256").update(damaged).digest()) }));
    await sendAll(t, damaged);
    await assert.rejects(t.client.request(Cmd.FlashVerify), (err: unknown) => err instanceof BoardRefused && err.status === Status.Refused);
    await assert.rejects(t.client.request(Cmd.FlashActivate, encodeSlot(1)), (err: unknown) => err instanceof BoardRefused && err.status === Status.NotReady);
    assert.deepEqual(t.board.store.record(), { active: "A", trial: false, tried: false });
  } finally {
    await t.close();
  }
});

test("a whole flash through the host's flasher writes 1024-octet chunks (maxPayload − 4) and verifies", async () => {
  const t = await loopBoard("image-flasher");
  try {
    assert.equal(t.client.info.limits.maxPayload, 1028);
    const image = packModule(firmware, "0.9.8", ["simulator"]);
    const before = t.client.link.counters.requests;
    const written = await writeImage(t.client, image);
    assert.deepEqual([written.slot, written.version], ["B", "0.9.8"]);
    assert.equal(t.client.link.counters.requests - before, 2 + Math.ceil(image.length / CHUNK), "Begin, the chunks, Verify");
    assert.deepEqual(Buffer.from(t.board.store.readSlot("B")!), Buffer.from(image));
  } finally {
    await t.close();
  }
});

test("the SHA-256 record is checked again at every boot: a slot damaged since it was verified does not run", async () => {
  const t = await loopBoard("image-damaged");
  try {
    const image = factoryImage();
    image[HEADER_SIZE + 1000] ^= 0x01;
    t.board.store.installSlot("A", image);
    await t.board.reboot();
    assert.equal(t.board.running, null, "slot B is empty: nothing to fall back to");
    const halted = t.notices.find((n) => n.notice === "halted");
    assert.match(String(halted?.reason), /slot A is damaged: sha256: mismatch/);
  } finally {
    await t.close();
  }
});

test("a damaged active slot with a good image in the other: the board boots that one and Hello says the chosen slot was damaged", async () => {
  const t = await loopBoard("image-damaged-fallback");
  try {
    t.board.store.installSlot("B", packModule(firmware, "0.9.7", ["simulator"]));
    const damaged = factoryImage();
    damaged[HEADER_SIZE + 1000] ^= 0x01;
    t.board.store.installSlot("A", damaged);
    await t.board.reboot();
    assert.equal(t.board.running?.slot, "B");
    assert.deepEqual(t.board.store.record(), { active: "B", trial: false, tried: false });
    const info = await t.client.hello({ timeoutMs: 300, retries: 10 });
    assert.deepEqual(info.firmware, { version: "0.9.7", slot: "B", trial: false });
    assert.deepEqual(info.lastBoot, { fellBack: true, reason: "the chosen slot was damaged", slot: "B", trial: false });
  } finally {
    await t.close();
  }
});
