// Reading and rewriting a wasm binary: the memory limits it declares, and
// the export order wasm-interp runs in.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./settings.js";

function readLeb(b: Uint8Array, at: number): [number, number] {
  let result = 0, shift = 0, pos = at;
  for (;;) {
    const byte = b[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [result, pos];
  }
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A section: where its id byte is, and its payload bounds. */
interface Section { id: number; at: number; start: number; end: number }

function sections(b: Uint8Array): Section[] {
  const out: Section[] = [];
  let pos = 8;
  while (pos < b.length) {
    const id = b[pos];
    const [size, p] = readLeb(b, pos + 1);
    out.push({ id, at: pos, start: p, end: p + size });
    pos = p + size;
  }
  return out;
}

/** Memory limits the module declares (or imports), in 64 KiB pages. */
function memoryLimits(b: Uint8Array): { initial: number; maximum: number | null; imported: boolean } | null {
  for (const s of sections(b)) {
    if (s.id === 5) {
      let [count, p] = readLeb(b, s.start);
      if (count === 0) return null;
      const flags = b[p++];
      const [initial, p2] = readLeb(b, p);
      const maximum = flags & 1 ? readLeb(b, p2)[0] : null;
      return { initial, maximum, imported: false };
    }
    if (s.id === 2) {
      let [count, p] = readLeb(b, s.start);
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < 2; k++) { const [len, q] = readLeb(b, p); p = q + len; }
        const kind = b[p++];
        if (kind === 0) p = readLeb(b, p)[1];
        else if (kind === 1) { p++; const f = b[p++]; p = readLeb(b, p)[1]; if (f & 1) p = readLeb(b, p)[1]; }
        else if (kind === 2) {
          const f = b[p++];
          const [initial, q] = readLeb(b, p);
          return { initial, maximum: f & 1 ? readLeb(b, q)[0] : null, imported: true };
        } else if (kind === 3) p += 2;
      }
    }
  }
  return null;
}

/** The module with its export `first` moved to the head of the export section. */
export function exportFirst(b: Uint8Array, first: string): Uint8Array {
  const s = sections(b).find((x) => x.id === 7);
  if (!s) return b;
  let [count, p] = readLeb(b, s.start);
  const entries: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const from = p;
    const [len, q] = readLeb(b, p);
    const name = Buffer.from(b.subarray(q, q + len)).toString("utf8");
    p = readLeb(b, q + len + 1)[1];
    entries.push({ name, bytes: b.subarray(from, p) });
  }
  entries.sort((x, y) => Number(y.name === first) - Number(x.name === first));
  const payload = Buffer.concat([Buffer.from(leb(count)), ...entries.map((e) => e.bytes)]);
  return Buffer.concat([b.subarray(0, s.at), Buffer.from([7, ...leb(payload.length)]), payload, b.subarray(s.end)]);
}

export interface ModuleInfo {
  path: string;
  bytes: number;
  memory: { initial: number; maximum: number | null; imported: boolean; initialBytes: number } | null;
}

/** Size and memory of the firmware image (section 2). */
export function describeModule(image: string): ModuleInfo {
  const limits = memoryLimits(new Uint8Array(readFileSync(image)));
  return {
    path: path.relative(ROOT, image),
    bytes: statSync(image).size,
    memory: limits ? { ...limits, initialBytes: limits.initial * 65536 } : null,
  };
}
