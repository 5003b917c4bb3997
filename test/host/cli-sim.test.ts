// `intercom sim`: the headless door station for scripts: JSON events on
// stdout, commands on stdin, a clean exit on SIGTERM, configuration errors
// that name the field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { PresenceServer, publishingConfig, expectRemovalOnQuit, expectChallengedRemovalAnswered, type PresenceServerOptions } from "./support/presence-server.js";
import { withoutTimesAndPorts } from "./support/secrets.js";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../host/cli.js");
const dir = mkdtempSync(path.join(tmpdir(), "intercom-sim-"));
const config = (json: unknown) => {
  const f = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(json));
  return f;
};
const GOOD = { user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0, relays: [{ pulseMs: 300, doorCodes: ["1234"] }], accessCodes: [{ code: "9876", relay: 0 }] };

function events(out: string): Record<string, unknown>[] {
  return out.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

test("keypad commands on stdin open the relay with the access code; every stdout line is a JSON event", async () => {
  const child = spawn(process.execPath, [cli, "sim", "--config", config(GOOD), "--port", "0"]);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  for (const k of "9876#") child.stdin.write(`key ${k}\n`);
  // Until the 300 ms pulse has ended (a loaded machine may take longer than the pulse), at most 10 s.
  for (let waited = 0; waited < 10_000 && !/"relay":0,"on":false/.test(out); waited += 50) await new Promise((r) => setTimeout(r, 50));
  child.kill("SIGTERM");
  const code = await new Promise((r) => child.on("exit", r));
  assert.equal(code, 0);
  const ev = events(out);
  assert.deepEqual(ev[0], { t: ev[0].t, event: "config", state: "loaded" });
  assert.ok(ev.some((e) => e.event === "listening"));
  const relay = ev.filter((e) => e.event === "relay").map((e) => e.on);
  assert.deepEqual(relay, [true, false]);
  assert.doesNotMatch(withoutTimesAndPorts(out), /9876/);
});

test("an invalid configuration is refused naming the field and its fix, exit 2", () => {
  const r = spawnSync(process.execPath, [cli, "sim", "--config", config({ ...GOOD, lockout: { tries: 99 } }), "--port", "0"], { encoding: "utf8", timeout: 15_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /lockout\.tries/);
});

test("a missing --config and an unknown command say how to use it, exit 2", () => {
  const a = spawnSync(process.execPath, [cli, "sim"], { encoding: "utf8" });
  assert.equal(a.status, 2);
  assert.match(a.stderr, /--config FILE is required/);
  const b = spawnSync(process.execPath, [cli, "frobnicate"], { encoding: "utf8" });
  assert.equal(b.status, 2);
  assert.match(b.stderr, /unknown command: frobnicate/);
});

// RFC 3903 §4.5: a publication is removed with Expires: 0 naming its entity
// tag; a station that is stopped on purpose does so before it goes.
/** `intercom sim` publishing its presence to a PresenceServer (`o`; `extra` in the configuration); `check` runs on both, which are stopped after. */
async function quitting(o: PresenceServerOptions, extra: Record<string, unknown>, check: (child: ChildProcessWithoutNullStreams, server: PresenceServer) => Promise<void>): Promise<void> {
  const server = await PresenceServer.start(o);
  const child = spawn(process.execPath, [cli, "sim", "--config", config({ ...publishingConfig(server.port), ...extra }), "--port", "0"]);
  try {
    await check(child, server);
  } finally {
    child.kill();
    server.close();
  }
}

test("quit: a station that publishes its presence removes it (PUBLISH Expires: 0, SIP-If-Match) before it exits", () =>
  quitting({}, {}, expectRemovalOnQuit));

test("quit while the initial publication is unanswered: its late 200 is waited for, then the removal is sent (RFC 3903 §4.5)", () =>
  quitting({ answerFirstAfterMs: 300 }, {}, expectRemovalOnQuit));

test("quit: a removal challenged with 407 is sent again with credentials, and its late 200 is waited for", () =>
  quitting({ challengeRemovalThenAnswerAfterMs: 60 }, { password: "door-secret" }, (child, server) => {
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    return expectChallengedRemovalAnswered(child, server, () => out);
  }));
