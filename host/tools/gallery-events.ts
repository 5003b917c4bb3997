// The gallery's flows of the event-family methods (REFER, SUBSCRIBE/NOTIFY,
// MESSAGE, SERVICE, BENOTIFY): the door station (firmware) with a scripted
// party playing the concierge desk or a subscribing phone, the demo PBX and
// a firmware engine as the flat where a flow needs them.
import { UaEvent, type Address } from "../sip-engine.js";
import { startLine } from "../sim/sip-text.js";
import { type Peer, type Sent } from "./virtual-net.js";
import { ScriptedPeer } from "./scripted-peer.js";
import { DOOR, FLAT, engine, doorAtPbx, type Flow } from "./gallery-flows.js";

const DESK: Address = { host: "192.0.2.40", port: 5060 };

/** The door registered at the demo PBX (which routes its calls to the flat), and the desk calling it directly. */
async function deskAndDoor(extra: Record<string, unknown> = {}) {
  const { net, door } = await doorAtPbx({ incoming: { mode: "auto-answer", allowed: ["desk"] }, ...extra });
  const desk = net.add("desk", DESK, new ScriptedPeer("desk", DESK, DOOR));
  door.party.start(0);
  net.collect(door as unknown as Peer);
  return { net, door, desk };
}

/** The desk calls the door, then transfers the visitor to the flat: first to a URI not configured (403), then to the flat. */
async function transfer(): Promise<Sent[]> {
  const { net, desk } = await deskAndDoor();
  const flat = net.add("flat", FLAT, await engine("flat", FLAT, 5151));
  flat.onEvent = (ev) => {
    if (ev.kind !== UaEvent.Incoming) return;
    net.at(net.now, flat, (e, now) => e.ring(ev.call, now));
    net.at(net.now + 1200, flat, (e, now) => e.answer(ev.call, now));
  };
  const d = desk.party.dialog("desk-call-1", "desk1");
  desk.party.onMessage = (m) => {
    desk.party.learn(d, m);
    if (!/^SIP\/2\.0 200 /.test(startLine(m)) || !/INVITE$/.test(m.match(/^CSeq: (.*)$/m)?.[1] ?? "")) return;
    net.at(net.now, desk, (p) => p.request(d, "ACK"));
    net.at(net.now + 800, desk, (p) => p.request(d, "REFER", ["Refer-To: <sip:intruder@evil.example>"]));
    net.at(net.now + 1200, desk, (p) => p.request(d, "REFER", ["Refer-To: <sip:flat@example.com>", "Referred-By: <sip:desk@example.com>"]));
  };
  net.at(500, desk, (p) => p.invite(d));
  net.run(8000);
  return net.sent;
}

export const EVENT_FLOWS: Flow[] = [
  {
    id: "refer-transfer", title: "A transfer: the desk REFERs the visitor to the flat", lanes: ["desk", "door", "pbx", "flat"],
    what: "The concierge desk called the door; it asks the door to call someone else with REFER. A URI the door's configuration does not call gets 403; the flat (a call-button target) gets 202. The door reports through the implicit refer subscription in the same dialog (NOTIFY, message/sipfrag: 100 Trying, then the flat's 200 OK, terminated), calls the flat through the PBX as a door call, and ends the desk's call with BYE once the final NOTIFY is answered.",
    rfc: "RFC 3515 §2.4.2 (202, or a refusal), §2.4.4-§2.4.7 (NOTIFY with sipfrag, Event id, noresource), RFC 6665 (subscription state), RFC 5589 (transfer roles).",
    expect: ["INVITE", "200 OK", "ACK", "REFER", "403 Forbidden", "REFER", "202 Accepted", "NOTIFY", "INVITE", "200 OK", "NOTIFY", "200 OK", "BYE", "200 OK"],
    run: transfer,
  },
];
