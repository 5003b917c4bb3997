// A door station on a simulated network with the parties it talks to: a
// scripted registrar (digest, 423, outages) and apartments played by SIP
// engines. Virtual clock; no sleeps.
import { Intercom, Ev, type IntercomEvent } from "../../../host/intercom.js";
import { SipEngine, UaEvent, type Address, type Datagram, type EngineEvent } from "../../../host/sip-engine.js";
import { validateConfig, encodeConfig } from "../../../host/config.js";
import { Net, type Node } from "./net.js";
import { respond, header, startLine } from "./sip-text.js";

export const DOOR = { host: "192.0.2.10", port: 5060 };
export const REGISTRAR = { host: "192.0.2.20", port: 5060 };
export const BACKUP = { host: "192.0.2.21", port: 5060 };
export const FLAT1 = { host: "192.0.2.31", port: 5060 };
export const FLAT2 = { host: "192.0.2.32", port: 5060 };

/** A registrar that challenges once, then accepts; it can be taken down, or demand a Min-Expires. */
export { ScriptedRegistrar as Registrar } from "../../../host/tools/scripted-registrar.js";
import { ScriptedRegistrar as Registrar } from "../../../host/tools/scripted-registrar.js";

export const BASE = {
  user: "door",
  password: "door-secret-1",
  domain: "example.com",
  displayName: "Front Door",
  registrar: REGISTRAR,
  keepaliveInterval: 30,
  keepaliveFailures: 3,
  buttons: [{ mode: "sequential", ringTimeout: 10, targets: ["sip:flat1@example.com", "sip:flat2@example.com"] }],
  relays: [{ pulseMs: 3000, doorCodes: ["1234"], hangupAfterOpenMs: 0 }],
  accessCodes: [{ code: "9876", relay: 0 }],
  lockout: { tries: 3, seconds: 60 },
  incoming: { mode: "auto-answer", allowed: ["flat1"] },
};

export function block(json: unknown): Uint8Array {
  const v = validateConfig(json);
  if (!v.ok) throw new Error(`test config invalid: ${JSON.stringify(v.errors)}`);
  return encodeConfig(v.config);
}

export interface World {
  net: Net;
  door: Node<Intercom, IntercomEvent>;
  registrar: Registrar;
  registrarNode: Node<Registrar, never>;
}

/** The door station with `json` (null: no block), and a registrar at REGISTRAR; started at t=0 (`beforeStart` runs just before). */
export async function world(json: unknown | null, seed = 1, beforeStart?: (station: Intercom) => void): Promise<World> {
  const net = new Net(seed);
  const registrar = new Registrar();
  const registrarNode = net.add("registrar", REGISTRAR, registrar);
  const door = net.add("door", DOOR, await Intercom.create(json === null ? null : block(json), DOOR.host));
  beforeStart?.(door.engine);
  door.engine.start(0);
  net.collect(door);
  return { net, door, registrar, registrarNode };
}

/** What an apartment's phone offers and answers (RFC 3264): PCMU on its own address (it sends no RTP here). */
export function flatSdp(address: Address): string {
  return `v=0\r\no=flat 1 1 IN IP4 ${address.host}\r\ns=flat\r\nc=IN IP4 ${address.host}\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\n`;
}

/** An apartment's phone: a SIP engine that `onCall` decides for (answer, send DTMF ...). */
export async function flat(w: World, address: Address, user: string, seed: number, sdp = flatSdp(address)): Promise<Node<SipEngine, EngineEvent>> {
  return w.net.add(user, address, await SipEngine.create({ user, domain: "example.com", localHost: address.host, localPort: address.port, sdp }, seed));
}

/** A press of the key as a finger makes it: down, 50 ms, up. */
export function press(w: World, key: number, at: number): void {
  w.net.at(at, () => { w.door.engine.key(key, true, w.net.now); w.net.collect(w.door); });
  w.net.at(at + 50, () => { w.door.engine.key(key, false, w.net.now); w.net.collect(w.door); });
}

export const eventsOf = (n: Node<Intercom, IntercomEvent>, kind: number) => n.log.filter((e) => e.kind === kind);
export { Ev, UaEvent };
