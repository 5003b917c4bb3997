#!/usr/bin/env node
// `npm test`: the AssemblyScript specifications (as-pect), then the host
// suites (node:test, compiled by tsc into build/js/test/host), then one
// closing line with the totals of both: "total: N passed, N failed, N skipped".
//
// Output is streamed as it comes, so a CI log shows how far a run got. Each
// host suite runs in its own process, one after the other, with a time limit
// (TEST_FILE_TIMEOUT_S, default 600 s; the longest suite takes about 200 s):
// a suite that hangs, or that cannot exit because a failed test left a
// socket or a child open, is killed and counted as failed, and the others
// still run. Past TEST_TOTAL_TIMEOUT_S (default 3600 s) no new suite
// starts, and those left are counted as failed, so a run always ends well
// inside CI's own limit, with its log. (node's --test-timeout is not used: in
// Node 20 it also bounds a whole file; nor --test-force-exit, which cuts the
// TAP report short.) A table of each suite's time closes the run (a whole
// run takes about 9 minutes on two cores).
//
// Options (`npm run test:quick` is `--quick`):
//   --quick  leaves out the suites that need a tool from outside npm or
//            build a board other than the simulator (QUICK_LEAVES_OUT below):
//            the inner loop of a change to the firmware or the host; the
//            closing lines name what it left out. The suites run on every
//            board keep to the simulator (INTERCOM_TEST_BOARDS=sim).
//   --list   prints the suites it would run, one a line ("as-pect", then each
//            host suite's file), and runs nothing.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";

/** The suites --quick leaves out, by name: SIPp and Kamailio (interop-*),
 * the native board built with cc (native-*, hostile: it runs on the native
 * board too), arm-none-eabi-gcc (footprint) and QEMU (cortex-m-*). */
const QUICK_LEAVES_OUT = [/^interop-/, /^native-/, /^cortex-m-/, /^footprint\./, /^hostile\./];
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--quick" && a !== "--list");
if (unknown.length > 0) {
  console.error(`run-all.mjs: unknown option ${unknown.join(" ")} (options: --quick, --list)`);
  process.exit(2);
}
const quick = args.includes("--quick");
// The suites run on every board (serial-boards-*.test.js) keep to the simulated one in the quick loop.
if (quick) process.env.INTERCOM_TEST_BOARDS ??= "sim";

const FILE_LIMIT_S = Number(process.env.TEST_FILE_TIMEOUT_S ?? 600);
const TOTAL_LIMIT_S = Number(process.env.TEST_TOTAL_TIMEOUT_S ?? 3600);
const started = Date.now();

/** Runs a command with its output streamed through; kills its process group after limitS. */
function run(cmd, args, limitS = Infinity) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    let timedOut = false;
    child.stdout.on("data", (d) => { out += d; process.stdout.write(d); });
    child.stderr.on("data", (d) => process.stderr.write(d));
    const timer = Number.isFinite(limitS) ? setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
    }, limitS * 1000) : undefined;
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out, timedOut });
    });
  });
}

const dir = "build/js/test/host";
const allFiles = readdirSync(dir).filter((f) => f.endsWith(".test.js")).sort();
const leftOut = quick ? allFiles.filter((f) => QUICK_LEAVES_OUT.some((re) => re.test(f))) : [];
const files = allFiles.filter((f) => !leftOut.includes(f));
if (args.includes("--list")) {
  console.log(["as-pect", ...files].join("\n"));
  process.exit(0);
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");
let passed = 0, failed = 0, skipped = 0;
const problems = [];

// 1. as-pect: "[Tests]: P / T"
const asp = await run("npx", ["asp", "--config", "test/as-pect.config.js", "--as-config", "test/as-pect.asconfig.json"]);
const m = /\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/.exec(strip(asp.out));
if (m) {
  passed += Number(m[1]);
  failed += Number(m[2]) - Number(m[1]);
}
if (!m || (asp.code !== 0 && Number(m[1]) === Number(m[2]))) {
  failed += 1; // compile error or crash
  problems.push(m ? `as-pect exited ${asp.code}` : `as-pect printed no "[Tests]" summary (exit ${asp.code})`);
}

// 2. node:test, one process per compiled host suite; TAP to a file for the counts.
const tapDir = "build/host-tests";
rmSync(tapDir, { recursive: true, force: true });
mkdirSync(tapDir, { recursive: true });
const times = [];
for (const file of files) {
  if ((Date.now() - started) / 1000 > TOTAL_LIMIT_S) {
    failed += 1;
    problems.push(`${file}: not run, the run passed ${TOTAL_LIMIT_S} s (TEST_TOTAL_TIMEOUT_S)`);
    continue;
  }
  const tap = path.join(tapDir, file.replace(/\.js$/, ".tap"));
  const t0 = Date.now();
  const r = await run(process.execPath, [
    "--test",
    "--test-reporter=spec", "--test-reporter-destination=stdout",
    "--test-reporter=tap", `--test-reporter-destination=${tap}`,
    path.join(dir, file),
  ], FILE_LIMIT_S);
  const seconds = (Date.now() - t0) / 1000;
  times.push([file, seconds]);
  let tapText = "";
  try { tapText = readFileSync(tap, "utf8"); } catch { /* no report: counted below */ }
  const count = (name) => Number((new RegExp(`^# ${name} (\\d+)$`, "m").exec(tapText) ?? [0, 0])[1]);
  passed += count("pass");
  failed += count("fail") + count("cancelled");
  skipped += count("skipped") + count("todo");
  if (r.timedOut) {
    failed += 1;
    problems.push(`${file}: killed after ${FILE_LIMIT_S} s (TEST_FILE_TIMEOUT_S); the tests above its kill are the last it finished`);
  } else if (r.code !== 0 && count("fail") + count("cancelled") === 0) {
    failed += 1;
    problems.push(`${file}: exited ${r.code} with no failed test reported`);
  }
}

console.log("\nseconds per host suite:");
for (const [file, s] of times) console.log(`  ${s.toFixed(1).padStart(7)}  ${file}`);
for (const p of problems) console.log(`problem: ${p}`);
if (leftOut.length > 0) console.log(`quick: left out ${leftOut.length} suites (npm test runs them): ${leftOut.join(", ")}`);
console.log(`\ntotal: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
