// Run after the build: does build/firmware.wasm fit every board in boards/?
// It reads the module's declared linear memory from its binary (memory and
// import sections) and its size, and checks each board's limits.
//
//   node build/js/host/tools/check-boards.js [--boards DIR] [--image FILE]
//
// Exit 0 with one line per board when all fit; exit 1 naming each board that
// does not (or whose definition is invalid) and why; exit 2 when it cannot run
// (a usage error, a missing file).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { checkFit, defaultBoardsDir, flashNeeded, listBoards, loadBoard } from "../boards.js";
import { defaultImagePath } from "../firmware.js";

export const PAGE_BYTES = 65536;

/** One linear memory a module declares (memory section) or imports (import section). */
export interface DeclaredMemory {
  initialPages: number;
  maximumPages: number | null;
  imported: boolean;
  memory64: boolean;
}

/** Reads the WebAssembly binary format: a cursor over bytes with LEB128 integers. */
class WasmReader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array, private readonly end = bytes.length) {}

  get done(): boolean {
    return this.pos >= this.end;
  }
  byte(): number {
    if (this.pos >= this.end) throw new Error(`not a valid wasm module: unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }
  /** Unsigned LEB128, up to maxBits (32, or 64 for memory64 limits; exact below 2^53). */
  uleb(maxBits = 32): number {
    let result = 0;
    let scale = 1;
    for (let shift = 0; shift < maxBits; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new Error(`not a valid wasm module: LEB128 longer than ${maxBits} bits at byte ${this.pos}`);
  }
  /** Signed LEB128 (value types and heap types); only skipped here. */
  skipSleb(): void {
    while ((this.byte() & 0x80) !== 0) { /* continuation */ }
  }
  skip(n: number): void {
    if (this.pos + n > this.end) throw new Error(`not a valid wasm module: a field runs past byte ${this.end}`);
    this.pos += n;
  }
  name(): void {
    this.skip(this.uleb());
  }
  /** Limits of a memory or table: flags bit 0 = has maximum, bit 2 = 64-bit. */
  limits(): { initial: number; maximum: number | null; is64: boolean } {
    const flags = this.uleb();
    const is64 = (flags & 4) !== 0;
    const bits = is64 ? 64 : 32;
    const initial = this.uleb(bits);
    const maximum = (flags & 1) !== 0 ? this.uleb(bits) : null;
    return { initial, maximum, is64 };
  }
  valueType(): void {
    const t = this.byte();
    if (t === 0x63 || t === 0x64) this.skipSleb(); // (ref null? heaptype)
  }
}

/** Every linear memory of a module: imported ones first, then its own, in index order. */
export function readMemories(bytes: Uint8Array): DeclaredMemory[] {
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) throw new Error("not a wasm module: no \\0asm header");
  const version = bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24);
  if (version !== 1) throw new Error(`not a wasm module this reader knows: version ${version}`);
  const top = new WasmReader(bytes);
  top.pos = 8;
  const memories: DeclaredMemory[] = [];
  while (!top.done) {
    const id = top.byte();
    const size = top.uleb();
    const start = top.pos;
    top.skip(size);
    if (id !== 2 && id !== 5) continue;
    const r = new WasmReader(bytes, start + size);
    r.pos = start;
    const count = r.uleb();
    for (let i = 0; i < count; i++) {
      if (id === 5) {
        const l = r.limits();
        memories.push({ initialPages: l.initial, maximumPages: l.maximum, imported: false, memory64: l.is64 });
        continue;
      }
      r.name(); // module
      r.name(); // field
      const kind = r.byte();
      if (kind === 0) r.uleb(); // function: type index
      else if (kind === 1) { r.valueType(); r.limits(); } // table: reference type, limits
      else if (kind === 2) {
        const l = r.limits();
        memories.push({ initialPages: l.initial, maximumPages: l.maximum, imported: true, memory64: l.is64 });
      } else if (kind === 3) { r.valueType(); r.byte(); } // global: type, mutability
      else if (kind === 4) { r.byte(); r.uleb(); } // tag: attribute, type index
      else throw new Error(`not a wasm module this reader knows: import kind ${kind}`);
    }
  }
  return memories;
}

/** Linear memory the module can use: each memory's maximum (its initial size when it declares none). */
export function memoryNeeded(memories: DeclaredMemory[]): number {
  return memories.reduce((sum, m) => sum + (m.maximumPages ?? m.initialPages) * PAGE_BYTES, 0);
}

function describe(memories: DeclaredMemory[]): string {
  if (memories.length === 0) return "no linear memory";
  return memories.map((m) => {
    const max = m.maximumPages === null ? "no maximum" : `maximum ${m.maximumPages}`;
    return `${m.imported ? "imported" : "own"} memory: initial ${m.initialPages} pages, ${max}`;
  }).join("; ");
}

interface Options { boards: string; image: string }

function parseArgs(args: string[]): Options {
  const options: Partial<Options> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if ((flag === "--boards" || flag === "--image") && value !== undefined) {
      options[flag === "--boards" ? "boards" : "image"] = value;
      i++;
    } else {
      throw new Error(`unexpected argument ${JSON.stringify(flag)}: usage: check-boards [--boards DIR] [--image FILE]`);
    }
  }
  return { boards: options.boards ?? defaultBoardsDir(), image: options.image ?? defaultImagePath() };
}

/** Checks every board of options.boards against the module; returns the exit code. */
export function checkBoards(options: Options, out: (line: string) => void, err: (line: string) => void): number {
  const bytes = readFileSync(options.image);
  if (!WebAssembly.validate(bytes)) {
    err(`${options.image}: not a valid WebAssembly module`);
    return 1;
  }
  const memories = readMemories(bytes);
  const memory = memoryNeeded(memories);
  out(`${path.basename(options.image)}: ${bytes.length} bytes, ${memory} bytes of linear memory (${describe(memories)})`);
  if (memories.some((m) => m.maximumPages === null)) {
    err("warning: a memory declares no maximum: it may grow past what is counted here");
  }
  const names = listBoards(options.boards);
  if (names.length === 0) {
    err(`no boards in ${options.boards}`);
    return 1;
  }
  let failed = 0;
  for (const name of names) {
    try {
      const board = loadBoard(name, options.boards);
      const problems = checkFit(board, bytes.length, memory);
      if (problems.length > 0) {
        failed++;
        for (const p of problems) err(p);
        continue;
      }
      out(`${name}: fits (${board.runtime}): linear memory ${memory} of ${board.memoryLimitBytes} bytes, ` +
        `flash ${flashNeeded(board, bytes.length)} of ${board.imageLimitBytes} bytes`);
    } catch (e) {
      failed++;
      err(`${name}: ${(e as Error).message}`);
    }
  }
  if (failed > 0) err(`${failed} of ${names.length} boards do not fit or are invalid`);
  return failed > 0 ? 1 : 0;
}

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  let code: number;
  try {
    code = checkBoards(parseArgs(process.argv.slice(2)), console.log, console.error);
  } catch (e) {
    console.error((e as Error).message);
    code = 2;
  }
  process.exit(code);
}
