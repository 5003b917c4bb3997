// The inner loop of a change: `npm run test:quick` runs the as-pect specs and
// the host suites that need nothing from outside npm (test/run-all.mjs
// --quick), and `npm start` and `test:quick` rebuild only the steps whose
// outputs are older than their inputs (host/tools/build-if-stale.mjs), while
// `npm test` still builds everything and runs every suite.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectRoot } from "./support/corpus.js";

const root = projectRoot();

function node(args: string[]): string {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, `node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const suitesOf = (out: string): string[] => out.split("\n").filter((l) => l !== "");
const hostSuites = (): string[] => readdirSync(path.join(root, "build/js/test/host")).filter((f) => f.endsWith(".test.js")).sort();
const needsOutsideTools = (f: string): boolean => /^(interop-|native-|cortex-m-|footprint\.|hostile\.)/.test(f);

test("run-all.mjs (npm test) runs the as-pect specs and every host suite", () => {
  assert.deepEqual(suitesOf(node(["test/run-all.mjs", "--list"])), ["as-pect", ...hostSuites()]);
});

test("run-all.mjs --quick leaves out exactly the interop, native-board, QEMU, footprint and hostile suites", () => {
  const quick = suitesOf(node(["test/run-all.mjs", "--quick", "--list"]));
  assert.deepEqual(quick, ["as-pect", ...hostSuites().filter((f) => !needsOutsideTools(f))]);
  for (const kept of ["conformance.test.js", "never-trap.test.js", "alloc-free.test.js", "self-contained.test.js", "intercom-calls.test.js"]) {
    assert.ok(quick.includes(kept), `--quick runs ${kept}`);
  }
  for (const gone of ["interop-kamailio.test.js", "interop-sipp.test.js", "interop-flood.test.js", "cortex-m-qemu.test.js",
    "native-board.test.js", "native-restart.test.js", "footprint.test.js", "hostile.test.js"]) {
    assert.ok(hostSuites().includes(gone), `${gone} exists`);
    assert.ok(!quick.includes(gone), `--quick leaves out ${gone}`);
  }
});

test("package.json: start and test:quick build through build-if-stale; build and test still build everything", () => {
  const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<string, string>;
  assert.equal(scripts.start, "node host/tools/build-if-stale.mjs && node build/js/host/start.js");
  assert.equal(scripts["test:quick"], "node host/tools/build-if-stale.mjs && node test/run-all.mjs --quick");
  assert.equal(scripts.test, "npm run build && node test/run-all.mjs");
  assert.match(scripts.build, /^npm run build:host && npm run build:release && npm run build:debug && npm run build:engine && /);
});

// build-if-stale on a small tree of its own: inputs dated T0, outputs T1 later.
const T0 = 1_700_000_000;
const T1 = T0 + 100;
const INPUTS = ["host/start.ts", "host/tools/optimize.ts", "host/tools/pack-data.ts", "test/host/a.test.ts", "test/bench/b.ts",
  "assembly/index.ts", "assembly/sip/parser.ts", "asconfig.json", "tsconfig.json", "package.json", "package-lock.json"];
const OUTPUTS = ["build/js/host/start.js", "build/js/host/tools/optimize.js", "build/js/host/tools/pack-data.js",
  "build/js/test/host/a.test.js", "build/js/test/bench/b.js", "build/firmware.wasm", "build/firmware.debug.wasm", "build/engine.wasm"];

function tree(files: Array<[string, number]>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "build-if-stale-"));
  for (const [f, t] of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), f);
    utimesSync(path.join(dir, f), t, t);
  }
  return dir;
}

function dryRun(files: Array<[string, number]>): string[] {
  const dir = tree(files);
  try {
    return suitesOf(node(["host/tools/build-if-stale.mjs", "--dry-run", "--root", dir]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const built = (): Array<[string, number]> => [...INPUTS.map((f) => [f, T0] as [string, number]), ...OUTPUTS.map((f) => [f, T1] as [string, number])];
const touched = (file: string): Array<[string, number]> => built().map(([f, t]) => [f, f === file ? T1 + 1 : t]);

test("build-if-stale: a fresh clone (no build/) runs every step", () => {
  assert.deepEqual(dryRun(INPUTS.map((f) => [f, T0])), [
    "stale build:host: build/js/host/start.js is missing",
    "stale build:release: build/firmware.wasm is missing",
    "stale build:debug: build/firmware.debug.wasm is missing",
    "stale build:engine: build/engine.wasm is missing",
  ]);
});

test("build-if-stale: outputs newer than every input run nothing", () => {
  assert.deepEqual(dryRun(built()), ["fresh build:host", "fresh build:release", "fresh build:debug", "fresh build:engine"]);
});

test("build-if-stale: a changed firmware source rebuilds the release and debug modules and the test build, not the host", () => {
  assert.deepEqual(dryRun(touched("assembly/sip/parser.ts")), [
    "fresh build:host",
    "stale build:release: assembly/sip/parser.ts is newer than build/firmware.wasm",
    "stale build:debug: assembly/sip/parser.ts is newer than build/firmware.debug.wasm",
    "stale build:engine: assembly/sip/parser.ts is newer than build/engine.wasm",
  ]);
});

test("build-if-stale: a changed host source recompiles the host only; a changed optimizer also the release module and the test build", () => {
  assert.deepEqual(dryRun(touched("host/start.ts")), [
    "stale build:host: host/start.ts is newer than build/js/host/start.js",
    "fresh build:release",
    "fresh build:debug",
    "fresh build:engine",
  ]);
  assert.deepEqual(dryRun(touched("host/tools/optimize.ts")), [
    "stale build:host: host/tools/optimize.ts is newer than build/js/host/start.js",
    "stale build:release: host/tools/optimize.ts is newer than build/firmware.wasm",
    "fresh build:debug",
    "stale build:engine: host/tools/optimize.ts is newer than build/engine.wasm",
  ]);
});

test("build-if-stale: a new host file without its compiled file, or a missing module, is rebuilt", () => {
  assert.deepEqual(dryRun([...built(), ["test/host/c.test.ts", T0]]).slice(0, 1),
    ["stale build:host: build/js/test/host/c.test.js is missing"]);
  assert.deepEqual(dryRun(built().filter(([f]) => f !== "build/firmware.debug.wasm")),
    ["fresh build:host", "fresh build:release", "stale build:debug: build/firmware.debug.wasm is missing", "fresh build:engine"]);
});
