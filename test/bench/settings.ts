// Settings of the parser bench: paths, corpus files, targets, options.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

function findRoot(): string {
  let dir = here;
  for (let i = 0; i < 8; i++) {
    if (existsSync(path.join(dir, "asconfig.json")) && existsSync(path.join(dir, "package.json"))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error("cannot find the project root (asconfig.json) above " + here);
}

export const ROOT = findRoot();
export const OUT_DIR = path.join(ROOT, "build/bench");
export const IMAGE = process.env.BENCH_IMAGE ? path.resolve(process.env.BENCH_IMAGE) : path.join(ROOT, "build/firmware.wasm");
export const INTERCOM_DIR = path.join(ROOT, "test/bench/corpus");
/** The RFC 4475 and RFC 5118 messages, in the project (test/conformance/README.md). */
export const CONFORMANCE_DIR = path.join(ROOT, "test/conformance");
export const TORTURE_DIR = process.env.BENCH_TORTURE_DIR ?? path.join(CONFORMANCE_DIR, "rfc4475");
/** RFC 4475 §3.1.1: the valid messages. */
export const TORTURE_FILES = [
  "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq",
  "semiuri", "transports", "mpart01", "unreason", "noreason",
].map((n) => n + ".dat");

export const TARGET_VS_JS = 10;
export const TARGET_VS_SOFIA = 4;
const DEFAULT_SEED = 0x5eed2026;

export interface Options {
  rounds: number;
  /** Processes each parser is timed in (the median is reported). */
  processes: number;
  minMs: number;
  warmupMs: number;
  seed: number;
  mutations: number;
}

export function parseOptions(argv: readonly string[]): Options & { measure?: string } {
  const o: Options & { measure?: string } = {
    rounds: Number(process.env.BENCH_ROUNDS ?? 5),
    processes: Number(process.env.BENCH_PROCESSES ?? 3),
    minMs: Number(process.env.BENCH_MIN_MS ?? 200),
    warmupMs: Number(process.env.BENCH_WARMUP_MS ?? 300),
    seed: Number(process.env.BENCH_SEED ?? DEFAULT_SEED),
    mutations: Number(process.env.BENCH_MUTATIONS ?? 1_000_000),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1];
    const num = (): number => {
      i++;
      const n = Number(v);
      if (v === undefined || !Number.isFinite(n)) throw new Error(`${a} needs a number`);
      return n;
    };
    if (a === "--measure") { o.measure = v; i++; }
    else if (a === "--rounds") o.rounds = num();
    else if (a === "--processes") o.processes = num();
    else if (a === "--min-ms") o.minMs = num();
    else if (a === "--warmup-ms") o.warmupMs = num();
    else if (a === "--seed") o.seed = num();
    else if (a === "--mutations") o.mutations = num();
    else throw new Error(`unknown option ${a} (options: --seed N --mutations N --rounds N --processes N --min-ms MS --warmup-ms MS)`);
  }
  o.seed = o.seed >>> 0;
  o.rounds = Math.max(1, Math.floor(o.rounds));
  return o;
}
