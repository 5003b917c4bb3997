// The never-trap gate: a million seeded mutated datagrams through the wasm
// parser, sent the way the host sends them.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Firmware } from "../../host/firmware.js";
import { mutations } from "../host/support/mutator.js";
import type { Corpora } from "./corpus.js";
import { IMAGE, OUT_DIR, ROOT, type Options } from "./settings.js";

export interface MutationResult {
  seed: number;
  count: number;
  verdicts: { valid: number; "4xx": number; "5xx": number; other: number };
  traps: number;
  pass: boolean;
  seconds: number;
  parseSeconds: number;
  samples: string[];
  error?: string;
}

async function mutationGate(c: Corpora, o: Options): Promise<MutationResult> {
  const r: MutationResult = {
    seed: o.seed, count: o.mutations, verdicts: { valid: 0, "4xx": 0, "5xx": 0, other: 0 },
    traps: 0, pass: false, seconds: 0, parseSeconds: 0, samples: [],
  };
  const image = readFileSync(IMAGE);
  let fw = await Firmware.load(image);
  for (const name of ["rxBuffer", "rxCapacity", "parse"]) {
    if (typeof fw.exports[name] !== "function") return { ...r, error: `build/firmware.wasm does not export ${name}()` };
  }
  const sampleDir = path.join(OUT_DIR, "mutations");
  const keep = (i: number, what: string, d: Uint8Array): void => {
    if (r.samples.length >= 20) return;
    mkdirSync(sampleDir, { recursive: true });
    const file = path.join(sampleDir, `${String(i).padStart(7, "0")}.sip`);
    writeFileSync(file, d);
    r.samples.push(`#${i} ${what}: ${path.relative(ROOT, file)}`);
  };
  const corpus = [...c.intercom, ...c.torture].map((m) => m.bytes);
  const gen = mutations(corpus, o.seed, o.mutations);
  const BATCH = 8192;
  const batch: Uint8Array[] = [];
  let index = 0;
  const t0 = performance.now();
  let parseMs = 0;
  for (;;) {
    batch.length = 0;
    for (let k = 0; k < BATCH; k++) {
      const n = gen.next();
      if (n.done) break;
      batch.push(n.value);
    }
    if (batch.length === 0) break;
    let ex = fw.exports, rx = ex.rxBuffer(), cap = ex.rxCapacity(), mem = new Uint8Array(ex.memory.buffer);
    const p0 = performance.now();
    for (const d of batch) {
      let v: number;
      try {
        if (mem.byteLength === 0) mem = new Uint8Array(ex.memory.buffer);
        if (d.length <= cap) {
          mem.set(d, rx);
          v = ex.parse(d.length);
        } else {
          mem.set(d.subarray(0, cap), rx);
          v = ex.parse(cap + 1);
        }
      } catch (e) {
        r.traps++;
        keep(index, `trap (${String((e as Error).message).split("\n")[0]})`, d);
        // A trapped instance may hold a broken state: start a fresh one.
        fw = await Firmware.load(image);
        ex = fw.exports; rx = ex.rxBuffer(); cap = ex.rxCapacity(); mem = new Uint8Array(ex.memory.buffer);
        index++;
        continue;
      }
      if (v === 0) r.verdicts.valid++;
      else if (v >= 400 && v <= 499) r.verdicts["4xx"]++;
      else if (v >= 500 && v <= 599) r.verdicts["5xx"]++;
      else {
        r.verdicts.other++;
        keep(index, `verdict ${v}`, d);
      }
      index++;
    }
    parseMs += performance.now() - p0;
  }
  r.seconds = (performance.now() - t0) / 1000;
  r.parseSeconds = parseMs / 1000;
  r.count = index;
  r.pass = r.traps === 0 && r.verdicts.other === 0 && index === o.mutations;
  return r;
}

/** The gate; when it cannot run at all, a failed gate that says why. */
export async function runMutationGate(c: Corpora, o: Options): Promise<MutationResult> {
  try {
    return await mutationGate(c, o);
  } catch (e) {
    return {
      seed: o.seed, count: 0, verdicts: { valid: 0, "4xx": 0, "5xx": 0, other: 0 }, traps: 0, pass: false,
      seconds: 0, parseSeconds: 0, samples: [], error: String((e as Error).message),
    };
  }
}
