// Cortex-M4 instructions per message: the parser as the boards run it
// (wasm2c's translation of build/firmware.wasm, compiled by arm-none-eabi-gcc
// -mcpu=cortex-m4 -mthumb -Os: the objects `npm run footprint` measures),
// on QEMU's MPS2 AN386 board with -icount shift=0, where every instruction
// is one nanosecond of the board's time. The port
// (boards/cortex-m/qemu-mps2-an386/port.c) parses each message `REPS` times
// through intercom_parse between two reads of SysTick; a loop of a known
// 2,000,000 instructions gives the instructions per tick. Deterministic:
// the same image and corpus give the same counts on any machine.
import { rmSync } from "node:fs";
import path from "node:path";
import { buildQemuImage } from "../../host/tools/qemu-build.js";
import { Rec, runScript } from "../../host/tools/qemu-records.js";
import type { Corpora } from "./corpus.js";
import { OUT_DIR } from "./settings.js";

const REPS = 50;
const CALIBRATION_INSTRUCTIONS = 2_000_000;

export interface CortexRow { name: string; corpus: string; bytes: number; verdict: number; instructions: number }
export interface CortexResult { rows: CortexRow[]; means: Record<string, number>; instructionsPerTick: number; error?: string; method: string }

const METHOD = `QEMU mps2-an386 -icount shift=0: SysTick ticks around ${REPS} calls of intercom_parse per message (the call and the loop included), `
  + `scaled by a loop of ${CALIBRATION_INSTRUCTIONS.toLocaleString("en-US")} instructions; instructions, not cycles (a Cortex-M4 takes 2 or more cycles for loads and taken branches)`;


export function countCortexM4(corpora: Corpora): CortexResult {
  const empty = { rows: [], means: {}, instructionsPerTick: 0, method: METHOD };
  let elf: string;
  try {
    elf = buildQemuImage();
  } catch (e) {
    return { ...empty, error: (e as Error).message.split("\n")[0] };
  }
  const msgs = [...corpora.intercom.map((m) => ({ ...m, corpus: "intercom" })), ...corpora.torture.map((m) => ({ ...m, corpus: "torture" }))];
  const dir = path.join(OUT_DIR, "cortex-m4");
  rmSync(dir, { recursive: true, force: true });
  // Booted first (no configuration block: safe defaults), as a board is before any datagram.
  const records = [Rec.boot(0, "127.0.0.1"), Rec.calibrate(0), ...msgs.map((m) => Rec.measure(0, REPS, m.bytes))];
  const r = runScript(elf, dir, records, ["-icount", "shift=0,align=off"], 300_000);
  if (r.status !== 0) return { ...empty, error: `qemu-system-arm: exit ${r.status} ${r.stderr}`.trim() };
  const lines = r.trace;
  const ticks = Number(/^calibrate (\d+)$/m.exec(lines.join("\n"))?.[1]);
  const measured = lines.map((l) => /^measure (-?\d+) (\d+)$/.exec(l)).filter((x) => x !== null);
  if (!(ticks > 0) || measured.length !== msgs.length) return { ...empty, error: `unexpected trace: ${lines.slice(0, 3).join(" | ")}` };
  const perTick = CALIBRATION_INSTRUCTIONS / ticks;
  const rows = msgs.map((m, i) => ({
    name: m.name, corpus: m.corpus, bytes: m.bytes.length,
    verdict: Number(measured[i]![1]), instructions: Math.round((Number(measured[i]![2]) * perTick) / REPS),
  }));
  const means: Record<string, number> = {};
  for (const g of ["intercom", "torture"]) {
    const of = rows.filter((x) => x.corpus === g);
    if (of.length) means[g] = of.reduce((a, x) => a + x.instructions, 0) / of.length;
  }
  means.overall = rows.reduce((a, x) => a + x.instructions, 0) / rows.length;
  return { rows, means, instructionsPerTick: perTick, method: METHOD };
}
