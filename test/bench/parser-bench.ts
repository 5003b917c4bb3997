// The SIP parser bench (`npm run bench`; test/bench/README.md explains
// how to read it). One run, one machine, one corpus:
//
//   1. throughput (messages/s) of this firmware's parser, run by V8 and
//      through wasm2c + gcc (wasm2c.ts), against the npm parsers sip, jssip
//      and sip.js (peers.ts) and against sofia-sip (C, sofia.ts), per corpus
//      (intercom, torture) and overall; the ratios against the targets;
//   2. the module size and the memory it declares (wasm-module.ts);
//   3. WebAssembly instructions executed per message (wasm-interp --trace,
//      instructions.ts), and Cortex-M4 instructions per message of the
//      wasm2c build under QEMU (cortex-m4.ts);
//   4. one million seeded mutated datagrams through the wasm parser: the
//      never-trap gate (mutations.ts; the only part that can make the bench
//      exit 1);
//   5. everything as a table on stdout and as JSON in build/bench/results.json
//      (report.ts).
//
// Each parser is timed in its own Node process (`--measure <parser>`), one
// after the other, so that no parser runs with another's JIT state or
// competes with it for a core. This file is the entry for both the parent
// and those children.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { loadCorpora } from "./corpus.js";
import { countInstructions } from "./instructions.js";
import { runMutationGate } from "./mutations.js";
import { JS_PARSERS, measureChild, medianProcess, runChild, sink, type MeasureResult } from "./peers.js";
import { print, printCortexM4, printHeader, printInstructions, printModule, printMutations, printThroughput, writeResults } from "./report.js";
import { countCortexM4 } from "./cortex-m4.js";
import { IMAGE, OUT_DIR, parseOptions } from "./settings.js";
import { sofiaRunner } from "./sofia.js";
import { wasm2cRunner } from "./wasm2c.js";
import { describeModule } from "./wasm-module.js";

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  if (o.measure) {
    let res: MeasureResult;
    try {
      res = await measureChild(o.measure, o);
    } catch (e) {
      res = { parser: o.measure, groups: {}, error: String((e as Error).message) };
    }
    process.stdout.write(JSON.stringify(res) + "\n");
    return 0;
  }

  mkdirSync(OUT_DIR, { recursive: true });
  const started = performance.now();
  const corpora = loadCorpora();
  const groupNames = corpora.torture.length ? ["intercom", "torture", "overall"] : ["intercom", "overall"];
  printHeader(corpora, o);

  // 1. throughput: each parser in o.processes processes of its own, taken
  // in turn (every parser once, then again), and the median process reported.
  const entry = fileURLToPath(import.meta.url);
  const runners: [string, () => MeasureResult][] = [
    ...["wasm", ...JS_PARSERS].map((p): [string, () => MeasureResult] => [p, () => runChild(entry, p, o)]),
    ["the module through wasm2c", wasm2cRunner(corpora, o)],
    ["sofia-sip", sofiaRunner(corpora, o)],
  ];
  const runs = runners.map(() => [] as MeasureResult[]);
  for (let k = 1; k <= o.processes; k++) {
    runners.forEach(([name, run], i) => {
      process.stderr.write(`  timing ${name} (process ${k} of ${o.processes})...\n`);
      runs[i].push(run());
    });
  }
  const results = runs.map(medianProcess);
  const { ratios, targets } = printThroughput(results, groupNames);

  // 2. module
  const moduleInfo = describeModule(IMAGE);
  printModule(moduleInfo);

  // 3. instruction counts
  process.stderr.write("  counting instructions (wasm-interp --trace)...\n");
  const counts = await countInstructions(corpora);
  printInstructions(counts);
  process.stderr.write("  counting Cortex-M4 instructions (QEMU -icount)...\n");
  const cortex = countCortexM4(corpora);
  printCortexM4(cortex);

  // 4. mutations
  process.stderr.write(`  ${o.mutations} mutated messages...\n`);
  const gate = await runMutationGate(corpora, o);
  printMutations(gate, o);

  // 5. JSON
  await writeResults({
    settings: o, corpora, throughput: results, ratios, targets,
    module: moduleInfo, instructions: counts, cortexM4: cortex, mutations: gate,
  }, started);
  if (sink < 0) print(); // keeps the timed results observable
  return gate.pass ? 0 : 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (e) => {
    process.stderr.write(`parser-bench: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
