// DNS servers for the native board's resolver tests (resolver-native.test.ts):
// dnsmasq (Debian dnsmasq-base) started unprivileged on a loopback port with
// the records a test gives, and a fake server in node:dgram that answers each
// query with whatever octets the test builds from it (hostile answers). Also
// the reader of board ABI 5's binary records (docs/transports.md "Names"), the
// form the board writes at rxBuffer for boardResolved.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./interop.js";

/** dnsmasq on 127.0.0.1:port answering for example.test from `records` (its --srv-host, --host-record, ... options) only. */
export class Dnsmasq {
  private constructor(readonly port: number, private readonly child: ChildProcess) {}

  static async start(records: string[]): Promise<Dnsmasq> {
    const port = await freePort();
    // No configuration file, no /etc/hosts, no upstream: example.test is local (unknown names: NXDOMAIN), TTL 300.
    const child = spawn("dnsmasq", ["--keep-in-foreground", "--log-facility=-", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
      "--bind-interfaces", "--listen-address=127.0.0.1", `--port=${port}`, "--pid-file=", `--user=${userInfo().username}`,
      "--local=/example.test/", "--local-ttl=300", ...records], { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dnsmasq did not start: ${log}`)), 5000);
      child.stderr!.on("data", (d) => {
        log += d;
        if (/started, version/.test(log)) clearTimeout(timer), resolve();
      });
      child.on("exit", (code) => (clearTimeout(timer), reject(new Error(`dnsmasq exited ${code}: ${log}`))));
    });
    return new Dnsmasq(port, child);
  }

  get server(): string {
    return `127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((r) => (this.child.once("exit", () => r()), this.child.kill()));
  }
}

/** A server that answers each query with `answer(query)` (null: silence), keeping the queries it got. */
export class FakeDns {
  readonly queries: Buffer[] = [];
  private constructor(private readonly socket: dgram.Socket, readonly port: number) {}

  static async start(answer: (query: Buffer) => Buffer[] | null): Promise<FakeDns> {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()));
    const fake = new FakeDns(socket, socket.address().port);
    socket.on("message", (q, from) => {
      fake.queries.push(q);
      for (const a of answer(q) ?? []) socket.send(a, from.port, from.address);
    });
    return fake;
  }

  get server(): string {
    return `127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}

/** The resolver's query ends with its EDNS(0) OPT record (11 octets, RFC 6891 §6.1.2). */
const OPT_BYTES = 11;

/** The question of a query the resolver sent (after the 12-octet header, before the OPT record). */
export const questionOf = (query: Buffer) => query.subarray(12, query.length - OPT_BYTES);

/** An answer to `query` (RFC 1035 §4.1.1): its id, `flags` (QR RD RA: 0x8180), its question, `answers` octets counted as `count` records. */
export function reply(query: Buffer, answers: Buffer, count: number, flags = 0x8180): Buffer {
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(count, 6);
  return Buffer.concat([header, questionOf(query), answers]);
}

/** A resource record (RFC 1035 §3.2.1): owner octets, type, class IN, TTL 300, the data's length, the data. */
export function rr(owner: Buffer, type: number, data: Buffer, rdlength = data.length): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(300, 4);
  fixed.writeUInt16BE(rdlength, 8);
  return Buffer.concat([owner, fixed, data]);
}

/** A pointer to the question's name (offset 12, RFC 1035 §4.1.4). */
export const TO_QUESTION = Buffer.from([0xc0, 12]);

export type Address = { ttl: number; address: string };
export type Srv = { ttl: number; priority: number; weight: number; port: number; target: string };
export type Naptr = { ttl: number; order: number; preference: number; flags: string; service: string; replacement: string };
export type DnsRecord = Address | Srv | Naptr;

function address(b: Buffer): string {
  if (b.subarray(0, 12).equals(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]))) return [...b.subarray(12)].join(".");
  const groups = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(2 * i).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

/** `count` records of `type` in the board's binary form at the start of `b`; `used` the octets they take. */
export function decodeRecords(type: number, b: Buffer, count: number): { records: DnsRecord[]; used: number } {
  const records: DnsRecord[] = [];
  let at = 0;
  const text = () => {
    const n = b[at];
    const s = b.subarray(at + 1, at + 1 + n).toString("latin1");
    at += 1 + n;
    return s;
  };
  for (let i = 0; i < count; i++) {
    const ttl = b.readUInt32BE(at);
    at += 4;
    if (type === 1 || type === 28) {
      records.push({ ttl, address: address(b.subarray(at, at + 16)) });
      at += 16;
    } else if (type === 33) {
      const [priority, weight, port] = [b.readUInt16BE(at), b.readUInt16BE(at + 2), b.readUInt16BE(at + 4)];
      at += 6;
      records.push({ ttl, priority, weight, port, target: text() });
    } else {
      const [order, preference] = [b.readUInt16BE(at), b.readUInt16BE(at + 2)];
      at += 4;
      records.push({ ttl, order, preference, flags: text(), service: text(), replacement: text() });
    }
  }
  return { records, used: at };
}

/** The resolver's test driver (test/native/resolve-driver.c) compiled with resolve.c and dns-wire.c into `dir`; under
 * AddressSanitizer and UBSan where the compiler has them, so a read past a buffer ends the driver with a report. */
export function buildDriver(dir: string): string {
  const board = path.resolve("boards/native-linux");
  const out = path.join(dir, "resolve-driver");
  const sources = ["test/native/resolve-driver.c", path.join(board, "resolve.c"), path.join(board, "dns-wire.c")];
  const flags = ["-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-Werror", "-I", board, "-o", out];
  let r = spawnSync("cc", ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", ...flags, ...sources], { encoding: "utf8" });
  if (r.status !== 0) r = spawnSync("cc", [...flags, ...sources], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`compiling the resolver's driver: ${r.stderr}`);
  return out;
}
