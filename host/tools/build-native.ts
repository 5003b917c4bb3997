// `npm run build:native`: the native Linux board (boards/native-linux) with
// the firmware module inside. wasm2c (WABT) translates build/firmware.wasm,
// the very file the simulator runs, into C; the system C compiler builds it
// with the board's sources and WABT's runtime into build/native/intercom-native.
// build/native/manifest.json records the SHA-256 of the module and of the C
// made from it; the binary prints the module's with --version.
//
//   node build/js/host/tools/build-native.js [--force]
//
// Up to date (same module, same sources, same tools): nothing is rebuilt.
// Concurrent runs (test files in parallel) wait for each other on a lock.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { defaultImagePath } from "../firmware.js";

export interface NativeManifest {
  wasmSha256: string;
  wasmBytes: number;
  cSha256: string;
  wasm2c: string;
  cc: string;
  inputs: string;
}

export interface NativeBuild {
  binary: string;
  manifest: NativeManifest;
  rebuilt: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root, found from both host/tools/ and build/js/host/tools/. */
export const ROOT = [path.resolve(here, "../.."), path.resolve(here, "../../../..")].find((d) => existsSync(path.join(d, "boards/native-linux/main.c")))
  ?? path.resolve(here, "../../../..");
export const NATIVE_DIR = path.join(ROOT, "build/native");
export const BINARY = path.join(NATIVE_DIR, "intercom-native");
const BOARD_DIR = path.join(ROOT, "boards/native-linux");
/** The boot code shared with the Cortex-M4's boot stage (boards/common/boot/): the supervisor of --slots and the child's confirm step. */
const COMMON_BOOT_DIR = path.join(ROOT, "boards/common/boot");
const COMMON_BOOT_SOURCES = ["bootrec.c", "choose.c", "confirm.c", "image.c", "sha256.c"];

export const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

/** WABT's wasm2c runtime (wasm-rt-impl.c): $WASM2C_RUNTIME, or where Debian's wabt puts it. */
export function wasm2cRuntimeDir(): string {
  const candidates = [process.env.WASM2C_RUNTIME, "/usr/src/wasm2c", "/usr/share/wabt/wasm2c", "/usr/local/share/wabt/wasm2c"];
  const dir = candidates.find((d) => d && existsSync(path.join(d, "wasm-rt-impl.c")));
  if (!dir) throw new Error("wasm2c's runtime (wasm-rt-impl.c) is missing: install Debian's wabt, or set WASM2C_RUNTIME to its directory");
  return dir;
}

function tool(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${what}: ${cmd} cannot run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (${cmd} ${args.join(" ")}):\n${r.stdout}${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

export const versionOf = (cmd: string) => tool(cmd, ["--version"], `${cmd} --version`).split("\n")[0].trim();

/** wasm2c's translation of `wasm` into dir/firmware.c and dir/firmware.h (module name "firmware"). */
export function translate(wasm: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const c = path.join(dir, "firmware.c");
  tool("wasm2c", [wasm, "-n", "firmware", "-o", c], "wasm2c");
  return c;
}

const CFLAGS = ["-std=gnu11", "-O2", "-g"];
const WARN = ["-Wall", "-Wextra", "-Wno-unused-parameter"];

/** The C vocabulary generated from assembly/board/vocabulary.json, shared with the Cortex-M port (boards/cortex-m/vocabulary.h). */
const SHARED_VOCABULARY = path.join(BOARD_DIR, "../cortex-m/vocabulary.h");

/** What the binary is made of: the module, the board's sources, the runtime, the tools and flags. */
function inputsDigest(wasm: Uint8Array, runtime: string, wasm2c: string, cc: string): string {
  const h = createHash("sha256").update(wasm).update(wasm2c).update(cc).update(CFLAGS.join(" "));
  for (const f of readdirSync(BOARD_DIR).sort()) h.update(f).update(readFileSync(path.join(BOARD_DIR, f)));
  for (const f of readdirSync(COMMON_BOOT_DIR).sort()) h.update(f).update(readFileSync(path.join(COMMON_BOOT_DIR, f)));
  h.update(readFileSync(SHARED_VOCABULARY)); // the generated C vocabulary both boards include
  h.update(readFileSync(path.join(runtime, "wasm-rt-impl.c"))).update(readFileSync(path.join(runtime, "wasm-rt.h")));
  return h.digest("hex");
}

function readManifest(): NativeManifest | null {
  try {
    return JSON.parse(readFileSync(path.join(NATIVE_DIR, "manifest.json"), "utf8")) as NativeManifest;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs fn holding dir/.lock (a directory: mkdir is atomic), so parallel test files build once; a lock older than 10 minutes is stale. */
export function locked<T>(fn: () => T, dir = NATIVE_DIR): T {
  mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, ".lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      } catch { /* gone meanwhile */ }
      sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The native board around the module `wasmPath`: wasm2c's translation in
 * dir/gen, compiled with the board's sources and wasm2c's runtime into
 * `binary`. Tests use it for modules of their own (one that traps on
 * demand, to drive the board's restart path).
 */
export function compileBoard(wasmPath: string, dir: string, binary: string, log: (line: string) => void = () => {},
  tools: { wasm2c: string; cc: string; inputs: string } = { wasm2c: versionOf("wasm2c"), cc: versionOf("cc"), inputs: "" }): NativeManifest {
  const wasm = readFileSync(wasmPath);
  const runtime = wasm2cRuntimeDir();
  const gen = path.join(dir, "gen");
  rmSync(gen, { recursive: true, force: true });
  const c = translate(wasmPath, gen);
  const manifest: NativeManifest = { wasmSha256: sha256(wasm), wasmBytes: wasm.length, cSha256: sha256(readFileSync(c)), ...tools };
  writeFileSync(path.join(gen, "firmware-id.h"), [
    "/* Generated by host/tools/build-native.ts: the module this binary was translated from. */",
    `#define FIRMWARE_SHA256 "${manifest.wasmSha256}"`,
    `#define FIRMWARE_BYTES ${manifest.wasmBytes}`,
    `#define WASM2C_VERSION "${tools.wasm2c}"`, "",
  ].join("\n"));
  log(`wasm2c ${tools.wasm2c}: ${path.relative(ROOT, wasmPath)} (${wasm.length} bytes, sha256 ${manifest.wasmSha256}) -> ${path.relative(ROOT, c)}`);
  const includes = ["-I", gen, "-I", runtime, "-I", BOARD_DIR, "-I", COMMON_BOOT_DIR];
  // The module's C is large: compiled on its own, without the board's warnings (wasm2c's output is not ours to tidy).
  const fwObject = path.join(gen, "firmware.o");
  tool("cc", [...CFLAGS, ...includes, "-c", c, "-o", fwObject], "compiling the module's C");
  const rtObject = path.join(gen, "wasm-rt-impl.o");
  tool("cc", [...CFLAGS, ...includes, "-c", path.join(runtime, "wasm-rt-impl.c"), "-o", rtObject], "compiling wasm2c's runtime");
  const sources = [...readdirSync(BOARD_DIR).filter((f) => f.endsWith(".c")).sort().map((f) => path.join(BOARD_DIR, f)),
    ...COMMON_BOOT_SOURCES.map((f) => path.join(COMMON_BOOT_DIR, f))];
  const tmp = `${binary}.tmp`;
  const warnings = tool("cc", [...CFLAGS, ...WARN, ...includes, ...sources, fwObject, rtObject, "-lm", "-lssl", "-lcrypto", "-o", tmp], "compiling the native board");
  if (warnings.trim()) log(warnings.trim());
  renameSync(tmp, binary);
  log(`${tools.cc}: ${path.relative(ROOT, binary)} (${statSync(binary).size} bytes)`);
  return manifest;
}

/** Builds build/native/intercom-native unless it is up to date. Throws naming the step that failed. */
export function buildNative(options: { force?: boolean; log?: (line: string) => void } = {}): NativeBuild {
  const log = options.log ?? (() => {});
  const wasmPath = defaultImagePath();
  return locked(() => {
    const wasm = readFileSync(wasmPath);
    const runtime = wasm2cRuntimeDir();
    const wasm2c = versionOf("wasm2c");
    const cc = versionOf("cc");
    const inputs = inputsDigest(wasm, runtime, wasm2c, cc);
    const old = readManifest();
    if (!options.force && old?.inputs === inputs && existsSync(BINARY)) return { binary: BINARY, manifest: old, rebuilt: false };
    const manifest = compileBoard(wasmPath, NATIVE_DIR, BINARY, log, { wasm2c, cc, inputs });
    writeFileSync(path.join(NATIVE_DIR, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    return { binary: BINARY, manifest, rebuilt: true };
  });
}

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  try {
    const r = buildNative({ force: process.argv.includes("--force"), log: console.log });
    if (!r.rebuilt) console.log(`${path.relative(ROOT, r.binary)} is up to date (module sha256 ${r.manifest.wasmSha256})`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
