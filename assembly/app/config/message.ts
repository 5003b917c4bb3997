// The error of the last configLoad: a code, the tag at fault and an ASCII
// message naming the field by its JSON path and saying the fix, composed in a
// static buffer from literals and numbers (every append bounded).

// The codes (E_OK, E_SHORT ... E_CONFLICT) are declared once, in host/config.schema.json's
// "x-errors", and generated into schema.generated.ts.
import { E_OK } from "./schema.generated";
export * from "./schema.generated";

const CAP: i32 = 200;
const TEXT: usize = memory.data(CAP);
let used: i32 = 0;

export let errorCode: i32 = 0;
export let errorTag: i32 = 0;

export function errorText(): usize { return TEXT; }
export function errorTextLength(): i32 { return used; }

export function clearError(): void {
  errorCode = E_OK;
  errorTag = 0;
  used = 0;
}

/** Starts an error: records code and tag and empties the text. Returns the code. */
export function begin(code: i32, tag: u32): i32 {
  errorCode = code;
  errorTag = <i32>tag;
  used = 0;
  return code;
}

function put(c: u32): void {
  if (used >= CAP) return;
  store<u8>(TEXT + <usize>used, <u8>c);
  used++;
}

/** Appends an ASCII literal given by address (UTF-16 in memory, length at address - 4). */
export function lit(literal: usize): void {
  if (literal == 0) return;
  const n = <i32>(load<u32>(literal - 4) >> 1);
  for (let i = 0; i < n; i++) put(<u32>load<u16>(literal + (<usize>i << 1)));
}

/** Appends a decimal number. */
export function dec(v: u32): void {
  let div: u32 = 1;
  while (v / div >= 10) div *= 10;
  while (div > 0) {
    put(0x30 + (v / div) % 10);
    div /= 10;
  }
}

/** Appends 0x and two hex digits. */
export function hex8(v: u32): void {
  put(0x30);
  put(0x78);
  const hi = (v >> 4) & 15, lo = v & 15;
  put(hi < 10 ? 0x30 + hi : 0x57 + hi);
  put(lo < 10 ? 0x30 + lo : 0x57 + lo);
}

/** Appends "[i]". */
export function index(i: i32): void {
  put(0x5b);
  dec(<u32>i);
  put(0x5d);
}

export function char(c: u32): void { put(c); }
