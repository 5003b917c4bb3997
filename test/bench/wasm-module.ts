// Reading and rewriting a wasm binary: the memory limits it declares, and
// the export order wasm-interp runs in.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./settings.js";
import { SectionId, readMemories, section, sectionReader, sections, uleb } from "../../host/wasm-binary.js";

/** The module with its export `first` moved to the head of the export section. */
export function exportFirst(b: Uint8Array, first: string): Uint8Array {
  const s = sections(b).find((x) => x.id === SectionId.Export);
  if (!s) return b;
  const r = sectionReader(b, s);
  const entries: { name: string; bytes: Uint8Array }[] = [];
  for (let i = r.uleb(); i > 0; i--) {
    const from = r.pos;
    const name = r.name();
    r.byte(); // kind
    r.uleb(); // index
    entries.push({ name, bytes: b.subarray(from, r.pos) });
  }
  entries.sort((x, y) => Number(y.name === first) - Number(x.name === first));
  const payload = Buffer.concat([Buffer.from(uleb(entries.length)), ...entries.map((e) => e.bytes)]);
  return Buffer.concat([b.subarray(0, s.start), section(SectionId.Export, payload), b.subarray(s.end)]);
}

export interface ModuleInfo {
  path: string;
  bytes: number;
  memory: { initial: number; maximum: number | null; imported: boolean; initialBytes: number } | null;
}

/** Size and memory of the firmware image (section 2). */
export function describeModule(image: string): ModuleInfo {
  const [m] = readMemories(new Uint8Array(readFileSync(image)));
  return {
    path: path.relative(ROOT, image),
    bytes: statSync(image).size,
    memory: m ? { initial: m.initialPages, maximum: m.maximumPages, imported: m.imported, initialBytes: m.initialPages * 65536 } : null,
  };
}
