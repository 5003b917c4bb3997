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

/** The harness arguments for both C rows: timing options and the two groups. */
export function harnessArgs(c: Corpora, o: Options): string[] {
  const args = ["--rounds", String(o.rounds), "--min-ms", String(o.minMs), "--warmup-ms", String(o.warmupMs),
    "--group", "intercom", ...c.intercom.map((m) => m.file)];
  if (c.torture.length > 0) args.push("--group", "torture", ...c.torture.map((m) => m.file));
  return args;
}

/** Runs a built harness binary and reads its JSON. */
export function runHarness(parser: string, bin: string, args: string[], note: string): MeasureResult {
  const r = spawnSync(bin, args, { encoding: "utf8", maxBuffer: 16 << 20 });
  try {
    const j = JSON.parse(r.stdout) as MeasureResult;
    j.note = note;
    return j;
  } catch {
    return { parser, groups: {}, error: (r.stderr || r.error?.message || `exit ${r.status}`).trim() };
  }
}

/** gcc's first lines of complaint, for a row that could not be built. */
export function compileError(what: string, r: ReturnType<typeof spawnSync>): string {
  const text = String(r.stderr || r.error?.message || "").trim().split("\n").filter((l) => /error|cannot|not found/i.test(l));
  return `${what} failed: ${text.slice(0, 3).join(" | ") || `exit ${r.status}`}`;
}

export function runWasm2c(c: Corpora, o: Options): MeasureResult {
  const parser = "wasm2c";
  const bin = path.join(OUT_DIR, "wasm2c-bench");
  const gen = path.join(OUT_DIR, "wasm2c");
  let runtime: string, firmwareC: string;
  try {
    runtime = wasm2cRuntimeDir();
    firmwareC = translate(IMAGE, gen);
  } catch (e) {
    return { parser, groups: {}, error: (e as Error).message.split("\n")[0] };
  }
  const here = path.join(ROOT, "test/bench");
  const cc = spawnSync("gcc", ["-O2", `-I${gen}`, `-I${runtime}`,
    path.join(here, "harness.c"), path.join(here, "wasm2c-bench.c"), firmwareC, path.join(runtime, "wasm-rt-impl.c"),
    "-o", bin, "-lm"], { encoding: "utf8", maxBuffer: 16 << 20 });
  if (cc.status !== 0) return { parser, groups: {}, error: compileError("gcc", cc) };
  return runHarness(parser, bin, harnessArgs(c, o),
    "the same module through wasm2c + gcc -O2 (as the boards run it): copy into rxBuffer() + parse(len), in C");
}
