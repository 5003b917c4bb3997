// The native board's HAL for board ABI 4 (boards/native-linux/hal.c, serial.c;
// docs/serial-agent.md "Board ABI 4"), apart from the firmware's agent: the
// board is built around the HAL probe (support/hal-probe.ts), whose
// boardSerial calls one import per command given on --serial, a socat
// pseudo-terminal. The slots are those of --slots (the probe packed by
// `intercom pack` into slot A, run by the supervisor). Needs wasm2c, cc,
// wat2wasm and socat (skipped without them, mandatory in CI).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, constants, openSync, readSync, writeSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compileBoard } from "../../host/tools/build-native.js";
import { blockOf } from "../../host/tools/config-block.js";
import { ProbeLine, probe } from "./support/hal-probe.js";
import { SlotsDir, listening, packed, shortLived, stop, trialDir, type Running } from "./support/native-slots.js";
import { ptyPair, type PtyPair } from "./support/serial-line.js";
import { missingTool } from "./support/tools.js";
import { trappingModule } from "./support/trapping-module.js";

const dir = mkdtempSync(path.join(tmpdir(), "native-serial-hal-"));
let skip: string | null = null;
let board = "";
let image: Buffer;
const SLOT_CAPACITY = 64 << 20;

before(async () => {
  // The board is built around the probe, not build/firmware.wasm.
  skip = missingTool("wasm2c", "wabt") ?? missingTool("cc", "gcc") ?? missingTool("wat2wasm", "wabt") ?? missingTool("socat", "socat");
  if (skip) return;
  board = path.join(dir, "intercom-native-probe");
  compileBoard(trappingModule(dir, undefined, true), dir, board);
  image = await packed(board, "1.0.0");
});

interface Bench { d: SlotsDir; run: Running; line: ProbeLine; pty: PtyPair }
const benches: Bench[] = [];
after(async () => {
  for (const b of benches) {
    await b.line.close();
    await stop(b.run);
    b.pty.close();
  }
});

/** The supervisor on `d` (the probe as supervisor too) with --serial on a fresh pty pair; waits for its board. */
async function open(d: SlotsDir): Promise<Bench> {
  const pty = await ptyPair(d.dir, "uart");
  const run = await d.start(["--serial", pty.a]);
  await run.until(listening, "the board listening");
  const bench = { d, run, pty, line: await ProbeLine.open(pty.b) };
  benches.push(bench);
  return bench;
}

const withA = () => {
  const d = new SlotsDir(board);
  d.slot("A", image);
  return d;
};

/** The BootInfo record's fields (docs/serial-agent.md "BootInfo"). */
async function bootInfo(line: ProbeLine) {
  const { data } = await line.ask(probe.bootInfo(), 48);
  return {
    running: data[0], trial: data[1], lastBoot: data[2], kind: data[3], slotCapacity: data.readUInt32LE(4),
    memory: data.readUInt32LE(8), name: data.subarray(13, 13 + data[12]).toString("latin1"), tail: [...data.subarray(45)],
  };
}

/**
 * The probe's board without --slots, --serial on a fresh pty pair: `body` with the line and its stdout so
 * far. `silent`: the test's end of the pty pair is left to the test (line is null).
 */
async function bare(name: string, body: (line: ProbeLine, out: () => string, child: ChildProcess) => Promise<void>, silent = false): Promise<void> {
  const pty = await ptyPair(dir, name);
  const child = spawn(board, ["--serial", pty.a], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const line = silent ? null : await ProbeLine.open(pty.b);
  try {
    await body(line!, () => out, child);
  } finally {
    await line?.close();
    child.kill("SIGTERM");
    pty.close();
  }
}

test("bootInfo of a board without --slots: running 0xFF (outside its slots), kind 2, the slot capacity, 128 KiB of memory, named native-linux", async (t) => {
  if (skip) return t.skip(skip);
  await bare("bare", async (line) => {
    assert.deepEqual(await bootInfo(line), { running: 0xff, trial: 0, lastBoot: 0, kind: 2, slotCapacity: SLOT_CAPACITY, memory: 131072, name: "native-linux", tail: [0, 0, 0] });
    assert.equal((await line.ask(probe.read(0, 0, 4), 4)).result, -1, "slotRead: no such slot");
    assert.equal((await line.ask(probe.erase(1))).result, -1, "slotErase: no slots");
  });
});

test("reboot of a board without --slots: it executes itself again with the same options (the same process, a new start)", async (t) => {
  if (skip) return t.skip(skip);
  await bare("again", async (line, out, child) => {
    assert.equal((await line.ask(probe.reboot())).result, 0);
    for (let i = 0; i < 100 && (out().match(/"listening"/g) ?? []).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(out().split("\n").filter(Boolean).map((l) => JSON.parse(l).event), ["config", "listening", "reboot", "config", "listening"]);
    assert.equal(child.exitCode, null, "still running");
    assert.equal((await line.ask(probe.bootInfo(), 48)).data[0], 0xff, "the new start answers on the same port");
  });
});

test("a full serial queue drops its oldest octets, counts them in the stats line, and keeps the newest", async (t) => {
  if (skip) return t.skip(skip);
  await bare("full", async (_, out, child) => {
    // Nobody reads the other end: the pseudo-terminals and socat fill, then the board's 16 KiB queue. The end is
    // read raw at last (SerialPort's open flushes what waits), and kept open (its last close throws that away too).
    const end = openSync(path.join(dir, "full-b"), constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    t.after(() => closeSync(end));
    writeSync(end, probe.flood(255));
    await new Promise((r) => setTimeout(r, 500));
    child.stdin!.write("stats\n");
    for (let i = 0; i < 40 && !out().includes("serialDropped"); i++) await new Promise((r) => setTimeout(r, 50));
    const stats = JSON.parse(out().split("\n").find((l) => l.includes("serialDropped"))!).stats;
    assert.ok(stats.serialDropped > 0, JSON.stringify(stats));
    const parts: Buffer[] = [];
    for (let quiet = 0; quiet < 10;) {
      const b = Buffer.alloc(65536);
      let n = 0;
      try {
        n = readSync(end, b);
      } catch { /* EAGAIN: nothing waits now */ }
      if (n > 0) parts.push(b.subarray(0, n)), (quiet = 0);
      else quiet++, await new Promise((r) => setTimeout(r, 50));
    }
    const got = Buffer.concat(parts);
    assert.equal(got.length + stats.serialDropped, 255 * 1024 + 4, "every octet arrived or was counted");
    assert.deepEqual([got.readUInt32LE(got.length - 4 - 1024), got.readInt32LE(got.length - 4)], [254, 0], "the last block and the answer arrived");
  }, true);
});

test("bootInfo of the supervisor's child: the slot it booted, confirmed, booted as chosen", async (t) => {
  if (skip) return t.skip(skip);
  const { line } = await open(withA());
  assert.deepEqual(await bootInfo(line), { running: 0, trial: 0, lastBoot: 0, kind: 2, slotCapacity: SLOT_CAPACITY, memory: 131072, name: "native-linux", tail: [0, 0, 0] });
});

test("the running slot is never erased nor written", async (t) => {
  if (skip) return t.skip(skip);
  const { d, line } = await open(withA());
  assert.equal((await line.ask(probe.erase(0))).result, -1);
  assert.equal((await line.ask(probe.write(0, 0, Buffer.from("over")))).result, -1);
  assert.deepEqual(readFileSync(d.file("slot-a.img")), image);
});

test("the other slot is erased, written at offsets and read back as its file holds it", async (t) => {
  if (skip) return t.skip(skip);
  const { d, line } = await open(withA());
  writeFileSync(d.file("slot-b.img"), "an old image, longer than the new octets");
  assert.equal((await line.ask(probe.erase(1))).result, 0);
  assert.equal(readFileSync(d.file("slot-b.img")).length, 0, "erased: empty");
  assert.equal((await line.ask(probe.write(1, 0, Buffer.from("hello")))).result, 5);
  assert.equal((await line.ask(probe.write(1, 5, Buffer.from(" world")))).result, 6);
  assert.equal(readFileSync(d.file("slot-b.img"), "latin1"), "hello world");
  const r = await line.ask(probe.read(1, 6, 8), 8);
  assert.deepEqual([r.result, r.data.subarray(0, r.result).toString("latin1")], [5, "world"], "fewer octets than asked at the end");
  assert.equal((await line.ask(probe.read(1, 100, 8), 8)).result, 0, "past what the slot holds: 0");
});

test("a write past the slot's capacity (64 MiB) is refused", async (t) => {
  if (skip) return t.skip(skip);
  const { line } = await open(withA());
  assert.equal((await line.ask(probe.write(1, SLOT_CAPACITY - 2, Buffer.from("four")))).result, -1);
  assert.equal((await line.ask(probe.write(1, SLOT_CAPACITY - 4, Buffer.from("four")))).result, 4);
});

/** An image header (docs/images.md, kind 2) around `payload`, for the ELF check only. */
function rawImage(payload: Buffer): Buffer {
  const h = Buffer.alloc(32);
  h.writeUInt32LE(0x4d494349, 0);
  h.writeUInt16LE(1, 4);
  h.writeUInt16LE(32, 6);
  h.writeUInt32LE(payload.length, 8);
  h[12] = 2;
  return Buffer.concat([h, payload]);
}

/** slotCheck of slot B holding `octets`: 0, or the reason. */
async function check(b: Bench, octets: Buffer): Promise<string | 0> {
  writeFileSync(b.d.file("slot-b.img"), octets);
  const r = await b.line.ask(probe.check(1), 96);
  return r.result === 0 ? 0 : r.data.subarray(0, r.result).toString("latin1");
}

test("slotCheck takes an x86-64 executable and names the field of what is not one", async (t) => {
  if (skip) return t.skip(skip);
  const b = await open(withA());
  assert.equal(await check(b, image), 0);
  assert.equal(await check(b, rawImage(Buffer.from("#!/bin/sh\necho not an ELF\n"))), "payload: it does not start with the ELF magic 7f 45 4c 46");
  const arm = Buffer.from(image.subarray(32, 32 + 64));
  arm.writeUInt16LE(40, 18);
  assert.equal(await check(b, rawImage(arm)), "payload: its e_machine is 40, not x86-64 (62)");
  const object = Buffer.from(image.subarray(32, 32 + 64));
  object.writeUInt16LE(1, 16);
  assert.equal(await check(b, rawImage(object)), "payload: its e_type is 1, not an executable (2, or 3 position-independent)");
  assert.equal(await check(b, Buffer.from("short")), "slot: the slot holds no whole image header");
});

test("bootActivate makes the slot active on trial, not yet tried", async (t) => {
  if (skip) return t.skip(skip);
  const { d, line } = await open(withA());
  assert.equal((await line.ask(probe.activate(1))).result, 0);
  const { sequence: _, ...record } = d.record()!;
  assert.deepEqual(record, { active: "B", trial: true, tried: false });
});

test("reboot: after its answer the child ends with status 75, and the supervisor boots the activated slot on trial", async (t) => {
  if (skip) return t.skip(skip);
  const d = withA();
  d.slot("B", await packed(board, "2.0.0"));
  const b = await open(d);
  assert.equal((await b.line.ask(probe.activate(1))).result, 0);
  assert.equal((await b.line.ask(probe.reboot())).result, 0, "the answer is on the line before the reboot");
  const ended = await b.run.until((l) => l.event === "ended", "the child's end");
  assert.deepEqual([ended.slot, ended.status], ["A", 75]);
  await b.run.until((l) => l.event === "boot" && l.slot === "B", "the boot of B");
  await b.run.until((l) => l.event === "listening" && b.run.lines.indexOf(l) > b.run.lines.indexOf(ended), "B's board listening");
  assert.deepEqual(await bootInfo(b.line).then((i) => [i.running, i.trial, i.lastBoot]), [1, 1, 0], "B on trial");
  await b.run.until((l) => l.event === "confirmed", "B's confirmation");
  assert.deepEqual(await bootInfo(b.line).then((i) => [i.running, i.trial]), [1, 0], "confirmed");
});

test("a trial that never confirmed: the fallback's bootInfo says last boot 1", async (t) => {
  if (skip) return t.skip(skip);
  const d = trialDir(image, await packed(shortLived("exit"), "2.0.0"), board);
  const { line } = await open(d);
  assert.deepEqual(await bootInfo(line).then((i) => [i.running, i.trial, i.lastBoot]), [0, 0, 1]);
});

test("a refused image in the active slot: the other slot's bootInfo says last boot 2", async (t) => {
  if (skip) return t.skip(skip);
  const d = new SlotsDir(board);
  const damaged = Buffer.from(image);
  damaged[100] ^= 0xff;
  d.slot("A", damaged);
  d.slot("B", image);
  const { line } = await open(d);
  assert.deepEqual(await bootInfo(line).then((i) => [i.running, i.lastBoot]), [1, 2]);
});

test("configWrite replaces the --config-block file whole (written aside, then renamed)", async (t) => {
  if (skip) return t.skip(skip);
  const { d, line } = await open(withA());
  const block = Buffer.from(blockOf({ user: "door2", domain: "example.org" }, 5070));
  assert.equal((await line.ask(probe.configWrite(block))).result, 0);
  assert.deepEqual(readFileSync(d.file("block.bin")), block);
  assert.equal(existsSync(d.file("block.bin.new")), false);
});
