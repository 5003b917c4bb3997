#!/usr/bin/env node
// `npm test`: the AssemblyScript specifications (as-pect), then the host
// suites (node:test, compiled by tsc into build/js/test/host), then one
// closing line with the totals of both: "total: N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { readFileSync, mkdirSync } from "node:fs";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  process.stdout.write(r.stdout ?? "");
  return { code: r.status ?? 1, out: r.stdout ?? "" };
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");
let passed = 0, failed = 0, skipped = 0;

// 1. as-pect: "[Tests]: P / T"
const asp = run("npx", ["asp", "--config", "test/as-pect.config.js", "--as-config", "test/as-pect.asconfig.json"]);
const m = /\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/.exec(strip(asp.out));
if (m) {
  passed += Number(m[1]);
  failed += Number(m[2]) - Number(m[1]);
}
if (!m || asp.code !== 0) failed += m ? 0 : 1;
if (asp.code !== 0 && m && Number(m[1]) === Number(m[2])) failed += 1; // compile error or crash

// 2. node:test over the compiled host suites; TAP to a file for the counts.
mkdirSync("build", { recursive: true });
const tap = "build/host-tests.tap";
const host = run(process.execPath, [
  "--test",
  "--test-reporter=spec", "--test-reporter-destination=stdout",
  "--test-reporter=tap", `--test-reporter-destination=${tap}`,
  "build/js/test/host/",
]);
let tapText = "";
try { tapText = readFileSync(tap, "utf8"); } catch { /* no report: counted below */ }
const count = (name) => Number((new RegExp(`^# ${name} (\\d+)$`, "m").exec(tapText) ?? [0, 0])[1]);
passed += count("pass");
failed += count("fail") + count("cancelled");
skipped += count("skipped") + count("todo");
if (host.code !== 0 && count("fail") === 0) failed += 1;

console.log(`\ntotal: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
