// Flashing the simulated board over a real serial line (docs/serial-agent.md,
// "Flashing"): what only the simulator or the host shows (a slot too small,
// WebAssembly images that fault or hang on trial, a file that is no image,
// reset lines on a pty). The rules every board keeps (a flash seen in status,
// a faulty line, a power cut mid-flash, images of another board or kind) run
// on all three boards in serial-boards-flash.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { missingTool } from "./support/tools.js";
import { cli, jsonOf, tempDir, directBench } from "./support/serial-board.js";
import { packed, padded, faulting, hanging } from "./support/serial-images.js";

const skip = missingTool("socat", "socat") ?? false;

async function status(port: string): Promise<Record<string, unknown>> {
  const r = await cli(["status", port, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return jsonOf(r);
}
const firmware = (s: Record<string, unknown>) => s.firmware as { version: string; slot: string; trial: boolean };

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
