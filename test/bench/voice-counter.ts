// WebAssembly instructions executed, counted by the module itself: a copy of
// build/firmware.wasm in which every straight run of instructions first adds
// its length to an exported global, `__instructions` (an i32 that wraps; take
// differences modulo 2^32). Nothing else changes: the same functions, the same
// imports and exports, so the copy runs under the real board ABI (host/intercom.ts)
// and the voice bench counts a frame as the board runs it.
//
// A run ends at a control instruction (block, loop, if, else, end, br, br_if,
// br_table, return, unreachable): after it, execution may come from elsewhere,
// so the next run gets its own counter. Each instruction of the original is
// counted once when it executes (the body's and a branched-over block's `end`
// are not, as in wabt's interpreter). The four instructions of each counter are not counted.
// Opcodes and immediates: the WebAssembly core specification, §5.4
// (instructions) with the sign-extension, non-trapping float-to-int and bulk
// memory proposals asc emits.
import { SectionId, WasmReader, section, sections, sectionReader, sleb32, uleb } from "../../host/wasm-binary.js";

export const COUNTER_EXPORT = "__instructions";

const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, END = 0x0b, BR = 0x0c, BR_IF = 0x0d, BR_TABLE = 0x0e;
const RETURN = 0x0f, UNREACHABLE = 0x00;
const ENDS_RUN = new Set([BLOCK, LOOP, IF, ELSE, END, BR, BR_IF, BR_TABLE, RETURN, UNREACHABLE]);
/** unreachable, nop, else, end, return, drop, select, the numeric instructions (0x45-0xc4), ref.is_null. */
const NO_IMMEDIATES = (op: number): boolean =>
  op === UNREACHABLE || op === 0x01 || op === ELSE || op === END || op === RETURN || op === 0x1a || op === 0x1b || (op >= 0x45 && op <= 0xc4) || op === 0xd1;

/** Skips one instruction's immediates (the opcode `op` is read). */
function skipImmediates(r: WasmReader, op: number): void {
  if (op === BLOCK || op === LOOP || op === IF) { r.sleb32(); return; } // block type: s33, one byte for asc's
  if (op === BR || op === BR_IF || (op >= 0x20 && op <= 0x26) || op === 0x10 || op === 0xd2) { r.uleb(); return; }
  if (op === BR_TABLE) { for (let n = r.uleb(); n >= 0; n--) r.uleb(); return; } // the targets and the default
  if (op === 0x11) { r.uleb(); r.uleb(); return; } // call_indirect: type, table
  if (op === 0x1c) { for (let n = r.uleb(); n > 0; n--) r.skipValueType(); return; } // typed select
  if (op >= 0x28 && op <= 0x3e) { r.uleb(); r.uleb(); return; } // memarg: align, offset
  if (op === 0x3f || op === 0x40) { r.byte(); return; } // memory.size/grow: memory 0
  if (op === 0x41) { r.sleb32(); return; }
  if (op === 0x42) { while ((r.byte() & 0x80) !== 0) { /* i64.const: signed LEB128 of 64 bits */ } return; }
  if (op === 0x43) { r.take(4); return; }
  if (op === 0x44) { r.take(8); return; }
  if (op === 0xd0) { r.skipValueType(); return; }
  if (op === 0xfc) {
    const sub = r.uleb();
    if (sub <= 7) return; // saturating truncations
    if (sub === 8) { r.uleb(); r.byte(); return; } // memory.init
    if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) { r.uleb(); return; }
    if (sub === 10) { r.byte(); r.byte(); return; } // memory.copy
    if (sub === 11) { r.byte(); return; } // memory.fill
    if (sub === 12 || sub === 14) { r.uleb(); r.uleb(); return; }
    throw new Error(`voice-counter: unknown 0xfc instruction ${sub} at byte ${r.pos}`);
  }
  if (op === 0xfd) throw new Error(`voice-counter: a SIMD instruction at byte ${r.pos}: not counted by this tool`);
  if (NO_IMMEDIATES(op)) return;
  throw new Error(`voice-counter: unknown opcode 0x${op.toString(16)} at byte ${r.pos - 1}`);
}

/** One function body with a counter before each run; `g` is the counter's global index. */
function instrumentBody(body: Uint8Array, g: number): Buffer {
  const r = new WasmReader(body);
  for (let n = r.uleb(); n > 0; n--) { r.uleb(); r.skipValueType(); } // locals
  const parts: Buffer[] = [Buffer.from(body.subarray(0, r.pos))];
  const bump = (n: number): Buffer => Buffer.from([0x23, ...uleb(g), 0x41, ...sleb32(n), 0x6a, 0x24, ...uleb(g)]);
  let runStart = r.pos, count = 0;
  const close = (): void => {
    if (count > 0) parts.push(bump(count));
    parts.push(Buffer.from(body.subarray(runStart, r.pos)));
    runStart = r.pos;
    count = 0;
  };
  while (!r.done) {
    const op = r.byte();
    skipImmediates(r, op);
    const last = r.done; // the body's own `end`: not counted, as nothing executes it
    if (!last) count++;
    if (ENDS_RUN.has(op) || last) close();
  }
  return Buffer.concat(parts);
}

/** How many globals the module imports (they come first in the index space). */
function importedGlobals(b: Uint8Array): number {
  const s = sections(b).find((x) => x.id === SectionId.Import);
  if (!s) return 0;
  const r = sectionReader(b, s);
  let globals = 0;
  for (let n = r.uleb(); n > 0; n--) {
    r.name(); r.name();
    const kind = r.byte();
    if (kind === 0) r.uleb();
    else if (kind === 1) { r.skipValueType(); r.limits(); }
    else if (kind === 2) r.limits();
    else if (kind === 3) { r.skipValueType(); r.byte(); globals++; }
    else r.uleb(); // a tag
  }
  return globals;
}

/** The module with the counting global `__instructions` added, exported, and bumped by every run of instructions. */
export function instrument(module: Uint8Array): Uint8Array<ArrayBuffer> {
  const all = sections(module);
  const globalSection = all.find((s) => s.id === SectionId.Global);
  if (!globalSection) throw new Error("voice-counter: the module has no global section (asc always writes its stack pointer there)");
  const defined = sectionReader(module, globalSection).uleb();
  const g = importedGlobals(module) + defined;
  const counter = Buffer.from([0x7f, 0x01, 0x41, 0x00, END]); // mut i32 = 0
  const out: Buffer[] = [Buffer.from(module.subarray(0, 8))];
  for (const s of all) {
    const r = sectionReader(module, s);
    if (s.id === SectionId.Global) {
      r.uleb();
      out.push(section(s.id, Buffer.concat([Buffer.from(uleb(defined + 1)), Buffer.from(module.subarray(r.pos, s.end)), counter])));
    } else if (s.id === SectionId.Export) {
      const n = r.uleb();
      const name = Buffer.from(COUNTER_EXPORT);
      out.push(section(s.id, Buffer.concat([Buffer.from(uleb(n + 1)), Buffer.from(module.subarray(r.pos, s.end)),
        Buffer.from([...uleb(name.length)]), name, Buffer.from([0x03, ...uleb(g)])])));
    } else if (s.id === SectionId.Code) {
      const bodies: Buffer[] = [];
      const n = r.uleb();
      for (let i = 0; i < n; i++) {
        const size = r.uleb();
        const body = instrumentBody(r.take(size), g);
        bodies.push(Buffer.concat([Buffer.from(uleb(body.length)), body]));
      }
      out.push(section(s.id, Buffer.concat([Buffer.from(uleb(n)), ...bodies])));
    } else {
      out.push(Buffer.from(module.subarray(s.start, s.end)));
    }
  }
  return new Uint8Array(Buffer.concat(out));
}
