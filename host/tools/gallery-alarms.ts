// The gallery's flows of what the door station sends on its own: an alarm as
// MESSAGE to the concierge (RFC 3428) through a proxy that asks for
// credentials, and its presence published to a presence server (RFC 3903).
// The door station is the firmware; the proxy, the concierge's phone and the
// presence server are scripted (gallery-server.ts, scripted-peer.ts), the
// flat is a firmware SIP engine.
import { Intercom, Key } from "../intercom.js";
import { UaEvent, type Address } from "../sip-engine.js";
import { VirtualNet, type Peer, type Sent } from "./virtual-net.js";
import { ScriptedPeer } from "./scripted-peer.js";
import { ChallengingProxy, PresenceServer } from "./gallery-server.js";
import { DOOR, SERVER, FLAT, block, engine, type Flow } from "./gallery-flows.js";

const CONCIERGE: Address = { host: "192.0.2.40", port: 5060 };
const ESC: Address = { host: "192.0.2.50", port: 5060 };

/** The door registered at a proxy that challenges its MESSAGE; the door stays open past its limit. */
async function alarm(): Promise<Sent[]> {
  const net = new VirtualNet();
  net.add("proxy", SERVER, new ChallengingProxy(SERVER, DOOR, () => CONCIERGE));
  net.add("concierge", CONCIERGE, new ScriptedPeer("concierge", CONCIERGE, SERVER));
  const config = {
    user: "door", password: "door-secret-1", domain: "example.com", displayName: "Front Door", registrar: SERVER, keepaliveInterval: 0,
    doorSensor: { enabled: true, heldOpenSeconds: 5 }, alarms: { uri: "sip:concierge@example.com" },
  };
  const door = net.add("door", DOOR, await Intercom.create(block(config), DOOR.host));
  door.party.start(0);
  net.collect(door as unknown as Peer);
  net.at(500, door, (d, now) => d.input(0, 1, now));
  net.run(7000);
  return net.sent;
}

/**
 * The door publishes its presence once registered; a visitor's call makes it
 * on-the-phone, its end idle again; the presence server grants 20 s, so the
 * door refreshes at 15 s; the server has forgotten the publication (412) and
 * the door publishes its state again; at shutdown it removes it.
 */
async function presence(): Promise<Sent[]> {
  const net = new VirtualNet();
  const proxy = new ChallengingProxy(SERVER, DOOR, (m) => (m === "PUBLISH" ? ESC : FLAT));
  proxy.challenge = false;
  net.add("proxy", SERVER, proxy);
  const esc = new PresenceServer();
  esc.maxExpires = 20;
  net.add("esc", ESC, esc);
  const flat = net.add("flat", FLAT, await engine("flat", FLAT, 7171));
  flat.onEvent = (ev) => {
    if (ev.kind !== UaEvent.Incoming) return;
    net.at(net.now, flat, (e, now) => e.ring(ev.call, now));
    net.at(net.now + 1000, flat, (e, now) => e.answer(ev.call, now));
  };
  const config = {
    user: "door", domain: "example.com", registrar: SERVER, keepaliveInterval: 0,
    buttons: [{ mode: "sequential", ringTimeout: 30, targets: ["sip:flat@example.com"] }], presence: { publish: true, expires: 600 },
  };
  const door = net.add("door", DOOR, await Intercom.create(block(config), DOOR.host));
  door.party.start(0);
  net.collect(door as unknown as Peer);
  net.at(1000, door, (d, now) => d.key(Key.button(0), true, now));
  net.at(1060, door, (d, now) => d.key(Key.button(0), false, now));
  net.at(4000, door, (d, now) => d.key(Key.hangup, true, now));
  net.at(4060, door, (d, now) => d.key(Key.hangup, false, now));
  net.at(10_000, door, () => (esc.forget = true));
  net.at(22_000, door, (d, now) => d.shutdown(now));
  net.run(23_000);
  return net.sent;
}

export const ALARM_FLOWS: Flow[] = [
  {
    id: "message-alarm", title: "An alarm: the door held open, as MESSAGE to the concierge", lanes: ["door", "proxy", "concierge"],
    what: "The door stays open past doorSensor.heldOpenSeconds (5 s here). The station sends the alarm to alarms.uri as a MESSAGE outside any dialog through its outbound proxy: text/plain in plain words (\"Front Door: door held open for 5 s\"), no Contact. The proxy asks for credentials (407); the station sends it again with Proxy-Authorization, the same Call-ID and the next CSeq; the concierge's phone answers 200 and the station reports the alarm delivered. A failure would be reported and logged, never sent again.",
    rfc: "RFC 3428 §4 (MESSAGE outside a dialog, no Contact), §7 (200); RFC 3261 §22.3 (407, Proxy-Authorization), §8.1.3.5 (the retry: same Call-ID, CSeq + 1), §17.1.2 (non-INVITE client transaction).",
    expect: ["REGISTER", "200 OK", "MESSAGE", "407 Proxy Authentication Required", "MESSAGE", "MESSAGE", "200 OK", "200 OK"],
    run: alarm,
  },
  {
    id: "publish-presence", title: "PUBLISH: the station's presence, refreshed, lost and published again, removed", lanes: ["door", "proxy", "esc", "flat"],
    what: "Once registered, the station publishes its presence to its address-of-record through the proxy, which routes it to the presence server: an initial PUBLISH (Event: presence, a PIDF document: one tuple, open, and the note idle), no SIP-If-Match; the 200 gives an entity-tag (SIP-ETag) and the time granted. A visitor's call changes it: a modification naming the tag in SIP-If-Match, the person on-the-phone; the end of the call: idle again. At 75% of the 20 s granted (5 s before the end) a refresh, no body; the server has lost the publication (412), so the station publishes its whole state again. At shutdown it removes the publication: Expires: 0.",
    rfc: "RFC 3903 §4.2 (initial), §4.3 (refresh), §4.4 (modify), §4.5 (remove), §5 (SIP-ETag kept, 412), §11.3-§11.4 (SIP-ETag, SIP-If-Match); RFC 3863 §4.1 (PIDF tuple, basic open), RFC 4480 §3.2 (activity on-the-phone).",
    expect: ["REGISTER", "200 OK", "PUBLISH", "PUBLISH", "200 OK", "200 OK", "INVITE", "PUBLISH", "200 OK", "BYE", "PUBLISH", "412 Conditional Request Failed", "PUBLISH", "PUBLISH"],
    run: presence,
  },
];
