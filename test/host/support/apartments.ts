// A scripted SIP peer that plays every apartment at once, standing at the
// registrar address (the door station sends every request there, its
// outbound proxy): it routes by the Request-URI's user and answers as each
// apartment's plan says (ring, answer, reject, after a delay), answers CANCEL,
// BYE, INFO, REGISTER and OPTIONS, sends INFO in an answered dialog, and
// records every message with the virtual time it arrived or left.
import { Intercom, type IntercomEvent } from "../../../host/intercom.js";
import type { Address, Datagram } from "../../../host/sip-engine.js";
import { Net, type Node } from "./net.js";
import { block, DOOR, REGISTRAR } from "./intercom-fixture.js";
import { respond, header, startLine } from "./sip-text.js";

export interface Plan {
  ring?: boolean; // send 180 at once (default true)
  answerAfter?: number; // 200 OK this many ms after the INVITE
  reject?: number; // a final failure code ...
  rejectAfter?: number; // ... sent this many ms after the INVITE (default 0)
}

export interface Wire {
  at: number;
  dir: "in" | "out";
  msg: string;
  user: string; // the apartment the message belongs to ("" for REGISTER, OPTIONS)
}

interface Dialog {
  user: string;
  invite: string;
  from: Address;
  tag: string;
  final: boolean;
  cseq: number;
}

const SDP = "v=0\r\no=flat 1 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\n";

export class Apartments {
  plans: Record<string, Plan> = {};
  infoDelay = 0; // ms before the 200 to an INFO
  challenge = false; // answer a REGISTER without Authorization with a digest challenge
  wire: Wire[] = [];
  private dialogs = new Map<string, Dialog>(); // by Call-ID
  private done = new Map<string, string | null>(); // request key -> reply sent (null: not yet)
  private timers: { at: number; fn: (now: number) => void }[] = [];
  private out: Datagram[] = [];
  private seq = 0;

  private send(msg: string, to: Address, now: number, user: string): void {
    this.wire.push({ at: now, dir: "out", msg, user });
    this.out.push({ data: Buffer.from(msg, "latin1"), to });
  }

  private later(at: number, fn: (now: number) => void): void {
    this.timers.push({ at, fn });
  }

  receive(data: Uint8Array, from: Address, now: number): number {
    const m = Buffer.from(data).toString("latin1");
    const line = startLine(m);
    const callId = header(m, "Call-ID") ?? "";
    const d = this.dialogs.get(callId);
    const userOf = /^INVITE sip:([^@;>]+)@/.exec(line)?.[1] ?? d?.user ?? "";
    this.wire.push({ at: now, dir: "in", msg: m, user: userOf });
    if (line.startsWith("SIP/2.0")) return 0;
    const method = line.split(" ", 1)[0];
    const key = `${callId} ${header(m, "CSeq")} ${header(m, "Via")}`;
    if (method !== "ACK" && this.done.has(key)) {
      const r = this.done.get(key);
      if (r) this.send(r, from, now, userOf); // a retransmission: the same answer again
      return 0;
    }
    this.done.set(key, null);
    const reply = (status: string, extra: string[] = [], toTag?: string, body = "") => {
      const r = respond(m, status, extra, toTag, body);
      this.done.set(key, r);
      this.send(r, from, now, userOf);
    };
    switch (method) {
      case "REGISTER":
        if (this.challenge && !header(m, "Authorization")) reply("401 Unauthorized", ['WWW-Authenticate: Digest realm="example.com", nonce="n1", qop="auth"']);
        else reply("200 OK", [`Expires: ${header(m, "Expires") ?? "600"}`, `Contact: ${header(m, "Contact")}`]);
        break;
      case "OPTIONS":
        reply("200 OK");
        break;
      case "INVITE": {
        const plan = this.plans[userOf] ?? {};
        const dialog: Dialog = { user: userOf, invite: m, from, tag: `t-${userOf}-${++this.seq}`, final: false, cseq: 1 };
        this.dialogs.set(callId, dialog);
        const contact = `Contact: <sip:${userOf}@${REGISTRAR.host}:${REGISTRAR.port}>`;
        if (plan.ring !== false) this.send(respond(m, "180 Ringing", [contact], dialog.tag), from, now, userOf);
        const finalAt = (ms: number, status: string, extra: string[], body: string) =>
          this.later(now + ms, (t) => {
            if (dialog.final) return;
            dialog.final = true;
            const r = respond(m, status, extra, dialog.tag, body);
            this.done.set(key, r);
            this.send(r, from, t, userOf);
          });
        if (plan.reject) finalAt(plan.rejectAfter ?? 0, `${plan.reject} Refused`, [], "");
        else if (plan.answerAfter !== undefined) finalAt(plan.answerAfter, "200 OK", [contact, "Content-Type: application/sdp"], SDP);
        break;
      }
      case "CANCEL":
        reply("200 OK");
        if (d && !d.final) {
          d.final = true;
          this.send(respond(d.invite, "487 Request Terminated", [], d.tag), d.from, now, d.user);
        }
        break;
      case "INFO":
        if (this.infoDelay > 0) {
          this.later(now + this.infoDelay, (t) => {
            const r = respond(m, "200 OK");
            this.done.set(key, r);
            this.send(r, from, t, userOf);
          });
        } else reply("200 OK");
        break;
      case "ACK":
        break;
      default:
        reply(d || method !== "BYE" ? "200 OK" : "481 Call/Transaction Does Not Exist");
    }
    return 0;
  }

  /** Sends an INFO in `user`'s answered dialog (the apartment typing on its phone). */
  info(user: string, contentType: string, body: string, now: number): void {
    const d = [...this.dialogs.values()].reverse().find((x) => x.user === user && x.final);
    if (!d) throw new Error(`no dialog with ${user}`);
    const target = /<([^>]+)>/.exec(header(d.invite, "Contact") ?? "")?.[1] ?? `sip:door@${DOOR.host}`;
    const msg = [
      `INFO ${target} SIP/2.0`,
      `Via: SIP/2.0/UDP ${REGISTRAR.host}:${REGISTRAR.port};branch=z9hG4bK-apt-${++this.seq};rport`,
      "Max-Forwards: 70",
      `From: ${header(d.invite, "To")};tag=${d.tag}`,
      `To: ${header(d.invite, "From")}`,
      `Call-ID: ${header(d.invite, "Call-ID")}`,
      `CSeq: ${d.cseq++} INFO`,
      `Content-Type: ${contentType}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      "",
      body,
    ].join("\r\n");
    this.send(msg, d.from, now, user);
  }

  tick(now: number): void {
    const due = this.timers.filter((x) => x.at <= now);
    this.timers = this.timers.filter((x) => x.at > now);
    for (const x of due) x.fn(now);
  }
  nextDeadline(now: number): number {
    if (this.timers.length === 0) return -1;
    return Math.max(0, Math.min(...this.timers.map((x) => x.at)) - now);
  }
  outbox(): Datagram[] {
    const o = this.out;
    this.out = [];
    return o;
  }
  events(): unknown[] {
    return [];
  }

  /** Requests (or responses, with method "SIP/2.0") that arrived from the station, optionally for one apartment. */
  got(method: string, user?: string): Wire[] {
    return this.wire.filter((x) => x.dir === "in" && x.msg.startsWith(method + " ") && (user === undefined || x.user === user));
  }
  /** What this peer sent, by start-line prefix (e.g. "SIP/2.0 200", "INFO"). */
  sentBy(prefix: string, user?: string): Wire[] {
    return this.wire.filter((x) => x.dir === "out" && x.msg.startsWith(prefix) && (user === undefined || x.user === user));
  }
}

export interface Stamped extends IntercomEvent {
  t: number;
}

export interface Scene {
  net: Net;
  door: Node<Intercom, IntercomEvent>;
  apts: Apartments;
  aptsNode: Node;
  ev: Stamped[]; // the station's events with the virtual time they were raised
}

/** The door station with `json`, the apartments at the registrar address; started at t=0. */
export async function scene(json: unknown, seed = 1): Promise<Scene> {
  const net = new Net(seed);
  const apts = new Apartments();
  const aptsNode = net.add("apartments", REGISTRAR, apts);
  const door = net.add("door", DOOR, await Intercom.create(block(json), DOOR.host));
  const ev: Stamped[] = [];
  door.onEvent = (e) => ev.push({ ...e, t: net.now });
  door.engine.start(0);
  net.collect(door);
  return { net, door, apts, aptsNode, ev };
}

/** Presses each keypad key of `keys` (down, 50 ms, up), one every `gap` ms from `at`. */
export function typeKeys(net: Net, door: Node<Intercom, IntercomEvent>, keys: string, at: number, gap = 150): void {
  [...keys].forEach((k, i) => {
    const t = at + i * gap;
    net.at(t, () => { door.engine.key(k.charCodeAt(0), true, net.now); net.collect(door); });
    net.at(t + 50, () => { door.engine.key(k.charCodeAt(0), false, net.now); net.collect(door); });
  });
}

/** A raw contact edge of key `code` at `at`. */
export function edge(net: Net, door: Node<Intercom, IntercomEvent>, code: number, down: boolean, at: number): void {
  net.at(at, () => { door.engine.key(code, down, net.now); net.collect(door); });
}

/** The apartment `user` sends an INFO in its answered dialog at `at`. */
export function aptInfo(s: Scene, user: string, at: number, contentType: string, body: string): void {
  s.net.at(at, () => { s.apts.info(user, contentType, body, s.net.now); s.net.collect(s.aptsNode); });
}

export const of = (ev: Stamped[], kind: number) => ev.filter((e) => e.kind === kind);
