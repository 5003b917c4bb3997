// The native board's trust anchors from its configuration block
// (boards/native-linux/block.c, main.c; docs/transports.md "Streams"): when
// --tls-ca is not given, the block's tls.ca (tag 0x09) names the PEM file of
// CAs a TLS registrar's certificate must chain to (RFC 3261 §26.2), a
// relative path taken from the block file's folder; a file that cannot be
// read is refused at start naming tls.ca, exit 2; --tls-ca overrides it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BINARY } from "../../host/tools/build-native.js";
import { blockOf } from "../../host/tools/config-block.js";
import { nativeSkip } from "./support/interop-native.js";
import { freePort } from "./support/interop.js";
import { makePki, pkiSkip, type Pki } from "./support/pki.js";
import { peerServer, waitFor, type PeerServer } from "./support/stream-peers.js";

const dir = mkdtempSync(path.join(tmpdir(), "native-tls-ca-"));
let skip: string | null = null;
let pki: Pki;
const servers: PeerServer[] = [];

before(() => {
  skip = nativeSkip() ?? pkiSkip();
  if (!skip) pki = makePki(dir);
});

after(() => {
  for (const s of servers) s.close();
});

/** A block in its own folder: a station registering over TLS at `port`, its tls.ca `ca`; returns the block's path. */
async function blockFile(port: number, ca: string): Promise<string> {
  const folder = mkdtempSync(path.join(dir, "b-"));
  const file = path.join(folder, "config-block.bin");
  const config = { user: "door", domain: pki?.name ?? "example.com", registrar: { host: "127.0.0.1", port, transport: "tls" }, keepaliveInterval: 0, tls: { ca } };
  writeFileSync(file, blockOf(config, await freePort()));
  return file;
}

/** Runs the board on `block` (with `extra` arguments), stdin ending at once: its exit code and stderr. */
const run = (block: string, extra: string[] = []) =>
  spawnSync(BINARY, ["--config-block", block, "--host", "127.0.0.1", ...extra], { input: "", encoding: "utf8", timeout: 15_000 });

test("a block whose tls.ca names a missing file: refused at start naming tls.ca, the path from the block's folder and the fix, exit 2", async (t) => {
  if (skip) return t.skip(skip);
  const block = await blockFile(9, "missing.pem");
  const r = run(block);
  assert.equal(r.status, 2, r.stderr);
  assert.ok(r.stderr.includes(`tls.ca ${path.join(path.dirname(block), "missing.pem")}: cannot read it`), r.stderr);
  assert.match(r.stderr, /give the path of a PEM file/);
  assert.doesNotMatch(r.stdout, /"listening"/);
});

test("--tls-ca overrides the block's tls.ca: a block naming a missing CA starts with a readable --tls-ca", async (t) => {
  if (skip) return t.skip(skip);
  const r = run(await blockFile(9, "missing.pem"), ["--tls-ca", pki.ca]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /"event":"listening"/);
});

test("the block's tls.ca (relative) is the CA the board trusts: it registers over TLS with a peer whose certificate that CA signed", async (t) => {
  if (skip) return t.skip(skip);
  const peer = await peerServer(pki.server);
  servers.push(peer);
  const block = await blockFile(peer.port, "trust/ca.pem");
  mkdirSync(path.join(path.dirname(block), "trust"));
  writeFileSync(path.join(path.dirname(block), "trust", "ca.pem"), readFileSync(pki.ca));
  const child = spawn(BINARY, ["--config-block", block, "--host", "127.0.0.1"]);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    await waitFor(() => peer.got.some((g) => g.startsWith("REGISTER ")) || child.exitCode !== null, "a REGISTER over the TLS connection", 10_000);
    assert.match(peer.got[0] ?? "", /^REGISTER sips?:/, `nothing arrived over TLS; the board said: ${stderr}`);
  } finally {
    child.kill("SIGTERM");
  }
});
