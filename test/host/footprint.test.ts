// The firmware on Cortex-M (issue: real silicon toolchains): wasm2c's
// translation of build/firmware.wasm plus the board shim, cross-compiled by
// arm-none-eabi-gcc for the Cortex-M4 and the RP2040's Cortex-M0+, measured by
// host/tools/footprint.ts, and checked against every wasm2c board in boards/.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { defaultBoardsDir } from "../../host/boards.js";
import { HAL } from "../../host/tools/footprint-build.js";
import type { Report } from "../../host/tools/footprint.js";
import { missingTool } from "./support/tools.js";

const tool = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../host/tools/footprint.js");
let skip: string | null = null;
let report: Report;
const run = (args: string[]) => spawnSync(process.execPath, [tool, ...args], { encoding: "utf8", timeout: 300_000 });

before(() => {
  skip = missingTool("arm-none-eabi-gcc", "gcc-arm-none-eabi") ?? missingTool("wasm2c", "wabt");
  if (skip) return;
  const r = run(["--json"]);
  assert.equal(r.status, 0, r.stderr);
  report = JSON.parse(r.stdout) as Report;
});

test("both targets are measured: .text holds the module's code, .bss its 2-page linear memory as a static array", (t) => {
  if (skip) return t.skip(skip);
  assert.deepEqual(report.targets.map((m) => m.target), ["cortex-m4", "cortex-m0plus"]);
  assert.equal(report.image.linearMemory, 131072);
  for (const m of report.targets) {
    assert.ok(m.parts.firmware.text > report.image.bytes / 2, `${m.target}: the module's code is in .text (${m.parts.firmware.text} bytes)`);
    assert.ok(m.image.bss >= report.image.linearMemory, `${m.target}: .bss holds the linear memory`);
    assert.ok(m.image.text >= m.parts.firmware.text + m.parts.shim.text);
  }
});

test("the firmware part makes no OS calls: the linked image leaves only the HAL undefined", (t) => {
  if (skip) return t.skip(skip);
  for (const m of report.targets) {
    assert.deepEqual(m.osCalls, []);
    assert.deepEqual([...m.undefinedSymbols].sort(), [...HAL].sort());
  }
});

test("the C stack has a static bound: no recursion in GCC's call graph, the deepest path from an entry point counted", (t) => {
  if (skip) return t.skip(skip);
  for (const m of report.targets) {
    assert.deepEqual(m.stack.recursive, []);
    assert.ok(m.stack.bytes > 0 && m.stack.bytes < 16384, `${m.target}: ${m.stack.bytes} bytes`);
    assert.match(m.stack.path[0], /^intercom_/);
  }
});

test("the shipped wasm2c boards fit: the RP2040 board on the Cortex-M0+ figures, the ESP32 board on the Cortex-M4 stand-in; the simulator is skipped", (t) => {
  if (skip) return t.skip(skip);
  const by = Object.fromEntries(report.boards.map((b) => [b.board, b]));
  assert.equal(by["rp2040-w5500"].target, "cortex-m0plus");
  assert.equal(by["rp2040-w5500"].proxy, null);
  assert.equal(by["esp32-ethernet"].target, "cortex-m4");
  assert.match(by["esp32-ethernet"].proxy ?? "", /Xtensa/);
  assert.match(by.simulator.skipped ?? "", /runtime node/);
  assert.deepEqual(report.problems, []);
});

test("a board too small for the image fails the check: exit 1 naming the board, RAM against memoryLimitBytes and flash against imageLimitBytes", (t) => {
  if (skip) return t.skip(skip);
  const dir = mkdtempSync(path.join(tmpdir(), "footprint-boards-"));
  const rp2040 = JSON.parse(readFileSync(path.join(defaultBoardsDir(), "rp2040-w5500.json"), "utf8"));
  // The linear memory alone fills 128 KiB; a flash slot of 192 KiB less the SDK's 128 KiB leaves 64 KiB for ~140 KiB of code.
  writeFileSync(path.join(dir, "rp2040-small.json"), JSON.stringify({ ...rp2040, name: "rp2040-small", memoryLimitBytes: 131072, imageLimitBytes: 196608 }));
  writeFileSync(path.join(dir, "simulator.json"), readFileSync(path.join(defaultBoardsDir(), "simulator.json")));
  const r = run(["--boards", dir]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /rp2040-small: RAM \d+ bytes .* exceeds memoryLimitBytes 131072/);
  assert.match(r.stderr, /rp2040-small: flash \d+ bytes .* exceeds the image slot, imageLimitBytes 196608/);
  assert.match(r.stdout, /rp2040-small: does NOT fit on cortex-m0plus/);
});
