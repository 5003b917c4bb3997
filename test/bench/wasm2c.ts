// This firmware's parser as the boards run it: build/firmware.wasm (or
// BENCH_IMAGE) translated by wasm2c and compiled by gcc -O2, the compiler and
// flags sofia-bench uses, so the two C rows compare like with like. Built
// into build/bench/ at bench time; it times itself with the shared harness
// (harness.c), the way sofia-bench does.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { translate, wasm2cRuntimeDir } from "../../host/tools/build-native.js";
import type { Corpora } from "./corpus.js";
import type { MeasureResult } from "./peers.js";
import { IMAGE, OUT_DIR, ROOT, type Options } from "./settings.js";
import { compileError, harnessArgs, runHarness } from "./harness.js";

/** Builds the wasm2c harness once; the function that times it (in a process of its own each call). */
export function wasm2cRunner(c: Corpora, o: Options): () => MeasureResult {
  const parser = "wasm2c";
  const bin = path.join(OUT_DIR, "wasm2c-bench");
  const gen = path.join(OUT_DIR, "wasm2c");
  let runtime: string, firmwareC: string;
  try {
    runtime = wasm2cRuntimeDir();
    firmwareC = translate(IMAGE, gen);
  } catch (e) {
    const failed: MeasureResult = { parser, groups: {}, error: (e as Error).message.split("\n")[0] };
    return () => failed;
  }
  const here = path.join(ROOT, "test/bench");
  const cc = spawnSync("gcc", ["-O2", `-I${gen}`, `-I${runtime}`,
    path.join(here, "harness.c"), path.join(here, "wasm2c-bench.c"), firmwareC, path.join(runtime, "wasm-rt-impl.c"),
    "-o", bin, "-lm"], { encoding: "utf8", maxBuffer: 16 << 20 });
  if (cc.status !== 0) {
    const failed: MeasureResult = { parser, groups: {}, error: compileError("gcc", cc) };
    return () => failed;
  }
  return () => runHarness(parser, bin, harnessArgs(c, o),
    "the same module through wasm2c + gcc -O2 (as the boards run it): copy into rxBuffer() + parse(len), in C");
}
