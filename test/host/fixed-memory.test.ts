// The Cortex-M build checks memory accesses against the release module's fixed
// size instead of wasm2c's run-time field (host/tools/fixed-memory.ts): only
// for a memory that can never grow, and only where wasm2c's check is found.
// That accesses past the end still trap on the Cortex-M4 is cortex-m-qemu's
// trap test (an "O" datagram of the trapping module, whose memory is 2 2).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fixMemorySize, fixedMemoryBytes } from "../../host/tools/fixed-memory.js";
import { defaultImagePath } from "../../host/firmware.js";
import { translate } from "../../host/tools/build-native.js";
import { missingTool } from "./support/tools.js";

/** A module with only a memory section: limits (flag 0: min only; 1: min and max) or an imported memory. */
function moduleWith(min: number, max: number | null, imported = false): Uint8Array {
  const limits = max === null ? [0x00, min] : [0x01, min, max];
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (imported) {
    const entry = [0x01, 0x65, 0x01, 0x6d, 0x02, ...limits]; // "e" "m", kind 2 (memory)
    return new Uint8Array([...header, 0x02, entry.length + 1, 0x01, ...entry]);
  }
  return new Uint8Array([...header, 0x05, limits.length + 1, 0x01, ...limits]);
}

test("the release module's memory is fixed: 2 pages, 131,072 octets, its maximum equal to its initial size", () => {
  assert.equal(fixedMemoryBytes(new Uint8Array(readFileSync(defaultImagePath()))), 131072);
});

test("a memory that may grow (no maximum, or a maximum above the initial size) or is imported has no fixed size", () => {
  assert.equal(fixedMemoryBytes(moduleWith(2, 2)), 131072);
  assert.equal(fixedMemoryBytes(moduleWith(2, null)), null);
  assert.equal(fixedMemoryBytes(moduleWith(2, 3)), null);
  assert.equal(fixedMemoryBytes(moduleWith(2, 2, true)), null);
});

test("wasm2c's bounds check of the release module is rewritten once, to the fixed size; a growable module's is left alone", (t) => {
  const skip = missingTool("wasm2c", "wabt");
  if (skip) return t.skip(skip);
  const dir = mkdtempSync(path.join(tmpdir(), "fixed-memory-"));
  try {
    const c = translate(defaultImagePath(), dir);
    const before = readFileSync(c, "utf8");
    assert.equal(fixMemorySize(c, new Uint8Array(readFileSync(defaultImagePath()))), 131072);
    const after = readFileSync(c, "utf8");
    assert.equal(after.split("> 131072ull)").length - 1, 1);
    assert.ok(!after.includes("> mem->size)"), "no check against the run-time size is left");
    writeFileSync(c, before);
    assert.equal(fixMemorySize(c, moduleWith(2, 3)), null);
    assert.equal(readFileSync(c, "utf8"), before, "a memory that may grow keeps the run-time check");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a wasm2c output without the check this rewrite knows is refused, naming the file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "fixed-memory-"));
  try {
    const c = path.join(dir, "firmware.c");
    writeFileSync(c, "#define RANGE_CHECK(mem, offset, len) if (offset + len > mem->pages * 65536) TRAP(OOB);\n");
    assert.throws(() => fixMemorySize(c, moduleWith(2, 2)), /firmware\.c: wasm2c's bounds check .* found 0 times, not once/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
