// The messages of a refused block, each naming the field by its JSON path
// (from schema.generated.ts) and saying the fix. Every function records the error and
// returns its code, so the validator can `return` it directly.

import * as F from "./schema.generated";
import * as L from "./layout";
import * as M from "./message";

/** The tag at fault, as describe() tells it (this file's own record: 20 octets of static memory). */
const FIELD = changetype<F.FieldInfo>(memory.data(<i32>offsetof<F.FieldInfo>(), 4));

/** Appends the JSON path of `tag` (described into FIELD): entry index i, sub-index j (-1: none). */
export function path(tag: u32, i: i32, j: i32): void {
  const d = FIELD;
  F.describe(tag, d);
  if (d.scope == F.S_TOP) {
    M.lit(d.name);
    return;
  }
  M.lit(F.listName(d.scope));
  if (i >= 0) M.index(i);
  if (d.kind == F.K_BEGIN || tag == L.T_ALLOWED) return;
  M.char(0x2e);
  M.lit(d.name);
  if (j >= 0) M.index(j);
}

/** "<path>: <problem>" */
export function problem(code: i32, tag: u32, i: i32, j: i32, what: string): i32 {
  M.begin(code, tag);
  path(tag, i, j);
  M.lit(changetype<usize>(": "));
  M.lit(changetype<usize>(what));
  return code;
}

/** Header and CRC faults (tag 0): the literal, then an optional number and a second literal. */
export function header(code: i32, what: string, n: i64 = -1, rest: string = ""): i32 {
  M.begin(code, 0);
  M.lit(changetype<usize>(what));
  if (n >= 0) M.dec(<u32>n);
  M.lit(changetype<usize>(rest));
  return code;
}

export function unknownTag(tag: u32, at: i32): i32 {
  M.begin(M.E_TAG, tag);
  M.lit(changetype<usize>("tag "));
  M.hex8(tag);
  M.lit(changetype<usize>(" at offset "));
  M.dec(<u32>at);
  M.lit(changetype<usize>(": unknown tag; write the block with a provisioning tool for version 1"));
  return M.E_TAG;
}

export function truncated(tag: u32, at: i32): i32 {
  M.begin(M.E_TRUNCATED, tag);
  if (tag != 0) {
    path(tag, -1, -1);
    M.lit(changetype<usize>(": "));
  }
  M.lit(changetype<usize>("record at offset "));
  M.dec(<u32>at);
  M.lit(changetype<usize>(" runs past the end of the body; write the block again"));
  return M.E_TRUNCATED;
}

export function width(tag: u32, i: i32, j: i32, got: i32, want: i32): i32 {
  problem(M.E_WIDTH, tag, i, j, "wrong width ");
  M.dec(<u32>got);
  M.lit(changetype<usize>(", expected "));
  M.dec(<u32>want);
  return M.E_WIDTH;
}

/** Out of range: "<path>: <rule>, got <v>" (the rule comes from schema.generated.ts). */
export function range(tag: u32, i: i32, j: i32, got: u32): i32 {
  M.begin(M.E_RANGE, tag);
  path(tag, i, j);
  M.lit(changetype<usize>(": "));
  M.lit(FIELD.rule); // path() has just described tag into FIELD
  M.lit(changetype<usize>(", got "));
  M.dec(got);
  return M.E_RANGE;
}

export function charset(tag: u32, i: i32, j: i32, rule: usize): i32 {
  problem(M.E_CHARSET, tag, i, j, "bad character; ");
  M.lit(rule);
  return M.E_CHARSET;
}

export function tooMany(tag: u32, i: i32, max: i32): i32 {
  problem(M.E_COUNT, tag, i, -1, "more than ");
  M.dec(<u32>max);
  M.lit(changetype<usize>("; remove some"));
  return M.E_COUNT;
}

export function outside(tag: u32): i32 {
  M.begin(M.E_ORDER, tag);
  const d = FIELD;
  F.describe(tag, d);
  M.lit(F.listName(d.scope));
  M.lit(changetype<usize>(": "));
  M.lit(d.name);
  M.lit(changetype<usize>(" record outside an entry; put it after the entry's begin record"));
  return M.E_ORDER;
}

export function missing(tag: u32, i: i32, fix: string): i32 {
  problem(M.E_MISSING, tag, i, -1, "missing; ");
  M.lit(changetype<usize>(fix));
  return M.E_MISSING;
}

export function reference(tag: u32, i: i32, relay: u32): i32 {
  problem(M.E_REFERENCE, tag, i, -1, "relay ");
  M.dec(relay);
  M.lit(changetype<usize>(" does not exist; define relays["));
  M.dec(relay);
  M.lit(changetype<usize>("] or name an existing relay"));
  return M.E_REFERENCE;
}
