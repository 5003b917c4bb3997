// The SIP parser benchmark (`npm run bench`; test/bench/README.md explains
// how to read it). One run, one machine, one corpus:
//
//   1. throughput (messages/s) of this firmware's parser (wasm) against the
//      npm parsers sip, jssip and sip.js and against sofia-sip (C), per corpus
//      (intercom, torture) and overall; the ratios against the targets;
//   2. the module size and the memory it declares;
//   3. WebAssembly instructions executed per message (wasm-interp --trace);
//   4. one million seeded mutated datagrams through the wasm parser: the
//      never-trap gate (the only part that can make the bench exit 1);
//   5. everything as a table on stdout and as JSON in build/bench/results.json.
//
// Each parser is timed in its own Node process (`--measure <parser>`), one
// after the other, so that no parser runs with another's JIT state or
// competes with it for a core.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Firmware, type FirmwareExports } from "../../host/firmware.js";
import { mutations } from "../host/support/mutator.js";

// ---------------------------------------------------------------------------
// Settings

const here = path.dirname(fileURLToPath(import.meta.url));

function findRoot(): string {
  let dir = here;
  for (let i = 0; i < 8; i++) {
    if (existsSync(path.join(dir, "asconfig.json")) && existsSync(path.join(dir, "package.json"))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error("cannot find the project root (asconfig.json) above " + here);
}

const ROOT = findRoot();
const OUT_DIR = path.join(ROOT, "build/bench");
const IMAGE = process.env.BENCH_IMAGE ? path.resolve(process.env.BENCH_IMAGE) : path.join(ROOT, "build/firmware.wasm");
const INTERCOM_DIR = path.join(ROOT, "test/bench/corpus");
const TORTURE_DIR = process.env.BENCH_TORTURE_DIR ?? path.resolve(ROOT, "../shared/conformance/rfc4475");
/** RFC 4475 §3.1.1: the valid messages. */
const TORTURE_FILES = [
  "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq",
  "semiuri", "transports", "mpart01", "unreason", "noreason",
].map((n) => n + ".dat");

const TARGET_VS_JS = 10;
const TARGET_VS_SOFIA = 4;
const DEFAULT_SEED = 0x5eed2026;

interface Options {
  rounds: number;
  minMs: number;
  warmupMs: number;
  seed: number;
  mutations: number;
}

function parseOptions(argv: readonly string[]): Options & { measure?: string } {
  const o: Options & { measure?: string } = {
    rounds: Number(process.env.BENCH_ROUNDS ?? 5),
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
    else if (a === "--min-ms") o.minMs = num();
    else if (a === "--warmup-ms") o.warmupMs = num();
    else if (a === "--seed") o.seed = num();
    else if (a === "--mutations") o.mutations = num();
    else throw new Error(`unknown option ${a} (options: --seed N --mutations N --rounds N --min-ms MS --warmup-ms MS)`);
  }
  o.seed = o.seed >>> 0;
  o.rounds = Math.max(1, Math.floor(o.rounds));
  return o;
}

// ---------------------------------------------------------------------------
// Corpora

interface Message {
  name: string;
  file: string;
  bytes: Uint8Array;
}

interface Corpora {
  intercom: Message[];
  torture: Message[];
  warnings: string[];
}

function loadCorpora(): Corpora {
  const warnings: string[] = [];
  const intercom = readdirSync(INTERCOM_DIR)
    .filter((f) => f.endsWith(".sip"))
    .sort()
    .map((f) => ({ name: f, file: path.join(INTERCOM_DIR, f), bytes: new Uint8Array(readFileSync(path.join(INTERCOM_DIR, f))) }));
  for (const m of intercom) warnings.push(...checkFraming(m));
  const torture: Message[] = [];
  for (const f of TORTURE_FILES) {
    const file = path.join(TORTURE_DIR, f);
    if (existsSync(file)) torture.push({ name: f, file, bytes: new Uint8Array(readFileSync(file)) });
    else warnings.push(`torture corpus: ${file} is missing`);
  }
  if (intercom.length === 0) throw new Error(`no *.sip in ${INTERCOM_DIR}`);
  return { intercom, torture, warnings };
}

/** The intercom corpus must be CRLF throughout with an exact Content-Length. */
function checkFraming(m: Message): string[] {
  const text = Buffer.from(m.bytes).toString("latin1");
  const out: string[] = [];
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return [`${m.name}: no empty line after the headers`];
  if (/(^|[^\r])\n/.test(text.slice(0, end + 4))) out.push(`${m.name}: bare LF in the headers`);
  const cl = /\r\n(?:Content-Length|l)[ \t]*:[ \t]*(\d+)\r\n/i.exec(text.slice(0, end + 2));
  const body = m.bytes.length - (end + 4);
  if (!cl) out.push(`${m.name}: no Content-Length`);
  else if (Number(cl[1]) !== body) out.push(`${m.name}: Content-Length ${cl[1]} but the body has ${body} bytes`);
  return out;
}

// ---------------------------------------------------------------------------
// Timing (used inside each --measure child)

interface GroupResult {
  messages: number;
  accepted: number;
  msgsPerSec: number;
  rounds: number[];
  minRoundMs: number;
  rejected: string[];
}

interface MeasureResult {
  parser: string;
  groups: Record<string, GroupResult>;
  note?: string;
  warmupMs?: number;
  error?: string;
}

let sink = 0;

function timeGroup<T>(names: readonly string[], inputs: readonly T[], parse: (x: T) => boolean, o: Options): GroupResult {
  const rejected: string[] = [];
  let accepted = 0;
  inputs.forEach((x, i) => {
    if (parse(x)) accepted++;
    else rejected.push(names[i]);
  });
  const n = inputs.length;
  let t0 = performance.now();
  do {
    for (let i = 0; i < n; i++) sink += parse(inputs[i]) ? 1 : 0;
  } while (performance.now() - t0 < o.warmupMs);
  const rates: number[] = [];
  let minRoundMs = Infinity;
  for (let r = 0; r < o.rounds; r++) {
    let passes = 0, elapsed = 0;
    t0 = performance.now();
    do {
      for (let i = 0; i < n; i++) sink += parse(inputs[i]) ? 1 : 0;
      passes++;
      elapsed = performance.now() - t0;
    } while (elapsed < o.minMs);
    rates.push((passes * n) / (elapsed / 1000));
    minRoundMs = Math.min(minRoundMs, elapsed);
  }
  rates.sort((a, b) => a - b);
  return { messages: n, accepted, msgsPerSec: rates[Math.floor(rates.length / 2)], rounds: rates, minRoundMs, rejected };
}

type Adapter<T> = { prepare(m: Message): T; parse(x: T): boolean; note: string; detail?: (x: T) => string };

const cjs = createRequire(import.meta.url);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

async function wasmAdapter(): Promise<Adapter<Uint8Array>> {
  const fw = await Firmware.load(IMAGE);
  const ex: FirmwareExports = fw.exports;
  for (const name of ["rxBuffer", "rxCapacity", "parse"]) {
    if (typeof ex[name] !== "function") throw new Error(`build/firmware.wasm does not export ${name}()`);
  }
  const rx = ex.rxBuffer();
  const cap = ex.rxCapacity();
  const parse = ex.parse;
  let mem = new Uint8Array(ex.memory.buffer);
  const call = (b: Uint8Array): number => {
    if (mem.byteLength === 0) mem = new Uint8Array(ex.memory.buffer); // grown: the view was detached
    if (b.length <= cap) {
      mem.set(b, rx);
      return parse(b.length);
    }
    mem.set(b.subarray(0, cap), rx);
    return parse(cap + 1);
  };
  return {
    prepare: (m) => m.bytes,
    parse: (b) => call(b) === 0,
    detail: (b) => String(call(b)),
    note: "copies the datagram into the receive buffer and calls exports.parse(len), as a host does",
  };
}

function sipAdapter(): Adapter<string> {
  const sip: Any = cjs("sip");
  const uri = (u: unknown): void => {
    if (typeof u === "string") sink += sip.parseUri(u) ? 1 : 0;
  };
  return {
    prepare: (m) => Buffer.from(m.bytes).toString("latin1"),
    parse: (s) => {
      const m: Any = sip.parse(s);
      if (!m) return false;
      // sip.parse() already parses every header it has a parser for, eagerly
      // (Via, From, To, Contact, Route, Record-Route, CSeq, Content-Length, the
      // auth headers); it leaves the URIs of the request line, From, To and
      // Contact as strings: parse those with its own sip.parseUri().
      uri(m.uri);
      const h = m.headers;
      if (h.from) uri(h.from.uri);
      if (h.to) uri(h.to.uri);
      if (Array.isArray(h.contact)) for (const c of h.contact) uri(c.uri);
      return true;
    },
    note: "sip.parse(string): eager, lenient (regexes; a header that fails is dropped, the message still accepted); + sip.parseUri on R-URI/From/To/Contact",
  };
}

/** Header names that have a grammar rule in a peg grammar (the others are never parsed). */
function ruleProbe(hasRule: (rule: string) => boolean): (header: string) => string | null {
  const cache = new Map<string, string | null>();
  return (header) => {
    let rule = cache.get(header);
    if (rule === undefined) {
      const r = header.replace(/-/g, "_");
      rule = hasRule(r) ? r : null;
      cache.set(header, rule);
    }
    return rule;
  };
}

/** Forces the lazily parsed headers of a jssip/sip.js IncomingMessage. */
function forceHeaders(m: Any, ruleFor: (header: string) => string | null): boolean {
  let ok = true;
  for (const name of Object.keys(m.headers)) {
    if (ruleFor(name) === null) continue;
    // Backwards: a header that fails is spliced out of the list.
    for (let i = m.headers[name].length - 1; i >= 0; i--) {
      if (m.parseHeader(name, i) === undefined) ok = false;
    }
  }
  return ok;
}

function jssipAdapter(): Adapter<string> {
  // The UA's onTransportData() calls Parser.parseMessage(data, ua).
  const Parser: Any = cjs("jssip/lib/Parser");
  const Grammar: Any = cjs("jssip/lib/Grammar");
  const ruleFor = ruleProbe((rule) => {
    try {
      Grammar.parse("", rule);
      return true;
    } catch (e) {
      return !/Invalid rule name/.test(String((e as Error).message));
    }
  });
  return {
    prepare: (m) => Buffer.from(m.bytes).toString("latin1"),
    parse: (s) => {
      const m = Parser.parseMessage(s, null);
      return m ? forceHeaders(m, ruleFor) : false;
    },
    note: "Parser.parseMessage(string, ua): peg grammar for the start line and ~15 headers (first Via only); the rest lazily: forced with parseHeader(name, i) on every header with a grammar rule",
  };
}

async function sipjsAdapter(): Promise<Adapter<string>> {
  const spec = "sip.js/lib/core/messages/parser.js";
  const pegSpec = "sip.js/lib/grammar/pegjs/dist/grammar.js";
  const { Parser }: Any = await import(spec);
  const peg: Any = await import(pegSpec);
  const ruleFor = ruleProbe((rule) => {
    try {
      peg.parse("", { startRule: rule });
      return true;
    } catch (e) {
      return !/Can't start parsing from rule/.test(String((e as Error).message));
    }
  });
  const quiet = { warn(): void {}, error(): void {}, log(): void {}, debug(): void {} };
  return {
    prepare: (m) => Buffer.from(m.bytes).toString("latin1"),
    parse: (s) => {
      const m = Parser.parseMessage(s, quiet);
      return m ? forceHeaders(m, ruleFor) : false;
    },
    note: "Core Parser.parseMessage(string, logger) (what UserAgent.onTransportMessage calls): same lazy design as jssip, forced the same way",
  };
}

async function measureChild(parser: string, o: Options): Promise<MeasureResult> {
  const { intercom, torture } = loadCorpora();
  const groups: Record<string, Message[]> = { intercom, torture, overall: [...intercom, ...torture] };
  const run = async <T>(a: Adapter<T>): Promise<MeasureResult> => {
    const out: MeasureResult = { parser, groups: {}, note: a.note };
    // Warm the JIT on every message first, so the first group timed is not
    // the one that pays for compilation: at least warmupMs, then until two
    // consecutive 200 ms slices agree within 3% (jssip's big peg grammar
    // needs about a second), at most 5 s.
    const all = groups.overall.map((m) => a.prepare(m));
    const t0 = performance.now();
    let previous = 0;
    for (;;) {
      let n = 0;
      const s0 = performance.now();
      do {
        for (const x of all) sink += a.parse(x) ? 1 : 0;
        n += all.length;
      } while (performance.now() - s0 < 200);
      const rate = n / (performance.now() - s0);
      const total = performance.now() - t0;
      if (total >= 5000 || (total >= o.warmupMs && previous > 0 && Math.abs(rate - previous) / previous < 0.03)) break;
      previous = rate;
    }
    out.warmupMs = Math.round(performance.now() - t0);
    for (const [g, msgs] of Object.entries(groups)) {
      if (msgs.length === 0) continue;
      const inputs = msgs.map((m) => a.prepare(m));
      const r = timeGroup(msgs.map((m) => m.name), inputs, (x) => a.parse(x), o);
      if (a.detail) r.rejected = r.rejected.map((name) => `${name}=${a.detail!(inputs[msgs.findIndex((m) => m.name === name)])}`);
      out.groups[g] = r;
    }
    return out;
  };
  switch (parser) {
    case "wasm": return run(await wasmAdapter());
    case "sip": return run(sipAdapter());
    case "jssip": return run(jssipAdapter());
    case "sip.js": return run(await sipjsAdapter());
    default: throw new Error(`unknown parser ${parser}`);
  }
}

// ---------------------------------------------------------------------------
// Orchestrator: children, sofia-sip, instruction counts, the mutation gate

const JS_PARSERS = ["sip", "jssip", "sip.js"] as const;

function runChild(parser: string, o: Options): MeasureResult {
  const args = [fileURLToPath(import.meta.url), "--measure", parser,
    "--rounds", String(o.rounds), "--min-ms", String(o.minMs), "--warmup-ms", String(o.warmupMs)];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 16 << 20, env: { ...process.env, DEBUG: "" } });
  const line = (r.stdout ?? "").trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as MeasureResult;
  } catch {
    return { parser, groups: {}, error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split("\n").slice(-3).join(" | ") };
  }
}

function runSofia(c: Corpora, o: Options): MeasureResult {
  const bin = path.join(OUT_DIR, "sofia-bench");
  const src = path.join(ROOT, "test/bench/sofia-bench.c");
  const cc = spawnSync("gcc", ["-O2", "-I/usr/include/sofia-sip-1.12", src, "-o", bin, "-lsofia-sip-ua"], { encoding: "utf8" });
  if (cc.status !== 0) {
    return { parser: "sofia-sip", groups: {}, error: `gcc failed: ${(cc.stderr || cc.error?.message || "").trim().split("\n").slice(0, 3).join(" | ")}` };
  }
  const args = ["--rounds", String(o.rounds), "--min-ms", String(o.minMs), "--warmup-ms", String(o.warmupMs),
    "--group", "intercom", ...c.intercom.map((m) => m.file)];
  if (c.torture.length > 0) args.push("--group", "torture", ...c.torture.map((m) => m.file));
  const r = spawnSync(bin, args, { encoding: "utf8", maxBuffer: 16 << 20 });
  try {
    const j = JSON.parse(r.stdout) as MeasureResult;
    j.note = "msg_create(sip_default_mclass()) + msg_buf_alloc/commit(eos) + msg_extract (every known header parsed by its hc_parse) + sip_object walk + msg_destroy";
    return j;
  } catch {
    return { parser: "sofia-sip", groups: {}, error: (r.stderr || `exit ${r.status}`).trim() };
  }
}

// --- wasm binary helpers -----------------------------------------------------

function readLeb(b: Uint8Array, at: number): [number, number] {
  let result = 0, shift = 0, pos = at;
  for (;;) {
    const byte = b[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [result, pos];
  }
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A section: where its id byte is, and its payload bounds. */
interface Section { id: number; at: number; start: number; end: number }

function sections(b: Uint8Array): Section[] {
  const out: Section[] = [];
  let pos = 8;
  while (pos < b.length) {
    const id = b[pos];
    const [size, p] = readLeb(b, pos + 1);
    out.push({ id, at: pos, start: p, end: p + size });
    pos = p + size;
  }
  return out;
}

/** Memory limits the module declares (or imports), in 64 KiB pages. */
function memoryLimits(b: Uint8Array): { initial: number; maximum: number | null; imported: boolean } | null {
  for (const s of sections(b)) {
    if (s.id === 5) {
      let [count, p] = readLeb(b, s.start);
      if (count === 0) return null;
      const flags = b[p++];
      const [initial, p2] = readLeb(b, p);
      const maximum = flags & 1 ? readLeb(b, p2)[0] : null;
      return { initial, maximum, imported: false };
    }
    if (s.id === 2) {
      let [count, p] = readLeb(b, s.start);
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < 2; k++) { const [len, q] = readLeb(b, p); p = q + len; }
        const kind = b[p++];
        if (kind === 0) p = readLeb(b, p)[1];
        else if (kind === 1) { p++; const f = b[p++]; p = readLeb(b, p)[1]; if (f & 1) p = readLeb(b, p)[1]; }
        else if (kind === 2) {
          const f = b[p++];
          const [initial, q] = readLeb(b, p);
          return { initial, maximum: f & 1 ? readLeb(b, q)[0] : null, imported: true };
        } else if (kind === 3) p += 2;
      }
    }
  }
  return null;
}

/** The module with its export `first` moved to the head of the export section. */
function exportFirst(b: Uint8Array, first: string): Uint8Array {
  const s = sections(b).find((x) => x.id === 7);
  if (!s) return b;
  let [count, p] = readLeb(b, s.start);
  const entries: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const from = p;
    const [len, q] = readLeb(b, p);
    const name = Buffer.from(b.subarray(q, q + len)).toString("utf8");
    p = readLeb(b, q + len + 1)[1];
    entries.push({ name, bytes: b.subarray(from, p) });
  }
  entries.sort((x, y) => Number(y.name === first) - Number(x.name === first));
  const payload = Buffer.concat([Buffer.from(leb(count)), ...entries.map((e) => e.bytes)]);
  return Buffer.concat([b.subarray(0, s.at), Buffer.from([7, ...leb(payload.length)]), payload, b.subarray(s.end)]);
}

// --- instruction counts ------------------------------------------------------

interface CountRow { name: string; corpus: string; bytes: number; verdict: string; copy: number; total: number; parse: number }
interface CountResult { tool: string; emptyExport: number | null; initialize: number | null; rows: CountRow[]; means: Record<string, number>; error?: string; caveat: string }

function generateCountModule(corpus: string, msgs: readonly Message[]): string {
  const lines = [
    `// Generated by test/bench/parser-bench.ts from the ${corpus} corpus: do not edit.`,
    `import { loadDatagram, parseLoaded } from "../../assembly/bench/count-entry";`,
    `export function empty(): void {}`,
  ];
  msgs.forEach((m, i) => {
    const id = String(i).padStart(2, "0");
    lines.push(`// ${m.name}`);
    lines.push(`const M${id}: usize = memory.data<u8>([${Array.from(m.bytes).join(",")}]);`);
    lines.push(`export function copy_${id}(): i32 { return loadDatagram(M${id}, ${m.bytes.length}); }`);
    lines.push(`export function parse_${id}(): i32 { return parseLoaded(loadDatagram(M${id}, ${m.bytes.length})); }`);
  });
  return lines.join("\n") + "\n";
}

interface TraceExport { lines: number; result: string }

function traceExports(wasm: string): Promise<Map<string, TraceExport>> {
  return new Promise((resolve, reject) => {
    const child = spawn("wasm-interp", [wasm, "--run-all-exports", "--trace", "--dummy-import-func"], { stdio: ["ignore", "pipe", "pipe"] });
    const out = new Map<string, TraceExport>();
    let current: TraceExport | null = null;
    let currentName = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
    const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
    rl.on("line", (line) => {
      if (line.charCodeAt(0) === 0x23 /* # */) {
        if (current) current.lines++;
        return;
      }
      const start = /^>>> running export "(.*)":$/.exec(line);
      if (start) {
        currentName = start[1];
        current = { lines: 0, result: "" };
        out.set(currentName, current);
        return;
      }
      if (current && line.startsWith(`${currentName}() =>`)) current.result = line.slice(currentName.length + 5).trim();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (out.size === 0) reject(new Error(`wasm-interp exited ${code}: ${stderr.trim()}`));
      else resolve(out);
    });
  });
}

async function countInstructions(c: Corpora): Promise<CountResult> {
  const caveat = "counts the lines of `wasm-interp --trace` (WABT 1.0.32): its internal instruction stream, close to but not "
    + "identical with wasm opcodes (`if`/`br_if` show as br_unless, locals as alloca, `end` is not executed); "
    + "parse = trace(copy+parse) - trace(copy), so the host's copy and the call overhead are not counted";
  const result: CountResult = { tool: "wasm-interp --trace", emptyExport: null, initialize: null, rows: [], means: {}, caveat };
  const version = spawnSync("wasm-interp", ["--version"], { encoding: "utf8" });
  if (version.status !== 0) return { ...result, error: "wasm-interp not found (Debian package wabt)" };
  result.tool = `wasm-interp ${version.stdout.trim()} --trace`;
  const asc = path.join(ROOT, "node_modules/assemblyscript/bin/asc.js");
  for (const [corpus, msgs] of [["intercom", c.intercom], ["torture", c.torture]] as const) {
    if (msgs.length === 0) continue;
    const ts = path.join(OUT_DIR, `count-${corpus}.ts`);
    const wasm = path.join(OUT_DIR, `count-${corpus}.wasm`);
    writeFileSync(ts, generateCountModule(corpus, msgs));
    const built = spawnSync(process.execPath, [asc, path.relative(ROOT, ts), "--config", "asconfig.json", "--target", "release",
      "-o", path.relative(ROOT, wasm), "-t", path.relative(ROOT, wasm.replace(/\.wasm$/, ".wat"))], { cwd: ROOT, encoding: "utf8" });
    if (built.status !== 0) {
      const msg = (built.stderr || built.stdout).split("\n").filter((l) => /ERROR|error/.test(l)).slice(0, 3).join(" | ");
      return { ...result, error: `asc could not build ${path.relative(ROOT, ts)}: ${msg || "exit " + built.status}` };
    }
    // wasm-interp runs the exports in order: move _initialize (the module's
    // start function, exported by --exportStart) to the head.
    const interp = wasm.replace(/\.wasm$/, ".interp.wasm");
    writeFileSync(interp, exportFirst(new Uint8Array(readFileSync(wasm)), "_initialize"));
    let trace: Map<string, TraceExport>;
    try {
      trace = await traceExports(interp);
    } catch (e) {
      return { ...result, error: String((e as Error).message) };
    }
    result.emptyExport = trace.get("empty")?.lines ?? null;
    result.initialize = trace.get("_initialize")?.lines ?? null;
    msgs.forEach((m, i) => {
      const id = String(i).padStart(2, "0");
      const copy = trace.get(`copy_${id}`), total = trace.get(`parse_${id}`);
      if (!copy || !total) return;
      const verdict = /^i32:(-?\d+)$/.exec(total.result)?.[1] ?? total.result;
      result.rows.push({ name: m.name, corpus, bytes: m.bytes.length, verdict, copy: copy.lines, total: total.lines, parse: total.lines - copy.lines });
    });
  }
  const mean = (rows: CountRow[]): number => rows.reduce((s, r) => s + r.parse, 0) / Math.max(1, rows.length);
  for (const g of ["intercom", "torture"]) {
    const rows = result.rows.filter((r) => r.corpus === g);
    if (rows.length) result.means[g] = mean(rows);
  }
  result.means.overall = mean(result.rows);
  return result;
}

// --- the never-trap gate -----------------------------------------------------

interface MutationResult {
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

// --- report --------------------------------------------------------------------

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
  const print = (s = ""): void => { process.stdout.write(s + "\n"); };

  print(`SIP parser bench: ${corpora.intercom.length} intercom + ${corpora.torture.length} torture messages; `
    + `median of ${o.rounds} rounds >= ${o.minMs} ms after ${o.warmupMs} ms warm-up; Node ${process.version}`);
  for (const w of corpora.warnings) print(`  warning: ${w}`);

  // 1. throughput
  const results: MeasureResult[] = [];
  for (const p of ["wasm", ...JS_PARSERS]) {
    process.stderr.write(`  timing ${p}...\n`);
    results.push(runChild(p, o));
  }
  process.stderr.write("  timing sofia-sip...\n");
  results.push(runSofia(corpora, o));
  const byName = (n: string): MeasureResult | undefined => results.find((r) => r.parser === n);
  const rate = (n: string, g: string): number | undefined => byName(n)?.groups[g]?.msgsPerSec;

  print("\n1. Throughput (messages/s; accepted = messages the parser took as valid)");
  const label: Record<string, string> = { wasm: "this firmware (wasm)", "sofia-sip": "sofia-sip (C)" };
  print(table(
    ["parser", ...groupNames.map((g) => g), ...groupNames.map((g) => `acc ${g}`)],
    results.map((r) => [
      label[r.parser] ?? r.parser,
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
  print("  what each one does:");
  for (const r of results) if (r.note) print(`    ${r.parser}: ${r.note}`);

  const ratios: Record<string, { fastestJs: string | null; vsJs: number | null; vsSofia: number | null }> = {};
  for (const g of groupNames) {
    const ours = rate("wasm", g);
    let fastest: string | null = null;
    for (const p of JS_PARSERS) {
      const v = rate(p, g);
      if (v !== undefined && (fastest === null || v > (rate(fastest, g) ?? 0))) fastest = p;
    }
    const js = fastest ? rate(fastest, g) : undefined;
    const sofia = rate("sofia-sip", g);
    ratios[g] = {
      fastestJs: fastest,
      vsJs: ours !== undefined && js ? ours / js : null,
      vsSofia: ours !== undefined && sofia ? ours / sofia : null,
    };
  }
  const fmtX = (x: number | null): string => (x === null ? "n/a" : x.toFixed(2) + "x");
  const verdict = (x: number | null, target: number): string => (x === null ? "n/a" : x >= target ? "PASS" : "MISS");
  print("\n  ratios of this firmware's parser:");
  print(table(
    ["corpus", "fastest JS", "vs fastest JS", "vs sofia-sip"],
    groupNames.map((g) => [g, ratios[g].fastestJs ?? "n/a", fmtX(ratios[g].vsJs), fmtX(ratios[g].vsSofia)]),
    [false, false, true, true],
  ));
  const overall = ratios.overall;
  const targets = {
    vsFastestJs: { target: TARGET_VS_JS, ratio: overall.vsJs, result: verdict(overall.vsJs, TARGET_VS_JS) },
    vsSofia: { target: TARGET_VS_SOFIA, ratio: overall.vsSofia, result: verdict(overall.vsSofia, TARGET_VS_SOFIA) },
  };
  print(`  target >= ${TARGET_VS_JS}x the fastest JS parser (overall): ${fmtX(overall.vsJs)}  ${targets.vsFastestJs.result}`);
  print(`  target >= ${TARGET_VS_SOFIA}x sofia-sip (overall):          ${fmtX(overall.vsSofia)}  ${targets.vsSofia.result}`);
  print("  (the targets are reported, not enforced)");

  // 2. module
  const image = new Uint8Array(readFileSync(IMAGE));
  const limits = memoryLimits(image);
  const moduleInfo = {
    path: path.relative(ROOT, IMAGE),
    bytes: statSync(IMAGE).size,
    memory: limits ? { ...limits, initialBytes: limits.initial * 65536 } : null,
  };
  print("\n2. Module");
  print(`  ${moduleInfo.path}: ${moduleInfo.bytes} bytes`);
  print(limits
    ? `  memory: ${limits.initial} pages initial (${limits.initial * 64} KiB), maximum ${limits.maximum ?? "none"}${limits.imported ? " (imported)" : ""}`
    : "  memory: none declared");

  // 3. instruction counts
  process.stderr.write("  counting instructions (wasm-interp --trace)...\n");
  const counts = await countInstructions(corpora);
  print("\n3. WebAssembly instructions per message (deterministic)");
  if (counts.error) print(`  not counted: ${counts.error}`);
  else {
    print(table(
      ["message", "corpus", "bytes", "verdict", "instructions", "per byte"],
      counts.rows.map((r) => [r.name, r.corpus, String(r.bytes), r.verdict, String(r.parse), (r.parse / r.bytes).toFixed(1)]),
      [false, false, true, true, true, true],
    ));
    print("  mean: " + Object.entries(counts.means).map(([g, v]) => `${g} ${v.toFixed(0)}`).join(", ")
      + `  (an empty export costs ${counts.emptyExport ?? "?"}; _initialize, once at boot, ${counts.initialize ?? "?"})`);
  }
  print(`  method: ${counts.caveat}`);

  // 4. mutations
  process.stderr.write(`  ${o.mutations} mutated messages...\n`);
  let gate: MutationResult;
  try {
    gate = await mutationGate(corpora, o);
  } catch (e) {
    gate = {
      seed: o.seed, count: 0, verdicts: { valid: 0, "4xx": 0, "5xx": 0, other: 0 }, traps: 0, pass: false,
      seconds: 0, parseSeconds: 0, samples: [], error: String((e as Error).message),
    };
  }
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

  // 5. JSON
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: (await import("node:os")).cpus().length,
    settings: o,
    corpora: {
      intercom: corpora.intercom.map((m) => ({ name: m.name, bytes: m.bytes.length })),
      torture: corpora.torture.map((m) => ({ name: m.name, bytes: m.bytes.length })),
      warnings: corpora.warnings,
    },
    throughput: results,
    ratios,
    targets,
    module: moduleInfo,
    instructions: counts,
    mutations: gate,
    seconds: (performance.now() - started) / 1000,
  };
  const jsonFile = path.join(OUT_DIR, "results.json");
  writeFileSync(jsonFile, JSON.stringify(out, null, 2) + "\n");
  print(`\n5. Written ${path.relative(ROOT, jsonFile)} (bench took ${out.seconds.toFixed(1)} s)`);
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
