// Post-build step of the release module: binaryen's optimizer at -O4 over
// asc's output (asc stops at binaryen's -O3). The extra level (flattening,
// local subtyping, more inlining and precomputation) made the parser 4-5%
// faster in V8 and about 4% faster through wasm2c + gcc (test/bench/ab.ts,
// both orders; docs/parser.md), at a slightly smaller code section. It uses
// the wasm-opt that assemblyscript itself depends on (npm `binaryen`), with
// the features asc emits and bulk memory still off (asconfig.json).
//
// Binaryen's memory-packing splits the data segments again; pack-data.ts,
// which runs after this step, merges them.
//
//   node build/js/host/tools/optimize.js IN.wasm OUT.wasm [--names]
//
// --names keeps the name section (footprint-areas.ts builds a named twin of
// the release module this way; the other sections come out identical).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = [path.resolve(here, "../.."), path.resolve(here, "../../../..")].find((d) => existsSync(path.join(d, "asconfig.json")))
  ?? path.resolve(here, "../../../..");

/** The optimizer's arguments: the level, and exactly the features asc's release build uses. */
export const WASM_OPT_ARGS = ["-O4", "--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int"];

export function wasmOptPath(): string {
  const bin = path.join(ROOT, "node_modules/.bin/wasm-opt");
  if (!existsSync(bin)) throw new Error("node_modules/.bin/wasm-opt is missing: run npm install (it comes with assemblyscript's binaryen)");
  return bin;
}

/** Optimizes `input` into `output`; with `names`, the name section is kept. */
export function optimize(input: string, output: string, names = false): void {
  const args = [input, ...WASM_OPT_ARGS, ...(names ? ["-g"] : []), "-o", output];
  const r = spawnSync(wasmOptPath(), args, { encoding: "utf8", maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`wasm-opt ${args.join(" ")} failed: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}`);
}

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  const [input, output] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  if (!input || !output) {
    console.error("usage: node build/js/host/tools/optimize.js IN.wasm OUT.wasm [--names]");
    process.exit(2);
  }
  try {
    optimize(input, output, process.argv.includes("--names"));
  } catch (e) {
    console.error(`optimize: ${(e as Error).message}`);
    process.exit(1);
  }
}
