// A lossy UDP relay on loopback between the door station and Kamailio: the
// station's registrar address is the relay's station-facing socket, and the
// relay forwards what it keeps to Kamailio from a second socket, so Kamailio
// (which answers the source of each request, rport) sends back through the
// relay, which forwards to the last address the station sent from. Each
// direction drops a fraction of datagrams decided by its own seeded PRNG, so
// a run is repeatable for the same order of datagrams; the relay counts what
// it passed and dropped, and keeps a log line per datagram.
import dgram from "node:dgram";
import type { Address } from "../../../host/sip-engine.js";

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DirectionCounts {
  passed: number;
  dropped: number;
}

export interface RelayOptions {
  /** Where the relay forwards the station's datagrams (Kamailio). */
  upstream: Address;
  /** Fraction of datagrams dropped in each direction (0.3: 30%). */
  loss: number;
  seed: number;
  /** Milliseconds since some start, for the log; Date.now() if not given. */
  now?: () => number;
}

/** The first line of a SIP datagram (its request or status line). */
function firstLine(data: Buffer): string {
  return data.toString("latin1").split("\r\n", 1)[0] ?? "";
}

export class LossyRelay {
  /** Station-facing socket: the station's registrar / outbound proxy. */
  private front = dgram.createSocket("udp4");
  /** Kamailio-facing socket: the source Kamailio answers. */
  private back = dgram.createSocket("udp4");
  private station: Address | null = null;
  private dropUp: () => number;
  private dropDown: () => number;
  readonly up: DirectionCounts = { passed: 0, dropped: 0 }; // station -> Kamailio
  readonly down: DirectionCounts = { passed: 0, dropped: 0 }; // Kamailio -> station
  readonly log: string[] = [];
  /** The station-facing address, once started. */
  address: Address = { host: "127.0.0.1", port: 0 };
  /** The Kamailio-facing address, once started: the source Kamailio sees (a NAT's public address and port). */
  outside: Address = { host: "127.0.0.1", port: 0 };

  constructor(private o: RelayOptions) {
    // Two streams from one seed, so the directions do not share decisions.
    this.dropUp = mulberry32(o.seed);
    this.dropDown = mulberry32(o.seed ^ 0x5bd1e995);
  }

  async start(host = "127.0.0.1"): Promise<Address> {
    await Promise.all([this.bind(this.front, host), this.bind(this.back, host)]);
    const a = this.front.address();
    this.address = { host: a.address, port: a.port };
    const b = this.back.address();
    this.outside = { host: b.address, port: b.port };
    this.front.on("message", (msg, rinfo) => {
      this.station = { host: rinfo.address, port: rinfo.port };
      this.pass(msg, "up", this.o.upstream, this.back);
    });
    this.back.on("message", (msg, rinfo) => {
      // Only what comes from Kamailio goes back; anything else is not ours.
      if (rinfo.port !== this.o.upstream.port || !this.station) return;
      this.pass(msg, "down", this.station, this.front);
    });
    return this.address;
  }

  private bind(s: dgram.Socket, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      s.once("error", reject);
      s.bind(0, host, () => resolve());
    });
  }

  private pass(msg: Buffer, dir: "up" | "down", to: Address, via: dgram.Socket): void {
    const counts = dir === "up" ? this.up : this.down;
    const drop = (dir === "up" ? this.dropUp : this.dropDown)() < this.o.loss;
    const t = this.o.now ? this.o.now() : Date.now();
    this.log.push(`${t} relay ${dir === "up" ? "door -> kamailio" : "kamailio -> door"} ${drop ? "DROP" : "pass"}: ${firstLine(msg)}`);
    if (drop) {
      counts.dropped++;
      return;
    }
    counts.passed++;
    via.send(msg, to.port, to.host);
  }

  /** One line for the diagnostics: what passed and what was dropped each way. */
  summary(): string {
    const pct = (c: DirectionCounts) => (c.passed + c.dropped ? ((100 * c.dropped) / (c.passed + c.dropped)).toFixed(0) : "0");
    return `relay door -> kamailio: ${this.up.passed} passed, ${this.up.dropped} dropped (${pct(this.up)}%); ` +
      `kamailio -> door: ${this.down.passed} passed, ${this.down.dropped} dropped (${pct(this.down)}%)`;
  }

  close(): void {
    this.front.close();
    this.back.close();
  }
}
