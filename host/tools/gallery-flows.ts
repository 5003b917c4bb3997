// The gallery's flows: real firmware instances (door stations and SIP
// engines) on the virtual network, each run telling one story of RFC 3261
// and its extensions. Seeded engines, a virtual clock: the same traffic on
// every run.
import { SipEngine, UaEvent, type Address, type EngineEvent } from "../sip-engine.js";
import { Intercom, Ev, Key } from "../intercom.js";
import { validateConfig, encodeConfig } from "../config.js";
import { DemoPbx } from "../sim/demo-pbx.js";
import { VirtualNet, type Peer, type Sent } from "./virtual-net.js";
import { ScriptedRegistrar } from "./scripted-registrar.js";

export interface Flow {
  id: string;
  title: string;
  lanes: string[];
  /** Two lines for the gallery: what happens, and where the RFCs say so. */
  what: string;
  rfc: string;
  /** Labels the traffic must show, in this order (among others): the flow fails loudly if the firmware changed. */
  expect: string[];
  run(): Promise<Sent[]>;
}

export const DOOR: Address = { host: "192.0.2.10", port: 5060 };
export const FLAT: Address = { host: "192.0.2.31", port: 5060 };
export const SERVER: Address = { host: "192.0.2.20", port: 5060 };
const sdp = (host: string) => `v=0\r\no=- 1 1 IN IP4 ${host}\r\ns=-\r\nc=IN IP4 ${host}\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n`;
export const engine = (user: string, a: Address, seed: number) =>
  SipEngine.create({ user, domain: "example.com", localHost: a.host, localPort: a.port, sdp: sdp(a.host) }, seed);

export function block(json: unknown): Uint8Array {
  const v = validateConfig(json);
  if (!v.ok) throw new Error(`gallery: bad configuration: ${v.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  return encodeConfig(v.config);
}

type EnginePeer = Peer<SipEngine>;
interface Pair {
  net: VirtualNet;
  door: EnginePeer;
  flat: EnginePeer;
  /** The door calls the flat now; the call's handle. */
  dial(): number;
  /** The flat's handler for its incoming call (ring, answer, reject ...). */
  onIncoming(fn: (call: number) => void): void;
}

/** Two SIP engines of the firmware: "door" (192.0.2.10) calls "flat" (192.0.2.31) directly. */
async function pair(seed: number): Promise<Pair> {
  const net = new VirtualNet();
  const door = net.add("door", DOOR, await engine("door", DOOR, seed));
  const flat = net.add("flat", FLAT, await engine("flat", FLAT, seed + 1000));
  return {
    net, door, flat,
    dial() {
      const call = door.party.call("sip:flat@192.0.2.31", FLAT, net.now);
      net.collect(door as unknown as Peer);
      return call;
    },
    onIncoming(fn) {
      flat.onEvent = (ev: EngineEvent) => { if (ev.kind === UaEvent.Incoming) fn(ev.call); };
    },
  };
}

/** A call the flat rings for 1.5 s and answers; `then` runs on it (at t from the start); the door hangs up at `byeAt`. */
async function answered(seed: number, byeAt: number, then: (p: Pair, call: number, flatCall: () => number) => void, early = false): Promise<Sent[]> {
  const p = await pair(seed);
  let flatCall = -1;
  p.onIncoming((c) => {
    flatCall = c;
    p.net.at(p.net.now, p.flat, (e, now) => e.ring(c, now, early));
    p.net.at(p.net.now + 1500, p.flat, (e, now) => e.answer(c, now));
  });
  const call = p.dial();
  then(p, call, () => flatCall);
  p.net.at(byeAt, p.door, (e, now) => e.hangup(call, now));
  p.net.run(byeAt + 5000);
  return p.net.sent;
}

async function doorWithRegistrar(keepaliveInterval: number, until: number): Promise<Sent[]> {
  const net = new VirtualNet();
  net.add("registrar", SERVER, new ScriptedRegistrar());
  const config = { user: "door", password: "door-secret-1", domain: "example.com", registrar: SERVER, keepaliveInterval };
  const door = net.add("door", DOOR, await Intercom.create(block(config), DOOR.host));
  door.party.start(0);
  net.collect(door as unknown as Peer);
  net.run(until);
  return net.sent;
}

/** A network with the demo PBX (registrar, and proxy between the door and the flat) and the door registering there; `extra` adds to its configuration. */
export async function doorAtPbx(extra: Record<string, unknown>) {
  const net = new VirtualNet();
  const pbx = new DemoPbx(() => DOOR, () => FLAT);
  pbx.self = SERVER;
  net.add("pbx", SERVER, pbx);
  const config = {
    user: "door", domain: "example.com", registrar: SERVER, keepaliveInterval: 0,
    buttons: [{ mode: "sequential", ringTimeout: 30, targets: ["sip:flat@example.com"] }],
    ...extra,
  };
  const door = net.add("door", DOOR, await Intercom.create(block(config), DOOR.host));
  return { net, door };
}

/** The door station's own story: registration at the PBX, the call button, the flat answers and sends the door code. */
async function doorOpening(): Promise<Sent[]> {
  const { net, door } = await doorAtPbx({ relays: [{ pulseMs: 3000, doorCodes: ["1234"], hangupAfterOpenMs: 1500 }] });
  const flat = net.add("flat", FLAT, await engine("flat", FLAT, 4242));
  let pressed = false;
  door.onEvent = (ev) => {
    if (ev.kind !== Ev.Registered || pressed) return;
    pressed = true;
    net.at(net.now + 1000, door, (d, now) => d.key(Key.button(0), true, now));
    net.at(net.now + 1060, door, (d, now) => d.key(Key.button(0), false, now));
  };
  flat.onEvent = (ev) => {
    if (ev.kind !== UaEvent.Incoming) return;
    net.at(net.now, flat, (e, now) => e.ring(ev.call, now));
    net.at(net.now + 1500, flat, (e, now) => e.answer(ev.call, now));
    [..."1234#"].forEach((d, i) => net.at(net.now + 2300 + i * 350, flat, (e, now) => e.info(ev.call, `Signal=${d}\r\nDuration=160\r\n`, now)));
  };
  door.party.start(0);
  net.collect(door as unknown as Peer);
  net.run(15_000);
  return net.sent;
}

const DF = ["door", "flat"];

export const FLOWS: Flow[] = [
  {
    id: "register-digest", title: "Registration with digest authentication", lanes: ["door", "registrar"],
    what: "The door station registers on boot; the registrar challenges with 401 and a nonce, and the door sends the REGISTER again (same Call-ID, CSeq + 1) with its Authorization.",
    rfc: "RFC 3261 §10.2 (REGISTER), §22.2 and §22.4 (digest), RFC 7616 §3.4 (qop=auth, nc, cnonce).",
    expect: ["REGISTER", "401 Unauthorized", "REGISTER", "200 OK"],
    run: () => doorWithRegistrar(0, 5000),
  },
  {
    id: "options-keepalive", title: "OPTIONS keepalive", lanes: ["door", "registrar"],
    what: "Once registered, the door sends OPTIONS to its registrar every keepaliveInterval (30 s here); keepaliveFailures unanswered ones in a row (3 by default) make it fail over to a backup registrar when one is configured.",
    rfc: "RFC 3261 §11 (querying capabilities), used as a keepalive; no answer is a Timer F timeout (§17.1.2.2).",
    expect: ["REGISTER", "401 Unauthorized", "REGISTER", "200 OK", "OPTIONS", "200 OK", "OPTIONS", "200 OK"],
    run: () => doorWithRegistrar(30, 65_000),
  },
  {
    id: "door-opening", title: "A call that opens the door", lanes: ["door", "pbx", "flat"],
    what: "A visitor presses the call button: the door calls the flat through the PBX (a stateless proxy); the flat answers and sends the door code 1234# as DTMF, one SIP INFO per digit; the relay opens and the door hangs up.",
    rfc: "RFC 3261 §13 (INVITE), §16.11 (stateless proxy), §15.1 (BYE); RFC 6086 (INFO) with application/dtmf-relay bodies.",
    expect: ["REGISTER", "200 OK", "INVITE", "180 Ringing", "200 OK", "ACK", "INFO (DTMF)", "INFO (DTMF)", "INFO (DTMF)", "INFO (DTMF)", "INFO (DTMF)", "BYE", "200 OK"],
    run: doorOpening,
  },
  {
    id: "call-info-bye", title: "A call with INFO, ended by the caller", lanes: DF,
    what: "The flat answers after ringing; the door sends one DTMF digit in an INFO inside the dialog, then ends the call with BYE.",
    rfc: "RFC 3261 §13.2 and §13.3 (INVITE, 100 Trying, 180, 200, ACK), §15.1.1 (BYE); RFC 6086 §4.2 (INFO).",
    expect: ["INVITE", "100 Trying", "180 Ringing", "200 OK", "ACK", "INFO (DTMF)", "200 OK", "BYE", "200 OK"],
    run: () => answered(11, 4000, (p, call) => p.net.at(2500, p.door, (e, now) => e.info(call, "Signal=5\r\nDuration=160\r\n", now))),
  },
  {
    id: "bye-from-callee", title: "The callee ends the call", lanes: DF,
    what: "Once the call is up, the flat hangs up: its BYE goes to the door's Contact with the dialog's tags, and the door answers 200.",
    rfc: "RFC 3261 §15.1.1 (either party may send BYE), §12.2 (requests within a dialog).",
    expect: ["INVITE", "200 OK", "ACK", "BYE", "200 OK"],
    run: async () => {
      const p = await pair(12);
      p.onIncoming((c) => {
        p.net.at(p.net.now + 1000, p.flat, (e, now) => e.answer(c, now));
        p.net.at(p.net.now + 4000, p.flat, (e, now) => e.hangup(c, now));
      });
      p.dial();
      p.net.run(10_000);
      return p.net.sent;
    },
  },
  {
    id: "busy-486", title: "A call refused with 486 Busy Here", lanes: DF,
    what: "The flat refuses the call; the door's INVITE client transaction acknowledges the 486 itself with an ACK built from the INVITE (same branch).",
    rfc: "RFC 3261 §17.1.1.3 (ACK for non-2xx final responses), §21.4.24 (486 Busy Here).",
    expect: ["INVITE", "100 Trying", "486 Busy Here", "ACK"],
    run: async () => {
      const p = await pair(13);
      p.onIncoming((c) => p.net.at(p.net.now + 800, p.flat, (e, now) => e.reject(c, 486, now)));
      p.dial();
      p.net.run(10_000);
      return p.net.sent;
    },
  },
  {
    id: "cancel", title: "Hanging up while it rings: CANCEL", lanes: DF,
    what: "The door gives up while the flat is ringing: CANCEL (same branch as the INVITE) gets 200, the INVITE ends with 487 Request Terminated, which the door ACKs.",
    rfc: "RFC 3261 §9.1 (sending CANCEL, only after a provisional), §9.2 (answering it), §17.1.1.3 (the ACK for 487).",
    expect: ["INVITE", "100 Trying", "180 Ringing", "CANCEL", "200 OK", "487 Request Terminated", "ACK"],
    run: async () => {
      const p = await pair(14);
      p.onIncoming((c) => p.net.at(p.net.now, p.flat, (e, now) => e.ring(c, now)));
      const call = p.dial();
      p.net.at(2000, p.door, (e, now) => e.hangup(call, now));
      p.net.run(10_000);
      return p.net.sent;
    },
  },
  {
    id: "prack", title: "Reliable 183 with early media, and PRACK", lanes: DF,
    what: "The flat sends 183 Session Progress with SDP reliably (Require: 100rel, RSeq); the door acknowledges it with PRACK (RAck) before the call is answered.",
    rfc: "RFC 3262 §3 (reliable provisional responses), §4 (PRACK), §7.1-§7.2 (RSeq, RAck).",
    expect: ["INVITE", "100 Trying", "183 Session Progress", "PRACK", "200 OK", "200 OK", "ACK", "BYE", "200 OK"],
    run: () => answered(15, 4000, () => {}, true),
  },
  {
    id: "update-early", title: "UPDATE in the early dialog", lanes: DF,
    what: "After the reliable 183 and its PRACK, the door sends a new offer with UPDATE before the call is answered; the flat answers 200 with SDP, then answers the INVITE.",
    rfc: "RFC 3311 §5.1 (UPDATE in an early dialog), §5.2 (the answer); RFC 3262 (the reliable 183 that made the early dialog).",
    expect: ["INVITE", "183 Session Progress", "PRACK", "200 OK", "UPDATE", "200 OK", "200 OK", "ACK"],
    run: () => answered(16, 4000, (p, call) => p.net.at(800, p.door, (e, now) => e.update(call, now)), true),
  },
  {
    id: "reinvite", title: "re-INVITE in a confirmed dialog", lanes: DF,
    what: "During the call the door sends a new offer with re-INVITE (CSeq + 1, same dialog); the flat answers 200 with SDP and the door ACKs it.",
    rfc: "RFC 3261 §14.1 (UAC behavior for modifying a session), §14.2 (UAS behavior).",
    expect: ["INVITE", "200 OK", "ACK", "INVITE", "100 Trying", "200 OK", "ACK", "BYE", "200 OK"],
    run: () => answered(17, 5000, (p, call) => p.net.at(3000, p.door, (e, now) => e.reinvite(call, now))),
  },
  {
    id: "reinvite-glare", title: "re-INVITE glare: 491 Request Pending", lanes: DF,
    what: "Both sides send a re-INVITE at the same moment; each, with its own INVITE pending, answers the other's with 491 Request Pending, and each ACKs the 491 it got.",
    rfc: "RFC 3261 §14.2 (a re-INVITE while one is pending gets 491), §14.1 (retry later, after a random time).",
    expect: ["INVITE", "200 OK", "ACK", "INVITE", "INVITE", "491 Request Pending", "491 Request Pending", "ACK", "ACK"],
    run: () => answered(18, 6000, (p, call, flatCall) => {
      p.net.at(3000, p.door, (e, now) => e.reinvite(call, now));
      p.net.at(3000, p.flat, (e, now) => e.reinvite(flatCall(), now));
    }),
  },
];
