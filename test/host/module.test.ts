// The release module is portable to embedded WebAssembly runtimes: MVP
// instructions plus sign-extension and mutable globals only (wasm3 0.5 has no
// bulk memory), and it imports nothing but the board ABI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { defaultImagePath, Firmware } from "../../host/firmware.js";
import { missingTool, run } from "./support/tools.js";

const image = defaultImagePath();

test("wasm-validate accepts the module with bulk-memory, SIMD, reference types, threads and tail calls disabled", (t) => {
  const skip = missingTool("wasm-validate", "wabt");
  if (skip) return t.skip(skip);
  const r = run("wasm-validate", [
    "--disable-bulk-memory", "--disable-simd", "--disable-reference-types", "--disable-multi-value",
    "--disable-saturating-float-to-int", image,
  ]);
  assert.equal(r.code, 0, r.out);
});

test("wasm-validate rejects a module that uses bulk memory under the same flags (control)", (t) => {
  const skip = missingTool("wasm-validate", "wabt") ?? missingTool("wat2wasm", "wabt");
  if (skip) return t.skip(skip);
  mkdirSync("build/probe", { recursive: true });
  writeFileSync("build/probe/bulk.wat", "(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))))");
  assert.equal(run("wat2wasm", ["build/probe/bulk.wat", "-o", "build/probe/bulk.wasm"]).code, 0);
  assert.notEqual(run("wasm-validate", ["--disable-bulk-memory", "build/probe/bulk.wasm"]).code, 0);
});

test("the module imports only board ABI functions", async () => {
  const mod = await WebAssembly.compile(readFileSync(image));
  const imports = WebAssembly.Module.imports(mod);
  assert.ok(imports.length > 0);
  for (const i of imports) assert.deepEqual([i.module, i.kind], ["board", "function"], JSON.stringify(i));
});

test("the parser's ABI exports are present with the documented names", async () => {
  const fw = await Firmware.load();
  for (const name of ["rxBuffer", "rxCapacity", "parse", "fieldStart", "fieldLength", "memory"]) {
    assert.ok(name in fw.exports, name);
  }
  assert.equal(fw.exports.rxCapacity(), 8192);
});
