// --tls-ca, --tls-cert and --tls-key on `intercom sim` (the board's TLS
// streams, host/sim/stream-tls.ts): a file that cannot be used is refused
// naming the option and its fix, exit 2, before the station starts (never
// printing a key); good files start it. The configuration's tls.ca names the
// CA when --tls-ca does not (a relative path from the file's folder).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { makePki, pkiSkip, type Pki } from "./support/pki.js";
import { peerServer, waitFor } from "./support/stream-peers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, "../../host/cli.js");
const dir = mkdtempSync(path.join(tmpdir(), "cli-tls-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const config = path.join(dir, "station.json");
writeFileSync(config, JSON.stringify({ user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0 }));
const skip = pkiSkip();
const pki: Pki | null = skip ? null : makePki(dir);

/** `intercom sim` with the arguments; stdin ends at once, so a station that starts stops again. */
const sim = (...args: string[]) => spawnSync(process.execPath, [cli, "sim", "--config", config, "--host", "127.0.0.1", "--port", "0", ...args], { input: "", encoding: "utf8", timeout: 15_000 });

test("intercom sim --tls-ca with a file that does not exist: refused naming the option and its fix, exit 2", () => {
  const r = sim("--tls-ca", path.join(dir, "missing.pem"));
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--tls-ca .*missing\.pem: cannot read it \(ENOENT\): give the path of a PEM file/);
  assert.doesNotMatch(r.stdout, /"listening"/);
});

test("intercom sim --tls-cert without --tls-key: refused, both or neither, exit 2", { skip: skip ?? false }, () => {
  const r = sim("--tls-cert", pki!.server.cert);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--tls-cert and --tls-key: give both/);
});

test("intercom sim --tls-key of another certificate: refused naming both files, the key's octets never printed, exit 2", { skip: skip ?? false }, () => {
  const r = sim("--tls-cert", pki!.server.cert, "--tls-key", pki!.wrongName.key);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--tls-cert .*server\.pem \/ --tls-key .*wrong-name\.key: not a certificate and its private key/);
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /PRIVATE KEY|BEGIN/);
});

test("intercom sim with a CA, a certificate and its key starts the station", { skip: skip ?? false }, () => {
  const r = sim("--tls-ca", pki!.ca, "--tls-cert", pki!.server.cert, "--tls-key", pki!.server.key);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /"event":"listening"/);
});

test("intercom sim --state with --tls-ca: refused, the TLS files run with --config alone, exit 2", () => {
  const r = spawnSync(process.execPath, [cli, "sim", "--state", path.join(dir, "state"), "--tls-ca", config], { input: "", encoding: "utf8", timeout: 15_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--tls-ca, --tls-cert and --tls-key run with --config alone/);
});

/** A configuration file in its own folder of `dir`, for a station registering over TLS at `port` with `tls` as given. */
function tlsConfig(port: number, tls: unknown): string {
  const folder = mkdtempSync(path.join(dir, "conf-"));
  const file = path.join(folder, "station.json");
  writeFileSync(file, JSON.stringify({ user: "door", domain: pki?.name ?? "example.com", registrar: { host: "127.0.0.1", port, transport: "tls" }, keepaliveInterval: 0, tls }));
  return file;
}

test("tls.ca naming a file that does not exist: refused naming tls.ca, the path from the configuration's folder and the fix, exit 2", () => {
  const file = tlsConfig(9, { ca: "missing.pem" });
  const r = spawnSync(process.execPath, [cli, "sim", "--config", file, "--host", "127.0.0.1", "--port", "0"], { input: "", encoding: "utf8", timeout: 15_000 });
  assert.equal(r.status, 2, r.stderr);
  const expected = path.join(path.dirname(file), "missing.pem");
  assert.ok(r.stderr.includes(`tls.ca ${expected}: cannot read it (ENOENT): give the path of a PEM file`), r.stderr);
  assert.doesNotMatch(r.stdout, /"listening"/);
});

test("--tls-ca overrides tls.ca: a configuration naming a missing CA starts with a readable --tls-ca", { skip: skip ?? false }, () => {
  const r = spawnSync(process.execPath, [cli, "sim", "--config", tlsConfig(9, { ca: "missing.pem" }), "--host", "127.0.0.1", "--port", "0", "--tls-ca", pki!.ca],
    { input: "", encoding: "utf8", timeout: 15_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /"event":"listening"/);
});

test("tls.ca as a relative path is the CA the station trusts: it registers over TLS with a peer whose certificate that CA signed (RFC 3261 §26.2)", { skip: skip ?? false }, async () => {
  const peer = await peerServer(pki!.server);
  const file = tlsConfig(peer.port, { ca: "trust/ca.pem" });
  mkdirSync(path.join(path.dirname(file), "trust"));
  writeFileSync(path.join(path.dirname(file), "trust", "ca.pem"), readFileSync(pki!.ca));
  const child = spawn(process.execPath, [cli, "sim", "--config", file, "--host", "127.0.0.1", "--port", "0"]);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    await waitFor(() => peer.got.some((g) => g.startsWith("REGISTER ")) || child.exitCode !== null, "a REGISTER over the TLS connection", 10_000);
    assert.match(peer.got[0] ?? "", /^REGISTER sips?:/, `nothing arrived over TLS; the station said: ${stderr}`);
  } finally {
    child.kill();
    peer.close();
  }
});
