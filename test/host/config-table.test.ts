// The configuration is declared once (host/config.schema.json, each field's
// "x-block" naming its record): every file generated from it is current, the
// generator refuses a table the firmware's view could not hold, and what it
// derives (ranges, rules, block values) is what the firmware always quoted.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { blockFields, checkFields, readSchema, staleFiles, type Node } from "../../host/tools/config-table.js";
import { docTable, tagTable, withDocTable, DOC_BEGIN, DOC_END, TAGS_BEGIN } from "../../host/tools/config-doc.js";

const fields = (schema: Node = readSchema(path.resolve("."))) => blockFields(schema);
const problems = (edit: (s: Node) => void) => {
  const s = readSchema(path.resolve("."));
  edit(s);
  const { fields: f, scopes } = blockFields(s);
  return checkFields(f, scopes).join("\n");
};
const field = (p: string) => fields().fields.find((f) => f.path === p)!;

test("every file generated from the configuration schema is current (else: npm run config-table)", () => {
  assert.deepEqual(staleFiles(path.resolve(".")), []);
});

test("the schema as committed passes the generator's checks", () => {
  const { fields: f, scopes } = fields();
  assert.deepEqual(checkFields(f, scopes), []);
});

test("a tag used twice is refused, naming both fields", () => {
  assert.match(problems((s) => { s.properties!.localPort["x-block"]!.tag = "0x15"; }), /registerExpiry: tag 0x15 is also localPort's|localPort: tag 0x15 is also registerExpiry's/);
});

test("a top-level number outside 0x10..0x2f is refused: the firmware's view has a slot for those only", () => {
  assert.match(problems((s) => { s.properties!.maxCallSeconds["x-block"]!.tag = "0x30"; }), /maxCallSeconds: a top-level number takes a tag 0x10\.\.0x2f/);
});

test("a text without the firmware's character set is refused", () => {
  assert.match(problems((s) => { delete s.properties!.displayName["x-block"]!.charset; }), /displayName: a text needs x-block\.charset/);
});

test("a range that does not fit the encoding is refused", () => {
  assert.match(problems((s) => { s.properties!.keepaliveFailures.maximum = 300; }), /keepaliveFailures: 300 does not fit u8/);
});

test("a list's field takes a tag in its list's range", () => {
  assert.match(problems((s) => { s.properties!.relays.items!.properties!.pulseMs["x-block"]!.tag = "0x45"; }), /relays\[\]\.pulseMs: a field of relays takes a tag 0x51\.\.0x5f/);
});

test("the lists are the firmware's scopes, in schema order: buttons, relays, accessCodes, incoming.allowed", () => {
  assert.deepEqual(fields().scopes.map((s) => [s.path, s.tag]), [["buttons", 0x40], ["relays", 0x50], ["accessCodes", 0x60], ["incoming.allowed", 0x70]]);
});

test("an enumeration's block values are its indexes unless x-block.values says (confirmKey: 0x23, 0x2a, 0)", () => {
  assert.deepEqual(field("incoming.mode").codes, [0, 1, 2]);
  assert.deepEqual(field("codeEntry.confirmKey").codes, [0x23, 0x2a, 0]);
  assert.equal(field("codeEntry.confirmKey").dflt, 0x23);
});

test("the rules quoted in the firmware's messages follow from the schema", () => {
  assert.equal(field("relays[].pulseMs").rule, "out of range 100..60000");
  assert.equal(field("incoming.mode").rule, "must be 0 (reject), 1 (auto-answer) or 2 (ring)");
  assert.equal(field("incoming.refuseCode").rule, "must be 486 or 603");
  assert.equal(field("presence.publish").rule, "must be 0 (false) or 1 (true)");
  assert.equal(field("buttons[].targets").rule, "length must be 1..127");
  assert.equal(field("buttons").rule, "at most 8");
});

test("a field inside a list is named by its name there; a top-level one by its path", () => {
  assert.deepEqual([field("buttons[].targets").local, field("incoming.allowed[].secret").local, field("doorSensor.enabled").local],
    ["targets", "secret", "doorSensor.enabled"]);
});

test("the docs table goes between its markers, one row per field with its tag; a document without them is refused", () => {
  const doc = withDocTable(`before\n${DOC_BEGIN}\nold\n${DOC_END}\nafter\n`, docTable(readSchema(path.resolve("."))));
  assert.match(doc, /^before\n<!-- config:fields begin -->\n\| JSON path \| type \| range \| default \| meaning \|/);
  assert.match(doc, /\n\| `lockout\.callTries` \| integer \| 1\.\.20 \| `3` \| .* \(tag 0x24\) \|\n/);
  assert.match(doc, /\n\| `keepaliveInterval` \| integer \| 0 or 5\.\.3600 \| `30` \|/);
  assert.doesNotMatch(doc, /\nold\n/);
  assert.throws(() => withDocTable("no markers", docTable(readSchema(path.resolve(".")))), /markers/);
});

test("a secret's row says write-only, and a field required inside an optional object says where", () => {
  const table = docTable(readSchema(path.resolve(".")));
  assert.match(table, /\| `password` \| .*\*\*write-only\*\*/);
  assert.match(table, /\| `alarms\.uri` \| string \| 1\.\.127 octets \| required in `alarms` \|/);
});

test("the tags table has a row per record in tag order: its width, its path with [i] [j], and what its value holds", () => {
  const s = readSchema(path.resolve("."));
  const table = tagTable(blockFields(s).fields, s).split("\n");
  assert.equal(table[0], TAGS_BEGIN);
  assert.ok(table.includes("| 0x18 | 1 | `codeEntry.confirmKey` | 0x23 (#), 0x2a (*) or 0 (none) |"));
  assert.ok(table.includes("| 0x40 | 0 | `buttons[i]` | begins an entry |"));
  assert.ok(table.includes("| 0x43 | text | `buttons[i].targets[j]` | repeated, 1..4 (required) |"));
  assert.ok(table.includes("| 0x10 | 4 or 16 | `registrar.host` | a, b, c, d (IPv4), or the 16 octets of an IPv6 address |"));
  const tags = table.slice(3, -1).map((r) => parseInt(r.slice(2, 6), 16));
  assert.deepEqual(tags, [...tags].sort((a, b) => a - b));
});
