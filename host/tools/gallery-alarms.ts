// The gallery's flows of what the door station sends on its own: an alarm as
// MESSAGE to the concierge (RFC 3428) through a proxy that asks for
// credentials. The door station is the firmware; the proxy and the
// concierge's phone are scripted (gallery-server.ts, scripted-peer.ts).
import { Intercom } from "../intercom.js";
import { type Address } from "../sip-engine.js";
import { VirtualNet, type Peer, type Sent } from "./virtual-net.js";
import { ScriptedPeer } from "./scripted-peer.js";
import { ChallengingProxy } from "./gallery-server.js";
import { DOOR, SERVER, block, type Flow } from "./gallery-flows.js";

const CONCIERGE: Address = { host: "192.0.2.40", port: 5060 };

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

export const ALARM_FLOWS: Flow[] = [
  {
    id: "message-alarm", title: "An alarm: the door held open, as MESSAGE to the concierge", lanes: ["door", "proxy", "concierge"],
    what: "The door stays open past doorSensor.heldOpenSeconds (5 s here). The station sends the alarm to alarms.uri as a MESSAGE outside any dialog through its outbound proxy: text/plain in plain words (\"Front Door: door held open for 5 s\"), no Contact. The proxy asks for credentials (407); the station sends it again with Proxy-Authorization, the same Call-ID and the next CSeq; the concierge's phone answers 200 and the station reports the alarm delivered. A failure would be reported and logged, never sent again.",
    rfc: "RFC 3428 §4 (MESSAGE outside a dialog, no Contact), §7 (200); RFC 3261 §22.3 (407, Proxy-Authorization), §8.1.3.5 (the retry: same Call-ID, CSeq + 1), §17.1.2 (non-INVITE client transaction).",
    expect: ["REGISTER", "200 OK", "MESSAGE", "407 Proxy Authentication Required", "MESSAGE", "MESSAGE", "200 OK", "200 OK"],
    run: alarm,
  },
];
