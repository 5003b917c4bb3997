// Where the configuration lives: the active view and the octets of the block
// it points into, and the staging view a load validates into. A load commits
// by copying the staging view and the block (both bounded); a failed load
// leaves the active pair untouched. Initially the safe defaults are active.

import * as configLayout from "./layout";

export const STAGE: usize = memory.data(<i32>configLayout.VIEW_SIZE);
export const ACTIVE: usize = memory.data(<i32>configLayout.VIEW_SIZE);
const ACTIVE_BLOCK: usize = memory.data(configLayout.BLOCK_MAX);
/**
 * Where a whole block is put together before it is checked: start-up reads the stored block into it
 * (main.ts), a ConfigWrite assembles and expands one (app/serial/config-commands.ts). Free outside those.
 */
export const LOAD_BUFFER: usize = memory.data(configLayout.BLOCK_MAX);

/** Writes the safe defaults into `view`: no texts, no registrar, empty lists, every number at its schema default. */
export function writeDefaults(view: usize): void {
  for (let i: usize = 0; i < configLayout.VIEW_SIZE; i++) store<u8>(view + i, 0);
  configLayout.writeNumberDefaults(view + configLayout.V_NUMBERS);
}

/** The defaults of a new list entry (button ring timeout, relay pulse; the rest is 0). */
export function writeButtonDefaults(view: usize, i: i32): void {
  const b = view + configLayout.buttonOffset(i);
  for (let k: usize = 0; k < configLayout.BUTTON_SIZE; k++) store<u8>(b + k, 0);
  store<u16>(b + 2, <u16>configLayout.D_BUTTON_RING_TIMEOUT);
}

export function writeRelayDefaults(view: usize, i: i32): void {
  const r = view + configLayout.relayOffset(i);
  for (let k: usize = 0; k < configLayout.RELAY_SIZE; k++) store<u8>(r + k, 0);
  store<u16>(r + 2, <u16>configLayout.D_RELAY_PULSE_MS);
}

export function setNumber(view: usize, tag: u32, v: u32): void { store<u32>(view + configLayout.numberOffset(tag), v); }
export function number(view: usize, tag: u32): u32 { return load<u32>(view + configLayout.numberOffset(tag)); }

/** A text reference: offset from the block start (0 when empty) and length. */
export function setRef(at: usize, offset: i32, len: i32): void {
  store<u16>(at, <u16>(len > 0 ? offset : 0));
  store<u16>(at + 2, <u16>len);
}
export function refOffset(at: usize): i32 { return <i32>load<u16>(at); }
export function refLength(at: usize): i32 { return <i32>load<u16>(at + 2); }

/** List counts, in order: buttons, relays, access codes, allowed callers. */
export const COUNT_BUTTONS: usize = 0;
export const COUNT_RELAYS: usize = 1;
export const COUNT_ACCESS: usize = 2;
export const COUNT_ALLOWED: usize = 3;
export function count(view: usize, which: usize): i32 { return <i32>load<u8>(view + configLayout.V_COUNTS + which); }
export function setCount(view: usize, which: usize, n: i32): void { store<u8>(view + configLayout.V_COUNTS + which, <u8>n); }

/** Makes the staging view active, with a copy of the `len` block octets at `block` it points into. */
export function commit(block: usize, len: i32): void {
  const n = len < 0 ? 0 : (len > configLayout.BLOCK_MAX ? configLayout.BLOCK_MAX : len);
  for (let i: usize = 0; i < <usize>n; i++) store<u8>(ACTIVE_BLOCK + i, load<u8>(block + i));
  for (let i: usize = 0; i < configLayout.VIEW_SIZE; i++) store<u8>(ACTIVE + i, load<u8>(STAGE + i));
}

/** Makes the safe defaults active (and wipes the kept block, password included). */
export function activateDefaults(): void {
  for (let i: usize = 0; i < <usize>configLayout.BLOCK_MAX; i++) store<u8>(ACTIVE_BLOCK + i, 0);
  writeDefaults(ACTIVE);
}

/** Whether the active configuration equals the safe defaults (uses the staging view as scratch). */
export function activeIsDefault(): bool {
  writeDefaults(STAGE);
  for (let i: usize = 0; i < configLayout.VIEW_SIZE; i++) if (load<u8>(STAGE + i) != load<u8>(ACTIVE + i)) return false;
  return true;
}

// ---- Reading the active configuration ----

/** The address of a text referenced at view offset `at` (inside the kept block). */
export function activeText(at: usize): usize { return ACTIVE_BLOCK + <usize>refOffset(ACTIVE + at); }
export function activeTextLength(at: usize): i32 { return refLength(ACTIVE + at); }
export function activeNumber(tag: u32): u32 { return number(ACTIVE, tag); }
export function activeCount(which: usize): i32 { return count(ACTIVE, which); }
export function activeU8(at: usize): u32 { return <u32>load<u8>(ACTIVE + at); }
export function activeU16(at: usize): u32 { return <u32>load<u16>(ACTIVE + at); }

/** The active block's octets (no copy) and its length: 0 while the safe defaults are active. */
export function activeBlock(): usize { return ACTIVE_BLOCK; }
export function activeBlockLength(): i32 {
  if (load<u32>(ACTIVE_BLOCK) != configLayout.MAGIC) return 0;
  return configLayout.HEADER_SIZE + <i32>load<u32>(ACTIVE_BLOCK + 6);
}

/** Whether `i` indexes one of `which`'s `n` entries. */
export function inList(which: usize, i: i32): bool { return i >= 0 && i < activeCount(which); }

// The start-up state: the safe defaults (module start runs this once).
writeDefaults(ACTIVE);
