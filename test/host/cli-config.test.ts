// `intercom config get|set` held to provision's rules (docs/serial-protocol.md,
// "Provisioning" and "The CLI"): a key that names no field is an error naming
// it, never a null; a value is checked here by the validator provision uses,
// on the whole configuration it would make, so a bad one gives provision's
// exit code and names the same field, and nothing reaches the board's store.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { missingTool } from "./support/tools.js";
import { cli, jsonOf, tempDir, directBench, type Bench } from "./support/serial-board.js";

const skip = missingTool("socat", "socat") ?? false;
const CONFIG = {
  user: "door", password: "pw-Cfg-Secret-7", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0,
  relays: [{ pulseMs: 300, doorCodes: ["4321"] }], accessCodes: [{ code: "9876", relay: 0 }], lockout: { tries: 4 },
};

function file(json: unknown): string {
  const f = path.join(tempDir("cli-config"), "station.json");
  writeFileSync(f, JSON.stringify(json));
  return f;
}

let bench: Bench;
const block = () => readFileSync(path.join(bench.board.state, "config.bin"));

before(async () => {
  if (skip) return;
  bench = await directBench("cli-config");
  const r = await cli(["provision", bench.port, file(CONFIG)]);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => bench?.close());

test("config get of a key that names no field is an error naming the key (exit 1), not null", { skip }, async () => {
  const r = await cli(["config", "get", bench.port, "no.such.key", "--json"]);
  assert.equal(r.code, 1);
  const out = jsonOf(r);
  assert.deepEqual([out.ok, out.field], [false, "no.such.key"]);
  assert.match(r.stderr, /no\.such\.key: not a configuration key: the configuration has no field no/);
  assert.doesNotMatch(r.stdout, /"value"/);
});

test("config set refuses a value out of range as provision does: same exit code, same field, same message", { skip }, async () => {
  const before = block();
  const viaFile = await cli(["provision", bench.port, file({ ...CONFIG, lockout: { tries: 99 } }), "--json"]);
  const viaSet = await cli(["config", "set", bench.port, "lockout.tries", "99", "--json"]);
  assert.equal(viaFile.code, 2, viaFile.stderr);
  assert.equal(viaSet.code, viaFile.code);
  assert.equal(jsonOf(viaSet).field, jsonOf(viaFile).field);
  assert.equal(jsonOf(viaSet).field, "lockout.tries");
  const line = "lockout.tries: out of range 1..20, got 99";
  assert.ok(viaFile.stderr.includes(line) && viaSet.stderr.includes(line), viaSet.stderr);
  assert.deepEqual(block(), before, "the board's configuration is unchanged");
});

test("config set refuses a value of the wrong type as provision does, naming the field", { skip }, async () => {
  const before = block();
  const viaFile = await cli(["provision", bench.port, file({ ...CONFIG, registrar: { host: "127.0.0.1", port: "sip" } })]);
  const viaSet = await cli(["config", "set", bench.port, "registrar.port", "sip"]);
  assert.deepEqual([viaFile.code, viaSet.code], [2, 2]);
  const line = /^registrar\.port: must be an integer 1\.\.65535$/m;
  assert.match(viaFile.stderr, line);
  assert.match(viaSet.stderr, line);
  assert.deepEqual(block(), before);
});

test("config set checks the whole configuration it would make: a code naming a relay that does not exist is refused before it is sent", { skip }, async () => {
  const before = block();
  const r = await cli(["config", "set", bench.port, "accessCodes[0].relay", "3", "--json"]);
  assert.equal(r.code, 2);
  assert.equal(jsonOf(r).field, "accessCodes[0].relay");
  assert.match(r.stderr, /accessCodes\[0\]\.relay: relay 3 does not exist; define relays\[3\]/);
  assert.deepEqual(block(), before);
});

test("config set of a valid value is not refused for the secrets the board masks (codes read back as \"set\")", { skip }, async () => {
  const r = await cli(["config", "set", bench.port, "lockout.tries", "5"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(jsonOf(await cli(["config", "get", bench.port, "lockout.tries", "--json"])).value, 5);
  assert.equal(jsonOf(await cli(["config", "get", bench.port, "accessCodes[0].code", "--json"])).value, "set");
});

test("config set refuses a bad secret naming its field, and never echoes the value", { skip }, async () => {
  const before = block();
  const r = await cli(["config", "set", bench.port, "accessCodes[0].code", "12ab-Secret"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^accessCodes\[0\]\.code: /m);
  assert.doesNotMatch(r.stdout + r.stderr, /12ab|Secret/);
  assert.deepEqual(block(), before);
});
