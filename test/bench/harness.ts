// The C rows of section 1 (sofia-bench.c, wasm2c-bench.c) are each linked
// with harness.c, time themselves and print one JSON object: the arguments
// they take, running one, and a compile error as one line for the report.
import { spawnSync } from "node:child_process";
import type { Corpora } from "./corpus.js";
import type { MeasureResult } from "./peers.js";
import type { Options } from "./settings.js";

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
