// The Cortex-M4 boot stage under QEMU (boards/cortex-m/qemu-mps2-an386/boot/,
// docs/images.md, docs/serial-protocol.md "Trial boot"): it picks the slot
// from the two-copy boot record, checks the image (kind 3, this board's name,
// SHA-256, vector table), copies it to its load address and starts it; a
// trial image confirms itself after its first tick past 1 s, and one that
// never does is given up at the next boot. The slots and the record are
// files of a state directory that outlives each QEMU run (support/qemu-boot.ts),
// so each boot is a real restart. Images are packed by support/image-pack.ts.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, truncateSync } from "node:fs";
import { decodeCopy, encodeCopy } from "./support/boot-record.js";
import { BoardState, CONFIRMING, UNCONFIRMED, bootSkip, slotImage, type BootRun } from "./support/qemu-boot.js";

let skip: string | null = null;
before(() => {
  skip = bootSkip();
});

/** A board whose slot A holds version 1.0.0 and is active, and whose slot B holds `b` on trial. */
function trialOf(b: Buffer): BoardState {
  const board = bothSlots();
  board.slot("B", b);
  board.writeRecord([{ sequence: 1, active: "A", trial: false, tried: false }, { sequence: 2, active: "B", trial: true, tried: false }]);
  return board;
}

/** A board with version 1.0.0 in slot A and 2.0.0 in slot B, and no boot record yet. */
function bothSlots(): BoardState {
  const board = new BoardState();
  board.slot("A", slotImage([1, 0, 0]));
  board.slot("B", slotImage([2, 0, 0]));
  return board;
}

function ran(run: BootRun): void {
  assert.equal(run.status, 0, `QEMU exit ${run.status}: ${run.lines.join(" | ")} ${run.stderr}`);
  assert.ok(run.trace.includes("end B"), `the image ran intercom_boot: ${run.trace.slice(0, 3).join(" | ")}`);
}

test("with no boot record the boot stage checks slot A and starts it", (t) => {
  if (skip) return t.skip(skip);
  const board = new BoardState();
  board.slot("A", slotImage([1, 0, 0]));
  const run = board.boot(CONFIRMING);
  ran(run);
  assert.deepEqual(run.lines, ["boot: no boot record, slot A", "boot: slot A active", "boot: slot A: starting version 1.0.0"]);
  assert.ok(!run.trace.includes("boot confirmed"), "an image not on trial has nothing to confirm");
});

test("a new image in slot B on trial boots, confirms itself after its first tick past 1 s, and stays B at the next restart", (t) => {
  if (skip) return t.skip(skip);
  const board = trialOf(slotImage([2, 0, 0]));
  const first = board.boot(CONFIRMING);
  ran(first);
  assert.deepEqual(first.lines, ["boot: slot B on trial", "boot: slot B: starting version 2.0.0"]);
  assert.ok(first.trace.includes("boot confirmed"), first.trace.join(" | "));
  assert.deepEqual(board.record(), { sequence: 4, active: "B", trial: false, tried: false });
  const second = board.boot(CONFIRMING);
  ran(second);
  assert.deepEqual(second.lines, ["boot: slot B active", "boot: slot B: starting version 2.0.0"]);
});

test("a trial image persists `tried` before it runs, and one that never confirms falls back to the other slot at the next restart", (t) => {
  if (skip) return t.skip(skip);
  const board = trialOf(slotImage([2, 0, 0]));
  const first = board.boot(UNCONFIRMED);
  ran(first);
  assert.deepEqual(first.lines, ["boot: slot B on trial", "boot: slot B: starting version 2.0.0"]);
  assert.deepEqual(board.record(), { sequence: 3, active: "B", trial: true, tried: true });
  const second = board.boot(CONFIRMING);
  ran(second);
  assert.deepEqual(second.lines, ["boot: slot B never confirmed, back to A", "boot: slot A: starting version 1.0.0"]);
  assert.deepEqual(board.record(), { sequence: 4, active: "A", trial: false, tried: false });
});

test("a corrupt byte in slot B's payload fails the SHA-256 check: the trial is given up and slot A boots", (t) => {
  if (skip) return t.skip(skip);
  const image = slotImage([2, 0, 0]);
  image[32 + 1000] ^= 0x01;
  const board = trialOf(image);
  const run = board.boot(CONFIRMING);
  ran(run);
  assert.deepEqual(run.lines, ["boot: slot B on trial", "boot: slot B refused: hash mismatch", "boot: slot B trial given up, back to A", "boot: slot A: starting version 1.0.0"]);
  assert.deepEqual(board.record(), { sequence: 4, active: "A", trial: false, tried: false });
});

test("an image of kind 1 (a WebAssembly module) is refused by its header and slot A boots", (t) => {
  if (skip) return t.skip(skip);
  const run = trialOf(slotImage([2, 0, 0], { kind: 1 })).boot(CONFIRMING);
  ran(run);
  assert.equal(run.lines[1], "boot: slot B refused: kind: not a Cortex-M binary (kind 3)");
  assert.equal(run.lines.at(-1), "boot: slot A: starting version 1.0.0");
});

test("an image whose board records name only another board is refused and slot A boots", (t) => {
  if (skip) return t.skip(skip);
  const run = trialOf(slotImage([2, 0, 0], { boards: ["native-linux"] })).boot(CONFIRMING);
  ran(run);
  assert.equal(run.lines[1], "boot: slot B refused: board: the image is for another board, not qemu-mps2-an386");
  assert.equal(run.lines.at(-1), "boot: slot A: starting version 1.0.0");
});

test("an image whose load address is outside the application area (over the boot stage, or in RAM) is refused and slot A boots", (t) => {
  if (skip) return t.skip(skip);
  for (const loadAddress of [0x00000000, 0x203fc000]) {
    const run = trialOf(slotImage([2, 0, 0], { loadAddress })).boot(CONFIRMING);
    ran(run);
    assert.equal(run.lines[1], "boot: slot B refused: load: the payload does not fit the application area", `load address ${loadAddress}`);
    assert.equal(run.lines.at(-1), "boot: slot A: starting version 1.0.0");
  }
});

test("a boot record whose newest copy was cut in the middle of its write boots from the older copy", (t) => {
  if (skip) return t.skip(skip);
  const board = bothSlots();
  board.writeRecord([{ sequence: 1, active: "A", trial: false, tried: false }, { sequence: 2, active: "B", trial: false, tried: false }]);
  truncateSync(board.file("boot-record.bin"), 16 + 7);
  const run = board.boot(CONFIRMING);
  ran(run);
  assert.deepEqual(run.lines, ["boot: boot record copy 2 is damaged, ignored", "boot: slot A active", "boot: slot A: starting version 1.0.0"]);
});

test("a boot record copy with a flipped byte is ignored even when its sequence number is the higher", (t) => {
  if (skip) return t.skip(skip);
  const board = bothSlots();
  const flipped = encodeCopy({ sequence: 3, active: "B", trial: false, tried: false });
  flipped[8] ^= 0x01; // B -> A: only the CRC-32 tells
  board.writeRecord([flipped, { sequence: 2, active: "B", trial: false, tried: false }]);
  const run = board.boot(CONFIRMING);
  ran(run);
  assert.deepEqual(run.lines, ["boot: boot record copy 1 is damaged, ignored", "boot: slot B active", "boot: slot B: starting version 2.0.0"]);
});

test("the boot stage writes the copy that is not the newest: after a torn copy it overwrites the torn one and keeps the valid one", (t) => {
  if (skip) return t.skip(skip);
  const board = bothSlots();
  board.writeRecord([{ sequence: 1, active: "B", trial: true, tried: false }, encodeCopy({ sequence: 2, active: "A", trial: false, tried: false }).subarray(0, 9)]);
  const run = board.boot(UNCONFIRMED);
  ran(run);
  assert.deepEqual(run.lines, ["boot: boot record copy 2 is damaged, ignored", "boot: slot B on trial", "boot: slot B: starting version 2.0.0"]);
  const file = readFileSync(board.file("boot-record.bin"));
  assert.deepEqual(decodeCopy(file.subarray(0, 16)), { sequence: 1, active: "B", trial: true, tried: false }, "copy 1 untouched");
  assert.deepEqual(decodeCopy(file.subarray(16, 32)), { sequence: 2, active: "B", trial: true, tried: true }, "copy 2 rewritten whole");
});

test("sequence numbers compare across their wrap (RFC 1982): 0 is newer than 0xffffffff", (t) => {
  if (skip) return t.skip(skip);
  const board = bothSlots();
  board.writeRecord([{ sequence: 0xffffffff, active: "A", trial: false, tried: false }, { sequence: 0, active: "B", trial: false, tried: false }]);
  const run = board.boot(CONFIRMING);
  ran(run);
  assert.deepEqual(run.lines, ["boot: slot B active", "boot: slot B: starting version 2.0.0"]);
});

test("of two valid boot record copies the one with the higher sequence number wins, wherever it lies", (t) => {
  if (skip) return t.skip(skip);
  const board = bothSlots();
  board.writeRecord([{ sequence: 5, active: "B", trial: false, tried: false }, { sequence: 4, active: "A", trial: false, tried: false }]);
  const run = board.boot(CONFIRMING);
  ran(run);
  assert.deepEqual(run.lines, ["boot: slot B active", "boot: slot B: starting version 2.0.0"]);
});

test("with no bootable slot the boot stage says why for each and halts with a line saying so", (t) => {
  if (skip) return t.skip(skip);
  const board = new BoardState();
  const image = slotImage([1, 0, 0]);
  board.slot("A", image.subarray(0, image.length >> 1));
  const run = board.boot(CONFIRMING);
  assert.equal(run.status, 1);
  assert.deepEqual(run.lines, ["boot: no boot record, slot A", "boot: slot A active", "boot: slot A refused: size: truncated", "boot: trying slot B", "boot: slot B is empty", "boot: no bootable slot, halted"]);
  assert.deepEqual(run.trace, []);
});
