// The simulated board takes images in the format of docs/images.md
// (docs/serial-protocol.md, "Flashing"): FlashBegin's header and trailer are
// checked before a byte is written (kind, board, size, each refusal naming
// its field), the SHA-256 record at Verify and at every boot. The board's
// handlers are called directly: no link, the store in a temporary directory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { defaultImagePath } from "../../host/firmware.js";
import { Cmd, Status, json } from "../../host/serial/frame.js";
import { beginRequest, writeImage } from "../../host/serial/flasher.js";
import { BoardRefused } from "../../host/serial/link.js";
import type { Client } from "../../host/serial/client.js";
import { factoryImage } from "../../host/serial/factory.js";
import { BoardStore } from "../../host/serial/board/store.js";
import { SimBoard, type Notice } from "../../host/serial/board/sim-board.js";
import { flashHandlers } from "../../host/serial/board/flash-handlers.js";
import { Refusal } from "../../host/serial/board/responder.js";
import { HEADER_SIZE, Kind } from "../../host/image/format.js";
import { packImage } from "../../host/image/writer.js";
import { packModule } from "./support/serial-images.js";
import { elf } from "./support/image-payloads.js";
import { tempDir } from "./support/serial-board.js";

const CHUNK = 4000;
const firmware = readFileSync(defaultImagePath());
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A simulated board with a fresh store (the factory image in slot A), its flash handlers, and its notices. */
function board() {
  const notices: Notice[] = [];
  const b = new SimBoard({ store: new BoardStore(tempDir("board-image")), host: "127.0.0.1", port: 0, factory: factoryImage, notice: (n) => notices.push(n) });
  const handlers = flashHandlers(b);
  const call = async (cmd: number, payload: Buffer) => JSON.parse((await handlers.get(cmd)!(payload)).payload.toString("utf8"));
  const data = (image: Uint8Array, index: number) => {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(index);
    return call(Cmd.FlashData, Buffer.concat([head, image.subarray(index * CHUNK, (index + 1) * CHUNK)]));
  };
  const sendAll = async (image: Uint8Array) => {
    for (let i = 0; i * CHUNK < image.length; i++) await data(image, i);
  };
  return { b, call, data, sendAll, notices, record: b.record() };
}

/** Asserts that `p` is refused with `status`, naming `field`, with a message matching `why`. */
async function refusedWith(p: Promise<unknown>, status: number, field: string | undefined, why: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof Refusal, String(err));
    assert.deepEqual([err.status, err.extra.field], [status, field], err.message);
    assert.match(err.message, why);
    return true;
  });
}

/** Asserts that nothing was written: the boot record as it was, slot B never erased, no flash in progress for FlashData. */
async function nothingWritten(t: ReturnType<typeof board>, image: Uint8Array): Promise<void> {
  assert.deepEqual(t.b.store.record(), t.record);
  assert.equal(t.b.store.readSlot("B"), null);
  await refusedWith(t.data(image, 0), Status.NotReady, undefined, /no flash in progress: send FlashBegin first/);
}

test("FlashBegin refuses a Linux executable (kind 2) naming kind, before any FlashData is accepted", async () => {
  const t = board();
  const native = packImage(elf(), { kind: Kind.Linux, version: { major: 1, minor: 0, revision: 0, build: 0 }, boards: ["simulator"] });
  await refusedWith(t.call(Cmd.FlashBegin, json(beginRequest(native, CHUNK))), Status.Refused, "kind",
    /image refused: kind: the image is a Linux executable \(kind 2, linux\); simulator runs a WebAssembly module \(kind 1, wasm\)/);
  await nothingWritten(t, native);
});

test("FlashBegin refuses an image for another board naming board, before any FlashData is accepted", async () => {
  const t = board();
  const esp = packModule(firmware, "1.0.0", ["esp32-ethernet", "rp2040-w5500"]);
  await refusedWith(t.call(Cmd.FlashBegin, json(beginRequest(esp, CHUNK))), Status.Refused, "board",
    /image refused: board: the image is built for esp32-ethernet, rp2040-w5500, not for simulator/);
  await nothingWritten(t, esp);
});

test("FlashBegin refuses a size that the header and trailer do not add up to: size", async () => {
  const t = board();
  const image = packModule(firmware, "1.0.0", ["simulator"]);
  await refusedWith(t.call(Cmd.FlashBegin, json({ ...beginRequest(image, CHUNK), size: image.length + 4 })), Status.Refused, "size",
    new RegExp(`size: ${image.length + 4} octets, but the header and trailer make an image of ${image.length}`));
  await nothingWritten(t, image);
});

test("FlashBegin without the image's header is a bad request naming header", async () => {
  const t = board();
  const image = packModule(firmware, "1.0.0", ["simulator"]);
  const { header: _, ...body } = beginRequest(image, CHUNK);
  await refusedWith(t.call(Cmd.FlashBegin, json(body)), Status.BadRequest, "header", /header: must be the image's first 32 octets, in base64/);
});

test("an image for this board is written, verified and reported with the header's version (control)", async () => {
  const t = board();
  const image = packModule(firmware, "0.9.9+3", ["esp32-ethernet", "simulator"]);
  await t.call(Cmd.FlashBegin, json(beginRequest(image, CHUNK)));
  await t.sendAll(image);
  assert.deepEqual(await t.call(Cmd.FlashVerify, json({})), { slot: "B", version: "0.9.9+3", sha256: sha256(image) });
});

test("a flipped payload byte fails verify against the SHA-256 record, and the slot cannot be activated", async () => {
  const t = board();
  const image = packModule(firmware, "0.9.9", ["simulator"]);
  const damaged = image.slice();
  damaged[HEADER_SIZE + 1000] ^= 0x01;
  // The transfer's own hash is the damaged image's: only the image's record can tell.
  await t.call(Cmd.FlashBegin, json({ ...beginRequest(image, CHUNK), sha256: sha256(damaged) }));
  await t.sendAll(damaged);
  await refusedWith(t.call(Cmd.FlashVerify, json({})), Status.Refused, "sha256", /image refused: sha256: mismatch: the header and payload hash to [0-9a-f]{64}, the record says [0-9a-f]{64}/);
  await refusedWith(t.call(Cmd.FlashActivate, json({ slot: "B" })), Status.NotReady, undefined, /the image is not verified/);
});

test("the SHA-256 record is checked again at every boot: a slot damaged since it was verified does not run", async () => {
  const t = board();
  const image = factoryImage();
  image[HEADER_SIZE + 1000] ^= 0x01;
  // The damage reaches the boot record too (as a board that rewrote it would): only the image's own record catches it.
  t.b.store.installSlot("A", image);
  t.b.store.saveRecord({ ...t.record, slots: { ...t.record.slots, A: { ...t.record.slots.A!, sha256: sha256(image) } } });
  await t.b.reboot();
  assert.equal(t.b.running, null);
  const halted = t.notices.find((n) => n.notice === "halted");
  assert.match(String(halted?.reason), /slot A is damaged: sha256: mismatch/);
});

test("the host does not flash a board of protocol 2, which took images with a WebAssembly custom section", async () => {
  const old = { info: { protocol: 2 } } as unknown as Client; // nothing is sent: the Hello already said which protocol
  await assert.rejects(writeImage(old, packModule(firmware, "1.0.0", ["simulator"])), (err: unknown) =>
    err instanceof BoardRefused && err.field === "protocol" && /the board speaks protocol 2, .* this intercom sends images of protocol 3/.test(err.message));
});
