// The SIP engine of a firmware instance, driven from the host through the
// test build's "SIP engine" exports (build/engine.wasm, docs/board-abi.md):
// datagrams in with their source, the clock, what to send out, and the user
// agent's events. The release module (build/firmware.wasm) has none of them:
// a board drives the station through the board ABI only.
import { engineImagePath, Firmware, type FirmwareExports } from "./firmware.js";
import { decodePeer, encodePeer, PEER_OCTETS, type Address } from "./address.js";

export type { Address };

/** What the test build exports beyond the release module (assembly/engine-abi.ts): declared once, here. */
export const ENGINE_EXPORTS = [
  "sipReceive", "sipTick", "sipNextDeadline", "outboxCount", "outboxData", "outboxLength", "outboxPeer",
  "uaEventCount", "uaEventKind", "uaEventCall", "uaEventCode", "uaEventExtra", "uaEventData", "uaEventDataLength",
  "configBuffer", "setIdentityField", "setLocalPort", "setOutboundProxy", "setSessionDescription", "seed", "setTimers",
  "sipAdmitAnyone", "callStart", "callHangup", "callRing", "callAnswer", "callReject", "callInfo", "callReinvite",
  "callUpdate", "callStateOf", "activeCalls", "registerSend", "optionsPing",
] as const;

/** The test build's exports: the release module's and the engine's (docs/board-abi.md, "the SIP engine"). */
export interface EngineExports extends FirmwareExports {
  sipReceive(len: number, now: number): number;
  sipTick(now: number): void;
  sipNextDeadline(now: number): number;
  outboxCount(): number;
  outboxData(i: number): number;
  outboxLength(i: number): number;
  outboxPeer(i: number): number;
  uaEventCount(): number;
  uaEventKind(i: number): number;
  uaEventCall(i: number): number;
  uaEventCode(i: number): number;
  uaEventExtra(i: number): number;
  uaEventData(i: number): number;
  uaEventDataLength(i: number): number;
  configBuffer(): number;
  setIdentityField(id: number, len: number): number;
  setLocalPort(port: number): void;
  setOutboundProxy(): void;
  setSessionDescription(len: number): number;
  seed(a: number, b: number, c: number, d: number): void;
  setTimers(t1: number, t2: number, t4: number): void;
  sipAdmitAnyone(): void;
  callStart(uriLen: number, now: number): number;
  callHangup(c: number, now: number): void;
  callRing(c: number, earlyMedia: number, now: number): number;
  callAnswer(c: number, now: number): number;
  callReject(c: number, code: number, now: number): number;
  callInfo(c: number, len: number, now: number): number;
  callReinvite(c: number, now: number): number;
  callUpdate(c: number, now: number): number;
  callStateOf(c: number): number;
  activeCalls(): number;
  registerSend(expires: number, now: number): number;
  optionsPing(now: number): number;
}

export interface Datagram {
  data: Buffer;
  to: Address;
}

export const UaEvent = {
  Incoming: 1,
  Progress: 2,
  Answered: 3,
  Ended: 4,
  Failed: 5,
  Info: 6,
  RequestDone: 7,
  Message: 8,
  Reinvited: 9,
} as const;

export interface EngineEvent {
  kind: number;
  call: number;
  code: number;
  extra: number;
  data: Buffer;
}

export interface Identity {
  user: string;
  domain: string;
  localHost: string;
  localPort: number;
  display?: string;
  authUser?: string;
  password?: string;
  outbound?: Address;
  sdp?: string;
}

export class SipEngine {
  /** Whether the outbox holds messages of the last engine call not yet taken by outbox(). */
  private fresh = false;

  private constructor(readonly fw: Firmware) {}

  /** An engine on a new instance of the test build (build/engine.wasm). */
  static async create(id: Identity, seed = 1): Promise<SipEngine> {
    const e = new SipEngine(await Firmware.load(engineImagePath()));
    e.configure(id, seed);
    return e;
  }

  /** The exports; every call through here starts a new engine call whose outbox is fresh. */
  private get x(): EngineExports {
    this.fresh = true;
    return this.e;
  }

  /** The exports, read without starting an engine call. */
  private get e(): EngineExports {
    return this.fw.exports as EngineExports;
  }

  private writeBuffer(bytes: Uint8Array, offset = 0): void {
    this.fw.memory.set(bytes, this.x.configBuffer() + offset);
  }

  configure(id: Identity, seed: number): void {
    this.x.seed(seed, seed * 7 + 1, seed * 13 + 2, seed * 31 + 3);
    this.x.sipAdmitAnyone(); // a plain UA: it takes calls from anyone (the station's gate is for the station)
    const fields: [number, string | undefined][] = [
      [1, id.user], [2, id.domain], [3, id.display], [4, id.localHost], [5, id.authUser], [6, id.password],
    ];
    for (const [field, value] of fields) {
      if (value === undefined) continue;
      const b = Buffer.from(value, "utf8");
      this.writeBuffer(b);
      if (!this.x.setIdentityField(field, b.length)) throw new Error(`identity field ${field} is too long (${b.length} octets)`);
    }
    this.x.setLocalPort(id.localPort);
    if (id.outbound) {
      this.writeBuffer(encodePeer(id.outbound, "outbound"));
      this.x.setOutboundProxy();
    }
    if (id.sdp) this.setSdp(id.sdp);
  }

  /** The session description the engine's offers and answers carry from now on (RFC 3264; at most 1024 octets). */
  setSdp(sdp: string): void {
    const b = Buffer.from(sdp, "latin1");
    this.writeBuffer(b);
    if (!this.x.setSessionDescription(b.length)) throw new Error("session description too long");
  }

  /** Hands a received datagram to the engine; returns its parse verdict. */
  receive(data: Uint8Array, from: Address, now: number): number {
    const cap = this.x.rxCapacity();
    this.fw.memory.set(encodePeer(from, "from"), this.x.rxPeer());
    const n = Math.min(data.length, cap);
    this.fw.memory.set(data.subarray(0, n), this.x.rxBuffer());
    return this.x.sipReceive(data.length > cap ? cap + 1 : n, now >>> 0);
  }

  tick(now: number): void {
    this.x.sipTick(now >>> 0);
  }

  nextDeadline(now: number): number {
    return this.e.sipNextDeadline(now >>> 0);
  }

  /** What the last engine call queued to send (copied out, once: a second read before another call is empty). */
  outbox(): Datagram[] {
    if (!this.fresh) return [];
    const out: Datagram[] = [];
    const mem = this.fw.memory;
    const e = this.e;
    for (let i = 0; i < e.outboxCount(); i++) {
      const p = e.outboxData(i);
      const data = Buffer.from(mem.subarray(p, p + e.outboxLength(i)));
      const peer = e.outboxPeer(i);
      out.push({ data, to: decodePeer(mem.subarray(peer, peer + PEER_OCTETS)) });
    }
    this.fresh = false;
    return out;
  }

  /** The user agent's events of the last engine call (copied out). */
  events(): EngineEvent[] {
    const ev: EngineEvent[] = [];
    const mem = this.fw.memory;
    const e = this.e;
    for (let i = 0; i < e.uaEventCount(); i++) {
      const p = e.uaEventData(i);
      ev.push({
        kind: e.uaEventKind(i),
        call: e.uaEventCall(i),
        code: e.uaEventCode(i),
        extra: e.uaEventExtra(i),
        data: Buffer.from(mem.subarray(p, p + e.uaEventDataLength(i))),
      });
    }
    return ev;
  }

  call(uri: string, via: Address, now: number): number {
    const u = Buffer.from(uri, "utf8");
    this.writeBuffer(u);
    this.writeBuffer(encodePeer(via, "via"), 1024);
    return this.x.callStart(u.length, now >>> 0);
  }

  hangup(call: number, now: number): void {
    this.x.callHangup(call, now >>> 0);
  }
  ring(call: number, now: number, earlyMedia = false): boolean {
    return this.x.callRing(call, earlyMedia ? 1 : 0, now >>> 0) !== 0;
  }
  answer(call: number, now: number): boolean {
    return this.x.callAnswer(call, now >>> 0) !== 0;
  }
  reject(call: number, code: number, now: number): boolean {
    return this.x.callReject(call, code, now >>> 0) !== 0;
  }
  info(call: number, body: string, now: number): boolean {
    const b = Buffer.from(body, "latin1");
    this.writeBuffer(b);
    return this.x.callInfo(call, b.length, now >>> 0) !== 0;
  }
  reinvite(call: number, now: number): boolean {
    return this.x.callReinvite(call, now >>> 0) !== 0;
  }
  update(call: number, now: number): boolean {
    return this.x.callUpdate(call, now >>> 0) !== 0;
  }
  /** REGISTER for `expires` seconds through the outbound proxy; the answer comes as RequestDone (call 100). */
  register(expires: number, now: number): boolean {
    return this.x.registerSend(expires, now >>> 0) !== 0;
  }
  /** OPTIONS keepalive through the outbound proxy; the answer comes as RequestDone (call 101). */
  ping(now: number): boolean {
    return this.x.optionsPing(now >>> 0) !== 0;
  }
  get activeCalls(): number {
    return this.e.activeCalls();
  }
  get activeTransactions(): number {
    return this.e.activeTransactions();
  }
}
