// The configuration's other vocabularies are declared once in
// host/config.schema.json (host/tools/config-names.ts): configLoad's refusal
// codes ("x-errors"), the enumerations' block values (x-block "names") and the
// texts' character sets ("x-charsets"). The generator refuses a table that
// would give two constants one name or one code two meanings, and the host
// reads the same codes and sets the firmware was generated with.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { blockFields, readSchema, type Node } from "../../host/tools/config-table.js";
import { namesOf, checkNames, errorTable, charsetTable, ERRORS_BEGIN } from "../../host/tools/config-names.js";
import { validateConfig, encodeConfig, decodeConfig, BlockError, Refusal, CHARSET_CHECKS } from "../../host/config.js";
import { REFUSAL_MEANINGS } from "../../host/config-table.js";

const schema = () => readSchema(path.resolve("."));
const names = (s: Node = schema()) => namesOf(s, blockFields(s).fields);
const problems = (edit: (s: Node) => void) => {
  const s = schema();
  edit(s);
  return checkNames(names(s), blockFields(s).fields).join("\n");
};
const block = () => encodeConfig((validateConfig({ user: "door", domain: "example.com" }) as { ok: true; config: never }).config);
const refusalOf = (b: Uint8Array) => {
  try {
    decodeConfig(b);
  } catch (err) {
    return err instanceof BlockError ? err.code : -1;
  }
  return 0;
};

test("the schema as committed passes the vocabularies' checks", () => {
  assert.deepEqual(checkNames(names(), blockFields(schema()).fields), []);
});

test("a refusal code used twice is refused, naming both", () => {
  assert.match(problems((s) => { s["x-errors"]!.CRC.code = 2; }), /x-errors\.CRC: code 2 is also MAGIC's/);
});

test("refusal code 0 is refused: 0 is configLoad's success", () => {
  assert.match(problems((s) => { s["x-errors"]!.SHORT.code = 0; }), /x-errors\.SHORT: code must be 1\.\.255 \(0 is success\)/);
});

test("a text naming a character set x-charsets does not declare is refused", () => {
  assert.match(problems((s) => { s.properties!.user["x-block"]!.charset = "LETTERS"; }), /user: x-block\.charset LETTERS is not one of x-charsets/);
});

test("an enumeration's names must name values of its enum", () => {
  assert.match(problems((s) => { s.properties!.dtmf["x-block"]!.names = { "application/info": "DTMF_INFO" }; }),
    /dtmf: x-block\.names names "application\/info", which is not one of its enum's values/);
});

test("one constant name for two things is refused, across the vocabularies", () => {
  assert.match(problems((s) => { s.properties!.dtmf["x-block"]!.names = { "application/dtmf": "MODE_PARALLEL" }; }),
    /buttons\[\]\.mode x-block\.names: MODE_PARALLEL is also dtmf x-block\.names's/);
});

test("an enumeration's constant takes its value's block value: x-block.values where given, else the value's index", () => {
  const code = (n: string) => names().enums.find((e) => e.name === n)?.code;
  assert.deepEqual([code("CONFIRM_STAR"), code("CONFIRM_NONE"), code("INCOMING_RING"), code("MODE_PARALLEL")], [0x2a, 0, 2, 1]);
});

test("every character set the schema declares has a host check, and the host checks no other", () => {
  assert.deepEqual(Object.keys(CHARSET_CHECKS).sort(), Object.keys(schema()["x-charsets"]!).sort());
});

test("the refusal codes table has one row per code, in code order, with the firmware's constant", () => {
  const rows = errorTable(names()).split("\n");
  assert.equal(rows[0], ERRORS_BEGIN);
  assert.ok(rows.includes("| 5 | `E_CRC` | CRC mismatch |"));
  const codes = rows.slice(3, -1).map((r) => Number(r.split("|")[1]));
  assert.deepEqual(codes, Array.from({ length: codes.length }, (_, i) => i + 1));
});

test("the character sets table names the fields that use each set", () => {
  const s = schema();
  assert.match(charsetTable(names(s), blockFields(s).fields), /\n\| PASSWORD \| `password`, `tls\.ca`, `incoming\.allowed\[\]\.secret` \| 0x20\.\.0x7E \|\n/);
});

test("decodeConfig refuses a damaged CRC with the firmware's code for it, named", () => {
  const b = block();
  b[b.length - 1] ^= 1;
  assert.equal(refusalOf(b), Refusal.Crc);
  assert.throws(() => decodeConfig(b), new RegExp(`refusal ${Refusal.Crc}: ${REFUSAL_MEANINGS[Refusal.Crc]}`));
});

test("decodeConfig refuses a bad magic and a short block with their own codes", () => {
  const b = block();
  b[0] = 0x58;
  assert.equal(refusalOf(b), Refusal.Magic);
  assert.equal(refusalOf(block().subarray(0, 10)), Refusal.Short);
});
