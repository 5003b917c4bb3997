// The simulated board's resolver (board ABI 5, docs/transports.md "Names"):
// board.resolve queries go to node:dns (the system's servers, or the one
// `--dns HOST:PORT` names), and each answer comes back as the binary records
// the firmware reads from its receive buffer. node:dns reports TTLs for A and
// AAAA only; SRV and NAPTR records are written with OTHER_TTL_S (the
// firmware keeps the smallest TTL of the chain, so the addresses' still bound it).
import { Resolver } from "node:dns/promises";
import { isIPv4, isIPv6 } from "node:net";

export const Rr = { A: 1, AAAA: 28, SRV: 33, NAPTR: 35 } as const;
/** boardResolved's status: found, no such name or records, the resolver failed. */
export const ResolveStatus = { Ok: 0, None: 1, Failed: 2 } as const;
/** The TTL written for SRV and NAPTR records, whose TTL node:dns does not report. */
export const OTHER_TTL_S = 300;

export interface ResolverAnswer {
  status: number;
  count: number;
  records: Uint8Array;
}

/** `HOST:PORT` (or `HOST`, port 53) as node:dns setServers takes it; throws naming the option. */
export function dnsServer(text: string, option = "--dns"): string {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(text);
  const port = m ? Number(m[2] ?? 53) : 0;
  if (!m || !isIPv4(m[1]) || port < 1 || port > 65535) throw new Error(`${option}: ${JSON.stringify(text)} is not an IPv4 address with an optional port (e.g. 127.0.0.1:5353)`);
  return `${m[1]}:${port}`;
}

/** The 16 octets of an IPv6 address (an IPv4 one mapped as ::ffff:a.b.c.d). */
export function addressOctets(address: string): number[] {
  if (isIPv4(address)) return [...Array(10).fill(0), 0xff, 0xff, ...address.split(".").map(Number)];
  if (!isIPv6(address)) throw new Error(`not an IP address: ${address}`);
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const words = (s: string | undefined) => (s ? s.split(":").map((w) => parseInt(w, 16)) : []);
  const front = words(head), back = words(tail);
  const all = tail === undefined ? front : [...front, ...Array(8 - front.length - back.length).fill(0), ...back];
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v: number) => [...u16(Math.floor(v / 65536) & 0xffff), ...u16(v & 0xffff)];
/** A length-prefixed string (at most 255 octets: a DNS name never is longer). */
const text = (s: string) => { const b = [...Buffer.from(s, "latin1")].slice(0, 255); return [b.length, ...b]; };

/** Each record of an answer in the firmware's form (docs/transports.md, "Names"). */
export async function lookup(r: Resolver, type: number, name: string): Promise<number[][]> {
  switch (type) {
    case Rr.A: return (await r.resolve4(name, { ttl: true })).map((a) => [...u32(a.ttl), ...addressOctets(a.address)]);
    case Rr.AAAA: return (await r.resolve6(name, { ttl: true })).map((a) => [...u32(a.ttl), ...addressOctets(a.address)]);
    case Rr.SRV: return (await r.resolveSrv(name)).map((s) => [...u32(OTHER_TTL_S), ...u16(s.priority), ...u16(s.weight), ...u16(s.port), ...text(s.name)]);
    case Rr.NAPTR: return (await r.resolveNaptr(name)).map((n) => [...u32(OTHER_TTL_S), ...u16(n.order), ...u16(n.preference), ...text(n.flags), ...text(n.service), ...text(n.replacement)]);
    default: throw Object.assign(new Error(`record type ${type}`), { code: "EBADQUERY" });
  }
}

/** The answer to one query: the records that fit `capacity` octets; no such name or records is status 1, any other failure 2. */
export async function answerOf(r: Resolver, type: number, name: string, capacity: number): Promise<ResolverAnswer> {
  try {
    const out: number[] = [];
    let count = 0;
    for (const rec of await lookup(r, type, name)) {
      if (out.length + rec.length > capacity) break;
      out.push(...rec);
      count++;
    }
    return { status: count > 0 ? ResolveStatus.Ok : ResolveStatus.None, count, records: Uint8Array.from(out) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const none = code === "ENOTFOUND" || code === "ENODATA";
    return { status: none ? ResolveStatus.None : ResolveStatus.Failed, count: 0, records: new Uint8Array(0) };
  }
}

/** Query ids 1..255 over node:dns; each answer is handed to `deliver` when it comes. */
export class SimResolver {
  private readonly r: Resolver;
  private next = 1;
  constructor(server: string | undefined, private capacity: number, private deliver: (id: number, a: ResolverAnswer) => void) {
    this.r = new Resolver({ timeout: 2000, tries: 2 });
    if (server) this.r.setServers([server]);
  }
  resolve(type: number, name: string): number {
    const id = this.next;
    this.next = (this.next % 255) + 1;
    void answerOf(this.r, type, name, this.capacity).then((a) => this.deliver(id, a));
    return id;
  }
  close(): void {
    this.r.cancel();
  }
}
