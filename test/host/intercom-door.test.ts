// The door end to end: door codes received as DTMF in a call, INFO outside
// dialogs, incoming calls and who may send digits, keypad access codes with
// their lockout, the door sensor, and secrets kept out of logs, events and
// datagrams. Apartments the station calls are one scripted peer at the
// registrar address; callers are SIP engines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, FLAT1, FLAT2, DOOR, flatSdp } from "./support/intercom-fixture.js";
import { scene, edge, typeKeys, aptInfo, of, type Scene } from "./support/apartments.js";
import { Key, CallState, Ev } from "../../host/intercom.js";
import { SipEngine, UaEvent, type Address } from "../../host/sip-engine.js";
import { header, startLine } from "./support/sip-text.js";

const RELAY = "application/dtmf-relay";
const CFG = { ...BASE, keepaliveInterval: 0, buttons: [{ mode: "sequential", ringTimeout: 30, targets: ["sip:flat1@example.com"] }] };

/** The station calls flat1 (button at 1000 ms), which answers 500 ms later. */
async function inCall(extra: object = {}): Promise<Scene> {
  const s = await scene({ ...CFG, ...extra });
  s.apts.plans.flat1 = { answerAfter: 500 };
  edge(s.net, s.door, Key.button(0), true, 1000);
  edge(s.net, s.door, Key.button(0), false, 1050);
  return s;
}
const relayDigits = (s: Scene, digits: string, at: number) =>
  [...digits].forEach((d, i) => aptInfo(s, "flat1", at + i * 300, RELAY, `Signal=${d}\r\nDuration=160\r\n`));
const relays = (s: Scene) => of(s.ev, Ev.Relay).map((e) => [e.a, e.b]);

test("door code: one digit per dtmf-relay INFO in the call pulses the relay", async () => {
  const s = await inCall();
  relayDigits(s, "1234#", 3000);
  s.net.run(10_000);
  assert.deepEqual(relays(s), [[0, 1], [0, 0]]);
  assert.equal(of(s.ev, Ev.CodeWrong).length, 0);
});

test("door code: all digits in one application/dtmf INFO pulse the relay", async () => {
  const s = await inCall();
  aptInfo(s, "flat1", 3000, "application/dtmf", "1234#");
  s.net.run(10_000);
  assert.deepEqual(relays(s), [[0, 1], [0, 0]]);
});

test("door code: a wrong code gives CodeWrong and no Relay event", async () => {
  const s = await inCall();
  relayDigits(s, "1235#", 3000);
  s.net.run(10_000);
  assert.deepEqual(relays(s), []);
  assert.deepEqual(of(s.ev, Ev.CodeWrong).map((e) => e.a), [0]);
});

test("door code: with hangupAfterOpenMs the station hangs up that long after the relay opened", async () => {
  const s = await inCall({ relays: [{ pulseMs: 3000, doorCodes: ["1234"], hangupAfterOpenMs: 2000 }] });
  relayDigits(s, "1234#", 3000);
  s.net.run(15_000);
  const on = of(s.ev, Ev.Relay).find((e) => e.b === 1)!;
  assert.ok(on, "the relay opened");
  const byes = s.apts.got("BYE", "flat1");
  assert.equal(byes.length, 1);
  const delay = byes[0].at - 20 - on.t; // 20 ms: the link's latency
  assert.ok(Math.abs(delay - 2000) <= 50, `BYE ${delay} ms after the relay opened`);
});

test("door code: the relay closes pulseMs after it opened", async () => {
  const s = await inCall({ relays: [{ pulseMs: 1500, doorCodes: ["1234"], hangupAfterOpenMs: 0 }] });
  relayDigits(s, "1234#", 3000);
  s.net.run(10_000);
  const r = of(s.ev, Ev.Relay);
  assert.deepEqual(r.map((e) => [e.a, e.b]), [[0, 1], [0, 0]]);
  assert.equal(r[1].t - r[0].t, 1500);
});

function infoText(from: string, to: string, callId: string, body: string, cseq = 1): Buffer {
  return Buffer.from([
    `INFO sip:door@${DOOR.host}:${DOOR.port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${FLAT1.host}:${FLAT1.port};branch=z9hG4bK-crafted-${callId.length}-${cseq}`,
    "Max-Forwards: 70", `From: ${from}`, `To: ${to}`, `Call-ID: ${callId}`, `CSeq: ${cseq} INFO`,
    `Content-Type: ${RELAY}`, `Content-Length: ${body.length}`, "", body,
  ].join("\r\n"), "latin1");
}

/** Hands `data` to the station as from `src`; the status line of its answer. */
function inject(s: Scene, data: Buffer, src: Address): string {
  s.door.engine.receive(data, src, s.net.now);
  const before = s.door.sent.length;
  s.net.collect(s.door);
  return s.door.sent.slice(before).map((d) => startLine(d.toString("latin1"))).find((l) => l.startsWith("SIP/2.0")) ?? "(no answer)";
}

test("INFO outside any dialog gets 481 and opens nothing", async () => {
  const s = await scene(CFG);
  s.net.run(1000);
  const codes: string[] = [];
  for (const [i, d] of [..."1234#"].entries()) {
    const info = infoText("<sip:flat1@example.com>;tag=f1", "<sip:door@example.com>", "no-such-call", `Signal=${d}\r\nDuration=160\r\n`, i + 1);
    codes.push(inject(s, info, FLAT1).slice(0, 11));
  }
  s.net.run(10_000);
  assert.deepEqual(codes, Array(5).fill("SIP/2.0 481"));
  assert.deepEqual(relays(s), []);
  assert.equal(of(s.ev, Ev.DtmfReceived).length, 0);
});

/** A caller calling the door directly (not through the registrar): with its secret it answers the station's 401. */
async function caller(s: Scene, user: string, address: Address, seed: number, password = secretOf(user)) {
  const node = s.net.add(user, address, await SipEngine.create({ user, domain: "example.com", localHost: address.host, localPort: address.port, sdp: flatSdp(address), password }, seed));
  s.net.at(1000, () => { node.engine.call("sip:door@example.com", DOOR, s.net.now); s.net.collect(node); });
  return node;
}
const ua = (n: { log: { kind: number; code: number }[] }, kind: number) => n.log.filter((e) => e.kind === kind);
const secretOf = (user: string) => `${user}-secret-9`;
/** Direct calls on (incoming.direct), flat1 allowed with its secret; `extra` overrides incoming's fields. */
const direct = (extra: object = {}) => ({ ...CFG, incoming: { mode: "auto-answer", direct: true, allowed: [{ caller: "flat1", secret: secretOf("flat1") }], ...extra } });

test("incoming: a direct caller not on the allowed list is refused with 403, however it authenticates", async () => {
  const s = await scene(direct());
  const c = await caller(s, "stranger", FLAT2, 7);
  s.net.run(5000);
  assert.deepEqual(ua(c, UaEvent.Failed).map((e) => e.code), [403]);
  assert.equal(ua(c, UaEvent.Answered).length, 0);
});

test("incoming: with incoming calls off (mode reject) an authenticated allowed caller is refused with 603 (the default refuseCode)", async () => {
  const s = await scene(direct({ mode: "reject" }));
  const c = await caller(s, "flat1", FLAT1, 7);
  s.net.run(5000);
  assert.deepEqual(ua(c, UaEvent.Failed).map((e) => e.code), [603]);
});

test("incoming: with incoming calls off an authenticated allowed caller is refused with refuseCode 486 when configured", async () => {
  const s = await scene(direct({ mode: "reject", refuseCode: 486 }));
  const c = await caller(s, "flat1", FLAT1, 7);
  s.net.run(5000);
  assert.deepEqual(ua(c, UaEvent.Failed).map((e) => e.code), [486]);
});

test("incoming: digits from a refused caller open nothing (INFO in the refused call gets 481)", async () => {
  const s = await scene(direct());
  await caller(s, "stranger", FLAT2, 7);
  s.net.run(3000);
  const refusal = s.door.sent.map((d) => d.toString("latin1")).find((m) => /^SIP\/2\.0 [46]\d\d/.test(m) && /INVITE/.test(header(m, "CSeq") ?? ""))!;
  assert.ok(refusal, "the INVITE was refused");
  const codes: string[] = [];
  for (const [i, d] of [..."1234#"].entries()) {
    const info = infoText(header(refusal, "From")!, header(refusal, "To")!, header(refusal, "Call-ID")!, `Signal=${d}\r\nDuration=160\r\n`, 2 + i);
    codes.push(inject(s, info, FLAT2).slice(0, 11));
  }
  s.net.run(10_000);
  assert.deepEqual(codes, Array(5).fill("SIP/2.0 481"));
  assert.deepEqual(relays(s), []);
  assert.equal(of(s.ev, Ev.DtmfReceived).length, 0);
});

test("incoming: an allowed direct caller (bare user part flat1) answers the 401 with its secret and is auto-answered", async () => {
  const s = await scene(direct());
  const c = await caller(s, "flat1", FLAT1, 8);
  s.net.run(5000);
  assert.equal(ua(c, UaEvent.Answered).length, 1);
  assert.ok(of(s.ev, Ev.Call).some((e) => e.a === CallState.Connected));
  assert.equal(s.door.sent.map((d) => d.toString("latin1")).filter((m) => /^SIP\/2\.0 401 /.test(m)).length, 1, "challenged once");
});

test("incoming: an allowed direct caller with the wrong secret is refused (403) and never answered", async () => {
  const s = await scene(direct());
  const c = await caller(s, "flat1", FLAT1, 8, "guessed");
  s.net.run(5000);
  assert.deepEqual(ua(c, UaEvent.Failed).map((e) => e.code), [403]);
  assert.equal(ua(c, UaEvent.Answered).length, 0);
});

test("incoming: an allowed caller given as a full SIP URI entry is auto-answered", async () => {
  const s = await scene(direct({ allowed: [{ caller: "sip:flat2@example.com", secret: secretOf("flat2") }] }));
  const c = await caller(s, "flat2", FLAT2, 9);
  s.net.run(5000);
  assert.equal(ua(c, UaEvent.Answered).length, 1);
});

test("incoming: in ring mode the station rings (180) and answers when the answer key (call button 0) is pressed", async () => {
  const s = await scene(direct({ mode: "ring", answerKey: 0 }));
  const c = await caller(s, "flat1", FLAT1, 10);
  let answeredAt = -1;
  c.onEvent = (e) => { if (e.kind === UaEvent.Answered) answeredAt = s.net.now; };
  edge(s.net, s.door, Key.button(0), true, 4000);
  edge(s.net, s.door, Key.button(0), false, 4050);
  s.net.run(3900);
  assert.deepEqual(ua(c, UaEvent.Progress).map((e) => e.code), [180]);
  assert.equal(answeredAt, -1, "not answered before the key");
  s.net.run(8000);
  assert.ok(answeredAt >= 4000 && answeredAt < 4500, `answered at ${answeredAt}`);
  assert.equal(s.apts.got("INVITE").length, 0, "the key answers, it does not call out");
});

test("incoming: in ring mode without an answer key call button 0 calls its targets; the ringing call is left to its ring time (480)", async () => {
  const s = await scene(direct({ mode: "ring", ringSeconds: 10 }));
  const c = await caller(s, "flat1", FLAT1, 10);
  edge(s.net, s.door, Key.button(0), true, 4000);
  edge(s.net, s.door, Key.button(0), false, 4050);
  s.net.run(20_000);
  assert.equal(ua(c, UaEvent.Answered).length, 0, "the key does not answer");
  assert.equal(s.apts.got("INVITE").length, 1, "the key calls the flat");
  assert.deepEqual(ua(c, UaEvent.Failed).map((e) => e.code), [480]);
});

test("incoming: an allowed caller that sends the right door code opens the door", async () => {
  const s = await scene(direct());
  const c = await caller(s, "flat1", FLAT1, 11);
  c.onEvent = (e) => {
    if (e.kind !== UaEvent.Answered) return;
    for (const [i, d] of [..."1234#"].entries()) {
      s.net.at(s.net.now + 300 * (i + 1), () => { c.engine.info(e.call, `Signal=${d}\r\nDuration=160\r\n`, s.net.now); s.net.collect(c); });
    }
  };
  s.net.run(10_000);
  assert.deepEqual(relays(s), [[0, 1], [0, 0]]);
});

test("keypad: the access code outside calls opens its relay", async () => {
  const s = await scene({ ...CFG, relays: [{ pulseMs: 3000 }, { pulseMs: 2000 }], accessCodes: [{ code: "9876", relay: 1 }] });
  typeKeys(s.net, s.door, "9876#", 1000);
  s.net.run(8000);
  assert.deepEqual(relays(s), [[1, 1], [1, 0]]);
});

test("keypad: an access code paused longer than codeEntry.keypadInterDigitTimeoutMs is dropped, whatever the in-call pause", async () => {
  const s = await scene({ ...CFG, relays: [{ pulseMs: 3000 }], accessCodes: [{ code: "9876", relay: 0 }],
    codeEntry: { interDigitTimeoutMs: 32000, keypadInterDigitTimeoutMs: 2000 } });
  typeKeys(s.net, s.door, "98", 1000);
  typeKeys(s.net, s.door, "76#", 1150 + 2500); // 2.5 s after the 8: the entry was dropped at 2 s
  s.net.run(12000);
  assert.deepEqual(relays(s), []);
});

test("keypad: an access code paused less than codeEntry.keypadInterDigitTimeoutMs opens its relay", async () => {
  const s = await scene({ ...CFG, relays: [{ pulseMs: 3000 }], accessCodes: [{ code: "9876", relay: 0 }],
    codeEntry: { interDigitTimeoutMs: 32000, keypadInterDigitTimeoutMs: 2000 } });
  typeKeys(s.net, s.door, "98", 1000);
  typeKeys(s.net, s.door, "76#", 1150 + 1500);
  s.net.run(12000);
  assert.deepEqual(relays(s), [[0, 1], [0, 0]]);
});

/** Three wrong keypad codes from 1000 ms, then `then` typed at `at`; lockout 10 s. */
async function lockedOut(then: string, at: number, until: number) {
  const s = await scene({ ...CFG, lockout: { tries: 3, seconds: 10 } });
  typeKeys(s.net, s.door, "1111#1112#1113#", 1000);
  if (then) typeKeys(s.net, s.door, then, at);
  s.net.run(until);
  return s;
}

test("keypad lockout: three wrong codes lock the keypad (Lockout a = 1)", async () => {
  const s = await lockedOut("", 0, 5000);
  assert.deepEqual(of(s.ev, Ev.Lockout).map((e) => e.a), [1]);
  assert.equal(of(s.ev, Ev.Lockout)[0].t, 1000 + 14 * 150, "locked on the third wrong code's confirm key");
});

test("keypad lockout: digits are ignored while locked, even the right code", async () => {
  const s = await lockedOut("9876#", 5000, 9000);
  assert.deepEqual(relays(s), []);
});

test("keypad lockout: after lockout.seconds the keypad unlocks (Lockout a = 0) and the right code works again", async () => {
  const s = await lockedOut("9876#", 14_000, 20_000);
  const lock = of(s.ev, Ev.Lockout);
  assert.deepEqual(lock.map((e) => e.a), [1, 0]);
  assert.ok(Math.abs(lock[1].t - lock[0].t - 10_000) <= 50, `unlocked after ${lock[1].t - lock[0].t} ms`);
  assert.deepEqual(relays(s), [[0, 1], [0, 0]]);
});

function sensor(s: Scene, level: number, at: number): void {
  s.net.at(at, () => { s.door.engine.input(0, level, s.net.now); s.net.collect(s.door); });
}

test("door sensor: input 0 level 1 reports the door open (Door a = 1), level 0 closed (a = 0)", async () => {
  const s = await scene({ ...CFG, doorSensor: { enabled: true, heldOpenSeconds: 10 } });
  sensor(s, 1, 1000);
  sensor(s, 0, 3000);
  s.net.run(20_000);
  assert.deepEqual(of(s.ev, Ev.Door).map((e) => [e.a, e.t]), [[1, 1000], [0, 3000]]);
  assert.equal(of(s.ev, Ev.DoorHeldOpen).length, 0);
});

test("door sensor: a door held open heldOpenSeconds (10 s) gives DoorHeldOpen once", async () => {
  const s = await scene({ ...CFG, doorSensor: { enabled: true, heldOpenSeconds: 10 } });
  sensor(s, 1, 1000);
  s.net.run(60_000);
  const held = of(s.ev, Ev.DoorHeldOpen);
  assert.equal(held.length, 1);
  assert.equal(held[0].t, 11_000);
});

test("secrets: the password and the codes appear in no log line, event or datagram of the station", async () => {
  const secrets = ["door-secret-1", "470815", "93517"];
  const s = await inCall({ relays: [{ pulseMs: 1000, doorCodes: ["470815"] }], accessCodes: [{ code: "93517", relay: 0 }] });
  s.apts.challenge = true;
  relayDigits(s, "470815#", 3000);
  edge(s.net, s.door, Key.hangup, true, 7000);
  edge(s.net, s.door, Key.hangup, false, 7050);
  typeKeys(s.net, s.door, "93517#", 9000);
  typeKeys(s.net, s.door, "93516#", 11_000);
  s.net.run(20_000);
  assert.ok(of(s.ev, Ev.Registered).length >= 1, "registered with the password");
  assert.equal(of(s.ev, Ev.Relay).filter((e) => e.b === 1).length, 2, "the door code and the access code both opened");
  assert.equal(of(s.ev, Ev.CodeWrong).length, 1);
  const logs = s.door.engine.logs().map((l) => l.text);
  assert.ok(logs.length > 0);
  const datagrams = s.door.sent.map((d) => d.toString("latin1").split("\r\n").filter((l) => !/^Authorization:/i.test(l)).join("\r\n"));
  for (const secret of secrets) {
    for (const l of logs) assert.ok(!l.includes(secret), `log line holds a secret: ${l}`);
    for (const e of s.ev) assert.ok(![e.kind, e.a, e.b].some((v) => String(v).includes(secret)), `event holds a secret: ${JSON.stringify(e)}`);
    for (const m of datagrams) assert.ok(!m.includes(secret), `datagram holds a secret: ${m.slice(0, 200)}`);
  }
});
