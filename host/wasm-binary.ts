// The WebAssembly binary format (WebAssembly spec 2.0, chapter 5), as far as
// the host's tools read and write it: the sections of a module, LEB128
// integers, the linear memories a module declares or imports, the active data
// segments. One reader for the board fit check (tools/check-boards.ts) and
// the data-segment packer (tools/pack-data.ts).
//
// Every malformed input is refused with a WasmFormatError saying what is wrong
// and at which byte, never read past its end.

/** "\0asm" and version 1: the eight octets every module starts with. */
export const HEADER = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

export const SectionId = {
  Custom: 0, Type: 1, Import: 2, Function: 3, Table: 4, Memory: 5, Global: 6,
  Export: 7, Start: 8, Element: 9, Code: 10, Data: 11, DataCount: 12, Tag: 13,
} as const;

/** A module (or a part of one) that does not follow the binary format. */
export class WasmFormatError extends Error {
  override name = "WasmFormatError";
}

/** The error for a module that breaks the format: what is wrong, and where. */
function malformed(detail: string): WasmFormatError {
  return new WasmFormatError(`not a valid WebAssembly module: ${detail}`);
}

/** A cursor over `bytes[pos, end)`; every read checks `end`. Positions in messages are indices into `bytes`. */
export class WasmReader {
  constructor(readonly bytes: Uint8Array, public pos = 0, readonly end = bytes.length) {}

  get done(): boolean {
    return this.pos >= this.end;
  }
  byte(): number {
    if (this.pos >= this.end) throw malformed(`${this.end === this.bytes.length ? "the file" : "its section"} ends at byte ${this.pos}, in the middle of a field (truncated)`);
    return this.bytes[this.pos++];
  }
  /** Unsigned LEB128 of at most `bits` bits (32; 64 for memory64 limits, exact below 2^53). */
  uleb(bits = 32): number {
    const start = this.pos;
    let value = 0;
    for (let shift = 0, scale = 1; shift < bits; shift += 7, scale *= 128) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) !== 0) continue;
      if (bits <= 32 && value >= 2 ** bits) throw malformed(`the LEB128 number at byte ${start} exceeds ${bits} bits`);
      return value;
    }
    throw malformed(`the LEB128 number at byte ${start} is longer than ${Math.ceil(bits / 7)} bytes (a ${bits}-bit number)`);
  }
  /** Signed LEB128 of 32 bits (an i32.const). */
  sleb32(): number {
    const start = this.pos;
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) !== 0) continue;
      return shift + 7 < 32 && (b & 0x40) !== 0 ? value | (-1 << (shift + 7)) : value;
    }
    throw malformed(`the signed LEB128 number at byte ${start} is longer than 5 bytes (a 32-bit number)`);
  }
  /** `n` octets, as a view into the bytes. */
  take(n: number): Uint8Array {
    if (this.pos + n > this.end) {
      throw malformed(`a field of ${n} bytes at byte ${this.pos} runs past byte ${this.end}, where its ${this.end === this.bytes.length ? "file" : "section"} ends`);
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** A name: its length, then that many octets of UTF-8. */
  name(): string {
    return Buffer.from(this.take(this.uleb())).toString("utf8");
  }
  /** Limits of a memory or table: flags bit 0 = has a maximum, bit 2 = 64-bit. */
  limits(): { initial: number; maximum: number | null; is64: boolean } {
    const flags = this.uleb();
    const is64 = (flags & 4) !== 0;
    const bits = is64 ? 64 : 32;
    const initial = this.uleb(bits);
    const maximum = (flags & 1) !== 0 ? this.uleb(bits) : null;
    return { initial, maximum, is64 };
  }
  /** A value type, skipped: one octet, or (ref null? heaptype) with its signed LEB128 heap type. */
  skipValueType(): void {
    const t = this.byte();
    if (t === 0x63 || t === 0x64) while ((this.byte() & 0x80) !== 0) { /* continuation */ }
  }
}

/** One section: its id, where it lies in the module ([start, end) including id and size), its content. */
export interface Section {
  id: number;
  start: number;
  end: number;
  payload: Uint8Array;
  /** A custom section's name and the data after it. */
  custom?: { name: string; data: Uint8Array };
}

/** The sections of a module, in order; throws a WasmFormatError on a file that is not one. */
export function sections(bytes: Uint8Array): Section[] {
  if (bytes.length < HEADER.length || HEADER.some((h, i) => bytes[i] !== h)) {
    throw new WasmFormatError("not a WebAssembly module (no \\0asm version 1 header)");
  }
  const r = new WasmReader(bytes, HEADER.length);
  const out: Section[] = [];
  while (!r.done) {
    const start = r.pos;
    const id = r.byte();
    const size = r.uleb();
    if (r.pos + size > bytes.length) {
      throw malformed(`section ${id} at byte ${start} declares ${size} bytes, but the file ends after ${bytes.length - r.pos} (truncated)`);
    }
    const payload = r.take(size);
    const s: Section = { id, start, end: r.pos, payload };
    if (id === SectionId.Custom) {
      const c = new WasmReader(bytes, r.pos - size, r.pos);
      const name = c.name();
      s.custom = { name, data: bytes.subarray(c.pos, r.pos) };
    }
    out.push(s);
  }
  return out;
}

/** A reader over one section's payload, positioned at its start, with positions in the whole module. */
export function sectionReader(bytes: Uint8Array, s: Section): WasmReader {
  return new WasmReader(bytes, s.end - s.payload.length, s.end);
}

/** One linear memory a module declares (memory section) or imports (import section). */
export interface DeclaredMemory {
  initialPages: number;
  maximumPages: number | null;
  imported: boolean;
  memory64: boolean;
}

/** Every linear memory of a module: imported ones first, then its own, in index order. */
export function readMemories(bytes: Uint8Array): DeclaredMemory[] {
  const all = sections(bytes);
  const out: DeclaredMemory[] = [];
  const memory = (l: ReturnType<WasmReader["limits"]>, imported: boolean): DeclaredMemory =>
    ({ initialPages: l.initial, maximumPages: l.maximum, imported, memory64: l.is64 });
  for (const s of all.filter((x) => x.id === SectionId.Import)) {
    const r = sectionReader(bytes, s);
    for (let i = r.uleb(); i > 0; i--) {
      r.name(); // module
      r.name(); // field
      const kind = r.byte();
      if (kind === 0) r.uleb(); // function: type index
      else if (kind === 1) { r.skipValueType(); r.limits(); } // table: reference type, limits
      else if (kind === 2) out.push(memory(r.limits(), true));
      else if (kind === 3) { r.skipValueType(); r.byte(); } // global: type, mutability
      else if (kind === 4) { r.byte(); r.uleb(); } // tag: attribute, type index
      else throw malformed(`import kind ${kind} at byte ${r.pos - 1} is none this reader knows (0 to 4)`);
    }
  }
  for (const s of all.filter((x) => x.id === SectionId.Memory)) {
    const r = sectionReader(bytes, s);
    for (let i = r.uleb(); i > 0; i--) out.push(memory(r.limits(), false));
  }
  return out;
}

/** An active data segment of memory 0 at a constant offset. */
export interface DataSegment { offset: number; bytes: Uint8Array }

const I32_CONST = 0x41, END = 0x0b;

/** The segments of a Data section's payload; a passive segment, another memory or a computed offset is refused. */
export function dataSegments(payload: Uint8Array): DataSegment[] {
  const r = new WasmReader(payload);
  const out: DataSegment[] = [];
  for (let k = 0, count = r.uleb(); k < count; k++) {
    if (r.uleb() !== 0) throw new Error(`data segment ${k} is not an active segment of memory 0`);
    if (r.byte() !== I32_CONST) throw new Error(`data segment ${k} has an offset that is not i32.const`);
    const offset = r.sleb32() >>> 0;
    if (r.byte() !== END) throw new Error(`data segment ${k} has an offset expression longer than one constant`);
    out.push({ offset, bytes: r.take(r.uleb()) });
  }
  return out;
}

// ---- Writing ----

/** Unsigned LEB128 of `n` (0 to 2^53). */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb32(v: number): number[] {
  const out: number[] = [];
  v |= 0;
  for (;;) {
    const x = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (x & 0x40) === 0) || (v === -1 && (x & 0x40) !== 0)) return [...out, x];
    out.push(x | 0x80);
  }
}

/** A section: id, payload size, payload. */
export function section(id: number, payload: Uint8Array | number[]): Buffer {
  return Buffer.concat([Buffer.from([id, ...uleb(payload.length)]), Buffer.from(payload)]);
}

/** A custom section named `name` holding `data`. */
export function customSection(name: string, data: Uint8Array): Buffer {
  const n = Buffer.from(name, "utf8");
  return section(SectionId.Custom, Buffer.concat([Buffer.from(uleb(n.length)), n, data]));
}

/** One active data segment of memory 0 at a constant offset, as a Data section lists it. */
export function dataSegment(s: DataSegment): Buffer {
  return Buffer.concat([Buffer.from([0, I32_CONST, ...sleb32(s.offset), END, ...uleb(s.bytes.length)]), Buffer.from(s.bytes)]);
}

/**
 * The start value of a module's first global when it is a mutable i32 set by
 * `i32.const` (asc's `__stack_pointer`: where its shadow stack starts, growing
 * down); null for any other first global. A positive sleb128 reads as uleb128.
 */
export function firstGlobalStart(bytes: Uint8Array): number | null {
  const globals = sections(bytes).find((s) => s.id === 6);
  if (!globals) return null;
  const r = sectionReader(bytes, globals);
  if (r.uleb() === 0 || r.byte() !== 0x7f || r.byte() !== 1 || r.byte() !== 0x41) return null;
  return r.uleb();
}
