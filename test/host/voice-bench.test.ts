// The voice bench (test/bench/voice-*.ts) on tiny counts: the instruction
// counter counts exactly what runs and changes nothing else, and each figure
// comes out as a number in its plausible range. No timing is asserted: the
// counts are deterministic, and the bench reports the figures against
// issue 16's targets without enforcing them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { Firmware, defaultImagePath } from "../../host/firmware.js";
import { COUNTER_EXPORT, instrument } from "../bench/voice-counter.js";
import { countFrames } from "../bench/voice-frames.js";
import { countCortexFrames } from "../bench/voice-cortex.js";
import { measureDelay } from "../bench/voice-delay.js";
import { measureMemory } from "../bench/voice-memory.js";
import { INTERCOM_DIR } from "../bench/settings.js";
import { missingTool } from "./support/tools.js";

const dir = mkdtempSync(path.join(tmpdir(), "voice-bench-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

// A countdown loop: `loop`, then per turn local.get, i32.const, i32.sub, local.set, local.get, br_if (6), then the loop's `end`.
// (The global stands for asc's stack pointer: the counter goes after a module's own globals.)
const COUNTDOWN = `(module (global $sp (mut i32) (i32.const 0)) (func (export "countdown") (param $n i32)
  (loop $again
    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
    (br_if $again (local.get $n)))))`;

test("the counter adds each executed instruction once: a countdown of n turns runs 1 + 6n + 1 instructions", async (t) => {
  const skip = missingTool("wat2wasm", "wabt");
  if (skip) return t.skip(skip);
  writeFileSync(path.join(dir, "countdown.wat"), COUNTDOWN);
  const r = spawnSync("wat2wasm", [path.join(dir, "countdown.wat"), "-o", path.join(dir, "countdown.wasm")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const { instance } = await WebAssembly.instantiate(instrument(new Uint8Array(readFileSync(path.join(dir, "countdown.wasm")))));
  const x = instance.exports as { countdown: (n: number) => void } & Record<string, WebAssembly.Global>;
  const after = (n: number): number => {
    const before = Number(x[COUNTER_EXPORT].value);
    x.countdown(n);
    return Number(x[COUNTER_EXPORT].value) - before;
  };
  assert.equal(after(1), 8);
  assert.equal(after(3), 20);
  assert.equal(after(100), 602);
});

test("the counting copy of build/firmware.wasm parses as the original: the same verdict and the same 400 for every corpus message", async () => {
  const original = await Firmware.load();
  const counting = await Firmware.load(instrument(new Uint8Array(readFileSync(defaultImagePath()))));
  for (const name of readdirSync(INTERCOM_DIR).filter((f) => f.endsWith(".sip"))) {
    const bytes = readFileSync(path.join(INTERCOM_DIR, name));
    assert.equal(counting.parse(bytes), original.parse(bytes), name);
    assert.deepEqual(counting.respond(400), original.respond(400), name);
  }
});

test("wasm instructions per frame: a call's frames cost some thousands of instructions, most of them in the audio tick", async () => {
  const f = await countFrames(20, 10);
  assert.ok(f.perFrame > 1_000 && f.perFrame < 1_000_000, `per frame ${f.perFrame}`);
  assert.ok(f.rtpIn > 0 && f.audioTick > f.rtpIn, `RTP in ${f.rtpIn}, audio tick ${f.audioTick}`);
  assert.ok(Math.abs(f.perFrame - (f.rtpIn + f.audioTick + f.rtcpIn)) < 1e-6, "the parts add up to the frame");
});

test("mouth-to-ear delay: a tone through the door and back from the echo peer takes the jitter buffer's depth and one frame, at every offset in its frame", async () => {
  const d = await measureDelay(40);
  assert.equal(d.bursts.length, 6);
  assert.equal(d.echoPathMs, 0, "the bench's echo peer answers at once");
  for (const b of d.bursts) assert.equal(b.delayMs, 40 + 20, `offset ${b.offset}`);
});

test("mouth-to-ear delay: the echo path's own share is taken off: an echo peer 40 ms late gives the same added delay", async () => {
  const late = await measureDelay(40, 40);
  assert.equal(late.echoPathMs, 40);
  assert.deepEqual(late.bursts.map((b) => b.delayMs), (await measureDelay(40)).bursts.map((b) => b.delayMs));
});

test("media state: every memory.data of the voice path evaluates to a size, the jitter buffer's among them", async () => {
  const m = await measureMemory();
  assert.equal(m.error, undefined);
  assert.ok(m.sites.length >= 10, `${m.sites.length} sites`);
  for (const s of m.sites) assert.ok(s.bytes > 0 && s.align > 0, `${s.file}:${s.line} ${s.name}`);
  assert.ok((m.byFile["assembly/media/jitter.ts"] ?? 0) > 0);
  assert.equal(m.total, m.sites.reduce((a, s) => a + s.bytes, 0));
  assert.ok(m.total < 131_072, "within the module's two pages");
});

test("Cortex-M4 instructions per frame: the replayed call's frames run under QEMU, one RTP packet sent a frame", async (t) => {
  const skip = missingTool("qemu-system-arm", "qemu-system-arm") ?? missingTool("arm-none-eabi-gcc", "gcc-arm-none-eabi") ?? missingTool("wasm2c", "wabt");
  if (skip) return t.skip(skip);
  const c = await countCortexFrames(20);
  assert.equal(c.error, undefined);
  assert.equal(c.rtpSent, 20);
  assert.ok(c.perFrame > 1_000 && c.perFrame < 1_000_000, `per frame ${c.perFrame}`);
});
