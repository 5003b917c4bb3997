// wasm2c's bounds check compares every access with the memory's current size,
// `mem->size`, a field the C compiler must load and cannot know. A module whose
// one memory is its own (not imported) and declares its maximum equal to its
// initial size can never grow (memory.grow past the maximum fails, WebAssembly
// Core §4.4.7.9 memory.grow), so that size is a constant: the release module's
// 2 pages. The Cortex-M build writes the constant into wasm2c's check, and gcc
// then folds the check away wherever the address is a constant (every record
// at its static address) and shortens it elsewhere. Nothing else changes: an
// access past the end traps exactly as before.
import { readFileSync, writeFileSync } from "node:fs";
import { readMemories } from "../wasm-binary.js";

const PAGE = 65536;
/** Part of the footprint build's inputs: objects compiled before this rewrite are not reused. */
export const FIXED_MEMORY_VERSION = "fixed-memory 1";
/** The line of wasm2c's RANGE_CHECK macro (WABT 1.0.3x) that reads the size. */
const CHECK = "if (UNLIKELY(offset + (uint64_t)len > mem->size))";

/** The memory's size in octets when it can never change, else null. */
export function fixedMemoryBytes(wasm: Uint8Array): number | null {
  const memories = readMemories(wasm);
  if (memories.length !== 1) return null;
  const [m] = memories;
  if (m.imported || m.memory64 || m.maximumPages === null || m.maximumPages !== m.initialPages) return null;
  return m.initialPages * PAGE;
}

/**
 * Rewrites wasm2c's output `c` of module `wasm` to check against the fixed size; returns that size, or null
 * when the memory can grow (the file is left as it is). Throws when wasm2c's check is not found exactly once.
 */
export function fixMemorySize(c: string, wasm: Uint8Array): number | null {
  const bytes = fixedMemoryBytes(wasm);
  if (bytes === null) return null;
  const text = readFileSync(c, "utf8");
  const found = text.split(CHECK).length - 1;
  if (found !== 1) throw new Error(`${c}: wasm2c's bounds check "${CHECK}" found ${found} times, not once: this wasm2c writes its RANGE_CHECK another way (host/tools/fixed-memory.ts)`);
  writeFileSync(c, text.replace(CHECK, `if (UNLIKELY(offset + (uint64_t)len > ${bytes}ull)) /* the memory's fixed size: host/tools/fixed-memory.ts */`));
  return bytes;
}
