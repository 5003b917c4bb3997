// The messages of a refused block, each naming the field by its JSON path
// (from schema.generated.ts) and saying the fix. Every function records the error and
// returns its code, so the validator can `return` it directly.

import * as configSchema from "./schema.generated";
import * as configLayout from "./layout";
import * as configMessage from "./message";

/** The tag at fault, as describe() tells it (this file's own record: 20 octets of static memory). */
const FIELD = changetype<configSchema.FieldInfo>(memory.data(<i32>offsetof<configSchema.FieldInfo>(), 4));

/** Appends the JSON path of `tag` (described into FIELD): entry index i, sub-index j (-1: none). */
export function path(tag: u32, i: i32, j: i32): void {
  const d = FIELD;
  configSchema.describe(tag, d);
  if (d.scope == configSchema.S_TOP) {
    configMessage.lit(d.name);
    return;
  }
  configMessage.lit(configSchema.listName(d.scope));
  if (i >= 0) configMessage.index(i);
  if (d.kind == configSchema.K_BEGIN || tag == configLayout.T_ALLOWED) return;
  configMessage.char(0x2e);
  configMessage.lit(d.name);
  if (j >= 0) configMessage.index(j);
}

/** "<path>: <problem>" */
export function problem(code: i32, tag: u32, i: i32, j: i32, what: string): i32 {
  configMessage.begin(code, tag);
  path(tag, i, j);
  configMessage.lit(changetype<usize>(": "));
  configMessage.lit(changetype<usize>(what));
  return code;
}

/** Header and CRC faults (tag 0): the literal, then an optional number and a second literal. */
export function header(code: i32, what: string, n: i64 = -1, rest: string = ""): i32 {
  configMessage.begin(code, 0);
  configMessage.lit(changetype<usize>(what));
  if (n >= 0) configMessage.dec(<u32>n);
  configMessage.lit(changetype<usize>(rest));
  return code;
}

export function unknownTag(tag: u32, at: i32): i32 {
  configMessage.begin(configMessage.E_TAG, tag);
  configMessage.lit(changetype<usize>("tag "));
  configMessage.hex8(tag);
  configMessage.lit(changetype<usize>(" at offset "));
  configMessage.dec(<u32>at);
  configMessage.lit(changetype<usize>(": unknown tag; write the block with a provisioning tool for version 1"));
  return configMessage.E_TAG;
}

export function truncated(tag: u32, at: i32): i32 {
  configMessage.begin(configMessage.E_TRUNCATED, tag);
  if (tag != 0) {
    path(tag, -1, -1);
    configMessage.lit(changetype<usize>(": "));
  }
  configMessage.lit(changetype<usize>("record at offset "));
  configMessage.dec(<u32>at);
  configMessage.lit(changetype<usize>(" runs past the end of the body; write the block again"));
  return configMessage.E_TRUNCATED;
}

export function width(tag: u32, i: i32, j: i32, got: i32, want: i32): i32 {
  problem(configMessage.E_WIDTH, tag, i, j, "wrong width ");
  configMessage.dec(<u32>got);
  configMessage.lit(changetype<usize>(", expected "));
  configMessage.dec(<u32>want);
  return configMessage.E_WIDTH;
}

/** Out of range: "<path>: <rule>, got <v>" (the rule comes from schema.generated.ts). */
export function range(tag: u32, i: i32, j: i32, got: u32): i32 {
  configMessage.begin(configMessage.E_RANGE, tag);
  path(tag, i, j);
  configMessage.lit(changetype<usize>(": "));
  configMessage.lit(FIELD.rule); // path() has just described tag into FIELD
  configMessage.lit(changetype<usize>(", got "));
  configMessage.dec(got);
  return configMessage.E_RANGE;
}

export function charset(tag: u32, i: i32, j: i32, rule: usize): i32 {
  problem(configMessage.E_CHARSET, tag, i, j, "bad character; ");
  configMessage.lit(rule);
  return configMessage.E_CHARSET;
}

export function tooMany(tag: u32, i: i32, max: i32): i32 {
  problem(configMessage.E_COUNT, tag, i, -1, "more than ");
  configMessage.dec(<u32>max);
  configMessage.lit(changetype<usize>("; remove some"));
  return configMessage.E_COUNT;
}

export function outside(tag: u32): i32 {
  configMessage.begin(configMessage.E_ORDER, tag);
  const d = FIELD;
  configSchema.describe(tag, d);
  configMessage.lit(configSchema.listName(d.scope));
  configMessage.lit(changetype<usize>(": "));
  configMessage.lit(d.name);
  configMessage.lit(changetype<usize>(" record outside an entry; put it after the entry's begin record"));
  return configMessage.E_ORDER;
}

export function missing(tag: u32, i: i32, fix: string): i32 {
  problem(configMessage.E_MISSING, tag, i, -1, "missing; ");
  configMessage.lit(changetype<usize>(fix));
  return configMessage.E_MISSING;
}

export function reference(tag: u32, i: i32, relay: u32): i32 {
  problem(configMessage.E_REFERENCE, tag, i, -1, "relay ");
  configMessage.dec(relay);
  configMessage.lit(changetype<usize>(" does not exist; define relays["));
  configMessage.dec(relay);
  configMessage.lit(changetype<usize>("] or name an existing relay"));
  return configMessage.E_REFERENCE;
}
