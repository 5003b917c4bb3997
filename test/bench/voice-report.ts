// The voice bench's table, with issue 16's targets, and its JSON
// (build/bench/voice-results.json). Reports; never gates.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { FrameCounts } from "./voice-frames.js";
import type { CortexFrames } from "./voice-cortex.js";
import { JITTER_DEFAULT, type DelayResult } from "./voice-delay.js";
import type { MemoryResult } from "./voice-memory.js";
import type { ModuleInfo } from "./wasm-module.js";
import { OUT_DIR, ROOT } from "./settings.js";
import { print } from "./report.js";

/** Issue 16: the voice path's share of a 100 MHz Cortex-M4, and the delay it adds at 20 ms frames. */
export const CPU_HZ = 100_000_000;
export const TARGET_CPU_SHARE = 0.02;
export const TARGET_DELAY_MS = 60;
/** The parser bench's assumption (README, Figures): a Cortex-M4 takes about 1.5 cycles an instruction; not measured. */
export const ASSUMED_CPI = 1.5;
const FRAME_S = 0.02;

export interface VoiceResults {
  frames: FrameCounts | { error: string };
  cortex: CortexFrames;
  delays: (DelayResult | { jitterMs: number; error: string })[];
  memory: MemoryResult;
  module: ModuleInfo;
}

const n = (x: number): string => Math.round(x).toLocaleString("en-US");
const pct = (x: number): string => (100 * x).toFixed(2) + "%";
const verdict = (ok: boolean): string => (ok ? "PASS" : "MISS");

/** A frame's share of the processor: its instructions at `cpi` cycles each over the cycles of 20 ms. */
export const cpuShare = (instructions: number, cpi: number): number => (instructions * cpi) / (CPU_HZ * FRAME_S);

function table(rows: string[][]): void {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  rows.forEach((r, k) => {
    print("  " + r.map((c, i) => c.padEnd(w[i])).join("  ").trimEnd());
    if (k === 0) print("  " + w.map((x) => "-".repeat(x)).join("  "));
  });
}

/** The table on stdout. */
export function printVoice(r: VoiceResults): void {
  print("\nVoice path: a call's 20 ms frames, full duplex (issue 16's figures; deterministic, reported, not enforced)");
  const rows: string[][] = [["figure", "value", "target", "result"]];
  if ("error" in r.frames) rows.push(["wasm instructions per frame", `not counted: ${r.frames.error}`, "", ""]);
  else rows.push(["wasm instructions per frame", n(r.frames.perFrame), "", ""]);
  if (r.cortex.error) rows.push(["Cortex-M4 instructions per frame", `not counted: ${r.cortex.error}`, "", ""]);
  else {
    const at1 = cpuShare(r.cortex.perFrame, 1), at15 = cpuShare(r.cortex.perFrame, ASSUMED_CPI);
    rows.push(["Cortex-M4 instructions per frame", n(r.cortex.perFrame), "", ""]);
    rows.push(["  share of a 100 MHz Cortex-M4, 1 cycle an instruction", pct(at1), `<= ${pct(TARGET_CPU_SHARE)}`, verdict(at1 <= TARGET_CPU_SHARE)]);
    rows.push([`  the same at ${ASSUMED_CPI} cycles an instruction (assumed)`, pct(at15), `<= ${pct(TARGET_CPU_SHARE)}`, verdict(at15 <= TARGET_CPU_SHARE)]);
  }
  for (const d of r.delays) {
    const label = `added mouth-to-ear delay, media.jitterMs ${d.jitterMs}${d.jitterMs === JITTER_DEFAULT ? " (the default)" : ""}`;
    if ("error" in d) rows.push([label, `not measured: ${d.error}`, "", ""]);
    else rows.push([label, d.min === d.max ? `${d.min} ms` : `${d.min}-${d.max} ms`, `<= ${TARGET_DELAY_MS} ms`, verdict(d.max <= TARGET_DELAY_MS)]);
  }
  if (r.memory.error) rows.push(["media state (static)", `not computed: ${r.memory.error}`, "", ""]);
  else rows.push(["media state (static)", `${n(r.memory.total)} bytes`, "", ""]);
  const mem = r.module.memory;
  const fixed = mem !== null && mem.maximum === mem.initial;
  rows.push(["linear memory of build/firmware.wasm", mem ? `${mem.initial} pages, maximum ${mem.maximum ?? "none"}` : "none declared", "2 pages", verdict(fixed && mem!.initial <= 2)]);
  table(rows);

  if (!("error" in r.frames)) {
    const f = r.frames;
    print(`  wasm, per frame (${f.frames} frames after ${f.warmup}): RTP in (boardMedia) ${n(f.rtpIn)}; audio tick (boardAudio: jitter buffer out, decode or`
      + ` concealment, encode, RTP out, the station's RTCP) ${n(f.audioTick)}; the flat's RTCP in ${n(f.rtcpIn)};`
      + ` RTCP both ways ${n(f.rtcpShare)} (${f.rtcpSent} reports sent, each ${n(f.rtcpSendExtra)} over a plain tick)`);
    print(`    method: ${f.method}`);
  }
  if (!r.cortex.error) {
    print(`  Cortex-M4: ${r.cortex.frames} frames, ${r.cortex.rtpSent} RTP and ${r.cortex.rtcpSent} RTCP sent; the copies taken off: ${n(r.cortex.copies)} a frame;`
      + ` ${r.cortex.instructionsPerTick.toFixed(2)} instructions a SysTick tick`);
  }
  print(`    method: ${r.cortex.method}`);
  const delay = r.delays.find((d): d is DelayResult => !("error" in d));
  if (delay) print(`  delay: ${delay.method}; the echo path's own share: ${delay.echoPathMs} ms`);
  if (!r.memory.error) {
    print("  media state by file: " + Object.entries(r.memory.byFile).map(([f, b]) => `${f} ${n(b)}`).join(", "));
    print(`    method: ${r.memory.method}`);
  }
}

/** Everything as JSON. */
export function writeVoice(r: VoiceResults, seconds: number): string {
  const file = path.join(OUT_DIR, "voice-results.json");
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, seconds, ...r,
    targets: { cpuShare: TARGET_CPU_SHARE, cpuHz: CPU_HZ, assumedCpi: ASSUMED_CPI, delayMs: TARGET_DELAY_MS } }, null, 2) + "\n");
  print(`  written ${path.relative(ROOT, file)} (voice bench took ${seconds.toFixed(1)} s)`);
  return file;
}
