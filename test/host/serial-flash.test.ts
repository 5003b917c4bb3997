// Flashing over a real serial line (docs/serial-agent.md, "Flashing"):
// the CLI and the simulated board talk through socat pseudo-terminals with
// serialport at both ends; a faulty line between two pty pairs corrupts,
// drops and cuts bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { missingTool } from "./support/tools.js";
import { cli, jsonOf, tempDir, directBench, faultyBench } from "./support/serial-board.js";
import { packed, padded, faulting, hanging } from "./support/serial-images.js";
import { elf, file } from "./support/image-payloads.js";

const skip = missingTool("socat", "socat") ?? false;

async function status(port: string): Promise<Record<string, unknown>> {
  const r = await cli(["status", port, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return jsonOf(r);
}
const firmware = (s: Record<string, unknown>) => s.firmware as { version: string; slot: string; trial: boolean };

test("a new image is flashed into the inactive slot, boots and reports its version, also after the board restarts", { skip }, async () => {
  const bench = await directBench("flash");
  try {
    const image = await packed(tempDir("img"), "0.9.0");
    const r = await cli(["flash", bench.port, image]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /Wrote \d+ bytes in [\d.]+ s \([\d.]+ kbit\/s\)/);
    assert.match(r.stdout, /^Hash of data verified\.$/m);
    assert.match(r.stdout, /Confirmed: the board runs 0\.9\.0 from slot B/);
    assert.equal(firmware(await status(bench.port)).version, "0.9.0");
    await bench.board.kill();
    await bench.board.start();
    const again = await status(bench.port);
    assert.deepEqual([firmware(again).version, firmware(again).slot, firmware(again).trial], ["0.9.0", "B", false]);
  } finally {
    await bench.close();
  }
});

test("a line that corrupts and drops bytes still flashes the exact image: bad frames are resent", { skip }, async () => {
  const bench = await faultyBench("faulty", { corrupt: 0.0002, drop: 0.0002, seed: 7 });
  const line = bench.line;
  try {
    const image = await packed(tempDir("img"), "0.9.1");
    const r = await cli(["flash", bench.port, image, "--json", "--chunk", "1024"]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = jsonOf(r);
    assert.ok(line.counts.corrupted > 0 && line.counts.dropped > 0, JSON.stringify(line.counts));
    assert.ok(Number(out.retries) > 0, "frames were resent");
    assert.equal(out.version, "0.9.1");
    assert.equal(out.confirmed, true);
  } finally {
    await bench.close();
  }
});

test("a link cut mid-flash leaves the old image booting, also after a restart, and a retry succeeds", { skip }, async () => {
  const bench = await faultyBench("cut");
  const { line, board, port } = bench;
  try {
    const image = await packed(tempDir("img"), "0.9.2");
    line.cut(40_000);
    const cut = await cli(["flash", port, image, "--no-progress", "--timeout", "100"]);
    assert.equal(cut.code, 4, cut.stderr);
    assert.match(cut.stderr, /link lost/);
    line.mend();
    const after = firmware(await status(port));
    assert.deepEqual([after.version, after.slot], ["0.1.0", "A"]);
    await board.kill();
    await board.start();
    assert.equal(firmware(await status(port)).version, "0.1.0");
    const retry = await cli(["flash", port, image, "--no-progress"]);
    assert.equal(retry.code, 0, retry.stderr);
    assert.equal(firmware(await status(port)).version, "0.9.2");
  } finally {
    await bench.close();
  }
});

test("an image built for another board is refused with the reason before it is written", { skip }, async () => {
  const bench = await directBench("wrong-board");
  try {
    const image = await packed(tempDir("img"), "0.9.3", ["esp32-ethernet"]);
    const r = await cli(["flash", bench.port, image]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the board refused: board: /);
    assert.equal(firmware(await status(bench.port)).version, "0.1.0");
  } finally {
    await bench.close();
  }
});

test("an image of another kind (a native executable) is refused naming kind before it is written", { skip }, async () => {
  const bench = await directBench("wrong-kind");
  try {
    const dir = tempDir("img");
    const native = await packed(dir, "0.9.9", ["simulator"], file(dir, "native", elf()));
    const r = await cli(["flash", bench.port, native, "--json"]);
    assert.equal(r.code, 1);
    const out = jsonOf(r);
    assert.equal(out.field, "kind");
    assert.match(String(out.error), /the board refused: kind: /);
    assert.doesNotMatch(r.stderr, /Wrote/);
    assert.equal(firmware(await status(bench.port)).version, "0.1.0");
  } finally {
    await bench.close();
  }
});

test("an image too large for the board's slot is refused with the sizes", { skip }, async () => {
  const bench = await directBench("too-large", ["--board", "rp2040-w5500"]);
  try {
    const image = padded(tempDir("img"), "0.9.4", "rp2040-w5500", 200_000);
    const r = await cli(["flash", bench.port, image]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the board refused: size: /);
  } finally {
    await bench.close();
  }
});

test("a file that is not a packed image is refused before the port is opened", { skip }, async () => {
  const r = await cli(["flash", "/dev/null-no-port", path.resolve("build/firmware.wasm")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /IMAGE: .*firmware\.wasm: magic: 0x6d736100 is not an image's 0x4d494349 \("ICIM"\): pack the file with `intercom pack` first/);
});

const wabt = skip || (missingTool("wat2wasm", "wabt") ?? false);

test("a trial image that faults on start falls back to the previous slot", { skip: wabt }, async () => {
  const bench = await directBench("trial");
  try {
    const image = faulting(tempDir("img"), "0.9.5", "boardStart");
    const r = await cli(["flash", bench.port, image, "--no-progress"]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /failed its trial boot: the trial image never confirmed itself; the board runs 0\.1\.0 from slot A/);
    await bench.board.waitFor((e) => e.event === "fallback" && e.slot === "A" && /did not start: .*unreachable/.test(String(e.reason)));
    const s = await status(bench.port);
    assert.deepEqual([firmware(s).version, firmware(s).slot], ["0.1.0", "A"]);
  } finally {
    await bench.close();
  }
});

test("a trial image that faults in its first tick is not confirmed: the board falls back", { skip: wabt }, async () => {
  const bench = await directBench("trial-tick", ["--confirm-ms", "300"]);
  try {
    const image = faulting(tempDir("img"), "0.9.7", "boardTick");
    const r = await cli(["flash", bench.port, image, "--no-progress"]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /failed its trial boot: the trial image never confirmed itself/);
    await bench.board.waitFor((e) => e.event === "fallback" && /the trial image in slot B faulted: .*unreachable/.test(String(e.reason)));
    assert.ok(!bench.board.events.some((e) => e.event === "confirmed"));
    assert.equal(firmware(await status(bench.port)).version, "0.1.0");
  } finally {
    await bench.close();
  }
});

for (const where of ["start", "_initialize"] as const) {
  test(`an image whose ${where === "start" ? "start function" : "_initialize"} never returns is refused at verify; the board keeps its image`, { skip: wabt }, async () => {
    const bench = await directBench(`hang-${where}`);
    try {
      const image = hanging(tempDir("img"), "0.9.8", where);
      const r = await cli(["flash", bench.port, image, "--no-progress"]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /the board refused: .*image did not finish starting within 3000 ms \(its start function or _initialize does not return\)/);
      const s = await status(bench.port);
      assert.deepEqual([firmware(s).version, firmware(s).slot], ["0.1.0", "A"]);
    } finally {
      await bench.close();
    }
  });
}

test("a board definition with reset lines on a pty (no DTR/RTS): a warning, and the flash goes on", { skip }, async () => {
  const bench = await directBench("reset");
  try {
    const image = await packed(tempDir("img"), "0.9.6");
    const r = await cli(["flash", bench.port, image, "--reset", "esp32-ethernet", "--no-progress"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Warning: cannot drive RTS on .*pseudo-terminal has no modem lines/);
    assert.doesNotMatch(r.stderr, /Writing \[/, "--no-progress draws no bar");
    assert.match(r.stdout, /Confirmed/);
  } finally {
    await bench.close();
  }
});
