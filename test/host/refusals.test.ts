// The serial agent's refusal texts are declared once (assembly/app/serial/
// refusals.json) and packed into the firmware by `npm run refusals`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkRefusals, generatedFiles, refusalTable, SOURCE, type Refusals } from "../../host/tools/refusals.js";
import { staleOf } from "../../host/tools/generated-files.js";

const ROOT = path.resolve(new URL("../../../../", import.meta.url).pathname);
const table = () => JSON.parse(readFileSync(path.join(ROOT, SOURCE), "utf8")) as Refusals;

test("the packed table is current with refusals.json (else: npm run refusals)", () => {
  assert.deepEqual(staleOf(generatedFiles(ROOT), ROOT), []);
});

test("refusals.json as committed passes its own checks: unique names, `FIELD: why` in printable ASCII", () => {
  assert.deepEqual(checkRefusals(table()), []);
});

test("the generator refuses a repeated name, a text without its field and one that is not ASCII, naming each", () => {
  const bad: Refusals = { refusals: [["SLOT", "slot: busy"], ["SLOT", "slot: again"], ["NO_FIELD", "no colon here"], ["UTF", "k\u00e9y: wrong"]] };
  const problems = checkRefusals(bad);
  assert.ok(problems.some((p) => p.startsWith("SLOT: named twice")));
  assert.ok(problems.some((p) => p.startsWith("NO_FIELD:")));
  assert.ok(problems.some((p) => p.startsWith("UTF:")));
  assert.throws(() => refusalTable(bad), /refusals\.json/);
});

test("each text is packed after its length octet, codes from 1 in the table's order", () => {
  const r: Refusals = { refusals: [["A_B", "a: b"], ["C", "cc: d"]] };
  const out = refusalTable(r);
  assert.match(out, /export const A_B: i32 = 1;/);
  assert.match(out, /export const C: i32 = 2;/);
  assert.match(out, /export const TEXT_COUNT: i32 = 2;/);
  assert.match(out, /^ {2}4, 0x61, 0x3a, 0x20, 0x62, \/\/ a: b$/m);
  assert.match(out, /^ {2}5, 0x63, 0x63, 0x3a, 0x20, 0x64, \/\/ cc: d$/m);
});
