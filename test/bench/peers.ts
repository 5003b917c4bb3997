// Throughput of each parser, measured in its own Node process: the parent
// runs the entry again with `--measure <parser>` and reads one JSON line.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { Firmware, type FirmwareExports } from "../../host/firmware.js";
import { loadCorpora, type Message } from "./corpus.js";
import { IMAGE, type Options } from "./settings.js";

export interface GroupResult {
  messages: number;
  accepted: number;
  msgsPerSec: number;
  rounds: number[];
  minRoundMs: number;
  rejected: string[];
  /** msgsPerSec of each process this parser was timed in, sorted; msgsPerSec is their median. */
  processes?: number[];
}

export interface MeasureResult {
  parser: string;
  groups: Record<string, GroupResult>;
  note?: string;
  warmupMs?: number;
  error?: string;
}

// Every timed result is added here (and the entry checks it), so the JIT
// cannot drop a parse whose result is unused.
export let sink = 0;

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

function sipAdapter(): Adapter<Buffer> {
  const sip: Any = cjs("sip");
  const uri = (u: unknown): void => {
    if (typeof u === "string") sink += sip.parseUri(u) ? 1 : 0;
  };
  return {
    // The datagram as a Buffer, as sip's own UDP transport passes it:
    // makeUdpTransport's onMessage(data) calls parseMessage(data), which
    // decodes it with data.toString('binary'). So sip pays for its decode as
    // the wasm row pays for its copy into the receive buffer.
    prepare: (m) => Buffer.from(m.bytes),
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
    note: "sip.parse(datagram Buffer, as its UDP transport calls it): eager, lenient (regexes; a header that fails is dropped, the message still accepted); + sip.parseUri on R-URI/From/To/Contact",
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

export async function measureChild(parser: string, o: Options): Promise<MeasureResult> {
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

export const JS_PARSERS = ["sip", "jssip", "sip.js"] as const;

/**
 * One result from a parser timed in several processes: for each group, the
 * process with the median rate (its rounds kept) and every process's rate.
 * A process is a draw of the JIT's code layout and the machine's state: on
 * this 2-core machine the same parser's rate moves by up to 10% from one
 * process to the next while the rounds inside one agree within 2-3%.
 */
export function medianProcess(runs: readonly MeasureResult[]): MeasureResult {
  const ok = runs.filter((r) => !r.error);
  if (ok.length === 0) return runs[0];
  const out: MeasureResult = { ...ok[0], groups: {} };
  for (const g of Object.keys(ok[0].groups)) {
    const of = ok.map((r) => r.groups[g]).filter((x) => x !== undefined).sort((a, b) => a.msgsPerSec - b.msgsPerSec);
    out.groups[g] = { ...of[Math.floor(of.length / 2)], processes: of.map((x) => x.msgsPerSec) };
  }
  return out;
}

/** Times `parser` in a child that runs `entry` (the bench's main script) with --measure. */
export function runChild(entry: string, parser: string, o: Options): MeasureResult {
  const args = [entry, "--measure", parser,
    "--rounds", String(o.rounds), "--min-ms", String(o.minMs), "--warmup-ms", String(o.warmupMs)];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 16 << 20, env: { ...process.env, DEBUG: "" } });
  const line = (r.stdout ?? "").trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as MeasureResult;
  } catch {
    return { parser, groups: {}, error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split("\n").slice(-3).join(" | ") };
  }
}
