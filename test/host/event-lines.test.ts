// One event, one line, on every board: the simulator's JSON lines
// (host/sim/events.ts) and the native board's (boards/native-linux/lines.c)
// name every firmware event (assembly/board/vocabulary.json) the same way, and a line
// reads back into the event it came from (what the tests and `intercom
// monitor` rely on).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ev, type IntercomEvent } from "../../host/intercom.js";
import { missingTool } from "./support/tools.js";
import { eventJson, eventFromJson } from "../../host/sim/events.js";

const kinds = Object.entries(Ev) as [string, number][];

/** Builds the native board's printer (boards/native-linux/lines.c) alone with a driver that prints
 * one line per "kind a b" on its stdin; null (and the skip reason) without a C compiler. */
function nativePrinter(): { skip: string | null; print: (events: IntercomEvent[]) => Record<string, unknown>[] } {
  const skip = missingTool("cc", "gcc");
  if (skip) return { skip, print: () => [] };
  const dir = mkdtempSync(path.join(tmpdir(), "lines-"));
  const driver = path.join(dir, "driver.c");
  writeFileSync(driver, '#include <stdio.h>\n#include "lines.h"\nint main(void) { int k, a, b; while (scanf("%d %d %d", &k, &a, &b) == 3) line_event(0, k, a, b); return 0; }\n');
  const board = path.resolve("boards/native-linux");
  const exe = path.join(dir, "printer");
  const cc = spawnSync("cc", ["-Wall", "-Wextra", "-Werror", "-I", board, driver, path.join(board, "lines.c"), "-o", exe], { encoding: "utf8" });
  assert.equal(cc.status, 0, `cc: ${cc.stderr}`);
  return {
    skip: null,
    print: (events) => {
      const r = spawnSync(exe, { input: events.map((e) => `${e.kind} ${e.a} ${e.b}\n`).join(""), encoding: "utf8" });
      rmSync(dir, { recursive: true, force: true });
      return r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}

test("the native board prints every event as the simulator does, field for field", (t) => {
  const printer = nativePrinter();
  if (printer.skip) return t.skip(printer.skip);
  const events: IntercomEvent[] = [];
  for (const [, kind] of kinds) for (const [a, b] of [[0, 0], [1, 0], [0, 1], [1, 30], [2, 480], [3, 200], [4, -1], [7, 600]]) events.push({ kind, a, b });
  events.push({ kind: 99, a: 7, b: -1 }, { kind: 0, a: 1, b: 2 });
  const lines = printer.print(events);
  assert.equal(lines.length, events.length);
  events.forEach((e, i) => {
    const { t: time, ...native } = lines[i];
    assert.equal(time, 0);
    assert.deepEqual(native, eventJson(e), `kind ${e.kind} a=${e.a} b=${e.b}`);
  });
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
