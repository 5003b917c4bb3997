// The gallery's flows of the event-family methods (REFER, SUBSCRIBE/NOTIFY,
// MESSAGE, SERVICE, BENOTIFY): the door station (firmware) with a scripted
// party playing the concierge desk or a subscribing phone, the demo PBX and
// a firmware engine as the flat where a flow needs them.
import { UaEvent, type Address } from "../sip-engine.js";
import { Key } from "../intercom.js";
import { startLine } from "../sim/sip-text.js";
import { type Peer, type Sent } from "./virtual-net.js";
import { ScriptedPeer } from "./scripted-peer.js";
import { DOOR, FLAT, engine, doorAtPbx, type Flow } from "./gallery-flows.js";

const DESK: Address = { host: "192.0.2.40", port: 5060 };

/** The secret an allowed caller proves with digest when it calls the door directly (incoming.direct). */
const secretOf = (user: string) => `${user}-secret-7`;

/** The door registered at the demo PBX (which routes its calls to the flat), and the desk calling it directly (challenged: it has a secret). */
async function deskAndDoor(extra: Record<string, unknown> = {}) {
  const { net, door } = await doorAtPbx({ incoming: { mode: "auto-answer", direct: true, allowed: [{ caller: "desk", secret: secretOf("desk") }] }, ...extra });
  const desk = net.add("desk", DESK, new ScriptedPeer("desk", DESK, DOOR, "door", secretOf("desk")));
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

const PHONE: Address = { host: "192.0.2.50", port: 5060 };

/**
 * A phone with a BLF key subscribes to the door's dialog state; a visitor
 * presses the call button, the flat rings and answers, the door hangs up; the
 * phone then unsubscribes. With `benotify` the phone offers BENOTIFY.
 */
async function blf(benotify: boolean): Promise<Sent[]> {
  const { net, door } = await doorAtPbx({ incoming: { mode: "reject", direct: true, allowed: [{ caller: "phone", secret: secretOf("phone") }] } });
  const phone = net.add("phone", PHONE, new ScriptedPeer("phone", PHONE, DOOR, "door", secretOf("phone")));
  const flat = net.add("flat", FLAT, await engine("flat", FLAT, 6161));
  flat.onEvent = (ev) => {
    if (ev.kind !== UaEvent.Incoming) return;
    net.at(net.now, flat, (e, now) => e.ring(ev.call, now));
    net.at(net.now + 1000, flat, (e, now) => e.answer(ev.call, now));
  };
  door.party.start(0);
  net.collect(door as unknown as Peer);
  const d = phone.party.dialog("blf-1", "phone1");
  phone.party.onMessage = (m) => phone.party.learn(d, m);
  const extra = ["Event: dialog", "Expires: 600", "Accept: application/dialog-info+xml", ...(benotify ? ["Supported: ms-benotify"] : [])];
  net.at(300, phone, (p) => p.request(d, "SUBSCRIBE", extra));
  net.at(1000, door, (p, now) => p.key(Key.button(0), true, now));
  net.at(1060, door, (p, now) => p.key(Key.button(0), false, now));
  net.at(4000, door, (p, now) => p.key(Key.hangup, true, now));
  net.at(4060, door, (p, now) => p.key(Key.hangup, false, now));
  net.at(5500, phone, (p) => p.request(d, "SUBSCRIBE", ["Event: dialog", "Expires: 0"]));
  net.run(7000);
  return net.sent;
}

/** A phone sends the door a text MESSAGE, one with a body it does not read, and a SERVICE. */
async function messageAndService(): Promise<Sent[]> {
  const { net, door } = await doorAtPbx({});
  const phone = net.add("phone", PHONE, new ScriptedPeer("phone", PHONE, DOOR));
  door.party.start(0);
  net.collect(door as unknown as Peer);
  net.at(300, phone, (p) => p.request(p.dialog("msg-1", "m1"), "MESSAGE", [], "Please hold the door for the courier.", "text/plain"));
  net.at(600, phone, (p) => p.request(p.dialog("msg-2", "m2"), "MESSAGE", [], "v=0\r\n", "application/sdp"));
  net.at(900, phone, (p) => p.request(p.dialog("svc-1", "s1"), "SERVICE", [], "<Envelope/>", "text/plain"));
  net.run(1500);
  return net.sent;
}

export const EVENT_FLOWS: Flow[] = [
  {
    id: "refer-transfer", title: "A transfer: the desk REFERs the visitor to the flat", lanes: ["desk", "door", "pbx", "flat"],
    what: "The concierge desk calls the door directly: the door challenges it (401, digest), the desk sends its INVITE again with credentials, and the door answers. It asks the door to call someone else with REFER. A URI the door's configuration does not call gets 403; the flat (a call-button target) gets 202. The door reports through the implicit refer subscription in the same dialog (NOTIFY, message/sipfrag: 100 Trying, then the flat's 200 OK, terminated), calls the flat through the PBX as a door call, and ends the desk's call with BYE once the final NOTIFY is answered.",
    rfc: "RFC 3515 §2.4.2 (202, or a refusal), §2.4.4-§2.4.7 (NOTIFY with sipfrag, Event id, noresource), RFC 6665 (subscription state), RFC 5589 (transfer roles).",
    expect: ["INVITE", "100 Trying", "401 Unauthorized", "INVITE", "100 Trying", "200 OK", "ACK", "REFER", "403 Forbidden", "REFER", "202 Accepted", "NOTIFY", "INVITE", "200 OK", "NOTIFY", "200 OK", "BYE", "200 OK"],
    run: transfer,
  },
  {
    id: "subscribe-dialog", title: "A BLF key watches the door: SUBSCRIBE and NOTIFY (dialog package)", lanes: ["phone", "door", "pbx", "flat"],
    what: "A phone subscribes to the door's dialog state directly, is challenged (401, digest) and subscribes again with credentials; the door answers 200 (Expires, a new dialog) and NOTIFYs the state at once (idle), then on every change of its calls: trying when it calls the flat, early while the flat rings, confirmed when it answers, terminated when the door hangs up. The phone unsubscribes with Expires: 0 and gets a last NOTIFY, terminated.",
    rfc: "RFC 6665 §4.2.1.1 (200, Expires), §4.2.1.2 (NOTIFY at once), §4.2.2 (on each change), §4.2.1.4 (Expires: 0); RFC 4235 §4.1 (dialog-info, full state, version + 1).",
    expect: ["SUBSCRIBE", "401 Unauthorized", "SUBSCRIBE", "200 OK", "NOTIFY", "200 OK", "INVITE", "NOTIFY", "180 Ringing", "NOTIFY", "200 OK", "NOTIFY", "BYE", "NOTIFY", "SUBSCRIBE", "200 OK", "NOTIFY"],
    run: () => blf(false),
  },
  {
    id: "benotify", title: "BENOTIFY: changes sent best-effort, never answered", lanes: ["phone", "door", "pbx", "flat"],
    what: "The same phone offers BENOTIFY (Supported: ms-benotify); the door says it supports it in the 200. The first NOTIFY, which confirms the subscription, and the last one stay NOTIFY; every change in between goes as a BENOTIFY, sent once, which the phone does not answer and the door does not wait for.",
    rfc: "[MS-SIPRE] §3.5 (Best Effort NOTIFY) and §4.4 (example); RFC 6665 §4.2.2 for the state itself.",
    expect: ["SUBSCRIBE", "401 Unauthorized", "SUBSCRIBE", "200 OK", "NOTIFY", "200 OK", "INVITE", "BENOTIFY", "BENOTIFY", "BENOTIFY", "BYE", "BENOTIFY", "SUBSCRIBE", "200 OK", "NOTIFY"],
    run: () => blf(true),
  },
  {
    id: "message-service", title: "MESSAGE and SERVICE received", lanes: ["phone", "door", "pbx"],
    what: "A text MESSAGE to the door is answered 200 and its text reported to the application; a MESSAGE whose body is not text/plain gets 415 with Accept: text/plain. SERVICE, an expired draft carrying SOAP that the door does not implement, gets 501 Not Implemented with Allow.",
    rfc: "RFC 3428 §7 (MESSAGE, 200), RFC 3261 §21.4.13 (415 with Accept), §8.2.1 and §21.5.2 (501 for a method not implemented).",
    expect: ["MESSAGE", "200 OK", "MESSAGE", "415 Unsupported Media Type", "SERVICE", "501 Not Implemented"],
    run: messageAndService,
  },
];
