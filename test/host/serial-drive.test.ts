// Driving the simulated board over a real serial line (docs/serial-agent.md,
// Press, Status, Monitor): a call button's call, and `intercom monitor`
// streaming events as JSON lines while keys come from the board's own
// keypad. Press, Input, Status, Monitor events and Reboot run on all three
// boards in serial-boards-drive.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { missingTool } from "./support/tools.js";
import { CLI, cli, jsonOf, tempDir, directBench, type Bench } from "./support/serial-board.js";
import { withoutTimesAndPorts } from "./support/secrets.js";

const skip = missingTool("socat", "socat") ?? false;
const CONFIG = {
  user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0,
  relays: [{ pulseMs: 4000 }], accessCodes: [{ code: "9876", relay: 0 }], doorSensor: { enabled: true },
};

async function provisioned(name: string): Promise<Bench> {
  const bench = await directBench(name);
  const f = path.join(tempDir("cfg"), "station.json");
  writeFileSync(f, JSON.stringify(CONFIG));
  const r = await cli(["provision", bench.port, f]);
  assert.equal(r.code, 0, r.stderr);
  return bench;
}

const status = async (port: string) => jsonOf(await cli(["status", port, "--json"]));

test("a call button pressed over the link starts a call to its target; status shows the call", { skip }, async () => {
  const bench = await directBench("button");
  try {
    const f = path.join(tempDir("cfg"), "station.json");
    writeFileSync(f, JSON.stringify({ ...CONFIG, buttons: [{ mode: "sequential", targets: ["sip:flat1@127.0.0.1:9"] }] }));
    assert.equal((await cli(["provision", bench.port, f])).code, 0);
    assert.equal((await cli(["press", bench.port, "button0"])).code, 0);
    await bench.board.waitFor((e) => e.event === "call" && e.state === "dialing");
    assert.equal(((await status(bench.port)).call as { state: string }).state, "dialing");
    const bad = await cli(["press", bench.port, "button9", "--json"]);
    assert.equal(bad.code, 1);
    assert.equal(jsonOf(bad).field, "key");
    assert.match(bad.stderr, /the board refused: key: 0-9\*# buttonN hangup/);
  } finally {
    await bench.close();
  }
});

test("monitor streams the board's events as they happen, one JSON object per line, without codes", { skip }, async () => {
  const bench = await provisioned("monitor");
  try {
    const child = spawn(process.execPath, [CLI, "monitor", bench.port, "--json", "--for", "3"]);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const exited = new Promise<number>((r) => child.on("exit", (c) => r(c ?? -1)));
    await new Promise((r) => setTimeout(r, 1200));
    for (const k of "9876#") bench.board.command(`key ${k}`);
    assert.equal(await exited, 0);
    const lines = out.trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.kind === "event" && l.event === "relay" && l.on === true), out);
    assert.doesNotMatch(withoutTimesAndPorts(out), /9876/);
  } finally {
    await bench.close();
  }
});

