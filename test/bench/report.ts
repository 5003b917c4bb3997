// The report: the tables on stdout and build/bench/results.json. Progress
// lines go to stderr, from the entry.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Corpora } from "./corpus.js";
import type { CortexResult } from "./cortex-m4.js";
import type { CountResult } from "./instructions.js";
import type { MutationResult } from "./mutations.js";
import { JS_PARSERS, type MeasureResult } from "./peers.js";
import { OUT_DIR, ROOT, TARGET_VS_JS, TARGET_VS_SOFIA, type Options } from "./settings.js";
import type { ModuleInfo } from "./wasm-module.js";

export const print = (s = ""): void => { process.stdout.write(s + "\n"); };

function fmtRate(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "n/a";
  if (n >= 1e6) return (n / 1e6).toFixed(2) + " M";
  if (n >= 1e3) return (n / 1e3).toFixed(1) + " k";
  return n.toFixed(0);
}

function table(head: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]): string =>
    "  " + r.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join("  ").trimEnd();
  return [line(head), "  " + w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

export function printHeader(corpora: Corpora, o: Options): void {
  print(`SIP parser bench: ${corpora.intercom.length} intercom + ${corpora.torture.length} torture messages; `
    + `each parser in ${o.processes} processes (the median process), each the median of ${o.rounds} rounds >= ${o.minMs} ms after ${o.warmupMs} ms warm-up; Node ${process.version}`);
  for (const w of corpora.warnings) print(`  warning: ${w}`);
}

/** Our two rows: the module run by V8 (as the JS parsers are) and through wasm2c + gcc -O2 (as sofia-sip is compiled). */
export const OURS = ["wasm", "wasm2c"] as const;
type Ours = (typeof OURS)[number];

export interface Ratio { fastestJs: string | null; vsJs: number | null; vsSofia: number | null }
export type Ratios = Record<string, Record<Ours, Ratio>>;
export interface Target { target: number; row: string; ratio: number | null; result: string }
export interface Targets { vsFastestJs: Target; vsSofia: Target }

const LABEL: Record<string, string> = {
  wasm: "this firmware (wasm, V8)", wasm2c: "this firmware (wasm2c, gcc)", "sofia-sip": "sofia-sip (C, gcc)",
};
const fmtX = (x: number | null): string => (x === null ? "n/a" : x.toFixed(2) + "x");
const verdict = (x: number | null, target: number): string => (x === null ? "n/a" : x >= target ? "PASS" : "MISS");

function ratiosOf(results: readonly MeasureResult[], groupNames: readonly string[]): Ratios {
  const rate = (n: string, g: string): number | undefined => results.find((r) => r.parser === n)?.groups[g]?.msgsPerSec;
  const ratios: Ratios = {};
  for (const g of groupNames) {
    let fastest: string | null = null;
    for (const p of JS_PARSERS) {
      const v = rate(p, g);
      if (v !== undefined && (fastest === null || v > (rate(fastest, g) ?? 0))) fastest = p;
    }
    const js = fastest ? rate(fastest, g) : undefined;
    const sofia = rate("sofia-sip", g);
    const of = (ours: Ours): Ratio => {
      const v = rate(ours, g);
      return { fastestJs: fastest, vsJs: v !== undefined && js ? v / js : null, vsSofia: v !== undefined && sofia ? v / sofia : null };
    };
    ratios[g] = { wasm: of("wasm"), wasm2c: of("wasm2c") };
  }
  return ratios;
}

/** Section 1: the throughput table, the ratios and the targets (returned for the JSON). */
export function printThroughput(results: readonly MeasureResult[], groupNames: readonly string[]): { ratios: Ratios; targets: Targets } {
  print("\n1. Throughput (messages/s; accepted = messages the parser took as valid)");
  print(table(
    ["parser", ...groupNames.map((g) => g), ...groupNames.map((g) => `acc ${g}`)],
    results.map((r) => [
      LABEL[r.parser] ?? r.parser,
      ...groupNames.map((g) => (r.error ? "n/a" : fmtRate(r.groups[g]?.msgsPerSec))),
      ...groupNames.map((g) => (r.groups[g] ? `${r.groups[g].accepted}/${r.groups[g].messages}` : "-")),
    ]),
    [false, ...groupNames.map(() => true), ...groupNames.map(() => true)],
  ));
  for (const r of results) {
    if (r.error) print(`  ${r.parser}: not measured: ${r.error}`);
    else {
      const rej = [...new Set(Object.values(r.groups).flatMap((g) => g.rejected))];
      if (rej.length) print(`  ${r.parser} rejected: ${rej.join(", ")}`);
    }
  }
  const spread = results.filter((r) => (r.groups.overall?.processes?.length ?? 0) > 1)
    .map((r) => `${r.parser} ${r.groups.overall!.processes!.map(fmtRate).join(", ")}`);
  if (spread.length) print(`  overall in each process (the median is shown above): ${spread.join("; ")}`);
  print("  what each one does:");
  for (const r of results) if (r.note) print(`    ${r.parser}: ${r.note}`);

  const ratios = ratiosOf(results, groupNames);
  print("\n  ratios of this firmware's parser:");
  print(table(
    ["corpus", "fastest JS", "V8 vs fastest JS", "V8 vs sofia-sip", "wasm2c vs fastest JS", "wasm2c vs sofia-sip"],
    groupNames.map((g) => [g, ratios[g].wasm.fastestJs ?? "n/a", fmtX(ratios[g].wasm.vsJs), fmtX(ratios[g].wasm.vsSofia),
      fmtX(ratios[g].wasm2c.vsJs), fmtX(ratios[g].wasm2c.vsSofia)]),
    [false, false, true, true, true, true],
  ));
  // Each target pairs like with like: the JS parsers run in V8, so they are
  // compared with the module in V8; sofia-sip is C compiled by gcc -O2, so it
  // is compared with the module compiled by gcc -O2 (through wasm2c).
  const overall = ratios.overall;
  const targets: Targets = {
    vsFastestJs: { target: TARGET_VS_JS, row: "wasm", ratio: overall.wasm.vsJs, result: verdict(overall.wasm.vsJs, TARGET_VS_JS) },
    vsSofia: { target: TARGET_VS_SOFIA, row: "wasm2c", ratio: overall.wasm2c.vsSofia, result: verdict(overall.wasm2c.vsSofia, TARGET_VS_SOFIA) },
  };
  print(`  target >= ${TARGET_VS_JS}x the fastest JS parser (overall, both run by V8):  ${fmtX(overall.wasm.vsJs)}  ${targets.vsFastestJs.result}`);
  print(`  target >= ${TARGET_VS_SOFIA}x sofia-sip (overall, both compiled by gcc -O2):      ${fmtX(overall.wasm2c.vsSofia)}  ${targets.vsSofia.result}`);
  print(`  across engines, for reference: the module in V8 against sofia-sip ${fmtX(overall.wasm.vsSofia)};`
    + ` through wasm2c against the fastest JS parser ${fmtX(overall.wasm2c.vsJs)}`);
  print("  (the targets are reported, not enforced)");
  return { ratios, targets };
}

export function printModule(info: ModuleInfo): void {
  const limits = info.memory;
  print("\n2. Module");
  print(`  ${info.path}: ${info.bytes} bytes`);
  print(limits
    ? `  memory: ${limits.initial} pages initial (${limits.initial * 64} KiB), maximum ${limits.maximum ?? "none"}${limits.imported ? " (imported)" : ""}`
    : "  memory: none declared");
}

/** Instructions per message, a row each, and the means per corpus. */
function printCounts(rows: { name: string; corpus: string; bytes: number; verdict: string | number; count: number }[], means: Record<string, number>, note: string): void {
  print(table(
    ["message", "corpus", "bytes", "verdict", "instructions", "per byte"],
    rows.map((r) => [r.name, r.corpus, String(r.bytes), String(r.verdict), String(r.count), (r.count / r.bytes).toFixed(1)]),
    [false, false, true, true, true, true],
  ));
  print("  mean: " + Object.entries(means).map(([g, v]) => `${g} ${v.toFixed(0)}`).join(", ") + note);
}

export function printInstructions(counts: CountResult): void {
  print("\n3. WebAssembly instructions per message (deterministic)");
  if (counts.error) print(`  not counted: ${counts.error}`);
  else {
    printCounts(counts.rows.map((r) => ({ ...r, count: r.parse })), counts.means,
      `  (an empty export costs ${counts.emptyExport ?? "?"}; _initialize, once at boot, ${counts.initialize ?? "?"})`);
  }
  print(`  method: ${counts.caveat}`);
}

export function printCortexM4(c: CortexResult): void {
  print("\n3b. Cortex-M4 instructions per message (the wasm2c build, arm-none-eabi-gcc -Os; deterministic)");
  if (c.error) print(`  not counted: ${c.error}`);
  else {
    printCounts(c.rows.map((r) => ({ ...r, count: r.instructions })), c.means, "");
  }
  print(`  method: ${c.method}`);
}

export function printMutations(gate: MutationResult, o: Options): void {
  print(`\n4. ${o.mutations.toLocaleString("en-US")} mutated messages through the wasm parser (seed ${gate.seed}, 0x${gate.seed.toString(16)})`);
  if (gate.error) print(`  not run: ${gate.error}`);
  else {
    print(table(
      ["valid (0)", "4xx", "5xx", "other", "traps", "total s", "parse s"],
      [[String(gate.verdicts.valid), String(gate.verdicts["4xx"]), String(gate.verdicts["5xx"]), String(gate.verdicts.other),
        String(gate.traps), gate.seconds.toFixed(2), gate.parseSeconds.toFixed(2)]],
      [true, true, true, true, true, true, true],
    ));
    for (const s of gate.samples.slice(0, 5)) print(`  ${s}`);
    if (gate.samples.length > 5) print(`  ... ${gate.samples.length - 5} more under build/bench/mutations/`);
  }
  print(`  never-trap gate (no trap, every verdict in {0} or 400..599): ${gate.pass ? "PASS" : "FAIL"}`);
}

export interface Results {
  settings: Options;
  corpora: Corpora;
  throughput: readonly MeasureResult[];
  ratios: Ratios;
  targets: Targets;
  module: ModuleInfo;
  instructions: CountResult;
  cortexM4: CortexResult;
  mutations: MutationResult;
}

/** Section 5: everything as JSON in build/bench/results.json. */
export async function writeResults(r: Results, started: number): Promise<void> {
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: (await import("node:os")).cpus().length,
    settings: r.settings,
    corpora: {
      intercom: r.corpora.intercom.map((m) => ({ name: m.name, bytes: m.bytes.length })),
      torture: r.corpora.torture.map((m) => ({ name: m.name, bytes: m.bytes.length })),
      warnings: r.corpora.warnings,
    },
    throughput: r.throughput,
    ratios: r.ratios,
    targets: r.targets,
    module: r.module,
    instructions: r.instructions,
    cortexM4: r.cortexM4,
    mutations: r.mutations,
    seconds: (performance.now() - started) / 1000,
  };
  const jsonFile = path.join(OUT_DIR, "results.json");
  writeFileSync(jsonFile, JSON.stringify(out, null, 2) + "\n");
  print(`\n5. Written ${path.relative(ROOT, jsonFile)} (bench took ${out.seconds.toFixed(1)} s)`);
}
