// `--json` for scripts (docs/serial-protocol.md, "The CLI"): every command of
// the README's "The serial CLI" block offers it; a success prints exactly one
// JSON object with ok: true (monitor: one per line), a failure one object
// {ok: false, error, exit} with the exit code the command has without --json.
// The board commands run against a simulated board over a socat pty pair.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { missingTool } from "./support/tools.js";
import { cli, tempDir, directBench, type Bench, type CliRun } from "./support/serial-board.js";
import { defaultImagePath } from "../../host/firmware.js";

const skip = missingTool("socat", "socat") ?? false;
const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../README.md");
const CONFIG = { user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0, lockout: { tries: 4 }, doorSensor: { enabled: true } };

/** The commands of the README's "The serial CLI" code block, as the words before the port ("config get"). */
function readmeCommands(): string[] {
  const text = readFileSync(README, "utf8");
  const block = /### The serial CLI[\s\S]*?```sh\n([\s\S]*?)```/.exec(text);
  assert.ok(block, "README has a code block under ### The serial CLI");
  const names = block[1].split("\n").map((l) => /^intercom ((?:config )?[a-z]+)/.exec(l)?.[1]).filter((n): n is string => !!n);
  return [...new Set(names)];
}

/** Every line of stdout, each parsed as JSON (throws naming the line that is not). */
function jsonLines(r: CliRun): Record<string, unknown>[] {
  return r.stdout.split("\n").filter(Boolean).map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON line (exit ${r.code}): ${l}\nstderr: ${r.stderr}`);
    }
  });
}

/** The one JSON object a successful --json run printed: exit 0, one line, ok: true. */
function oneSuccess(r: CliRun): Record<string, unknown> {
  assert.equal(r.code, 0, r.stderr);
  const lines = jsonLines(r);
  assert.equal(lines.length, 1, `exactly one JSON object, got:\n${r.stdout}`);
  assert.equal(lines[0].ok, true);
  return lines[0];
}

test("the README's serial CLI block lists the nine commands this suite runs", () => {
  assert.deepEqual(readmeCommands().sort(), ["config get", "config set", "flash", "monitor", "pack", "ports", "press", "provision", "status"]);
});

test("every command the README lists offers --json in its --help", async () => {
  for (const cmd of readmeCommands()) {
    const r = await cli([...cmd.split(" "), "--help"]);
    assert.equal(r.code, 0, cmd);
    assert.match(r.stdout, /--json\b/, `${cmd} --help mentions --json`);
  }
});

test("ports --json prints one object with the list of ports", async () => {
  const out = oneSuccess(await cli(["ports", "--json"]));
  assert.ok(Array.isArray(out.ports));
});

test("pack --json prints one object naming the packed file, its version, kind and boards", async () => {
  const packedFile = path.join(tempDir("json-pack"), "fw.img");
  const out = oneSuccess(await cli(["pack", defaultImagePath(), packedFile, "--version", "2.0.0", "--board", "simulator", "--json"]));
  assert.deepEqual([out.out, out.version, out.kind, out.boards], [packedFile, "2.0.0", "wasm", ["simulator"]]);
});

test("a failure with --json is one object {ok: false, error, exit} and the exit code of the same run without --json", async () => {
  const runs: string[][] = [
    ["pack", "/nonexistent/firmware.wasm", path.join(tempDir("json-fail"), "out.wasm"), "--version", "1.0.0"],
    ...["status", "monitor", "flash", "config get", "press 1"].map((c) => [...c.split(" "), "/dev/intercom-no-such-port"]),
  ];
  for (const args of runs) {
    const plain = await cli(args), json = await cli([...args, "--json"]);
    assert.notEqual(plain.code, 0, args.join(" "));
    assert.equal(json.code, plain.code, `${args.join(" ")}: same exit code with --json`);
    const lines = jsonLines(json);
    assert.equal(lines.length, 1, args.join(" "));
    assert.deepEqual([lines[0].ok, lines[0].exit, typeof lines[0].error], [false, plain.code, "string"], args.join(" "));
  }
});

test("a usage error with --json is one JSON object too, exit 2", async () => {
  const r = await cli(["config", "set", "/dev/ttyUSB9", "--json"]);
  assert.equal(r.code, 2);
  const lines = jsonLines(r);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].ok, false);
  assert.equal(lines[0].exit, 2);
  assert.match(String(lines[0].error), /missing required argument 'key'/);
});

// The board commands, in order against one simulated board.
let bench: Bench;
before(async () => {
  if (!skip) bench = await directBench("json");
});
after(async () => bench?.close());

test("provision --json prints one object with the board and its configuration state", { skip }, async () => {
  const f = path.join(tempDir("json-cfg"), "station.json");
  writeFileSync(f, JSON.stringify(CONFIG));
  const out = oneSuccess(await cli(["provision", bench.port, f, "--json"]));
  assert.deepEqual([out.board, out.config], ["simulator", "loaded"]);
});

test("config set --json prints one object naming the key stored", { skip }, async () => {
  assert.equal(oneSuccess(await cli(["config", "set", bench.port, "lockout.tries", "6", "--json"])).key, "lockout.tries");
});

test("config get --json prints one object with the key and its value", { skip }, async () => {
  assert.deepEqual(oneSuccess(await cli(["config", "get", bench.port, "lockout.tries", "--json"])), { ok: true, key: "lockout.tries", value: 6 });
});

test("press --json prints one object with the number of keys pressed", { skip }, async () => {
  assert.equal(oneSuccess(await cli(["press", bench.port, "12", "--json"])).pressed, 2);
});

test("status --json prints one object with the firmware and slots", { skip }, async () => {
  const out = oneSuccess(await cli(["status", bench.port, "--json"]));
  assert.equal(out.board, "simulator");
  assert.ok(Array.isArray(out.slots));
});

test("flash --json prints one object, no progress and no text lines", { skip }, async () => {
  const out = oneSuccess(await cli(["flash", bench.port, "--json", "--no-activate"]));
  assert.deepEqual([out.slot, out.activated], ["B", false]);
});

test("monitor --json prints one JSON object per line for each event", { skip }, async () => {
  const watching = cli(["monitor", bench.port, "--for", "2", "--json"]);
  await new Promise((r) => setTimeout(r, 1000));
  bench.board.command("input 0 1");
  const r = await watching;
  assert.equal(r.code, 0, r.stderr);
  const lines = jsonLines(r);
  assert.ok(lines.length > 0, "at least the door opening was reported");
  assert.ok(lines.every((l) => typeof l.kind === "string"), r.stdout);
  assert.ok(lines.some((l) => l.kind === "event"), r.stdout);
});
