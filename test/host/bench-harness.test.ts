// The benchmark's C harness (test/bench/wasm2c-bench.c) provides the board
// imports the release module declares, with the signatures wasm2c gives them:
// a change of the board ABI that the harness did not follow fails here, not
// first in `npm run bench` (which reports the wasm2c row as "not measured").
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { translate, wasm2cRuntimeDir } from "../../host/tools/build-native.js";
import { defaultImagePath } from "../../host/firmware.js";
import { missingTool } from "./support/tools.js";

test("the bench's wasm2c harness compiles against the release module's board imports", (t) => {
  const skip = missingTool("wasm2c", "wabt") ?? missingTool("gcc", "gcc");
  if (skip) return t.skip(skip);
  const gen = mkdtempSync(path.join(tmpdir(), "bench-harness-"));
  try {
    translate(defaultImagePath(), gen);
    const cc = spawnSync("gcc", ["-fsyntax-only", "-Wall", `-I${gen}`, `-I${wasm2cRuntimeDir()}`, path.resolve("test/bench/wasm2c-bench.c")], { encoding: "utf8" });
    assert.equal(cc.status, 0, cc.stderr);
  } finally {
    rmSync(gen, { recursive: true, force: true });
  }
});
