// The release module's data segments are merged after asc (host/tools/pack-data.ts):
// the merged module must start with exactly the linear memory AssemblyScript's
// segments give, and differ from asc's output in the Data section only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { packData, mergeSegments, readSegments, sections, MAX_GAP } from "../../host/tools/pack-data.js";
import { codeSections } from "../../host/tools/footprint-areas.js";

const ROOT = path.resolve(".");
const unpacked = readFileSync(path.join(ROOT, "build/firmware.unpacked.wasm"));
const released = readFileSync(path.join(ROOT, "build/firmware.wasm"));

/** The linear memory right after instantiation: data segments applied, nothing run (the start function is exported, not automatic). */
async function initialMemory(bytes: Uint8Array): Promise<Uint8Array> {
  const module = await WebAssembly.compile(new Uint8Array(bytes));
  const imports: Record<string, Record<string, () => void>> = {};
  for (const i of WebAssembly.Module.imports(module)) (imports[i.module] ??= {})[i.name] = () => {};
  const instance = await WebAssembly.instantiate(module, imports);
  return new Uint8Array((instance.exports.memory as WebAssembly.Memory).buffer.slice(0));
}

function dataSegments(bytes: Uint8Array): number {
  const data = sections(bytes).filter((s) => s.id === 11);
  assert.equal(data.length, 1, "one Data section");
  return readSegments(data[0].payload).length;
}

test("build/firmware.wasm is asc's output with its data segments packed, nothing else", () => {
  assert.ok(packData(unpacked).module.equals(released), "npm run build:release writes packData(build/firmware.unpacked.wasm)");
});

test("packing keeps the initial linear memory octet for octet", async () => {
  const a = await initialMemory(unpacked);
  const b = await initialMemory(released);
  assert.equal(a.length, b.length);
  assert.ok(Buffer.from(a).equals(Buffer.from(b)), "the same memory image");
});

test("packing changes the Data section only", () => {
  const a = codeSections(unpacked);
  const b = codeSections(released);
  assert.equal(a.length, b.length);
  const differing = a.map((s, i) => (s.equals(b[i]) ? -1 : i)).filter((i) => i >= 0);
  assert.equal(differing.length, 1, "one section differs");
});

test("hundreds of string and table segments become a handful: every two left lie more than MAX_GAP apart", () => {
  const before = dataSegments(unpacked);
  const after = dataSegments(released);
  assert.ok(before > 100, `asc emits one segment per static item (${before})`);
  // How many are left follows from where the statics lie (a record with non-zero initial octets far
  // from the others keeps a segment of its own); the rule is that no two could have been joined.
  const data = sections(released).filter((s) => s.id === 11)[0];
  const left = readSegments(data.payload).sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < left.length; i++) {
    const gap = left[i].offset - (left[i - 1].offset + left[i - 1].bytes.length);
    assert.ok(gap > MAX_GAP, `segments at ${left[i - 1].offset} and ${left[i].offset} are ${gap} octets apart: packing should have joined them`);
  }
  assert.ok(after * 20 < before, `a handful: ${after} of ${before}`);
});

test("neighbours at most MAX_GAP apart are joined with zeros; wider gaps stay apart", () => {
  const seg = (offset: number, ...bytes: number[]) => ({ offset, bytes: new Uint8Array(bytes) });
  const far = 105 + MAX_GAP + 1; // one octet more than MAX_GAP after the end of the segment at 104
  const merged = mergeSegments([seg(far, 9), seg(100, 1, 2), seg(104, 3)]);
  assert.deepEqual(merged.map((s) => [s.offset, [...s.bytes]]), [
    [100, [1, 2, 0, 0, 3]],
    [far, [9]],
  ]);
  assert.equal(mergeSegments([seg(0, 1), seg(1 + MAX_GAP, 2)]).length, 1, "a gap of exactly MAX_GAP is filled");
});

test("overlapping segments are refused rather than merged", () => {
  assert.throws(() => mergeSegments([{ offset: 10, bytes: new Uint8Array(4) }, { offset: 12, bytes: new Uint8Array(1) }]), /overlap at 12/);
});

test("a segment that is not active at a constant offset leaves the module refused, not rewritten", () => {
  const passive = new Uint8Array([1, 1, 2, 0xaa, 0xbb]); // one passive segment (flag 1) of two octets
  assert.throws(() => readSegments(passive), /not an active segment/);
  const global = new Uint8Array([1, 0, 0x23, 0, 0x0b, 1, 7]); // offset from global.get 0
  assert.throws(() => readSegments(global), /not i32.const/);
});
