// The host's one reader of the WebAssembly binary format (host/wasm-binary.ts):
// the sections of the real build, and malformed modules refused with an error
// that says what is wrong and where, never a RangeError from inside the reader.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  HEADER, SectionId, WasmFormatError, WasmReader, customSection, dataSegment, dataSegments,
  readMemories, section, sections, sleb32, uleb,
} from "../../host/wasm-binary.js";

const firmware = readFileSync(path.resolve("build/firmware.wasm"));
const module = (...parts: (Uint8Array | number[])[]) => Buffer.concat([HEADER, ...parts.map((p) => Buffer.from(p))]);
const name = (s: string) => [s.length, ...Buffer.from(s)];

/** The error `f` throws, which must be a WasmFormatError. */
function formatError(f: () => unknown): WasmFormatError {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof WasmFormatError, `a WasmFormatError, got ${(err as Error).name}: ${(err as Error).message}`);
    return err;
  }
  assert.fail("no error thrown");
}

test("the sections of build/firmware.wasm tile the file from the header to its last byte", () => {
  const all = sections(firmware);
  assert.equal(all[0].start, HEADER.length);
  for (let i = 1; i < all.length; i++) assert.equal(all[i].start, all[i - 1].end, `section ${i} starts where section ${i - 1} ends`);
  assert.equal(all[all.length - 1].end, firmware.length);
});

test("build/firmware.wasm has its known sections once each, in the order the spec requires", () => {
  const ids = sections(firmware).map((s) => s.id).filter((id) => id !== SectionId.Custom);
  const { Type, Import, Function, Memory, Global, Export, Code, Data } = SectionId;
  for (const id of [Type, Import, Function, Memory, Global, Export, Code, Data]) assert.equal(ids.filter((x) => x === id).length, 1, `section ${id}`);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
});

test("a section's payload is its content without id and size", () => {
  const data = sections(firmware).find((s) => s.id === SectionId.Data)!;
  const size = uleb(data.payload.length);
  assert.equal(data.end - data.start, 1 + size.length + data.payload.length);
  assert.deepEqual([...firmware.subarray(data.start + 1, data.start + 1 + size.length)], size);
});

test("build/firmware.wasm declares one memory of 2 fixed pages, the one it exports", () => {
  const compiled = new WebAssembly.Module(firmware);
  const exported = WebAssembly.Module.exports(compiled).filter((e) => e.kind === "memory");
  assert.equal(exported.length, 1, "one exported memory");
  assert.deepEqual(readMemories(firmware), [{ initialPages: 2, maximumPages: 2, imported: false, memory64: false }]);
});

test("an imported memory is found behind function, table and global imports", () => {
  const types = [1, 0x60, 0, 0];
  const imports = [4,
    ...name("env"), ...name("f"), 0, 0, // function of type 0
    ...name("env"), ...name("t"), 1, 0x70, 0, 1, // table of funcref, initial 1
    ...name("env"), ...name("g"), 3, 0x7f, 0, // global i32, immutable
    ...name("env"), ...name("memory"), 2, 1, 3, 0x80, 0x01]; // memory 3..128 pages
  const m = module(section(SectionId.Type, types), section(SectionId.Import, imports));
  assert.ok(WebAssembly.validate(m), "a valid module");
  assert.deepEqual(readMemories(m), [{ initialPages: 3, maximumPages: 128, imported: true, memory64: false }]);
});

test("a custom section is read back with its name and data", () => {
  const m = module(customSection("intercom.image", Buffer.from("{}")));
  const [s] = sections(m);
  assert.equal(s.id, SectionId.Custom);
  assert.equal(s.custom?.name, "intercom.image");
  assert.equal(Buffer.from(s.custom!.data).toString(), "{}");
});

test("a file without the \\0asm version 1 header is refused as not a module", () => {
  assert.match(formatError(() => sections(Uint8Array.from([1, 2, 3]))).message, /not a WebAssembly module \(no \\0asm version 1 header\)/);
  const version2 = Uint8Array.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]);
  assert.match(formatError(() => sections(version2)).message, /not a WebAssembly module/);
});

test("a truncated build/firmware.wasm is refused naming the section cut short", () => {
  const last = sections(firmware).at(-1)!;
  const cut = firmware.subarray(0, last.end - 10);
  const message = formatError(() => sections(cut)).message;
  assert.equal(message, `not a valid WebAssembly module: section ${last.id} at byte ${last.start} declares ${last.payload.length} bytes, ` +
    `but the file ends after ${last.payload.length - 10} (truncated)`);
});

test("a module cut inside a section's size is refused with the byte where the file ends", () => {
  const message = formatError(() => sections(module([SectionId.Type, 0x85]))).message;
  assert.equal(message, "not a valid WebAssembly module: the file ends at byte 10, in the middle of a field (truncated)");
});

test("a section size in LEB128 longer than 5 bytes is refused", () => {
  const message = formatError(() => sections(module([SectionId.Type, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))).message;
  assert.equal(message, "not a valid WebAssembly module: the LEB128 number at byte 9 is longer than 5 bytes (a 32-bit number)");
});

test("a 5-byte LEB128 with bits above the 32nd is refused", () => {
  const message = formatError(() => sections(module([SectionId.Type, 0xff, 0xff, 0xff, 0xff, 0x7f]))).message;
  assert.equal(message, "not a valid WebAssembly module: the LEB128 number at byte 9 exceeds 32 bits");
});

test("an import that runs past the end of its section is refused, not read into the next one", () => {
  const imports = [1, ...name("env"), 6, ...Buffer.from("mem")]; // the field name says 6 octets, 3 follow
  const m = module(section(SectionId.Import, imports), section(SectionId.Custom, [...name("x"), 1, 2, 3, 4]));
  const message = formatError(() => readMemories(m)).message;
  assert.match(message, /^not a valid WebAssembly module: a field of 6 bytes at byte 16 runs past byte 19, where its section ends$/);
});

test("LEB128 numbers written by uleb and sleb32 read back as the same values", () => {
  for (const n of [0, 1, 127, 128, 16384, 2 ** 32 - 1]) assert.equal(new WasmReader(Uint8Array.from(uleb(n))).uleb(), n, `unsigned ${n}`);
  for (const n of [0, 63, 64, -1, -64, -65, 2 ** 31 - 1, -(2 ** 31)]) assert.equal(new WasmReader(Uint8Array.from(sleb32(n))).sleb32(), n, `signed ${n}`);
});

test("a data segment at an offset above 2^31 reads back at that unsigned offset", () => {
  const written = { offset: 0x9000_0000, bytes: Uint8Array.of(1, 2, 3) };
  const [read] = dataSegments(Buffer.concat([Buffer.from([1]), dataSegment(written)]));
  assert.equal(read.offset, written.offset);
  assert.deepEqual([...read.bytes], [1, 2, 3]);
});
