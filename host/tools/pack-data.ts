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
import { SectionId, WasmReader, customSection, dataSegment, dataSegments, section, sections, uleb, type DataSegment as Segment } from "../wasm-binary.js";

/** Gaps of at most this many octets are filled with zeros: less than one copy call costs in ARM code. */
export const MAX_GAP = 40;

const NAME_SUBSECTION_DATA = 9; // extended name section: data segment names

export { dataSegments as readSegments, sections };

/** Segments sorted by offset, neighbours at most `maxGap` apart joined with zeros between them. */
export function mergeSegments(segments: Segment[], maxGap = MAX_GAP): Segment[] {
  const sorted = [...segments].sort((a, b) => a.offset - b.offset);
  const out: { offset: number; parts: Uint8Array[]; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.offset < last.end) throw new Error(`data segments overlap at ${s.offset}`);
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
  return section(SectionId.Data, Buffer.concat([Buffer.from(uleb(segments.length)), ...segments.map(dataSegment)]));
}

/** A name section without its data-segment names (their indices no longer hold). */
function nameSectionWithoutDataNames(name: string, data: Uint8Array): Buffer {
  const r = new WasmReader(data);
  const kept: Uint8Array[] = [];
  while (!r.done) {
    const start = r.pos;
    const id = r.byte();
    r.take(r.uleb());
    if (id !== NAME_SUBSECTION_DATA) kept.push(data.subarray(start, r.pos));
  }
  return customSection(name, Buffer.concat(kept));
}

/** The module with its data segments merged; its count before and after. */
export function packData(module: Uint8Array, maxGap = MAX_GAP): { module: Buffer; before: number; after: number } {
  const all = sections(module);
  const data = all.find((s) => s.id === SectionId.Data);
  const segments = data ? dataSegments(data.payload) : [];
  const merged = mergeSegments(segments, maxGap);
  const out: Buffer[] = [Buffer.from(module.subarray(0, 8))];
  for (const s of all) {
    if (s.id === SectionId.Data) out.push(dataSection(merged));
    else if (s.id === SectionId.DataCount) out.push(section(SectionId.DataCount, uleb(merged.length)));
    else if (s.custom?.name === "name") out.push(nameSectionWithoutDataNames(s.custom.name, s.custom.data));
    else out.push(Buffer.from(module.subarray(s.start, s.end)));
  }
  return { module: Buffer.concat(out), before: segments.length, after: merged.length };
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
    console.error(`pack-data: ${input}: ${(err as Error).message}`);
    process.exit(1);
  }
}
