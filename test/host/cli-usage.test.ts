// The `intercom` command as people expect a command-line tool to behave:
// --version, help on a bare call (a usage error), commander's suggestion for
// a misspelt command, one line naming the argument or field and its fix
// (exit 2) for bad input, never a stack trace; and `intercom sim` on a real
// network: the configured localPort, the announced address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import path from "node:path";
import { freePort } from "./support/interop.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, "../../host/cli.js");
const start = path.resolve(here, "../../host/start.js");
const dir = mkdtempSync(path.join(tmpdir(), "intercom-usage-"));
const file = (json: unknown) => {
  const f = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(json));
  return f;
};
const GOOD = { user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0 };
const run = (args: string[], bin = cli) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 15_000 });
const noStack = (stderr: string) => assert.doesNotMatch(stderr, /\n\s+at /, `a stack trace: ${stderr}`);

test("intercom --version prints the package's version, exit 0", () => {
  const r = run(["--version"]);
  const pkg = JSON.parse(readFileSync(path.resolve(here, "../../../../package.json"), "utf8")) as { version: string };
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), `intercom ${pkg.version}`);
});

test("a command's own --version is the command's: intercom pack IN OUT --version 1.2.3 packs, it does not print the program's version", () => {
  const out = path.join(dir, "packed.wasm");
  const r = run(["pack", path.resolve(here, "../../../firmware.wasm"), out, "--version", "1.2.3"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /packed as 1\.2\.3/);
  assert.ok(readFileSync(out).length > 0);
});

test("intercom alone prints the help on stderr and exits 2 (a usage error)", () => {
  const r = run([]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Usage: intercom/);
  assert.equal(r.stdout, "");
});

test("a misspelt command gets commander's suggestion, exit 2", () => {
  const r = run(["simm"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command: simm; did you mean sim\?/);
});

test("a configuration error names its path once", () => {
  const r = run(["sim", "--config", file({ ...GOOD, registrar: { host: "127.0.0.1", port: 99999 } })]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^registrar\.port: out of range 1\.\.65535, got 99999$/m);
});

test("intercom sim --host must be an IP address: one line naming --host, exit 2", () => {
  const r = run(["sim", "--config", file(GOOD), "--host", "300.1.1.1"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--host.*300\.1\.1\.1 is not an IP address/);
  noStack(r.stderr);
});

test("npm start with an unknown board: one line naming the board, exit 2, no stack trace", () => {
  const r = run(["--config", file(GOOD), "--board", "nosuch"], start);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no board "nosuch"/);
  noStack(r.stderr);
});

test("npm start --host must be an IP address: one line naming --host, exit 2", () => {
  const r = run(["--config", file(GOOD), "--host", "door.local"], start);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, /^--host: door\.local is not an IP address/);
});

test("npm start --config binds the configured localPort and prints the address and port it registers from (RFC 3261 §18.1.1)", async () => {
  const localPort = await freePort();
  const child = spawn(process.execPath, [start, "--config", file({ ...GOOD, localPort }), "--quiet"], { stdio: ["pipe", "pipe", "pipe"] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no 'registering with' line within 10 s")), 10_000);
      createInterface({ input: child.stdout }).on("line", (l) => {
        if (/registering with/.test(l)) { clearTimeout(timer); resolve(l); }
      });
    });
    assert.match(line, new RegExp(`at 127\\.0\\.0\\.1:${localPort} \\(bound 0\\.0\\.0\\.0:${localPort}\\), registering with 127\\.0\\.0\\.1:9`));
  } finally {
    child.kill("SIGTERM");
  }
});

test("a port in use by another program: one line saying so and naming the fix, exit 2", async () => {
  const localPort = await freePort();
  const holder = spawn(process.execPath, [cli, "sim", "--config", file({ ...GOOD, localPort }), "--host", "127.0.0.1"], { stdio: ["pipe", "pipe", "pipe"] });
  try {
    await new Promise<void>((r) => createInterface({ input: holder.stdout }).on("line", (l) => { if (/listening/.test(l)) r(); }));
    const r = run(["--config", file({ ...GOOD, localPort }), "--host", "127.0.0.1"], start);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`cannot bind UDP 127\\.0\\.0\\.1:${localPort}: the port is in use by another program`));
    noStack(r.stderr);
  } finally {
    holder.kill("SIGTERM");
  }
});
