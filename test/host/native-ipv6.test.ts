// The native board at an IPv6 address (boards/native-linux/net.c, docs/transports.md
// "IPv6"): --host takes an IPv6 address and the board speaks SIP (UDP and TCP) and RTP over it;
// without --host an IPv6 registrar makes it bind :: (dual-stack) and announce the
// address that routes there, as the simulator does (host/sim/announce.ts); a --host
// that is no address is refused naming the option. The RTP path is proved with the
// small module that sends each media datagram back (support/media-module.ts).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { BINARY, compileBoard } from "../../host/tools/build-native.js";
import { blockOf } from "../../host/tools/config-block.js";
import { nativeSkip } from "./support/interop-native.js";
import { freePort } from "./support/interop.js";
import { ipv6Skip, exchange } from "./support/ipv6.js";
import { freeEvenPair } from "./support/media-net.js";
import { mediaModule } from "./support/media-module.js";
import { missingTool } from "./support/tools.js";
import { startLine } from "./support/interop-sipp.js";

const dir = mkdtempSync(path.join(tmpdir(), "native-ipv6-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
let skip: string | null = null;

before(async () => {
  skip = nativeSkip() ?? (await ipv6Skip());
});

type Line = Record<string, unknown>;
interface Board { lines: Line[]; stderr: () => string; stop: () => Promise<void> }

/** The board (`binary`) with `config` on a free port and `args`, once it printed its listening line. */
async function board(config: Record<string, unknown>, args: string[], binary = BINARY): Promise<Board & { port: number }> {
  const port = await freePort();
  const block = path.join(dir, `b${port}.bin`);
  writeFileSync(block, blockOf({ user: "door", domain: "example.com", keepaliveInterval: 0, ...config }, port));
  const child = spawn(binary, ["--config-block", block, ...args]);
  const lines: Line[] = [];
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  createInterface({ input: child.stdout! }).on("line", (l) => l && lines.push(JSON.parse(l)));
  const exit = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  const deadline = Date.now() + 5000;
  while (!lines.some((l) => l.event === "listening")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the board did not listen: ${err}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { port, lines, stderr: () => err, stop: async () => { if (child.exitCode === null) child.kill("SIGTERM"); await exit; } };
}

/** An OPTIONS to the station at [host]:port, its Via naming the sender's own port (and transport). */
function options(host: string, port: number, transport = "UDP"): (own: number) => Buffer {
  const h = host.includes(":") ? `[${host}]` : host;
  return (own) => Buffer.from([`OPTIONS sip:door@${h}:${port} SIP/2.0`, `Via: SIP/2.0/${transport} ${h}:${own};branch=z9hG4bK6opt${own}`,
    "Max-Forwards: 70", `From: <sip:probe@${h}>;tag=p6`, `To: <sip:door@${h}>`, `Call-ID: v6-${own}@probe`, "CSeq: 1 OPTIONS",
    "Content-Length: 0", "", ""].join("\r\n"), "latin1");
}

const listening = (b: Board) => b.lines.find((l) => l.event === "listening");

test("native board --host ::1: the board listens and announces ::1, and answers an OPTIONS from [::1] over IPv6 (RFC 5118)", async (t) => {
  if (skip) return t.skip(skip);
  const b = await board({}, ["--host", "::1"]);
  try {
    assert.deepEqual(listening(b), { t: listening(b)!.t, event: "listening", host: "::1", port: b.port });
    const a = await exchange("::1", b.port, options("::1", b.port));
    assert.equal(startLine(a.data.toString("latin1")), "SIP/2.0 200 OK");
    assert.deepEqual(a.from, { address: "::1", port: b.port }, "the answer leaves the SIP socket at [::1]");
  } finally {
    await b.stop();
  }
});

test("native board --host [::1]: the bracketed form of RFC 3986 §3.2.2 is the same address", async (t) => {
  if (skip) return t.skip(skip);
  const b = await board({}, ["--host", "[::1]"]);
  try {
    assert.equal(listening(b)!.host, "::1");
  } finally {
    await b.stop();
  }
});

test("native board: a --host that is no address is refused with exit 2, naming the option and what it takes", (t) => {
  if (skip) return t.skip(skip);
  const r = spawnSync(BINARY, ["--host", "door.local"], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^--host: not an IPv4 or IPv6 address \(e\.g\. 192\.168\.1\.20, or 2001:db8::20; a name is not taken\): door\.local\n/);
});

test("native board without --host: a registrar at [::1] makes it announce ::1, the address that routes there", async (t) => {
  if (skip) return t.skip(skip);
  const b = await board({ registrar: { host: "::1", port: await freePort() } }, []);
  try {
    assert.equal(listening(b)!.host, "::1");
  } finally {
    await b.stop();
  }
});

test("native board without --host and an IPv6 registrar: bound to :: dual-stack, it answers an IPv4 peer too (IPV6_V6ONLY off)", async (t) => {
  if (skip) return t.skip(skip);
  const b = await board({ registrar: { host: "::1", port: await freePort() } }, []);
  try {
    const a = await exchange("127.0.0.1", b.port, options("127.0.0.1", b.port));
    assert.equal(startLine(a.data.toString("latin1")), "SIP/2.0 200 OK");
    assert.equal(a.from.address, "127.0.0.1");
  } finally {
    await b.stop();
  }
});

test("native board --host 0.0.0.0 with an IPv6 registrar: refused with exit 2, naming --host :: as the fix", async (t) => {
  if (skip) return t.skip(skip);
  const block = path.join(dir, "v6-registrar.bin");
  writeFileSync(block, blockOf({ user: "door", domain: "example.com", registrar: { host: "::1", port: 5060 } }, await freePort()));
  const r = spawnSync(BINARY, ["--config-block", block, "--host", "0.0.0.0"], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--host 0\.0\.0\.0: the block's registrar is an IPv6 address; give --host ::/);
});

test("native board --host 127.0.0.1 (an IPv4 station): a datagram to an IPv6 registrar is dropped with a line on stderr saying why", async (t) => {
  if (skip) return t.skip(skip);
  const b = await board({ registrar: { host: "::1", port: await freePort() } }, ["--host", "127.0.0.1"]);
  try {
    const deadline = Date.now() + 3000;
    while (!/board\.send: an IPv6 peer/.test(b.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.match(b.stderr(), /board\.send: an IPv6 peer, and the station has an IPv4 address \(--host\); datagram dropped/);
  } finally {
    await b.stop();
  }
});

test("native board --host ::1: an RTP datagram to [::1]:rtpPort comes back through boardMedia and board.mediaSend from that port over IPv6", async (t) => {
  const tool = skip ?? missingTool("wat2wasm", "wabt");
  if (tool) return t.skip(tool);
  const asked = await freeEvenPair();
  const binary = path.join(dir, "intercom-native-media");
  compileBoard(mediaModule(dir, asked), dir, binary);
  const b = await board({}, ["--host", "::1"], binary);
  try {
    const rtp = Buffer.from("80000001000000a0deadbeef", "hex");
    const a = await exchange("::1", asked, () => rtp);
    assert.deepEqual(a, { data: rtp, from: { address: "::1", port: asked } });
  } finally {
    await b.stop();
  }
});


test("native board --host ::1: its TCP listener (RFC 3261 §18.2.1: localPort) takes a connection from [::1] and answers an OPTIONS on it", async (t) => {
  if (skip) return t.skip(skip);
  const b = await board({}, ["--host", "::1"]);
  const c = net.connect({ host: "::1", port: b.port });
  try {
    await new Promise<void>((resolve, reject) => c.once("connect", resolve).once("error", reject));
    let got = "";
    c.on("data", (d) => (got += d.toString("latin1")));
    c.write(options("::1", b.port, "TCP")(c.localPort!));
    const deadline = Date.now() + 3000;
    while (!got.includes("\r\n\r\n") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(startLine(got), "SIP/2.0 200 OK");
  } finally {
    c.destroy();
    await b.stop();
  }
});
