// The texts' character sets are declared once, in host/config.schema.json's
// "x-charsets" (host/tools/config-charsets.ts): the octets each class admits
// and the structure around it. The generator refuses a declaration the
// firmware's octet table or either side's structure rules could not hold, and
// writes the host's classes and docs' words from the same entries.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readSchema } from "../../host/tools/config-table.js";
import { charsetsOf, checkCharsets, charsetText, type CharsetDecl } from "../../host/tools/config-charsets.js";
import { CHARSETS } from "../../host/config-table.js";

const decls = () => readSchema(path.resolve("."))["x-charsets"]!;
const problems = (edit: (d: Record<string, CharsetDecl>) => void) => {
  const d = decls();
  edit(d);
  return checkCharsets(charsetsOf(d)).join("\n");
};

test("the committed x-charsets passes the generator's checks", () => {
  assert.equal(problems(() => {}), "");
});

test("a set without the rule its error quotes is refused", () => {
  assert.match(problems((d) => { d.DIGITS.rule = ""; }), /x-charsets\.DIGITS: give the rule its error quotes/);
});

test("an octets entry that is not 0xHH or 0xHH-0xHH is refused, naming it", () => {
  assert.match(problems((d) => { d.DIGITS.octets = ["0-9"]; }), /x-charsets\.DIGITS: octets entry "0-9" must be 0xHH or 0xHH-0xHH/);
});

test("chars and except name ASCII only: a higher octet goes in octets", () => {
  assert.match(problems((d) => { d.DISPLAY.except = "\"\\é"; }), /x-charsets\.DISPLAY: except holds "é"/);
});

test("a labels class may not hold the dot that separates labels", () => {
  assert.match(problems((d) => { d.HOST.chars = "-."; }), /x-charsets\.HOST: "\." separates labels/);
});

test("an escapes class may not hold the % that begins an escape", () => {
  assert.match(problems((d) => { d.USER.chars = "%"; }), /x-charsets\.USER: "%" begins an escape/);
});

test("an either set names two sets that have classes", () => {
  assert.match(problems((d) => { d.CALLER.of = ["URI"]; }), /x-charsets\.CALLER: "either" names two sets in "of"/);
  assert.match(problems((d) => { d.CALLER.of = ["URI", "CALLER"]; }), /x-charsets\.CALLER: "of" names CALLER, not a set with a class/);
});

test("an unknown structure is refused, listing the known ones", () => {
  assert.match(problems((d) => { (d.DIGITS as { structure: string }).structure = "words"; }), /x-charsets\.DIGITS: structure must be one of class, escapes/);
});

test("a set with a class must admit some octet", () => {
  assert.match(problems((d) => { d.DIGITS.octets = []; }), /x-charsets\.DIGITS: its class admits no octet/);
});

test("docs' words come from the declaration: ranges, the characters left out, the source", () => {
  assert.equal(charsetText(decls().AUTH), "0x21..0x7E except `\"` `\\` (RFC 7616 §3.4 username, a quoted string)");
  assert.equal(charsetText(decls().DOOR_CODE), "`0`-`9`, `*`");
});

test("the host's class of a set is the declared octets less except, as latin1", () => {
  const re = new RegExp(`^${CHARSETS.AUTH.octets}$`);
  const admitted = Array.from({ length: 256 }, (_, c) => c).filter((c) => re.test(String.fromCharCode(c)));
  assert.deepEqual(admitted, Array.from({ length: 0x5e }, (_, i) => 0x21 + i).filter((c) => c !== 0x22 && c !== 0x5c));
});
