// The native Linux board (boards/native-linux, issue: real silicon
// toolchains): build/firmware.wasm translated by wasm2c and compiled by the
// system C compiler runs on a UDP socket and speaks `intercom sim`'s lines.
// The module inside is the simulator's byte for byte; the same commands give
// the same events; the configuration block file, bad arguments and datagrams
// longer than the receive buffer get the firmware's answers (513).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import dgram from "node:dgram";
import path from "node:path";
import { defaultImagePath } from "../../host/firmware.js";
import { Intercom } from "../../host/intercom.js";
import { eventJson } from "../../host/sim/events.js";
import { crc32, Tag } from "../../host/config.js";
import { BINARY, NATIVE_DIR, buildNative, sha256, translate } from "../../host/tools/build-native.js";
import { blockOf } from "../../host/tools/config-block.js";
import { eventFromJson, nativeSkip } from "./support/interop-native.js";
import { freePort } from "./support/interop.js";
import { PresenceServer, publishingConfig, expectRemovalOnQuit, expectChallengedRemovalAnswered, type PresenceServerOptions } from "./support/presence-server.js";
import { withoutTimesAndPorts } from "./support/secrets.js";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../host/cli.js");
const dir = mkdtempSync(path.join(tmpdir(), "native-board-"));
let skip: string | null = null;
before(() => {
  skip = nativeSkip();
});

const CONFIG = {
  user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0,
  relays: [{ pulseMs: 300, doorCodes: ["1234"] }], accessCodes: [{ code: "9876", relay: 0 }],
  lockout: { tries: 2, seconds: 5 }, doorSensor: { enabled: true, heldOpenSeconds: 5 },
  media: { rtpPort: 0 }, // both boards run at once: each takes any free RTP pair (a fixed one would make the second warn)
};
/** Two wrong codes (the lockout), the door opened and closed, a command the station does not know. */
const SCRIPT = ["key 1", "key 1", "key 1", "key 1", "key #", "key 2", "key 2", "key 2", "key 2", "key #", "input 0 1", "input 0 0", "frobnicate now"];

type Line = Record<string, unknown>;
const parse = (out: string): Line[] => out.split("\n").filter(Boolean).map((l) => JSON.parse(l));

/** Runs a station process, feeds it `commands`, lets it run `ms`, stops it with SIGTERM: its lines, stderr and exit code. */
async function session(cmd: string, args: string[], commands: string[], ms: number): Promise<{ lines: Line[]; stderr: string; code: number | null }> {
  const child = spawn(cmd, args);
  let out = "", stderr = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  const deadline = Date.now() + 10_000;
  while (!out.includes('"listening"') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  for (const c of commands) child.stdin.write(`${c}\n`);
  await new Promise((r) => setTimeout(r, ms));
  child.kill("SIGTERM");
  return { lines: parse(out), stderr, code: await exit };
}

/** The native board with `config` as its block, on a free port. */
async function nativeSession(config: unknown, commands: string[], ms: number, extra: string[] = []) {
  const port = await freePort();
  const block = path.join(mkdtempSync(path.join(dir, "s-")), "b.bin"); // its own directory: the lockout's .state beside it too
  writeFileSync(block, blockOf(config, port));
  return { port, ...(await session(BINARY, ["--config-block", block, ...extra], commands, ms)) };
}

/** Lines without their times (and without the port, which each run picks). */
const untimed = (lines: Line[]) => lines.map(({ t: _t, ...rest }) => (rest.event === "listening" ? { ...rest, port: 0 } : rest));

test("the native board runs build/firmware.wasm byte for byte: it reports the module's SHA-256, and wasm2c's translation of that file is the C it was compiled from", (t) => {
  if (skip) return t.skip(skip);
  const wasm = readFileSync(defaultImagePath());
  const { manifest } = buildNative();
  const version = spawnSync(BINARY, ["--version"], { encoding: "utf8" });
  assert.equal(version.status, 0);
  assert.match(version.stdout, new RegExp(`sha256 ${sha256(wasm)} \\(${wasm.length} bytes\\)`));
  assert.equal(manifest.wasmSha256, sha256(wasm));
  const again = translate(defaultImagePath(), path.join(dir, "again"));
  assert.equal(sha256(readFileSync(again)), manifest.cSha256, "a fresh translation is the C inside the binary");
  assert.equal(sha256(readFileSync(path.join(NATIVE_DIR, "gen/firmware.c"))), manifest.cSha256);
});

test("the same commands give the same lines as `intercom sim`: keypad codes, the lockout, the door sensor, an unknown command", async (t) => {
  if (skip) return t.skip(skip);
  const file = path.join(dir, "config.json");
  writeFileSync(file, JSON.stringify(CONFIG));
  const [sim, native] = await Promise.all([
    session(process.execPath, [cli, "sim", "--config", file, "--port", "0"], SCRIPT, 1200),
    nativeSession(CONFIG, SCRIPT, 1200),
  ]);
  assert.equal(sim.code, 0);
  assert.equal(native.code, 0, "SIGTERM ends the native board with 0");
  const events = untimed(native.lines).map((l) => l.event);
  for (const e of ["config", "listening", "code-wrong", "lockout", "door", "error"]) assert.ok(events.includes(e), `the native board reported ${e}: ${events.join(", ")}`);
  assert.deepEqual(untimed(native.lines), untimed(sim.lines));
});

test("--gpio prints each output change: the relay's pulse with its relay events", async (t) => {
  if (skip) return t.skip(skip);
  const r = await nativeSession(CONFIG, ["key 9", "key 8", "key 7", "key 6", "key #"], 800, ["--gpio"]);
  const relay = r.lines.filter((l) => l.event === "relay" || (l.event === "output" && l.output === 0)).map((l) => `${l.event} ${l.on}`);
  assert.deepEqual(relay, ["output true", "relay true", "output false", "relay false"]);
  assert.doesNotMatch(withoutTimesAndPorts(JSON.stringify(r.lines)), /9876/, "the code is never printed");
});

test("a block the firmware refuses starts the station on safe defaults: the config line says refused, stderr names the field", async (t) => {
  if (skip) return t.skip(skip);
  const port = await freePort();
  const block = Buffer.from(blockOf(CONFIG, port));
  // relays[0].pulseMs = 50 (below 100), with a CRC that matches: only the firmware's range check refuses it.
  const at = block.indexOf(Buffer.from([Tag.RelayPulseMs, 2, 0]), 14);
  block.writeUInt16LE(50, at + 3);
  block.writeUInt32LE(crc32(block.subarray(14)), 10);
  const file = path.join(dir, "refused.bin");
  writeFileSync(file, block);
  const r = await session(BINARY, ["--config-block", file], [], 300);
  assert.deepEqual(untimed(r.lines).slice(0, 1), [{ event: "config", state: "refused: safe defaults" }]);
  assert.match(r.stderr, /relays\[0\]\.pulseMs/);
});

test("a missing block file and an unknown argument are refused with exit 2, naming the option", (t) => {
  if (skip) return t.skip(skip);
  const missing = spawnSync(BINARY, ["--config-block", path.join(dir, "nothing.bin")], { encoding: "utf8" });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--config-block: cannot open .*nothing\.bin/);
  const unknown = spawnSync(BINARY, ["--frobnicate"], { encoding: "utf8" });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown or incomplete argument: --frobnicate\nusage: intercom-native/);
  const host = spawnSync(BINARY, ["--host", "door.local"], { encoding: "utf8" });
  assert.equal(host.status, 2);
  assert.match(host.stderr, /--host: not an IPv4 or IPv6 address/);
});

test("a datagram longer than the receive buffer (8192) is passed as capacity + 1 and answered 513, as in the simulator; the station goes on answering", async (t) => {
  if (skip) return t.skip(skip);
  const port = await freePort();
  const block = path.join(dir, "big.bin");
  writeFileSync(block, blockOf(CONFIG, port));
  const child = spawn(BINARY, ["--config-block", block]);
  const sock = dgram.createSocket("udp4");
  try {
    await new Promise<void>((r) => child.stdout.on("data", (d) => String(d).includes("listening") && r()));
    await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
    const me = sock.address().port;
    const options = (branch: string, padding: number) => [`OPTIONS sip:door@127.0.0.1:${port} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bK${branch}`,
      "Max-Forwards: 70", `From: <sip:big@127.0.0.1>;tag=b1`, `To: <sip:door@127.0.0.1>`, `Call-ID: ${branch}@127.0.0.1`, "CSeq: 1 OPTIONS",
      `Subject: ${"x".repeat(padding)}`, "Content-Length: 0", "", ""].join("\r\n");
    const answer = (ms: number) => new Promise<string>((r) => {
      const timer = setTimeout(() => r("none"), ms);
      sock.once("message", (m) => { clearTimeout(timer); r(m.toString("latin1").split("\r\n", 1)[0]); });
    });
    // The simulator's verdict and answer for the same oversize datagram.
    const door = await Intercom.create(null, "127.0.0.1");
    door.start(0);
    const verdict = door.receive(Buffer.from(options("big", 9000), "latin1"), { host: "127.0.0.1", port: me }, 1);
    assert.equal(verdict, 513);
    assert.deepEqual(door.outbox().map((d) => Buffer.from(d.data).toString("latin1").split("\r\n", 1)[0]), ["SIP/2.0 513 Message Too Large"], "the simulator's answer");
    const big = answer(3000);
    sock.send(options("big", 9000), port, "127.0.0.1");
    assert.equal(await big, "SIP/2.0 513 Message Too Large");
    const small = answer(3000);
    sock.send(options("small", 10), port, "127.0.0.1");
    assert.match(await small, /^SIP\/2\.0 200 /);
  } finally {
    sock.close();
    child.kill("SIGTERM");
  }
});

test("the interop harness reads the native board's lines back to the firmware's events: every kind round-trips through eventJson", () => {
  const samples = [[1, 0, 600], [1, 1, 300], [2, 408, 30], [3, 1, 0], [4, 3, 200], [4, 5, 486], [5, 1, 1], [6, 1, 0], [7, 0, 0], [8, 1, 60], [9, 0, 0], [10, 4, 0], [11, 1, 0], [12, 2, 0], [13, 1, 200], [14, 2, 0], [99, 7, 8]];
  for (const [kind, a, b] of samples) assert.deepEqual(eventFromJson(eventJson({ kind, a, b })), { kind, a, b }, `kind ${kind}`);
});

test("config-block writes the block of a valid JSON configuration and refuses an invalid one naming the field, exit 2", () => {
  const tool = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../host/tools/config-block.js");
  const good = path.join(dir, "good.json");
  writeFileSync(good, JSON.stringify(CONFIG));
  const out = path.join(dir, "good.bin");
  const ok = spawnSync(process.execPath, [tool, "--config", good, "--out", out, "--local-port", "5070"], { encoding: "utf8" });
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(readFileSync(out), Buffer.from(blockOf(CONFIG, 5070)));
  const bad = path.join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify({ ...CONFIG, lockout: { tries: 99 } }));
  const refused = spawnSync(process.execPath, [tool, "--config", bad, "--out", path.join(dir, "bad.bin")], { encoding: "utf8" });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /lockout\.tries/);
  const port = spawnSync(process.execPath, [tool, "--config", good, "--out", out, "--local-port", "70000"], { encoding: "utf8" });
  assert.equal(port.status, 2);
  assert.match(port.stderr, /--local-port: 70000 is not a UDP port/);
});

/** The native board publishing its presence to a PresenceServer (`o`; `extra` in its block); `check` runs on both, which are stopped after. */
async function quitting(o: PresenceServerOptions, extra: Record<string, unknown>, check: (child: ChildProcessWithoutNullStreams, server: PresenceServer) => Promise<void>): Promise<void> {
  const server = await PresenceServer.start(o);
  const port = await freePort();
  const block = path.join(dir, `presence-${port}.bin`);
  writeFileSync(block, blockOf({ ...publishingConfig(server.port), ...extra }, port));
  const child = spawn(BINARY, ["--config-block", block]);
  try {
    await check(child, server);
  } finally {
    child.kill();
    server.close();
  }
}

test("quit on the native board: a station that publishes its presence removes it (PUBLISH Expires: 0, SIP-If-Match) before it exits, as intercom sim does", (t) =>
  skip ? t.skip(skip) : quitting({}, {}, expectRemovalOnQuit));

test("quit on the native board while the initial publication is unanswered: its late 200 is waited for, then the removal is sent", (t) =>
  skip ? t.skip(skip) : quitting({ answerFirstAfterMs: 300 }, {}, expectRemovalOnQuit));

test("quit on the native board: a removal challenged with 407 is sent again with credentials, and its late 200 is waited for", (t) =>
  skip ? t.skip(skip) : quitting({ challengeRemovalThenAnswerAfterMs: 60 }, { password: "door-secret" }, (child, server) => {
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    return expectChallengedRemovalAnswered(child, server, () => out);
  }));
