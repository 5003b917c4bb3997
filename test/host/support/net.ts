// A simulated UDP network for SIP engines, on a virtual clock: datagrams take
// a latency, and may be dropped, duplicated or reordered by a seeded random
// stream. Engines are ticked exactly at their next deadlines. No sleeps.
import type { Address, Datagram } from "../../../host/sip-engine.js";

/** What the network drives: a SIP engine, or a whole door station. */
export interface Station<E> {
  receive(data: Uint8Array, from: Address, now: number): number;
  tick(now: number): void;
  nextDeadline(now: number): number;
  outbox(): Datagram[];
  events(): E[];
}
import { Rng } from "./mutator.js";

export interface Faults {
  loss: number; // probability a datagram is dropped
  duplicate: number; // probability it is delivered twice
  reorder: number; // probability it gets extra delay (overtaken by later ones)
}

interface InFlight {
  at: number;
  seq: number;
  to: string;
  from: Address;
  data: Buffer;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Node<S extends Station<any> = any, E = ReturnType<S["events"]>[number]> {
  name: string;
  address: Address;
  engine: S;
  log: E[];
  sent: Buffer[];
  onEvent?: (ev: E, node: Node<S, E>) => void;
}

const key = (a: Address) => `${a.host}:${a.port}`;

export class Net {
  now = 0;
  private seq = 0;
  private flight: InFlight[] = [];
  private nodes = new Map<string, Node>();
  /** Called with every datagram delivered (for tests that watch the wire). */
  onDeliver?: (from: Address, to: Address, data: Buffer) => void;
  private later: { at: number; fn: () => void }[] = [];
  readonly rng: Rng;
  delivered = 0;
  dropped = 0;

  constructor(
    seed: number,
    private faults: Faults = { loss: 0, duplicate: 0, reorder: 0 },
    private latency = 20,
  ) {
    this.rng = new Rng(seed);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  add<S extends Station<any>>(name: string, address: Address, engine: S): Node<S> {
    const node: Node<S> = { name, address, engine, log: [], sent: [] };
    this.nodes.set(key(address), node);
    return node;
  }

  /** Runs `fn` at virtual time `at` (an application action: a key press, an answer). */
  at(at: number, fn: () => void): void {
    this.later.push({ at, fn });
  }

  private chance(p: number): boolean {
    return p > 0 && this.rng.below(1_000_000) < p * 1_000_000;
  }

  /** Collects what `node`'s engine queued and the events it raised in its last call. */
  collect(node: Node): void {
    for (const d of node.engine.outbox()) {
      node.sent.push(d.data);
      if (this.chance(this.faults.loss)) {
        this.dropped++;
        continue;
      }
      const copies = this.chance(this.faults.duplicate) ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        const extra = this.chance(this.faults.reorder) ? this.latency * 3 : 0;
        this.flight.push({ at: this.now + this.latency + extra + i, seq: this.seq++, to: key(d.to), from: node.address, data: d.data });
      }
    }
    for (const ev of node.engine.events()) {
      node.log.push(ev);
      node.onEvent?.(ev, node);
    }
  }

  /** Advances the clock to `until`, delivering datagrams, running actions and ticking engines at their deadlines. */
  run(until: number): void {
    for (;;) {
      let next = Infinity;
      for (const f of this.flight) next = Math.min(next, f.at);
      for (const l of this.later) next = Math.min(next, l.at);
      for (const n of this.nodes.values()) {
        const d = n.engine.nextDeadline(this.now);
        if (d >= 0) next = Math.min(next, this.now + d);
      }
      if (next > until) break;
      this.now = Math.max(this.now, next);
      const due = this.later.filter((l) => l.at <= this.now);
      this.later = this.later.filter((l) => l.at > this.now);
      for (const l of due) l.fn();
      const arriving = this.flight.filter((f) => f.at <= this.now).sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.flight = this.flight.filter((f) => f.at > this.now);
      for (const f of arriving) {
        const node = this.nodes.get(f.to);
        if (!node) continue;
        this.delivered++;
        this.onDeliver?.(f.from, node.address, f.data);
        node.engine.receive(f.data, f.from, this.now);
        this.collect(node);
      }
      for (const n of this.nodes.values()) {
        const d = n.engine.nextDeadline(this.now);
        if (d === 0) {
          n.engine.tick(this.now);
          this.collect(n);
        }
      }
    }
    this.now = until;
  }
}
