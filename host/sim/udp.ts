// Real UDP for the simulator: a socket per party on loopback (or any
// address), and the one timer each firmware instance asks for.
import dgram from "node:dgram";
import { isIPv6 } from "node:net";
import type { Address, Datagram } from "../sip-engine.js";

export interface Party {
  name: string;
  receive(data: Uint8Array, from: Address, now: number): number;
  tick(now: number): void;
  nextDeadline(now: number): number;
  outbox(): Datagram[];
}

export type Watcher = (from: string, to: Address, data: Buffer, self: Address) => void;

/** Why a bind failed, in one line with the fix. */
export function bindFailure(host: string, port: number, err: NodeJS.ErrnoException): string {
  if (err.code === "EADDRINUSE") return `cannot bind UDP ${host}:${port}: the port is in use by another program (stop it, or choose another localPort or --port)`;
  if (err.code === "EADDRNOTAVAIL") return `cannot bind UDP ${host}:${port}: no interface of this machine has that address (check --host)`;
  if (err.code === "EACCES") return `cannot bind UDP ${host}:${port}: not permitted (ports below 1024 need privileges: choose another localPort or --port)`;
  return `cannot bind UDP ${host}:${port}: ${err.code ?? err.message}`;
}

/** A UDP socket of the family of `host`: udp6 for an IPv6 address (the station at [::1], RFC 5118), udp4 otherwise. */
export function udpSocket(host: string): dgram.Socket {
  return isIPv6(host) ? dgram.createSocket({ type: "udp6", ipv6Only: true }) : dgram.createSocket("udp4");
}

/** A periodic timer's most ticks run at once after the process was busy; further behind, it starts again from now. */
const CATCH_UP = 5;

/** Milliseconds since the simulator started: the firmware's clock. */
export class Clock {
  private readonly t0 = Date.now();
  now(): number {
    return Date.now() - this.t0;
  }

  /**
   * Runs fn(now) every `period` ms (the audio clock) until the returned function stops it. Each tick is
   * due at a multiple of `period` from the start, so the pace does not drift with timer lateness; ticks
   * missed while the process was busy run at once, up to CATCH_UP of them.
   */
  every(period: number, fn: (now: number) => void): () => void {
    let next = this.now() + period;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const run = () => {
      for (let n = 0; !stopped && n < CATCH_UP && this.now() >= next; n++) {
        next += period;
        fn(this.now());
      }
      if (stopped) return;
      if (this.now() >= next) next = this.now() + period;
      timer = setTimeout(run, next - this.now());
    };
    timer = setTimeout(run, period);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }
}

/** A party bound to a UDP socket: datagrams in, its outbox out, ticked at its deadlines. */
export class Wire {
  private socket: dgram.Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  address: Address = { host: "127.0.0.1", port: 0 };
  private afterCall: (() => void)[] = [];
  /** Datagrams the operating system refused to send (a bad port or address, an unreachable network): counted, never fatal. */
  sendErrors = 0;

  constructor(readonly party: Party, private clock: Clock, private watch?: Watcher) {}

  async bind(host: string, port: number): Promise<Address> {
    const socket = udpSocket(host);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once("error", (err: NodeJS.ErrnoException) => reject(new Error(bindFailure(host, port, err))));
      socket.bind(port, host, () => resolve());
    });
    const a = socket.address();
    this.address = { host: a.address, port: a.port };
    // After the bind, a socket error (an ICMP answer to a datagram, say) is UDP's best effort, not the end of the station.
    socket.on("error", () => { this.sendErrors++; });
    socket.on("message", (msg, rinfo) => {
      this.party.receive(msg, { host: rinfo.address, port: rinfo.port }, this.clock.now());
      this.flush();
    });
    return this.address;
  }

  /** Runs after every call into the party (to read its events). */
  onAfterCall(fn: () => void): void {
    this.afterCall.push(fn);
  }

  /** Sends what the party queued, runs the after-call hooks (whose actions queue more), sends that, re-arms the timer. */
  flush(): void {
    this.send();
    for (const fn of this.afterCall) fn();
    this.send();
    this.schedule();
  }

  private send(): void {
    for (const d of this.party.outbox()) {
      this.watch?.(this.party.name, d.to, d.data, this.address);
      // UDP is best effort: a datagram that cannot leave is lost, as on the
      // wire, and the firmware's retransmissions and timers cover it. Node
      // throws at once for a port or address it refuses (port 0, say).
      try {
        this.socket!.send(d.data, d.to.port, d.to.host, (err) => { if (err) this.sendErrors++; });
      } catch {
        this.sendErrors++;
      }
    }
  }

  private dueAt = Infinity;

  /**
   * Keeps one timer at the party's next deadline. A deadline already due
   * runs at once: under a steady stream of datagrams a timer that is re-armed
   * on every arrival would otherwise never fire, and the firmware's timers
   * (a BYE after the door opened, retransmissions) would starve.
   */
  private schedule(): void {
    for (let i = 0; i < 8; i++) {
      const d = this.party.nextDeadline(this.clock.now());
      if (d < 0) {
        this.disarm();
        return;
      }
      if (d > 0) {
        const at = this.clock.now() + d;
        if (this.timer && at >= this.dueAt) return; // the armed timer comes first
        this.disarm();
        this.dueAt = at;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.dueAt = Infinity;
          this.party.tick(this.clock.now());
          this.flush();
        }, d);
        return;
      }
      this.party.tick(this.clock.now());
      this.send();
      for (const fn of this.afterCall) fn();
      this.send();
    }
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
  }

  close(): void {
    this.disarm();
    this.socket?.close();
    this.socket = undefined;
  }
}
