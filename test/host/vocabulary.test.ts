// The board ABI's vocabularies are declared once (assembly/board/vocabulary.json):
// every file generated from it is current, and the generator refuses a table
// its outputs could not represent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkVocabulary, staleFiles, withDocTable, DOC_BEGIN, SOURCE, type Vocabulary } from "../../host/tools/vocabulary.js";
import { Ev, EVENT_FORMS } from "../../host/vocabulary.js";

const vocabulary = () => JSON.parse(readFileSync(path.resolve(SOURCE), "utf8")) as Vocabulary;

test("every file generated from the vocabulary is current (else: npm run vocabulary)", () => {
  assert.deepEqual(staleFiles(path.resolve(".")), []);
});

test("the vocabulary as committed passes its own checks", () => {
  assert.deepEqual(checkVocabulary(vocabulary()), []);
});

test("an event kind used twice is refused, naming the event", () => {
  const v = vocabulary();
  v.events.push({ ...v.events[0], name: "again" });
  assert.match(checkVocabulary(v).join("\n"), /event again: kind 1 used twice/);
});

test("a field naming an enum that does not exist is refused", () => {
  const v = vocabulary();
  v.events[0] = { ...v.events[0], a: { key: "registrar", names: "nosuch" } };
  assert.match(checkVocabulary(v).join("\n"), /event registered\.a: no enum "nosuch"/);
});

test("an enum value used twice is refused", () => {
  const v = vocabulary();
  v.enums.call.values.push(["again", 1]);
  assert.match(checkVocabulary(v).join("\n"), /enum call: value 1 used twice/);
});

test("the docs table goes between its markers, and a document without them is refused", () => {
  const v = vocabulary();
  const doc = withDocTable(`before\n${DOC_BEGIN}\nold\n<!-- vocabulary:events end -->\nafter\n`, v);
  assert.match(doc, /^before\n<!-- vocabulary:events begin -->\n\| kind \| event/);
  assert.match(doc, /\| 18 \| `presence` \|/);
  assert.doesNotMatch(doc, /\nold\n/);
  assert.throws(() => withDocTable("no markers", v), /markers/);
});

test("the host's event names and forms follow the vocabulary's order and kinds", () => {
  const v = vocabulary();
  assert.deepEqual(EVENT_FORMS.map((f) => [f.kind, f.event]), v.events.map((e) => [e.kind, e.name]));
  assert.equal(Ev.Presence, v.events.find((e) => e.name === "presence")!.kind);
});
