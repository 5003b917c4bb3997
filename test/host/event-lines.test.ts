// One event, one line, on every board: the simulator's JSON lines
// (host/sim/events.ts) and the native board's (boards/native-linux/lines.c)
// name every firmware event (host/intercom.ts Ev) the same way, and a line
// reads back into the event it came from (what the tests and `intercom
// monitor` rely on).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ev } from "../../host/intercom.js";
import { eventJson, eventFromJson } from "../../host/sim/events.js";

const kinds = Object.entries(Ev) as [string, number][];

/** The `case N:` arms of line_event() in the native board and the event name each prints. */
function nativeNames(): Map<number, string> {
  const c = readFileSync(path.resolve("boards/native-linux/lines.c"), "utf8");
  const body = c.slice(c.indexOf("void line_event("), c.indexOf("void line_listening("));
  const out = new Map<number, string>();
  for (const m of body.matchAll(/case (\d+):[^\n]*?\\"event\\":\\"([a-z-]+)\\"/g)) out.set(Number(m[1]), m[2]);
  return out;
}

test("the native board prints every firmware event under the simulator's name", () => {
  const native = nativeNames();
  for (const [name, kind] of kinds) {
    assert.equal(native.get(kind), eventJson({ kind, a: 0, b: 0 }).event, `Ev.${name} (${kind}) in boards/native-linux/lines.c`);
  }
  assert.equal(native.size, kinds.length, "no event the host does not know");
});

test("every event line reads back into the kind and numbers it was printed from", () => {
  for (const [name, kind] of kinds) {
    for (const [a, b] of [[0, 0], [1, 1], [1, 30]]) {
      const j = JSON.parse(JSON.stringify(eventJson({ kind, a, b })));
      const back = eventFromJson(j);
      assert.ok(back, `Ev.${name}`);
      assert.equal(back.kind, kind, `Ev.${name}`);
      assert.deepEqual(eventJson(back), eventJson({ kind, a, b }), `Ev.${name} a=${a} b=${b}`);
    }
  }
});

test("an event the host does not know keeps its numbers both ways", () => {
  const j = eventJson({ kind: 99, a: 7, b: -1 });
  assert.equal(j.event, "unknown");
  assert.deepEqual(eventFromJson(JSON.parse(JSON.stringify(j))), { kind: 99, a: 7, b: -1 });
});
