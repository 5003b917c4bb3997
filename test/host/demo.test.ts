// `npm start -- --demo`: the embedded default plays the whole story on real
// UDP sockets on loopback (station, PBX, apartment) and exits 0 when the
// door opened (issue: "a test runs it").
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { withoutTimesAndPorts } from "./support/secrets.js";

const start = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../host/start.js");

test("the demo: registered (status LED on), call button (call LED on), the apartment answers and sends the door code as INFO, the relay opens, the call ends; exit 0", () => {
  const r = spawnSync(process.execPath, [start, "--demo"], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const out = r.stdout;
  const order = [
    /door: registered/,
    /board: status LED on/,
    /door\s+-> pbx\s+INVITE sip:flat@example\.com/,
    /board: call LED on/,
    /apartment -> pbx\s+SIP\/2\.0 180 Ringing/,
    /door: call state=connected/,
    /apartment -> pbx\s+INFO sip:door@/,
    /door: relay relay=0 on=true/,
    /door\s+-> pbx\s+BYE /,
    /door: call state=ended/,
    /board: call LED off/,
    /door: relay relay=0 on=false/,
  ].map((re) => out.search(re));
  assert.ok(order.every((i) => i >= 0), `missing a step:\n${out}`);
  assert.deepEqual([...order].sort((a, b) => a - b), order, "the steps came out of order");
  assert.doesNotMatch(withoutTimesAndPorts(out), /1234/, "the door code appears in the output");
});

test("a configuration file with a bad field is refused, naming the field, exit 2", async () => {
  const { writeFileSync, mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(path.join(tmpdir(), "intercom-"));
  const file = path.join(dir, "bad.json");
  writeFileSync(file, JSON.stringify({ user: "door", domain: "example.com", relays: [{ pulseMs: 5 }] }));
  const r = spawnSync(process.execPath, [start, "--config", file], { encoding: "utf8", timeout: 20_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /relays\[0\]\.pulseMs/);
});
