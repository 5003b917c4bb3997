// Cross-compiles the firmware module for Cortex-M and measures it: wasm2c's
// translation of build/firmware.wasm plus the board shim (boards/cortex-m),
// compiled by arm-none-eabi-gcc, linked without start files against newlib
// (for memcpy/memset) with unused sections dropped, then sized per part from
// the linker map. The link leaves the HAL (boards/cortex-m/hal.h) undefined:
// any other undefined symbol is an OS call the firmware must not make. The C
// stack is the deepest path of GCC's call graph (-fcallgraph-info=su) from the
// entry points; a cycle (recursion) would leave it unbounded.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, locked, translate, versionOf } from "./build-native.js";
import { wasm2cRuntimeDir } from "./build-native.js";
import { FIXED_MEMORY_VERSION, fixMemorySize } from "./fixed-memory.js";

export interface Target {
  name: string;
  flags: string[];
}

export const TARGETS: Target[] = [
  { name: "cortex-m4", flags: ["-mcpu=cortex-m4", "-mthumb", "-Os"] },
  { name: "cortex-m0plus", flags: ["-mcpu=cortex-m0plus", "-mthumb", "-Os"] },
];

/** What a port provides (boards/cortex-m/hal.h): the only symbols the image may leave undefined. */
export const HAL = ["hal_config_read", "hal_fault", "hal_log", "hal_output", "hal_random", "hal_restart", "hal_retained_read", "hal_retained_write", "hal_udp_send", "hal_media_send",
  "hal_serial_write", "hal_boot_info", "hal_slot_read", "hal_slot_erase", "hal_slot_write", "hal_slot_check", "hal_boot_activate", "hal_config_write", "hal_reboot",
  "hal_stream_open", "hal_stream_send", "hal_stream_close"];
/** The shim's entry points (boards/cortex-m/intercom.h): the roots of the link and of the stack. */
export const ENTRY = ["intercom_boot", "intercom_rx_buffer", "intercom_datagram", "intercom_tick", "intercom_next_deadline", "intercom_key", "intercom_input", "intercom_shutdown", "intercom_shutdown_pending", "intercom_event_count", "intercom_event", "intercom_has_media", "intercom_media_port", "intercom_set_media_port", "intercom_media", "intercom_mic_frame", "intercom_speaker_frame", "intercom_audio", "intercom_serial_buffer", "intercom_serial"];

export interface Sizes { text: number; data: number; bss: number }

export interface Measure {
  target: string;
  flags: string[];
  image: Sizes;
  /** By part: the module (wasm2c output), the shim and its runtime, the C library. */
  parts: { firmware: Sizes; shim: Sizes; libc: Sizes };
  undefinedSymbols: string[];
  osCalls: string[];
  stack: { bytes: number; path: string[]; recursive: string[] };
}

export const SHIM_DIR = path.join(ROOT, "boards/cortex-m");
// Without recursion the stack is bounded statically (measured below); the per-call depth counter is not needed.
const DEFINES = ["-DNDEBUG", "-DWASM_RT_USE_STACK_DEPTH_COUNT=0"];

/** Runs a build tool; its stdout, or an error naming the step, the command and what it printed. */
export function run(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${what}: ${cmd} cannot run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (${cmd} ${args.join(" ")}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const zero = (): Sizes => ({ text: 0, data: 0, bss: 0 });

/** Input sections of the linker map (after "Linker script and memory map"): name, size, object. */
export function mapSections(map: string): { section: string; size: number; object: string }[] {
  const start = map.indexOf("Linker script and memory map");
  const body = start < 0 ? map : map.slice(start);
  const out: { section: string; size: number; object: string }[] = [];
  const re = /^ (\.[^\s]+|COMMON)\s*(?:\n\s+)?0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$/gm;
  for (let m = re.exec(body); m; m = re.exec(body)) out.push({ section: m[1], size: parseInt(m[2], 16), object: m[3].trim() });
  return out;
}

function kindOf(section: string): keyof Sizes | null {
  if (/^\.(text|rodata)/.test(section)) return "text";
  if (/^\.data/.test(section)) return "data";
  if (/^\.bss|^COMMON/.test(section)) return "bss";
  return null;
}

function partsOf(map: string): Measure["parts"] {
  const parts = { firmware: zero(), shim: zero(), libc: zero() };
  for (const s of mapSections(map)) {
    const kind = kindOf(s.section);
    if (!kind) continue;
    const base = path.basename(s.object);
    const part = base === "firmware.o" ? parts.firmware : base === "shim.o" || base === "wasm-rt-static.o" ? parts.shim : parts.libc;
    part[kind] += s.size;
  }
  return parts;
}

/** The deepest stack from the entry points over GCC's call graphs (.ci files); external functions count 0. */
export function worstStack(graphs: string[], roots: string[]): Measure["stack"] {
  const frame = new Map<string, number>();
  const calls = new Map<string, Set<string>>();
  for (const g of graphs) {
    for (const m of g.matchAll(/node: \{ title: "([^"]+)" label: "([^"]*)"/g)) {
      const bytes = /(\d+) bytes \((static|dynamic[^)]*)\)/.exec(m[2]);
      if (bytes) frame.set(m[1], Number(bytes[1]));
    }
    for (const m of g.matchAll(/edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"/g)) {
      if (!calls.has(m[1])) calls.set(m[1], new Set());
      calls.get(m[1])!.add(m[2]);
    }
  }
  const best = new Map<string, { bytes: number; path: string[] }>();
  const onPath = new Set<string>();
  const recursive: string[] = [];
  const deepest = (f: string): { bytes: number; path: string[] } => {
    const known = best.get(f);
    if (known) return known;
    if (onPath.has(f)) {
      recursive.push(f);
      return { bytes: 0, path: [] };
    }
    onPath.add(f);
    let below = { bytes: 0, path: [] as string[] };
    for (const g of calls.get(f) ?? []) {
      const d = deepest(g);
      if (d.bytes > below.bytes) below = d;
    }
    onPath.delete(f);
    const r = { bytes: (frame.get(f) ?? 0) + below.bytes, path: [f.replace(/^.*:/, ""), ...below.path] };
    best.set(f, r);
    return r;
  };
  let worst = { bytes: 0, path: [] as string[] };
  for (const root of roots) {
    const d = deepest(root);
    if (d.bytes > worst.bytes) worst = d;
  }
  return { ...worst, recursive: [...new Set(recursive)] };
}

const digest = (parts: (string | Buffer)[]) => parts.reduce((h, p) => h.update(p), createHash("sha256")).digest("hex");

/** Compiles, links and measures the module at `wasm` for one target in dir (reused when its inputs are unchanged). */
export function measure(wasm: string, target: Target, dir: string): Measure {
  return locked(() => measureUnlocked(wasm, target, dir), dir);
}

function measureUnlocked(wasm: string, target: Target, dir: string): Measure {
  const stamp = path.join(dir, "measure.json");
  // The shim's own files (its qemu-mps2-an386/ port is not part of the image measured here).
  const shimFiles = readdirSync(SHIM_DIR).filter((f) => /\.[ch]$/.test(f)).sort();
  const inputs = digest([readFileSync(wasm), FIXED_MEMORY_VERSION, target.flags.join(" "), DEFINES.join(" "), versionOf("arm-none-eabi-gcc"), versionOf("wasm2c"),
    ...shimFiles.flatMap((f) => [f, readFileSync(path.join(SHIM_DIR, f))])]);
  if (existsSync(stamp)) {
    const old = JSON.parse(readFileSync(stamp, "utf8")) as Measure & { inputs: string };
    if (old.inputs === inputs) return { ...old, osCalls: old.undefinedSymbols.filter((s) => !HAL.includes(s)) }; // the HAL list may have grown since
  }
  mkdirSync(dir, { recursive: true });
  const gen = path.join(dir, "gen");
  const c = translate(wasm, gen);
  fixMemorySize(c, new Uint8Array(readFileSync(wasm)));
  const includes = ["-I", gen, "-I", wasm2cRuntimeDir(), "-I", SHIM_DIR];
  const cflags = [...target.flags, ...DEFINES, "-std=gnu11", "-ffunction-sections", "-fdata-sections", "-fcallgraph-info=su", ...includes];
  const objects: string[] = [];
  for (const source of [c, path.join(SHIM_DIR, "shim.c"), path.join(SHIM_DIR, "wasm-rt-static.c")]) {
    const object = path.join(dir, `${path.basename(source, ".c")}.o`);
    run("arm-none-eabi-gcc", [...cflags, "-c", source, "-o", object], `compiling ${path.basename(source)} for ${target.name}`);
    objects.push(object);
  }
  const elf = path.join(dir, "intercom.elf");
  const map = path.join(dir, "intercom.map");
  run("arm-none-eabi-gcc", [...target.flags, "-nostartfiles", "-specs=nano.specs", "-Wl,--gc-sections", `-Wl,--entry=${ENTRY[0]}`,
    ...ENTRY.slice(1).map((s) => `-Wl,-u,${s}`), "-Wl,--unresolved-symbols=ignore-all", `-Wl,-Map=${map}`, "-o", elf, ...objects], `linking for ${target.name}`);
  const berkeley = run("arm-none-eabi-size", ["-B", elf], "arm-none-eabi-size").trim().split("\n")[1].trim().split(/\s+/).map(Number);
  const undefinedSymbols = run("arm-none-eabi-nm", ["-u", elf], "arm-none-eabi-nm").split("\n").map((l) => l.trim().split(/\s+/).pop() ?? "").filter(Boolean);
  const graphs = objects.map((o) => o.replace(/\.o$/, ".ci")).filter(existsSync).map((f) => readFileSync(f, "utf8"));
  const result: Measure = {
    target: target.name, flags: target.flags,
    image: { text: berkeley[0], data: berkeley[1], bss: berkeley[2] },
    parts: partsOf(readFileSync(map, "utf8")),
    undefinedSymbols,
    osCalls: undefinedSymbols.filter((s) => !HAL.includes(s)),
    stack: worstStack(graphs, ENTRY),
  };
  writeFileSync(stamp, `${JSON.stringify({ ...result, inputs }, null, 2)}\n`);
  return result;
}
