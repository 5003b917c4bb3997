// The native board's resolver (boards/native-linux/resolve.c, dns-wire.c;
// board ABI 5, docs/transports.md "Names"), driven alone by a small C driver
// (test/native/resolve-driver.c, under AddressSanitizer where cc has it) that
// prints each answer's status, count and records exactly as the board writes
// them at rxBuffer for boardResolved. Real answers come from dnsmasq; hostile
// ones from a fake server in node:dgram, and each must end in status 2 at once,
// never in a crash or a read past the packet. resolver-native-board.test.ts
// proves the same resolver inside the board, through board.resolve.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { missingTool } from "./support/tools.js";
import { buildDriver, decodeRecords, Dnsmasq, FakeDns, questionOf, reply, rr, TO_QUESTION, type DnsRecord } from "./support/dns-server.js";

const A = 1, AAAA = 28, SRV = 33, NAPTR = 35;
const dir = mkdtempSync(path.join(tmpdir(), "resolver-native-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
let skip: string | null = null;
let driver = "";
let dnsmasq: Dnsmasq | null = null;

/** What the records of example.test are on dnsmasq (its options). */
const RECORDS = [
  "--host-record=pbx.example.test,192.0.2.10,2001:db8::10",
  "--srv-host=_sip._udp.example.test,pbx.example.test,5070,10,60",
  "--srv-host=_sip._udp.example.test,backup.example.test,5080,20,0",
  "--naptr-record=example.test,10,50,S,SIP+D2U,,_sip._udp.example.test",
  "--naptr-record=example.test,20,50,S,SIP+D2T,,_sip._tcp.example.test",
];

before(async () => {
  skip = missingTool("cc", "gcc") ?? (missingTool("dnsmasq", "dnsmasq-base") && "skipped: dnsmasq not installed (Debian dnsmasq-base)");
  if (skip) return;
  driver = buildDriver(dir);
  dnsmasq = await Dnsmasq.start(RECORDS);
});
after(async () => dnsmasq?.stop());

interface Answer { name: string; type: number; id: number; status: number; count: number; ms: number; records: DnsRecord[]; stderr: string; code: number | null }

/** The driver asking `server` for `name`'s records of `type`; its one answer, the records read back from the binary form. */
async function ask(server: string, type: number, name: string): Promise<Answer> {
  const child = spawn(driver, [server, String(type), name]);
  let out = "", stderr = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (stderr += d));
  // A parser that loops never ends on its own: 10 s is past any answer and the 4 s of a timeout.
  const guard = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  clearTimeout(guard);
  assert.equal(stderr, "", "the driver reports nothing on stderr (no sanitizer finding)");
  assert.equal(code, 0);
  const line = JSON.parse(out.trim()) as Omit<Answer, "records" | "stderr" | "code"> & { records: string };
  const octets = Buffer.from(line.records, "hex");
  const { records, used } = decodeRecords(type, octets, line.count);
  assert.equal(used, octets.length, "the records fill exactly what the board wrote");
  return { ...line, records, stderr, code };
}

const server = () => dnsmasq!.server;

test("A: each address in the 16-octet form, IPv4 mapped, with its TTL (RFC 1035 §3.4.1)", async (t) => {
  if (skip) return t.skip(skip);
  const a = await ask(server(), A, "pbx.example.test");
  assert.deepEqual([a.status, a.records], [0, [{ ttl: 300, address: "192.0.2.10" }]]);
});

test("AAAA: the IPv6 address in the 16-octet form (RFC 3596 §2.2)", async (t) => {
  if (skip) return t.skip(skip);
  const a = await ask(server(), AAAA, "pbx.example.test");
  assert.deepEqual([a.status, a.records], [0, [{ ttl: 300, address: "2001:db8::10" }]]);
});

test("SRV: priority, weight, port and target of every record (RFC 2782)", async (t) => {
  if (skip) return t.skip(skip);
  const a = await ask(server(), SRV, "_sip._udp.example.test");
  assert.equal(a.status, 0);
  assert.deepEqual((a.records as { priority: number }[]).sort((x, y) => x.priority - y.priority), [
    { ttl: 300, priority: 10, weight: 60, port: 5070, target: "pbx.example.test" },
    { ttl: 300, priority: 20, weight: 0, port: 5080, target: "backup.example.test" },
  ]);
});

test("NAPTR: order, preference, flags, service and replacement of every record; the regexp is not passed on (RFC 3403 §4.1)", async (t) => {
  if (skip) return t.skip(skip);
  const a = await ask(server(), NAPTR, "example.test");
  assert.equal(a.status, 0);
  assert.deepEqual((a.records as { order: number }[]).sort((x, y) => x.order - y.order), [
    { ttl: 300, order: 10, preference: 50, flags: "S", service: "SIP+D2U", replacement: "_sip._udp.example.test" },
    { ttl: 300, order: 20, preference: 50, flags: "S", service: "SIP+D2T", replacement: "_sip._tcp.example.test" },
  ]);
});

test("a name that does not exist (NXDOMAIN, RFC 1035 §4.1.1 RCODE 3): status 1, no records", async (t) => {
  if (skip) return t.skip(skip);
  const a = await ask(server(), A, "nobody.example.test");
  assert.deepEqual([a.status, a.count, a.records], [1, 0, []]);
});

test("a name without records of the type (NODATA, RFC 2308 §2.2): status 1, no records", async (t) => {
  if (skip) return t.skip(skip);
  const a = await ask(server(), AAAA, "example.test");
  assert.deepEqual([a.status, a.count], [1, 0]);
});

test("no server answering: status 2 after two tries of 2 s, the second the same query again", async (t) => {
  if (skip) return t.skip(skip);
  const silent = await FakeDns.start(() => null);
  try {
    const a = await ask(silent.server, A, "pbx.example.test");
    assert.equal(a.status, 2);
    assert.ok(a.ms >= 4000 && a.ms < 5500, `ended after ${a.ms} ms, not 4 s`);
    assert.equal(silent.queries.length, 2);
    assert.deepEqual(silent.queries[1], silent.queries[0]);
  } finally {
    await silent.stop();
  }
});

/** An A record of 192.0.2.99 for the question's name. */
const A_RECORD = rr(TO_QUESTION, A, Buffer.from([192, 0, 2, 99]));

test("an answer with another id is not taken: the one with the query's id is (RFC 5452 §9.1)", async (t) => {
  if (skip) return t.skip(skip);
  const fake = await FakeDns.start((q) => {
    const forged = reply(q, A_RECORD, 1);
    forged.writeUInt16BE(q.readUInt16BE(0) ^ 0x5555, 0);
    return [forged, reply(q, rr(TO_QUESTION, A, Buffer.from([192, 0, 2, 10])), 1)];
  });
  try {
    const a = await ask(fake.server, A, "pbx.example.test");
    assert.deepEqual([a.status, a.records], [0, [{ ttl: 300, address: "192.0.2.10" }]]);
  } finally {
    await fake.stop();
  }
});

test("an answer to another question is not taken: the query times out (RFC 5452 §9.1)", async (t) => {
  if (skip) return t.skip(skip);
  const fake = await FakeDns.start((q) => {
    const other = reply(q, A_RECORD, 1);
    other[12 + 1] ^= 0x01; // the first letter of the question's name changed
    return [other];
  });
  try {
    const a = await ask(fake.server, A, "pbx.example.test");
    assert.deepEqual([a.status, a.count], [2, 0]);
    assert.ok(a.ms >= 4000, `ended after ${a.ms} ms: the wrong answer was taken`);
  } finally {
    await fake.stop();
  }
});

/** A name of `labels` labels of 63 octets ("a" each), uncompressed. */
const longName = (labels: number) => Buffer.concat([...Array.from({ length: labels }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])), Buffer.from([0])]);
const srvData = (target: Buffer) => Buffer.concat([Buffer.from([0, 10, 0, 60, 0x13, 0xce]), target]);

/** Hostile or broken answers (type, name asked, the answer made from the query): each ends the query with status 2 at once. */
const HOSTILE: [string, number, (q: Buffer) => Buffer][] = [
  ["an answer cut short inside its record", A, (q) => reply(q, A_RECORD.subarray(0, 6), 1)],
  ["a record whose data length runs past the packet's end", A, (q) => reply(q, rr(TO_QUESTION, A, Buffer.from([192, 0, 2, 99]), 200), 1)],
  ["a compression pointer to itself (a loop)", A, (q) => {
    const at = 12 + questionOf(q).length;
    return reply(q, rr(Buffer.from([0xc0 | (at >> 8), at & 0xff]), A, Buffer.from([192, 0, 2, 99])), 1);
  }],
  ["a label then a pointer back to that label (a loop)", A, (q) => {
    const at = 12 + questionOf(q).length;
    return reply(q, rr(Buffer.from([1, 0x61, 0xc0 | (at >> 8), at & 0xff]), A, Buffer.from([192, 0, 2, 99])), 1);
  }],
  ["a compression pointer past the packet's end", A, (q) => reply(q, rr(Buffer.from([0xff, 0xff]), A, Buffer.from([192, 0, 2, 99])), 1)],
  ["an SRV target longer than 255 octets (RFC 1035 §3.1)", SRV, (q) => reply(q, rr(TO_QUESTION, SRV, srvData(longName(5))), 1)],
  ["an SRV target whose label holds a NUL octet", SRV, (q) => reply(q, rr(TO_QUESTION, SRV, srvData(Buffer.from([3, 0x61, 0, 0x62, 0]))), 1)],
  ["an SRV target that ends before the record's data does", SRV, (q) => reply(q, rr(TO_QUESTION, SRV, Buffer.concat([srvData(Buffer.from([0])), Buffer.alloc(3)])), 1)],
  ["an A record of 5 octets", A, (q) => reply(q, rr(TO_QUESTION, A, Buffer.from([192, 0, 2, 99, 1])), 1)],
  ["a NAPTR whose flags string runs past its data", NAPTR, (q) => reply(q, rr(TO_QUESTION, NAPTR, Buffer.from([0, 10, 0, 50, 40, 0x53])), 1)],
  ["a truncated answer (TC set: RFC 2181 §9, not used; the board has no TCP fallback)", A, (q) => reply(q, A_RECORD, 1, 0x8380)],
  ["a server failure (SERVFAIL, RCODE 2)", A, (q) => reply(q, Buffer.alloc(0), 0, 0x8182)],
  ["a header counting more records than the packet holds", A, (q) => reply(q, A_RECORD, 3)],
];

for (const [what, type, make] of HOSTILE) {
  test(`${what}: status 2 at once, no crash and no read past the packet`, async (t) => {
    if (skip) return t.skip(skip);
    const fake = await FakeDns.start((q) => [make(q)]);
    try {
      const a = await ask(fake.server, type, type === SRV ? "_sip._udp.example.test" : "pbx.example.test");
      assert.deepEqual([a.status, a.count, a.records], [2, 0, []]);
      assert.ok(a.ms < 1500, `ended after ${a.ms} ms: the answer was not judged, the query timed out`);
    } finally {
      await fake.stop();
    }
  });
}

test("a --dns that is not HOST:PORT is refused naming the option and the form", async (t) => {
  if (skip) return t.skip(skip);
  const child = spawn(driver, ["pbx.example.test", "1", "pbx.example.test"]);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  assert.equal(code, 2);
  assert.match(stderr, /^--dns: not HOST:PORT \(an IPv4 address and port, e\.g\. 127\.0\.0\.1:53, or an IPv6 one in brackets, e\.g\. \[::1\]:53\): pbx\.example\.test/);
});
