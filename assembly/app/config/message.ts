// The error of the last configLoad: a code, the tag at fault and an ASCII
// message naming the field by its JSON path and saying the fix, composed in a
// static buffer from literals and numbers (every append bounded).

// The codes (E_OK, E_SHORT ... E_CONFLICT) are declared once, in host/config.schema.json's
// "x-errors", and generated into schema.generated.ts.
import { S_TOP } from "./schema.generated";
export * from "./schema.generated";

const CAP: i32 = 200;
const TEXT: usize = memory.data(CAP);

/** The bookkeeping of one configLoad (this file's error, entries.ts's open entry); all zero is the state at start (loadStateReset). */
// @ts-ignore: decorator
@unmanaged export class LoadState {
  /** entries.ts: the fields the open entry gave, one bit per tag (tag & 15). */
  entrySeen: u32;
  /** The tag at fault. */
  errorTag: i32;
  /** E_OK .. E_CONFLICT. */
  errorCode: u8;
  /** Octets of TEXT written (at most CAP, 200). */
  used: u8;
  /** entries.ts: the scope of the open entry (S_TOP: none) and its index (read only while one is open). */
  openScope: u8;
  openIndex: i8;
}
export const LOAD_STATE: usize = memory.data(<i32>offsetof<LoadState>(), 4);
if (S_TOP != 0) ERROR("LoadState: all zero must mean no entry open (S_TOP 0)");
// @ts-ignore: decorator
@inline export function loading(): LoadState { return changetype<LoadState>(LOAD_STATE); }

/** No error, no entry open: the state at start, and at the start of every configLoad. */
export function loadStateReset(): void { memory.fill(LOAD_STATE, 0, offsetof<LoadState>()); }

export function errorCode(): i32 { return loading().errorCode; }
export function errorTag(): i32 { return loading().errorTag; }
export function errorText(): usize { return TEXT; }
export function errorTextLength(): i32 { return loading().used; }

/** Starts an error: records code and tag and empties the text. Returns the code. */
export function begin(code: i32, tag: u32): i32 {
  const l = loading();
  l.errorCode = <u8>code;
  l.errorTag = <i32>tag;
  l.used = 0;
  return code;
}

function put(c: u32): void {
  const l = loading();
  if (<i32>l.used >= CAP) return;
  store<u8>(TEXT + <usize>l.used, <u8>c);
  l.used++;
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
