// The intercom CLI's contract with scripts: --help everywhere, usage errors
// naming the argument (exit 2), a port that cannot be opened (exit 3), a
// port with no board behind it (exit 4), `ports` as JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import { missingTool } from "./support/tools.js";
import { ptyPair } from "./support/serial-line.js";
import { cli, jsonOf, tempDir } from "./support/serial-board.js";

const COMMANDS = [["sim"], ["ports"], ["flash"], ["pack"], ["provision"], ["config"], ["config", "get"], ["config", "set"], ["monitor"], ["press"], ["input"], ["status"], ["reboot"]];

test("every command answers --help with its usage, exit 0", async () => {
  for (const cmd of COMMANDS) {
    const r = await cli([...cmd, "--help"]);
    assert.equal(r.code, 0, cmd.join(" "));
    assert.match(r.stdout, new RegExp(`^Usage: intercom ${cmd.join(" ")}`), cmd.join(" "));
  }
});

test("a bad option value is refused naming the option and the range, exit 2", async () => {
  const r = await cli(["status", "/dev/ttyUSB9", "--baud", "fast"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--baud must be an integer 300\.\.4000000/);
  const m = await cli(["flash"]);
  assert.equal(m.code, 2);
  assert.match(m.stderr, /missing required argument 'port'/);
});

test("a port that cannot be opened exits 3 naming it", async () => {
  const r = await cli(["status", "/dev/intercom-no-such-port"]);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /cannot open \/dev\/intercom-no-such-port/);
});

test("a port with no board behind it: link lost after the retries, exit 4", { skip: missingTool("socat", "socat") ?? false }, async () => {
  const pair = await ptyPair(tempDir("silent"), "silent");
  try {
    const r = await cli(["status", pair.a, "--timeout", "50", "--json"]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /link lost: no answer from the board after 11 tries/);
    assert.equal(jsonOf(r).ok, false);
  } finally {
    pair.close();
  }
});

test("ports lists the serial ports as JSON", async () => {
  const r = await cli(["ports", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const out = jsonOf(r);
  assert.ok(Array.isArray(out.ports));
  for (const p of out.ports as { path: string }[]) assert.match(p.path, /^\/dev\//);
});
