// Post-build step of the release module: merges its data segments.
//
// AssemblyScript emits one active data segment per static string and per
// `memory.data` block: about 700 of them, a few octets apart. Every host
// pays per segment: wasm2c writes one copy call per segment into the code
// (about 28 KB of Cortex-M .text for the lot), interpreters walk a table of
// them at instantiation. Merging the segments whose gap is small (the gap
// becomes zero octets in the merged segment, exactly what the fresh linear
// memory holds there) leaves a handful, and the same initial memory image.
//
// Only the Data section changes (and DataCount, and the data-segment names of
// a name section, which no longer match); everything else is copied as is.
//
//   node build/js/host/tools/pack-data.js IN.wasm OUT.wasm
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

/** Gaps of at most this many octets are filled with zeros: less than one copy call costs in ARM code. */
export const MAX_GAP = 40;

const SECTION_CUSTOM = 0, SECTION_DATA = 11, SECTION_DATA_COUNT = 12;
const I32_CONST = 0x41, END = 0x0b;
const NAME_SUBSECTION_DATA = 9; // extended name section: data segment names

interface Segment { offset: number; bytes: Uint8Array }

class Reader {
  constructor(readonly b: Uint8Array, public i = 0) {}
  byte(): number {
    if (this.i >= this.b.length) throw new Error("pack-data: the module ends inside a section");
    return this.b[this.i++];
  }
  u32(): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const x = this.byte();
      v += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) return v;
    }
    throw new Error("pack-data: LEB128 longer than 5 octets");
  }
  i32(): number {
    let v = 0, shift = 0, x = 0;
    do {
      x = this.byte();
      v |= (x & 0x7f) << shift;
      shift += 7;
    } while (x & 0x80 && shift < 35);
    return shift < 32 && x & 0x40 ? v | (-1 << shift) : v;
  }
  take(n: number): Uint8Array {
    if (this.i + n > this.b.length) throw new Error("pack-data: a section runs past the end of the module");
    const out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
}

function u32(v: number): number[] {
  const out: number[] = [];
  do {
    let x = v & 0x7f;
    v = Math.floor(v / 128);
    if (v) x |= 0x80;
    out.push(x);
  } while (v);
  return out;
}

function i32(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const x = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(x & 0x40)) || (v === -1 && x & 0x40)) return [...out, x];
    out.push(x | 0x80);
  }
}

function section(id: number, payload: Uint8Array | number[]): Buffer {
  return Buffer.concat([Buffer.from([id, ...u32(payload.length)]), Buffer.from(payload)]);
}

/** The active segments of memory 0 at constant offsets; anything else is refused (the module is left alone). */
export function readSegments(payload: Uint8Array): Segment[] {
  const r = new Reader(payload);
  const count = r.u32();
  const out: Segment[] = [];
  for (let k = 0; k < count; k++) {
    if (r.u32() !== 0) throw new Error(`pack-data: segment ${k} is not an active segment of memory 0`);
    if (r.byte() !== I32_CONST) throw new Error(`pack-data: segment ${k} has an offset that is not i32.const`);
    const offset = r.i32() >>> 0;
    if (r.byte() !== END) throw new Error(`pack-data: segment ${k} has an offset expression longer than one constant`);
    out.push({ offset, bytes: r.take(r.u32()) });
  }
  return out;
}

/** Segments sorted by offset, neighbours at most `maxGap` apart joined with zeros between them. */
export function mergeSegments(segments: Segment[], maxGap = MAX_GAP): Segment[] {
  const sorted = [...segments].sort((a, b) => a.offset - b.offset);
  const out: { offset: number; parts: Uint8Array[]; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.offset < last.end) throw new Error(`pack-data: segments overlap at ${s.offset}`);
    if (last && s.offset - last.end <= maxGap) {
      last.parts.push(new Uint8Array(s.offset - last.end), s.bytes);
      last.end = s.offset + s.bytes.length;
    } else {
      out.push({ offset: s.offset, parts: [s.bytes], end: s.offset + s.bytes.length });
    }
  }
  return out.map((m) => ({ offset: m.offset, bytes: Buffer.concat(m.parts) }));
}

function dataSection(segments: Segment[]): Buffer {
  const parts: Buffer[] = [Buffer.from(u32(segments.length))];
  for (const s of segments) parts.push(Buffer.from([0, I32_CONST, ...i32(s.offset | 0), END, ...u32(s.bytes.length)]), Buffer.from(s.bytes));
  return section(SECTION_DATA, Buffer.concat(parts));
}

/** A name section without its data-segment names (their indices no longer hold). */
function nameSectionWithoutDataNames(payload: Uint8Array): Buffer {
  const r = new Reader(payload);
  const nameLength = r.u32();
  const head = payload.subarray(0, r.i + nameLength);
  r.take(nameLength);
  const kept: Uint8Array[] = [head];
  while (r.i < payload.length) {
    const start = r.i;
    const id = r.byte();
    r.take(r.u32());
    if (id !== NAME_SUBSECTION_DATA) kept.push(payload.subarray(start, r.i));
  }
  return section(SECTION_CUSTOM, Buffer.concat(kept));
}

function isNameSection(payload: Uint8Array): boolean {
  const r = new Reader(payload);
  const n = r.u32();
  return Buffer.from(r.take(n)).toString("latin1") === "name";
}

/** The module with its data segments merged; its count before and after. */
export function packData(module: Uint8Array, maxGap = MAX_GAP): { module: Buffer; before: number; after: number } {
  if (module.length < 8 || module[0] !== 0 || module[1] !== 0x61 || module[2] !== 0x73 || module[3] !== 0x6d) throw new Error("pack-data: not a WebAssembly module");
  const r = new Reader(module, 8);
  const out: Buffer[] = [Buffer.from(module.subarray(0, 8))];
  let before = 0, after = 0;
  while (r.i < module.length) {
    const start = r.i;
    const id = r.byte();
    const payload = r.take(r.u32());
    if (id === SECTION_DATA) {
      const segments = readSegments(payload);
      const merged = mergeSegments(segments, maxGap);
      before = segments.length;
      after = merged.length;
      out.push(dataSection(merged));
    } else if (id === SECTION_DATA_COUNT) {
      out.push(section(SECTION_DATA_COUNT, u32(mergeSegments(readSegments(dataPayload(module)), maxGap).length)));
    } else if (id === SECTION_CUSTOM && isNameSection(payload)) {
      out.push(nameSectionWithoutDataNames(payload));
    } else {
      out.push(Buffer.from(module.subarray(start, r.i)));
    }
  }
  return { module: Buffer.concat(out), before, after };
}

/** The sections of a module, in order: id and payload. */
export function sections(module: Uint8Array): { id: number; payload: Uint8Array }[] {
  const r = new Reader(module, 8);
  const out: { id: number; payload: Uint8Array }[] = [];
  while (r.i < module.length) {
    const id = r.byte();
    out.push({ id, payload: r.take(r.u32()) });
  }
  return out;
}

function dataPayload(module: Uint8Array): Uint8Array {
  return sections(module).find((s) => s.id === SECTION_DATA)?.payload ?? new Uint8Array([0]);
}

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error("usage: node build/js/host/tools/pack-data.js IN.wasm OUT.wasm");
    process.exit(2);
  }
  try {
    const packed = packData(readFileSync(input));
    writeFileSync(output, packed.module);
    console.log(`pack-data: ${packed.before} data segments merged into ${packed.after}; ${output}: ${packed.module.length} bytes`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
