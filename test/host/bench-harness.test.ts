// The benchmark's C harness (test/bench/wasm2c-bench.c) provides the board
// imports the release module declares, with the signatures wasm2c gives them:
// a change of the board ABI that the harness did not follow fails here, not
// first in `npm run bench` (which reports the wasm2c row as "not measured").
// The harness is linked, as the bench builds it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { translate, wasm2cRuntimeDir } from "../../host/tools/build-native.js";
import { defaultImagePath } from "../../host/firmware.js";
import { missingTool } from "./support/tools.js";

test("the bench's wasm2c harness compiles and links against the release module's board imports", (t) => {
  const skip = missingTool("wasm2c", "wabt") ?? missingTool("gcc", "gcc");
  if (skip) return t.skip(skip);
  const gen = mkdtempSync(path.join(tmpdir(), "bench-harness-"));
  try {
    const firmwareC = translate(defaultImagePath(), gen);
    const runtime = wasm2cRuntimeDir();
    // Linked, not only compiled: an import the harness does not define (board.mediaSend
    // once went missing this way) is an undefined reference only the linker sees.
    const cc = spawnSync("gcc", ["-O0", "-Wall", `-I${gen}`, `-I${runtime}`, path.resolve("test/bench/harness.c"), path.resolve("test/bench/wasm2c-bench.c"),
      firmwareC, path.join(runtime, "wasm-rt-impl.c"), "-o", path.join(gen, "wasm2c-bench"), "-lm"], { encoding: "utf8", maxBuffer: 16 << 20 });
    assert.equal(cc.status, 0, cc.stderr);
  } finally {
    rmSync(gen, { recursive: true, force: true });
  }
});
