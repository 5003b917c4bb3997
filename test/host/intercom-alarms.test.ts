// Alarms end to end through the board ABI (assembly/app/main.ts): the door
// held open, the keypad locked, a call nobody answered go to alarms.uri as
// MESSAGE through the outbound proxy, with credentials when it asks; each
// ends in an alarm event, a failure is logged, nothing is sent twice, and no
// alarm carries a digit typed, a code or the password. Virtual clock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Intercom, Ev, Key, type IntercomEvent } from "../../host/intercom.js";
import { VirtualNet, type Peer } from "../../host/tools/virtual-net.js";
import { ScriptedPeer } from "../../host/tools/scripted-peer.js";
import { ChallengingProxy } from "../../host/tools/gallery-server.js";
import { header, respond, startLine } from "../../host/sim/sip-text.js";
import { block } from "../../host/tools/gallery-flows.js";

const DOOR = { host: "192.0.2.10", port: 5060 };
const PROXY = { host: "192.0.2.20", port: 5060 };
const CONCIERGE = { host: "192.0.2.40", port: 5060 };
const FLAT = { host: "192.0.2.31", port: 5060 };
const Alarm = { HeldOpen: 1, KeypadLocked: 2, CallUnanswered: 3 } as const;

const CONFIG = {
  user: "door", password: "door-secret-1", domain: "example.com", displayName: "Front Door", registrar: PROXY, keepaliveInterval: 0,
  buttons: [{ mode: "sequential", ringTimeout: 5, targets: ["sip:flat@example.com"] }],
  relays: [{ pulseMs: 1000 }], accessCodes: [{ code: "4711", relay: 0 }], lockout: { tries: 3, seconds: 60 },
  doorSensor: { enabled: true, heldOpenSeconds: 30 }, alarms: { uri: "sip:concierge@example.com" },
};

async function scene(extra: Record<string, unknown> = {}) {
  const net = new VirtualNet();
  const events: (IntercomEvent & { t: number })[] = [];
  net.add("proxy", PROXY, new ChallengingProxy(PROXY, DOOR, (method) => (method === "INVITE" ? FLAT : CONCIERGE)));
  const concierge = net.add("concierge", CONCIERGE, new ScriptedPeer("concierge", CONCIERGE, PROXY));
  const door = net.add("door", DOOR, await Intercom.create(block({ ...CONFIG, ...extra }), DOOR.host));
  door.onEvent = (e) => events.push({ ...e, t: net.now });
  door.party.start(0);
  net.collect(door as unknown as Peer);
  const sent = (re: RegExp) => net.sent.filter((s) => s.from === "door" && re.test(startLine(s.data.toString("latin1")))).map((s) => s.data.toString("latin1"));
  const alarms = () => events.filter((e) => e.kind === Ev.Alarm).map((e) => [e.a, e.b]);
  return { net, door, concierge, events, sent, alarms };
}

/** A party that answers every request with `status`, or never when it is null. */
function answering(status: string | null) {
  const out: { data: Buffer; to: typeof PROXY }[] = [];
  return {
    receive(d: Uint8Array): number {
      if (status) out.push({ data: Buffer.from(respond(Buffer.from(d).toString("latin1"), status, [], "c1"), "latin1"), to: PROXY });
      return 0;
    },
    tick(): void {},
    nextDeadline: () => -1,
    outbox: () => out.splice(0),
  };
}

test("the door held open: MESSAGE challenged by the proxy, sent again with credentials, delivered: alarm event 200", async () => {
  const s = await scene();
  s.net.at(1000, s.door, (d, now) => d.input(0, 1, now));
  s.net.run(40_000);
  const messages = s.sent(/^MESSAGE /);
  assert.equal(messages.length, 2, "the first, then the one with credentials");
  assert.equal(header(messages[0], "Proxy-Authorization"), null);
  assert.match(header(messages[1], "Proxy-Authorization") ?? "", /^Digest username="door", realm="example.com", nonce="p1"/);
  const got = s.concierge.party.seen.filter((m) => m.startsWith("MESSAGE "));
  assert.equal(got.length, 1);
  assert.equal(got[0].split("\r\n\r\n")[1], "Front Door: door held open for 30 s");
  assert.deepEqual(s.alarms(), [[Alarm.HeldOpen, 200]]);
  assert.ok(s.events.find((e) => e.kind === Ev.Alarm)!.t >= 31_000, "30 s after the door opened");
  assert.deepEqual(s.door.party.logs().filter((l) => l.text.startsWith("alarm")), []);
});

test("the keypad locked: the alarm says for how long, never the digits typed nor any code or password", async () => {
  const s = await scene();
  let t = 1000;
  for (let round = 0; round < 3; round++) {
    for (const k of "1234#") {
      s.net.at(t, s.door, (d, now) => d.key(k.charCodeAt(0), true, now));
      t += 200;
    }
  }
  s.net.run(t + 5000);
  const text = s.concierge.party.seen.find((m) => m.startsWith("MESSAGE "))!.split("\r\n\r\n")[1];
  assert.equal(text, "Front Door: keypad locked for 60 s after wrong codes");
  for (const m of s.sent(/^MESSAGE /)) for (const secret of ["1234", "4711", "door-secret-1"]) assert.ok(!m.includes(secret), secret);
  assert.deepEqual(s.alarms(), [[Alarm.KeypadLocked, 200]]);
});

test("a visitor's call nobody answered (the flat never replies): alarm to the concierge", async () => {
  const s = await scene();
  s.net.add("flat", FLAT, answering(null)); // the flat's phone is off: the INVITE times out
  s.net.at(1000, s.door, (d, now) => d.key(Key.button(0), true, now));
  s.net.at(1060, s.door, (d, now) => d.key(Key.button(0), false, now));
  s.net.run(60_000); // the INVITE times out (Timer B, 64*T1), then the alarm
  assert.deepEqual(s.events.filter((e) => e.kind === Ev.Call).map((e) => [e.a, e.b]), [[1, 0], [5, 408]]);
  assert.equal(s.concierge.party.seen.filter((m) => m.startsWith("MESSAGE ")).map((m) => m.split("\r\n\r\n")[1]).join(), "Front Door: a visitor called and nobody answered");
});

async function failing(status: string | null) {
  const s = await scene();
  s.net.add("concierge", CONCIERGE, answering(status));
  s.net.at(1000, s.door, (d, now) => d.input(0, 1, now));
  s.net.run(120_000);
  const cseqs = new Set(s.sent(/^MESSAGE /).map((m) => header(m, "CSeq")));
  const logged = s.door.party.logs().filter((l) => l.text.startsWith("alarm")).map((l) => [l.level, l.text]);
  return { alarms: s.alarms(), cseqs: [...cseqs], logged };
}

test("a refused alarm (480) is reported with its code and logged as a warning, and never sent again", async () => {
  const r = await failing("480 Temporarily Unavailable");
  assert.deepEqual(r.alarms, [[Alarm.HeldOpen, 480]]);
  assert.deepEqual(r.cseqs, ["1 MESSAGE", "2 MESSAGE"], "the challenged one and the one with credentials, nothing after the failure");
  assert.deepEqual(r.logged, [[1, "alarm door-held-open not delivered: 480"]]);
});

test("an alarm nobody answers ends as 408 once the transaction gives up; it is not sent again", async () => {
  const r = await failing(null);
  assert.deepEqual(r.alarms, [[Alarm.HeldOpen, 408]]);
  assert.deepEqual(r.cseqs, ["1 MESSAGE", "2 MESSAGE"]);
  assert.deepEqual(r.logged, [[1, "alarm door-held-open not delivered: 408"]]);
});
