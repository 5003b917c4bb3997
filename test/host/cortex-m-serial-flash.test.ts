// Flashing the Cortex-M4 under QEMU over its provisioning UART (protocol 4,
// docs/serial-agent.md "Flashing"; the trial boot of docs/images.md): the
// firmware writes the slot it does not run through the port's HAL
// (boards/cortex-m/qemu-mps2-an386/slots.c: semihosted slot files), Activate
// puts it on trial in the boot record and the board resets (SYSRESETREQ)
// into the boot stage, which starts the new image; it confirms itself after
// 1 s. A power cut in the middle of a flash leaves the old image running.
// Needs QEMU, the Arm toolchain and wasm2c (skipped without them, mandatory in CI).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Cmd, Status } from "../../host/serial/frame.js";
import { BoardState, bootSkip, slotImage } from "./support/qemu-boot.js";
import { QemuSerialBoard } from "./support/qemu-serial.js";
import { decodeHello, type HelloRecord } from "../../host/serial/codec/hello.js";
import { beginFor, decodeBeginAnswer, decodeChunk, decodeVerifyAnswer, encodeBegin, encodeData } from "../../host/serial/codec/flash.js";
import { versionText } from "../../host/image/format.js";

let skip: string | null = null;
before(() => {
  skip = bootSkip();
});

/** The firmware's largest chunk: maxPayload 1028 less the chunk number. */
const CHUNK = 1024;

/** A board whose slot A holds version 1.0.0 (no boot record: A, confirmed), its image running. */
async function boardOnA(): Promise<{ state: BoardState; board: QemuSerialBoard }> {
  const state = new BoardState();
  state.slot("A", slotImage([1, 0, 0]));
  const board = await QemuSerialBoard.start(state);
  await board.waitFor(/^end B$/, 0, 20_000);
  return { state, board };
}

async function hello(board: QemuSerialBoard): Promise<HelloRecord> {
  const r = await board.request(Cmd.Hello, Buffer.from([0, 0, 0, 0]));
  assert.equal(r.status, Status.Ok, r.payload.toString("latin1"));
  return decodeHello(r.payload);
}

function ok(r: { status: number; payload: Buffer }, what: string): Buffer {
  assert.equal(r.status, Status.Ok, `${what}: status ${r.status} ${r.payload.subarray(2).toString("latin1")}`);
  return r.payload;
}

/** FlashBegin for an image (host/serial/codec/flash.ts); its answer's slot. */
async function begin(board: QemuSerialBoard, image: Buffer): Promise<number> {
  const answer = decodeBeginAnswer(ok(await board.request(Cmd.FlashBegin, encodeBegin(beginFor(image, CHUNK))), "FlashBegin"));
  assert.deepEqual([answer.chunkSize, answer.chunks], [CHUNK, Math.ceil(image.length / CHUNK)]);
  return answer.slot;
}

/** FlashData for chunks [from, to). */
async function data(board: QemuSerialBoard, image: Buffer, from: number, to: number): Promise<void> {
  for (let n = from; n < to; n++) {
    const answer = ok(await board.request(Cmd.FlashData, encodeData(n, image.subarray(n * CHUNK, (n + 1) * CHUNK))), `FlashData ${n}`);
    assert.equal(decodeChunk(answer), n);
  }
}

test("a whole flash over the pty: the new image is written to slot B, verified, activated, boots on trial and confirms itself; Hello then shows 2.0.0 running from B", async (t) => {
  if (skip) return t.skip(skip);
  const { state, board } = await boardOnA();
  try {
    const image = slotImage([2, 0, 0]);
    assert.equal(await begin(board, image), 1, "the slot the board does not run");
    await data(board, image, 0, Math.ceil(image.length / CHUNK));
    const verified = decodeVerifyAnswer(ok(await board.request(Cmd.FlashVerify), "FlashVerify"));
    assert.deepEqual([verified.slot, verified.version], [1, "2.0.0"]);
    assert.ok(readFileSync(state.file("slot-b.img")).equals(image), "slot-b.img holds the image, octet for octet");
    const mark = board.lines.length;
    await board.quiet(); // no record half-read across the reset
    assert.deepEqual([...ok(await board.request(Cmd.FlashActivate, Buffer.from([1])), "FlashActivate")], [1]);
    await board.waitFor(/^reboot$/, mark, 10_000);
    await board.waitFor(/^boot: slot B: starting version 2\.0\.0$/, mark, 20_000);
    assert.deepEqual(board.lines.slice(mark).filter((l) => l.startsWith("boot: ")), ["boot: slot B on trial", "boot: slot B: starting version 2.0.0"]);
    const onTrial = await hello(board);
    assert.deepEqual([onTrial.running, onTrial.trial, onTrial.lastBoot], [1, 1, 0], "slot B runs on trial");
    await board.waitFor(/^boot confirmed$/, mark, 20_000);
    const confirmed = await hello(board);
    assert.deepEqual([confirmed.running, confirmed.trial], [1, 0], "confirmed");
    assert.deepEqual(confirmed.slots.map((s) => versionText(s.version)), ["1.0.0", "2.0.0"]);
    assert.deepEqual(state.record(), { sequence: 3, active: "B", trial: false, tried: false });
  } finally {
    await board.kill();
  }
});

test("QEMU killed in the middle of a flash (a power cut): restarted, the boot stage starts the old image from slot A, which answers Hello", async (t) => {
  if (skip) return t.skip(skip);
  const { state, board } = await boardOnA();
  const image = slotImage([2, 0, 0]);
  try {
    await begin(board, image);
    await data(board, image, 0, 40);
  } finally {
    await board.kill();
  }
  const again = await QemuSerialBoard.start(state);
  try {
    await again.waitFor(/^end B$/, 0, 20_000);
    assert.deepEqual(again.lines.filter((l) => l.startsWith("boot: ")), ["boot: no boot record, slot A", "boot: slot A active", "boot: slot A: starting version 1.0.0"]);
    const h = await hello(again);
    assert.deepEqual([h.running, h.trial, h.lastBoot], [0, 0, 0]);
    assert.deepEqual(h.slots.map((s) => s.state), [1, 0], "slot B holds a cut image: no whole header and trailer");
  } finally {
    await again.kill();
  }
});

test("Reboot answers, then the board resets through the boot stage (SYSRESETREQ): the boot stage's lines again, and the image answers Hello", async (t) => {
  if (skip) return t.skip(skip);
  const { board } = await boardOnA();
  try {
    const mark = board.lines.length;
    await board.quiet();
    assert.equal((await board.request(Cmd.Reboot)).status, Status.Ok);
    await board.waitFor(/^reboot$/, mark, 10_000);
    await board.waitFor(/^end B$/, mark, 20_000);
    assert.deepEqual(board.lines.slice(mark).filter((l) => l.startsWith("boot: ")), ["boot: no boot record, slot A", "boot: slot A active", "boot: slot A: starting version 1.0.0"]);
    assert.equal((await hello(board)).running, 0);
  } finally {
    await board.kill();
  }
});
