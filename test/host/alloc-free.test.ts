// The release module never allocates (issue: "Allocation-free, proven").
// Its runtime (assembly/runtime/no-alloc.ts) aborts on any allocation and
// counts the attempt; these tests drive real traffic through it and read
// the counter, and check the fixed memory that makes a heap impossible.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Firmware } from "../../host/firmware.js";
import { mutations } from "./support/mutator.js";
import { tortureMessages, intercomMessages } from "./support/corpus.js";

let fw: Firmware;
before(async () => {
  fw = await Firmware.load();
});

const attempts = () => fw.exports.allocationAttempts();

test("the runtime really aborts on allocation: a module that allocates faults (control for the proof below)", async () => {
  // The same runtime compiled into a tiny module that allocates: it must fault and count.
  const { compileWithFirmwareRuntime } = await import("./support/asc.js");
  const bytes = await compileWithFirmwareRuntime(
    "export function make(n: i32): i32 { const a = new StaticArray<u8>(n); return a.length; }\n" +
      "export function attempts(): u32 { return __allocationAttempts; }\n",
  );
  const probe = await Firmware.load(bytes);
  assert.throws(() => (probe.exports.make as (n: number) => number)(8), /allocation in allocation-free firmware/);
  assert.equal((probe.exports.attempts as () => number)(), 1);
});

test("linear memory is fixed at 2 pages (128 KiB): initial equals maximum, growth is refused", () => {
  assert.equal(fw.exports.memory.buffer.byteLength, 2 * 65536);
  assert.throws(() => fw.exports.memory.grow(1), RangeError);
});

test("100,000 valid and mutated messages parse with no allocation attempt and no fault", () => {
  const corpus = [...tortureMessages(), ...intercomMessages()];
  assert.equal(attempts(), 0);
  let n = 0;
  for (const m of corpus) {
    fw.parse(m);
    fw.exports.respond(400);
    n++;
  }
  for (const m of mutations(corpus, 20261126, 100_000 - n)) {
    const v = fw.parse(m);
    if (v !== 0) fw.exports.respond(v);
    n++;
  }
  assert.equal(n, 100_000);
  assert.equal(attempts(), 0);
});
