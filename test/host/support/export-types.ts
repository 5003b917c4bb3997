// The value types of a module's exported functions, read from its binary
// (WebAssembly spec 2.0, §5.5: the type, import, function and export
// sections) through the host's one reader, host/wasm-binary.ts. The JS API
// names a module's exports but not their signatures.
import { SectionId, sectionReader, sections, type WasmReader } from "../../../host/wasm-binary.js";

/** Number types as the binary format writes them (§5.3.1). */
export const VALUE_TYPES: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64" };

export interface Signature {
  params: string[];
  results: string[];
}

const vector = <T>(r: WasmReader, item: () => T): T[] => Array.from({ length: r.uleb() }, item);
const valueType = (r: WasmReader): string => {
  const t = r.byte();
  return VALUE_TYPES[t] ?? `0x${t.toString(16)}`;
};

/** Each exported function of the module by name, with its parameter and result types. */
export function exportedSignatures(bytes: Uint8Array): Map<string, Signature> {
  const types: Signature[] = [];
  const functionTypes: number[] = []; // imported functions first, then the module's own (§2.5.1)
  const exported: [string, number][] = [];
  for (const s of sections(bytes)) {
    const r = sectionReader(bytes, s);
    if (s.id === SectionId.Type) {
      vector(r, () => {
        if (r.byte() !== 0x60) throw new Error("a function type that does not start with 0x60");
        return types.push({ params: vector(r, () => valueType(r)), results: vector(r, () => valueType(r)) });
      });
    } else if (s.id === SectionId.Import) {
      vector(r, () => {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) functionTypes.push(r.uleb());
        else if (kind === 1) { r.skipValueType(); r.limits(); }
        else if (kind === 2) r.limits();
        else if (kind === 3) { r.skipValueType(); r.byte(); }
        else throw new Error(`an import of unknown kind ${kind}`);
      });
    } else if (s.id === SectionId.Function) {
      vector(r, () => functionTypes.push(r.uleb()));
    } else if (s.id === SectionId.Export) {
      vector(r, () => {
        const name = r.name();
        const kind = r.byte();
        const index = r.uleb();
        if (kind === 0) exported.push([name, index]);
      });
    }
  }
  return new Map(exported.map(([name, f]) => [name, types[functionTypes[f]]]));
}
