// The QEMU port's board ABI 4 store (boards/cortex-m/qemu-mps2-an386/slots.c,
// boards/cortex-m/hal.h) on the Cortex-M4, called directly by a test program
// (boot/slots-check.c): BootInfo before and after the boot stage's handoff,
// the slots as semihosted files (the running one never erased or written,
// nothing past the capacity), the board's check of a slot's vector table and
// load address, the configuration replaced whole through a spare file and a
// rename, and the activation of a slot on trial in the boot record. What the
// firmware does with them is cortex-m-serial*.test.ts's. Needs QEMU, the Arm
// toolchain and wasm2c (skipped without them, mandatory in CI).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { QEMU_MACHINE, buildSlotsCheck } from "../../host/tools/qemu-build.js";
import { BoardState, bootSkip, slotImage } from "./support/qemu-boot.js";

let skip: string | null = null;
/** The run without the boot stage's handoff, and the run with it. */
let outside: string[] = [];
let lines: string[] = [];
let state: BoardState;
const config = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff));

/** The image with one 32-bit word of its payload replaced (vector 0 at payload octet 0, vector 1 at 4). */
function withVector(index: number, value: number): Buffer {
  const image = slotImage([2, 0, 0]);
  image.writeUInt32LE(value >>> 0, 32 + 4 * index);
  return image;
}

const CHECKS = [
  { image: () => slotImage([2, 0, 0]), why: "ok" },
  { image: () => withVector(0, 0x10000000), why: "vectors: the initial stack pointer is not in RAM" },
  { image: () => withVector(1, slotImage([2, 0, 0]).readUInt32LE(36) & ~1), why: "vectors: the reset handler is not in the payload" },
  { image: () => withVector(1, 0x00400001), why: "vectors: the reset handler is not in the payload" },
  { image: () => slotImage([2, 0, 0], { loadAddress: 0 }), why: "load: the payload does not fit the application area" },
  { image: () => slotImage([2, 0, 0]).subarray(0, 20), why: "slot: the image does not read whole" },
];

before(() => {
  skip = bootSkip();
  if (skip) return;
  state = new BoardState();
  state.slot("A", slotImage([1, 0, 0]));
  state.writeRecord([{ sequence: 1, active: "A", trial: false, tried: false }, { sequence: 2, active: "A", trial: true, tried: true }]);
  CHECKS.forEach((c, n) => writeFileSync(state.file(`check-${n}.img`), c.image()));
  writeFileSync(state.file("config.bin"), Buffer.from("the old block"));
  writeFileSync(state.file("config-in.bin"), config);
  outside = run();
  writeFileSync(state.file("handoff"), "");
  lines = run();
});

/** slots-check's lines, run in the state's directory. */
function run(): string[] {
  const r = spawnSync("qemu-system-arm", [...QEMU_MACHINE, "-serial", "stdio", "-kernel", buildSlotsCheck()], { cwd: state.dir, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `slots-check ended with ${r.status}: ${r.stderr}`);
  return r.stdout.split("\n").filter(Boolean);
}

/** The result of the line named `name` (the first one from index `from`). */
function result(name: string, from = 0, of = lines): string {
  const line = of.slice(from).find((l) => l.startsWith(`${name} `));
  assert.ok(line, `no "${name}" line in ${lines.join(" | ")}`);
  return line.slice(name.length + 1);
}

function bootInfo(name: string, of = lines): { running: number; trial: number; lastBoot: number; kind: number; capacity: number; memory: number; board: string } {
  const b = Buffer.from(result(name, 0, of), "hex");
  assert.equal(b.length, 48);
  assert.deepEqual([...b.subarray(45)], [0, 0, 0], "octets 45..47 are 0");
  return { running: b[0], trial: b[1], lastBoot: b[2], kind: b[3], capacity: b.readUInt32LE(4), memory: b.readUInt32LE(8), board: b.subarray(13, 13 + b[12]).toString("latin1") };
}

test("BootInfo without the boot stage's handoff: running outside the slots (0xFF), kind 3, the application area as capacity, 128 KiB, qemu-mps2-an386", (t) => {
  if (skip) return t.skip(skip);
  assert.deepEqual(bootInfo("info-outside", outside), { running: 0xff, trial: 0, lastBoot: 0, kind: 3, capacity: 0x400000 - 0x10000, memory: 131072, board: "qemu-mps2-an386" });
});

test("BootInfo after the handoff of slot A on trial: running 0, trial 1 while the boot record keeps A on trial", (t) => {
  if (skip) return t.skip(skip);
  assert.deepEqual([bootInfo("info-slot-a").running, bootInfo("info-slot-a").trial], [0, 1]);
});

test("the running slot is never erased or written, and there is no slot 2", (t) => {
  if (skip) return t.skip(skip);
  assert.deepEqual(["read-a", "read-c", "erase-a", "write-a"].map((n) => result(n)), ["32", "-1", "-1", "-1"]);
  assert.deepEqual(readFileSync(state.file("slot-a.img")), slotImage([1, 0, 0]), "slot-a.img untouched");
});

test("a write past the slot's capacity (the application area) is refused; a read past what the slot holds copies nothing", (t) => {
  if (skip) return t.skip(skip);
  assert.deepEqual([result("write-past"), result("read-b-past")], ["-1", "0"]);
});

test("slot B erased and written a kilobyte at a time holds the image octet for octet", (t) => {
  if (skip) return t.skip(skip);
  const erased = lines.map((l, i) => (l === "erase 0" ? i : -1)).filter((i) => i >= 0);
  assert.equal(erased.length, CHECKS.length, "each image erased first");
  CHECKS.forEach((c, n) => assert.equal(result("written", erased[n]), String(c.image().length)));
  assert.deepEqual(readFileSync(state.file("slot-b.img")), CHECKS.at(-1)!.image(), "the last one, shorter than the one before, replaced it whole");
});

test("the board's check of slot B: a good vector table passes; a stack pointer outside RAM, a reset handler not Thumb or past the payload, a load address over the boot stage and a cut header each say why", (t) => {
  if (skip) return t.skip(skip);
  assert.deepEqual(lines.filter((l) => l.startsWith("check ")).map((l) => l.slice(6)), CHECKS.map((c) => c.why));
});

test("a configuration write replaces config.bin whole through a spare file renamed over it (none left behind)", (t) => {
  if (skip) return t.skip(skip);
  assert.deepEqual([result("config-write"), result("config-same"), result("config-spare")], ["0", "1", "0"]);
  assert.deepEqual(readFileSync(state.file("config.bin")), config);
  assert.equal(existsSync(state.file("config.new")), false);
});

test("activating slot B puts it on trial, not yet tried, in the boot record; the running slot A is then no longer on trial", (t) => {
  if (skip) return t.skip(skip);
  assert.equal(result("activate-b"), "0");
  assert.deepEqual(state.record(), { sequence: 3, active: "B", trial: true, tried: false });
  assert.deepEqual([bootInfo("info-activated").running, bootInfo("info-activated").trial], [0, 0]);
});
