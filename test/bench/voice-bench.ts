// The voice bench (`npm run bench` runs it after the parser bench; `npm run
// bench:voice` alone, without rebuilding): issue 16's figures of the call's
// audio, each measured, none typed in (test/bench/README.md, "Voice path"):
//   - WebAssembly instructions per 20 ms frame, full duplex (voice-frames.ts);
//   - Cortex-M4 instructions per frame under QEMU -icount, and that as a share
//     of a 100 MHz Cortex-M4 (voice-cortex.ts);
//   - the mouth-to-ear delay the station adds, with an echo peer (voice-delay.ts);
//   - the static bytes of the media state (voice-memory.ts) and the module's
//     linear memory (wasm-module.ts).
// Options: --frames N (BENCH_VOICE_FRAMES, default 1000) for the wasm count,
// --cortex-frames N (BENCH_VOICE_CORTEX_FRAMES, default 500) for QEMU's.
import { mkdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { countFrames } from "./voice-frames.js";
import { countCortexFrames } from "./voice-cortex.js";
import { measureDelay } from "./voice-delay.js";
import { measureMemory } from "./voice-memory.js";
import { printVoice, writeVoice, type VoiceResults } from "./voice-report.js";
import { describeModule } from "./wasm-module.js";
import { IMAGE, OUT_DIR } from "./settings.js";
import { JITTER_DEFAULT } from "./voice-delay.js";

/** media.jitterMs: the default (from host/config.schema.json, docs/config.md) and two deeper settings. */
export const JITTER_DEPTHS = [...new Set([JITTER_DEFAULT, 60, 80])];

export interface VoiceOptions { frames: number; cortexFrames: number }

export function parseVoiceOptions(argv: readonly string[]): VoiceOptions {
  const o = { frames: Number(process.env.BENCH_VOICE_FRAMES ?? 1000), cortexFrames: Number(process.env.BENCH_VOICE_CORTEX_FRAMES ?? 500) };
  for (let i = 0; i < argv.length; i += 2) {
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`${argv[i]} needs a whole number of frames, 1 or more (got ${argv[i + 1] ?? "nothing"})`);
    if (argv[i] === "--frames") o.frames = v;
    else if (argv[i] === "--cortex-frames") o.cortexFrames = v;
    else throw new Error(`unknown option ${argv[i]} (options: --frames N --cortex-frames N)`);
  }
  // SysTick counts 24 bits at 40 instructions a tick: about 670 M instructions, some 20,000 frames.
  if (o.cortexFrames > 10_000) throw new Error(`--cortex-frames ${o.cortexFrames}: at most 10000 (SysTick's 24 bits would wrap); give fewer`);
  return o;
}

const failure = (e: unknown): string => String((e as Error).message ?? e).split("\n")[0];

export async function runVoiceBench(o: VoiceOptions): Promise<VoiceResults> {
  mkdirSync(OUT_DIR, { recursive: true });
  process.stderr.write(`  voice: counting wasm instructions over ${o.frames} frames...\n`);
  const frames = await countFrames(o.frames).catch((e) => ({ error: failure(e) }));
  process.stderr.write(`  voice: counting Cortex-M4 instructions over ${o.cortexFrames} frames (QEMU -icount)...\n`);
  const cortex = await countCortexFrames(o.cortexFrames);
  process.stderr.write("  voice: mouth-to-ear delay with an echo peer...\n");
  const delays = [];
  for (const jitterMs of JITTER_DEPTHS) delays.push(await measureDelay(jitterMs).catch((e) => ({ jitterMs, error: failure(e) })));
  process.stderr.write("  voice: the media state's bytes (asc)...\n");
  const memory = await measureMemory();
  return { frames, cortex, delays, memory, module: describeModule(IMAGE) };
}

async function main(): Promise<void> {
  const started = performance.now();
  const results = await runVoiceBench(parseVoiceOptions(process.argv.slice(2)));
  printVoice(results);
  writeVoice(results, (performance.now() - started) / 1000);
}

if (process.argv[1]?.endsWith("voice-bench.js")) {
  main().catch((e) => {
    process.stderr.write(`voice-bench: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
