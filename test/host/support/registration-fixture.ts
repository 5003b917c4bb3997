// The door station with registrars whose every exchange is timed: a
// registrar variant that can refuse every password and play the apartment
// for calls routed through it, a wire log (who sent what, when) and the
// door's events with the virtual time they were raised at.
import { Intercom, type IntercomEvent } from "../../../host/intercom.js";
import type { Address, Datagram } from "../../../host/sip-engine.js";
import { Net, type Node } from "./net.js";
import { Registrar, block, DOOR, REGISTRAR, BACKUP } from "./intercom-fixture.js";
import { respond, header, startLine } from "./sip-text.js";

/** Net's one-way delay (no faults): a datagram delivered at t left its sender at t - LATENCY. */
export const LATENCY = 20;

const SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

/** The scripted Registrar, plus: a wrong-password mode and a tiny UAS for INVITE, ACK, BYE, CANCEL. */
export class ScriptedRegistrar extends Registrar {
  /** Answer every REGISTER 401 with the same challenge, credentials or not. */
  rejectCredentials = false;
  /** Answer INVITE with 180 then 200 (To tag, Contact, SDP), BYE and CANCEL with 200. */
  uas = false;
  private extra: Datagram[] = [];

  constructor(private readonly self: Address) {
    super();
  }

  override receive(data: Uint8Array, from: Address, now: number): number {
    if (!this.up) return 0;
    const m = Buffer.from(data).toString("latin1");
    const line = startLine(m);
    const reply = (s: string) => this.extra.push({ data: Buffer.from(s, "latin1"), to: from });
    if (this.rejectCredentials && line.startsWith("REGISTER")) {
      this.requests.push(m);
      reply(respond(m, "401 Unauthorized", ['WWW-Authenticate: Digest realm="example.com", nonce="n1", qop="auth"']));
      return 0;
    }
    if (this.uas && /^(INVITE|ACK|BYE|CANCEL) /.test(line)) {
      this.requests.push(m);
      const contact = `Contact: <sip:flat1@${this.self.host}:${this.self.port}>`;
      if (line.startsWith("INVITE")) {
        reply(respond(m, "180 Ringing", [contact], "flat1tag"));
        reply(respond(m, "200 OK", [contact, "Content-Type: application/sdp"], "flat1tag", SDP));
      } else if (!line.startsWith("ACK")) {
        reply(respond(m, "200 OK"));
      }
      return 0;
    }
    return super.receive(data, from, now);
  }

  /** Queues a request to `to`: sent at once (nextDeadline is 0 until the network collects it). */
  inject(msg: string, to: Address): void {
    this.extra.push({ data: Buffer.from(msg, "latin1"), to });
  }

  override nextDeadline(): number {
    return this.extra.length > 0 ? 0 : super.nextDeadline();
  }

  override outbox(): Datagram[] {
    const o = [...super.outbox(), ...this.extra];
    this.extra = [];
    return o;
  }
}

/** One datagram delivered: sent at `sentAt`, delivered at `at`. */
export interface Wire {
  at: number;
  sentAt: number;
  from: string;
  to: string;
  msg: string;
}

export interface TimedEvent extends IntercomEvent {
  t: number;
}

export interface RegWorld {
  net: Net;
  door: Node<Intercom, IntercomEvent>;
  primary: ScriptedRegistrar;
  backup: ScriptedRegistrar;
  wire: Wire[];
  events: TimedEvent[];
}

const key = (a: Address) => `${a.host}:${a.port}`;
export const AT = { door: key(DOOR), primary: key(REGISTRAR), backup: key(BACKUP) };

/** The door with `json`, a ScriptedRegistrar at REGISTRAR and one at BACKUP; `setup` runs before start (t=0). */
export async function regWorld(json: unknown, setup: (primary: ScriptedRegistrar, backup: ScriptedRegistrar) => void = () => {}): Promise<RegWorld> {
  const net = new Net(1);
  const primary = new ScriptedRegistrar(REGISTRAR);
  const backup = new ScriptedRegistrar(BACKUP);
  setup(primary, backup);
  net.add("registrar", REGISTRAR, primary);
  net.add("backup", BACKUP, backup);
  const door = net.add("door", DOOR, await Intercom.create(block(json), DOOR.host));
  const wire: Wire[] = [];
  const events: TimedEvent[] = [];
  net.onDeliver = (from, to, data) => wire.push({ at: net.now, sentAt: net.now - LATENCY, from: key(from), to: key(to), msg: data.toString("latin1") });
  door.onEvent = (ev) => events.push({ ...ev, t: net.now });
  door.engine.start(0);
  net.collect(door);
  return { net, door, primary, backup, wire, events };
}

/** New requests (retransmissions dropped: one per Call-ID and CSeq) of `method` from the door to `to` (any when absent). */
export function requestsFromDoor(w: RegWorld, method: string, to?: string): Wire[] {
  const seen = new Set<string>();
  return w.wire.filter((d) => {
    if (d.from !== AT.door || !d.msg.startsWith(`${method} `) || (to && d.to !== to)) return false;
    const id = `${header(d.msg, "Call-ID")} ${header(d.msg, "CSeq")}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Responses delivered to the door for requests of `method`. */
export function responsesToDoor(w: RegWorld, method: string): Wire[] {
  return w.wire.filter((d) => d.to === AT.door && d.msg.startsWith("SIP/2.0 ") && (header(d.msg, "CSeq") ?? "").endsWith(` ${method}`));
}

export const cseqOf = (msg: string) => Number((header(msg, "CSeq") ?? "").split(" ")[0]);
export const timedOf = (w: RegWorld, kind: number) => w.events.filter((e) => e.kind === kind);
