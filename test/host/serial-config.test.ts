// Provisioning the simulated board over a real serial line
// (docs/serial-protocol.md, "Provisioning"; docs/serial-agent.md, "The
// configuration"): the host's side (a file validated before anything is
// written, keys into secrets and past plain fields) and the simulator's store.
// The firmware's own checks, a change kept across a power cut and secrets
// write-only on every path run on all three boards in
// serial-boards-config.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { missingTool } from "./support/tools.js";
import { cli, jsonOf, tempDir, directBench, type Bench } from "./support/serial-board.js";
import { blockPassword } from "../../host/serial/config-access.js";

const skip = missingTool("socat", "socat") ?? false;
const PASSWORD = "pw-Very-Secret-42";
const CONFIG = {
  user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0,
  relays: [{ pulseMs: 300, doorCodes: ["4321"] }], accessCodes: [{ code: "9876", relay: 0 }], lockout: { tries: 4 },
};

function file(json: unknown): string {
  return textFile(JSON.stringify(json));
}

function textFile(text: string): string {
  const f = path.join(tempDir("cfg"), "station.json");
  writeFileSync(f, text);
  return f;
}

async function provisioned(name: string): Promise<Bench> {
  const bench = await directBench(name);
  const r = await cli(["provision", bench.port, file(CONFIG)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /config loaded/);
  return bench;
}

async function get(port: string, key?: string): Promise<unknown> {
  const r = await cli(["config", "get", port, ...(key ? [key] : []), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const out = jsonOf(r);
  return key ? out.value : out.config;
}

test("provision writes the file's configuration; config get reads it back field by field", { skip }, async () => {
  const bench = await provisioned("provision");
  try {
    assert.equal(await get(bench.port, "lockout.tries"), 4);
    assert.equal(await get(bench.port, "registrar.host"), "127.0.0.1");
    const whole = (await get(bench.port)) as Record<string, unknown>;
    assert.equal(whole.user, "door");
    assert.equal((whole.relays as { pulseMs: number }[])[0].pulseMs, 300);
  } finally {
    await bench.close();
  }
});

test("any key into a secret reads back as set, never a character or the length of it", { skip }, async () => {
  const bench = await provisioned("into-secrets");
  try {
    for (const key of ["password[0]", "password.length", "accessCodes[0].code[1]", "relays[0].doorCodes[0].length"]) {
      assert.equal(await get(bench.port, key), "set", key);
    }
  } finally {
    await bench.close();
  }
});

test("a key past a plain field is refused naming the key and the field to ask for", { skip }, async () => {
  const bench = await provisioned("past-plain");
  try {
    const r = await cli(["config", "get", bench.port, "user[0]", "--json"]);
    assert.equal(r.code, 1);
    assert.equal(jsonOf(r).field, "user[0]");
    assert.match(r.stderr, /user\[0\]: not a configuration key: user is a string: it has no \[0\]; ask for user/);
  } finally {
    await bench.close();
  }
});

test("a secret is written whole: setting a key inside it is refused and the secret stays", { skip }, async () => {
  const bench = await provisioned("set-into-secret");
  try {
    const r = await cli(["config", "set", bench.port, "password[0]", "x"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /password\[0\]: password is a secret and is written whole; set password instead/);
    assert.equal(blockPassword(readFileSync(path.join(bench.board.state, "config.bin"))), PASSWORD);
  } finally {
    await bench.close();
  }
});

test("an invalid file is refused naming the field, and nothing is written", { skip }, async () => {
  const bench = await provisioned("bad-file");
  try {
    const r = await cli(["provision", bench.port, file({ ...CONFIG, lockout: { tries: 99 } })]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lockout\.tries: out of range 1\.\.20, got 99/);
    assert.equal(await get(bench.port, "lockout.tries"), 4);
  } finally {
    await bench.close();
  }
});

test("a file that is not JSON is refused with the line and column of the error, never the text there", async () => {
  const broken = `{\n  "user": "door",\n  "password": ${PASSWORD},\n  "domain": "example.com"\n}\n`;
  const r = await cli(["provision", "/dev/null-no-port", textFile(broken)]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /station\.json: not JSON at line 3, column 15: expected a value/);
  assert.doesNotMatch(r.stdout + r.stderr, /Very|Secret/);
});

test("the board's store is private: the configuration block is created 0600 in a 0700 directory", { skip }, async () => {
  const bench = await provisioned("private");
  try {
    assert.equal(statSync(path.join(bench.board.state, "config.bin")).mode & 0o777, 0o600);
    assert.equal(statSync(bench.board.state).mode & 0o777, 0o700);
  } finally {
    await bench.close();
  }
});
