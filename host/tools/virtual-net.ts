// A small virtual-clock network for the gallery: parties (firmware SIP
// engines, door stations, scripted peers) exchange datagrams with a fixed
// latency, are ticked exactly at their deadlines, and every datagram sent is
// recorded with its virtual time. No faults, no sleeps: deterministic.
import type { Address, Datagram } from "../sip-engine.js";

export interface Party<E = unknown> {
  receive(data: Uint8Array, from: Address, now: number): number;
  tick(now: number): void;
  nextDeadline(now: number): number;
  outbox(): Datagram[];
  events?(): E[];
}

export interface Peer<P extends Party = Party> {
  name: string;
  address: Address;
  party: P;
  onEvent?: (ev: EventOf<P>) => void;
}

type EventOf<P> = P extends Party<infer E> ? E : never;

export interface Sent {
  t: number;
  from: string;
  to: string;
  data: Buffer;
}

const key = (a: Address) => `${a.host}:${a.port}`;

export class VirtualNet {
  now = 0;
  readonly sent: Sent[] = [];
  private peers = new Map<string, Peer>();
  private flight: { at: number; seq: number; to: string; from: Address; data: Buffer }[] = [];
  private later: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(readonly latency = 20) {}

  add<P extends Party>(name: string, address: Address, party: P): Peer<P> {
    const peer: Peer<P> = { name, address, party };
    this.peers.set(key(address), peer as unknown as Peer);
    return peer;
  }

  /** At virtual time `at`, `peer` acts (`fn` calls into its party); then what it queued is collected. */
  at<P extends Party>(at: number, peer: Peer<P>, fn: (party: P, now: number) => void): void {
    this.later.push({ at, seq: this.seq++, fn: () => { fn(peer.party, this.now); this.collect(peer as unknown as Peer); } });
  }

  /** Takes what `peer` queued and the events it raised in its last call. */
  collect(peer: Peer): void {
    for (const d of peer.party.outbox()) {
      const to = this.peers.get(key(d.to));
      this.sent.push({ t: this.now, from: peer.name, to: to ? to.name : key(d.to), data: d.data });
      this.flight.push({ at: this.now + this.latency, seq: this.seq++, to: key(d.to), from: peer.address, data: d.data });
    }
    for (const ev of peer.party.events?.() ?? []) peer.onEvent?.(ev);
  }

  /** Advances the clock to `until`: actions, deliveries and deadlines in time order. */
  run(until: number): void {
    for (;;) {
      let next = Infinity;
      for (const f of this.flight) next = Math.min(next, f.at);
      for (const l of this.later) next = Math.min(next, l.at);
      for (const p of this.peers.values()) {
        const d = p.party.nextDeadline(this.now);
        if (d >= 0) next = Math.min(next, this.now + d);
      }
      if (next > until) break;
      this.now = Math.max(this.now, next);
      const due = this.later.filter((l) => l.at <= this.now).sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.later = this.later.filter((l) => l.at > this.now);
      for (const l of due) l.fn();
      const arriving = this.flight.filter((f) => f.at <= this.now).sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.flight = this.flight.filter((f) => f.at > this.now);
      for (const f of arriving) {
        const peer = this.peers.get(f.to);
        if (!peer) continue;
        peer.party.receive(f.data, f.from, this.now);
        this.collect(peer);
      }
      for (const p of this.peers.values()) {
        if (p.party.nextDeadline(this.now) === 0) {
          p.party.tick(this.now);
          this.collect(p);
        }
      }
    }
    this.now = until;
  }
}
