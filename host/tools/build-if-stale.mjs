#!/usr/bin/env node
// The build, skipping the steps whose outputs are newer than their inputs
// (`npm start`, `npm run test:quick`). `npm run build` and `npm test` still
// run every step.
//
//   node host/tools/build-if-stale.mjs [--dry-run] [--root DIR]
//
// A step runs when one of its outputs is missing, or when its newest input
// is newer than its oldest output. The steps, in order, are the scripts of
// package.json that `npm run build` chains:
//   build:host     host/, test/host/, test/bench/ (*.ts) -> build/js/**/*.js
//   build:release  assembly/, and the two tools it runs  -> build/firmware.wasm
//   build:debug    assembly/                              -> build/firmware.debug.wasm
//   build:engine   assembly/, and the same two tools       -> build/engine.wasm (the test build)
// then the boards check (check-boards.js), which always runs: it takes a
// fraction of a second and prints the fit of every board.
// A step that fails has its outputs dated 1970, so the next run retries it.
// Plain JavaScript (not compiled): it has to run before tsc has.
//
// --dry-run prints one line per step, "stale NAME: WHY" or "fresh NAME", and
// runs nothing. --root DIR takes DIR as the project (default: two folders up
// from this file).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { "dry-run": { type: "boolean" }, root: { type: "string" } } });
const root = path.resolve(values.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "../.."));

/** The files below `dir` (relative to the root) whose names end in `ext`. */
function filesUnder(dir, ext) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true })
    .map((f) => path.join(dir, f))
    .filter((f) => f.endsWith(ext) && !f.endsWith(".d.ts") && statSync(path.join(root, f)).isFile())
    .sort();
}

const LOCK = ["package-lock.json", "package.json"];
const FIRMWARE_SOURCES = () => [...filesUnder("assembly", ".ts"), ...filesUnder("assembly", ".json"), "asconfig.json", ...LOCK];
const HOST_SOURCES = () => ["host", "test/host", "test/bench"].flatMap((d) => filesUnder(d, ".ts"));

const STEPS = [
  {
    name: "build:host",
    inputs: () => [...HOST_SOURCES(), "tsconfig.json", ...LOCK],
    outputs: () => HOST_SOURCES().map((f) => path.join("build/js", f.replace(/\.ts$/, ".js"))),
  },
  {
    name: "build:release",
    inputs: () => [...FIRMWARE_SOURCES(), "host/tools/optimize.ts", "host/tools/pack-data.ts"],
    outputs: () => ["build/firmware.wasm"],
  },
  {
    name: "build:debug",
    inputs: () => FIRMWARE_SOURCES(),
    outputs: () => ["build/firmware.debug.wasm"],
  },
  {
    name: "build:engine",
    inputs: () => [...FIRMWARE_SOURCES(), "host/tools/optimize.ts", "host/tools/pack-data.ts"],
    outputs: () => ["build/engine.wasm"],
  },
];

const mtime = (f) => statSync(path.join(root, f)).mtimeMs;

/** Why the step must run, or null when its outputs are up to date. */
function staleness(step) {
  const outputs = step.outputs();
  const missing = outputs.find((f) => !existsSync(path.join(root, f)));
  if (missing !== undefined) return `${missing} is missing`;
  const inputs = step.inputs().filter((f) => existsSync(path.join(root, f)));
  if (inputs.length === 0) return "none of its inputs is there";
  const newest = inputs.reduce((a, b) => (mtime(b) > mtime(a) ? b : a));
  const oldest = outputs.reduce((a, b) => (mtime(b) < mtime(a) ? b : a));
  return mtime(newest) > mtime(oldest) ? `${newest} is newer than ${oldest}` : null;
}

/** Runs a command in the root with its output passed through; exits with its code when it fails. */
function run(cmd, args, onFailure = () => {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  const code = r.status ?? 1;
  if (code !== 0) {
    onFailure();
    console.error(`build-if-stale: ${[cmd, ...args].join(" ")} failed (exit ${code})`);
    process.exit(code);
  }
}

for (const step of STEPS) {
  const why = staleness(step);
  if (values["dry-run"]) {
    console.log(why === null ? `fresh ${step.name}` : `stale ${step.name}: ${why}`);
    continue;
  }
  if (why === null) {
    console.log(`build-if-stale: ${step.name} is up to date`);
    continue;
  }
  console.log(`build-if-stale: ${step.name} (${why})`);
  run("npm", ["run", step.name], () => {
    for (const f of step.outputs()) if (existsSync(path.join(root, f))) utimesSync(path.join(root, f), 0, 0);
  });
}
if (!values["dry-run"]) run(process.execPath, ["build/js/host/tools/check-boards.js"]);
