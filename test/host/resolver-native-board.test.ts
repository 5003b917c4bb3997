// The native board's resolver inside the board (board ABI 5, docs/transports.md
// "Names"): a small module (support/resolver-module.ts) asks board.resolve for
// each datagram it gets and sends back what boardResolved brings, so the board's
// poll loop, its --dns option and the records at rxBuffer are proved end to end
// against dnsmasq, while build/firmware.wasm does not import the resolver yet.
// resolver-native.test.ts proves the resolver's answers one by one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compileBoard } from "../../host/tools/build-native.js";
import { blockOf } from "../../host/tools/config-block.js";
import { missingTool } from "./support/tools.js";
import { freePort } from "./support/interop.js";
import { decodeRecords, Dnsmasq, FakeDns, reply, rr, TO_QUESTION } from "./support/dns-server.js";
import { resolverModule } from "./support/resolver-module.js";

const SRV = 33, A = 1;
const dir = mkdtempSync(path.join(tmpdir(), "resolver-native-board-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
let skip: string | null = null;
let binary = "";
let dnsmasq: Dnsmasq | null = null;

before(async () => {
  skip = missingTool("wasm2c", "wabt") ?? missingTool("cc", "gcc") ?? missingTool("wat2wasm", "wabt")
    ?? (missingTool("dnsmasq", "dnsmasq-base") && "skipped: dnsmasq not installed (Debian dnsmasq-base)");
  if (skip) return;
  binary = path.join(dir, "intercom-native-resolver");
  compileBoard(resolverModule(dir), dir, binary);
  dnsmasq = await Dnsmasq.start(["--srv-host=_sip._udp.example.test,pbx.example.test,5070,10,60", "--host-record=pbx.example.test,192.0.2.10"]);
});
after(async () => dnsmasq?.stop());

interface Board { port: number; child: ChildProcess; stop: () => Promise<void> }

/** The board around the module on a free SIP port, resolving through `dns`; once it listens. */
async function board(dns: string): Promise<Board> {
  const port = await freePort();
  const block = path.join(dir, `b${port}.bin`);
  writeFileSync(block, blockOf({ user: "door", domain: "example.com" }, port));
  const child = spawn(binary, ["--config-block", block, "--host", "127.0.0.1", "--dns", dns]);
  const exit = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the board did not listen: ${out}`)), 5000);
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes('"event":"listening"')) clearTimeout(timer), resolve();
    });
  });
  return { port, child, stop: async () => { if (child.exitCode === null) child.kill("SIGTERM"); await exit; } };
}

/** A socket asking the board: each datagram it gets, with when it came (ms since the socket opened). */
async function asker(): Promise<{ ask: (port: number, type: number, name: string) => void; next: () => Promise<{ data: Buffer; ms: number }>; close: () => void }> {
  const s = dgram.createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  const start = Date.now();
  const got: { data: Buffer; ms: number }[] = [];
  let wake: (() => void) | null = null;
  s.on("message", (data) => (got.push({ data, ms: Date.now() - start }), wake?.()));
  return {
    ask: (port, type, name) => s.send(Buffer.concat([Buffer.from([type]), Buffer.from(name)]), port, "127.0.0.1"),
    next: async () => {
      while (!got.length) await new Promise<void>((r) => (wake = r));
      return got.shift()!;
    },
    close: () => s.close(),
  };
}

/** boardResolved's datagram: id, status, count and the records read back from rxBuffer's octets. */
function resolved(type: number, d: Buffer) {
  const count = d.readInt32LE(8);
  return { id: d.readInt32LE(0), status: d.readInt32LE(4), records: decodeRecords(type, d.subarray(12), count).records };
}

test("board.resolve gives a query id at once; boardResolved brings the records at rxBuffer from the --dns server", async (t) => {
  if (skip) return t.skip(skip);
  const b = await board(dnsmasq!.server);
  const q = await asker();
  try {
    q.ask(b.port, SRV, "_sip._udp.example.test");
    assert.equal((await q.next()).data.readInt32LE(0), 1, "query id 1");
    assert.deepEqual(resolved(SRV, (await q.next()).data), {
      id: 1, status: 0, records: [{ ttl: 300, priority: 10, weight: 60, port: 5070, target: "pbx.example.test" }],
    });
  } finally {
    q.close();
    await b.stop();
  }
});

test("a query still waiting for its server does not hold the board: the next one is asked and answered meanwhile", async (t) => {
  if (skip) return t.skip(skip);
  // The fake server is silent for the first query and answers the second with an A record.
  let seen = 0;
  const fake = await FakeDns.start((q) => (seen++ === 0 ? null : [reply(q, rr(TO_QUESTION, A, Buffer.from([192, 0, 2, 7])), 1)]));
  const b = await board(fake.server);
  const q = await asker();
  try {
    q.ask(b.port, A, "slow.example.test");
    assert.equal((await q.next()).data.readInt32LE(0), 1);
    q.ask(b.port, A, "quick.example.test");
    assert.equal((await q.next()).data.readInt32LE(0), 2);
    const quick = await q.next();
    assert.deepEqual(resolved(A, quick.data), { id: 2, status: 0, records: [{ ttl: 300, address: "192.0.2.7" }] });
    assert.ok(quick.ms < 1500, `the second answer came after ${quick.ms} ms`);
  } finally {
    q.close();
    await b.stop();
    await fake.stop();
  }
});

test("the board refuses a --dns that is not HOST:PORT: exit 2, the option and the form named", async (t) => {
  if (skip) return t.skip(skip);
  const child = spawn(binary, ["--host", "127.0.0.1", "--dns", "dns.example.test"]);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  assert.equal(code, 2);
  assert.match(stderr, /^--dns: not HOST:PORT \(.*e\.g\. 127\.0\.0\.1:53.*\[::1\]:53\): dns\.example\.test/);
});
