// The call button end to end: debouncing, what a second press or the hang-up
// key does, sequential and parallel targets, the maximum call time, and the
// keypad's digits sent as INFO in a call. The apartments are one scripted
// peer at the registrar address (the station's outbound proxy).
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE } from "./support/intercom-fixture.js";
import { scene, edge, typeKeys, of, type Scene } from "./support/apartments.js";
import { Key, CallState, Ev } from "../../host/intercom.js";
import { header } from "./support/sip-text.js";

const ONE = { ...BASE, keepaliveInterval: 0, buttons: [{ mode: "sequential", ringTimeout: 30, targets: ["sip:flat1@example.com"] }] };
const TWO = (mode: string) => ({ ...BASE, keepaliveInterval: 0, buttons: [{ mode, ringTimeout: 10, targets: ["sip:flat1@example.com", "sip:flat2@example.com"] }] });

function click(s: Scene, key: number, at: number): void {
  edge(s.net, s.door, key, true, at);
  edge(s.net, s.door, key, false, at + 50);
}

const callStates = (s: Scene) => of(s.ev, Ev.Call).map((e) => e.a);

test("call button: a bouncing contact (down/up/down/up within 20 ms, then held 2 s) places exactly one call", async () => {
  const s = await scene(ONE);
  for (const [t, down] of [[1000, true], [1004, false], [1009, true], [1014, false], [1019, true], [3019, false], [3024, true], [3029, false]] as const) {
    edge(s.net, s.door, Key.button(0), down, t);
  }
  s.net.run(8000);
  assert.equal(s.apts.got("INVITE").length, 1);
  assert.equal(s.apts.got("CANCEL").length, 0, "a bounce must not count as a second press");
  assert.deepEqual(callStates(s).filter((a) => a === CallState.Dialing), [CallState.Dialing]);
});

test("call button: a button held down for 10 s places one call", async () => {
  const s = await scene(ONE);
  edge(s.net, s.door, Key.button(0), true, 1000);
  edge(s.net, s.door, Key.button(0), false, 11_000);
  s.net.run(14_000);
  assert.equal(s.apts.got("INVITE").length, 1);
  assert.equal(s.apts.got("CANCEL").length, 0);
  assert.equal(s.apts.got("BYE").length, 0);
});

test("call button: a second press while it rings cancels the call (CANCEL), no new call", async () => {
  const s = await scene(ONE);
  click(s, Key.button(0), 1000);
  click(s, Key.button(0), 4000);
  s.net.run(10_000);
  assert.equal(s.apts.got("INVITE").length, 1);
  const cancels = s.apts.got("CANCEL", "flat1");
  assert.equal(cancels.length, 1);
  assert.ok(cancels[0].at >= 4000 && cancels[0].at < 4500, `CANCEL at ${cancels[0].at}`);
  assert.ok(!callStates(s).includes(CallState.Connected));
});

test("call button: a second press in a connected call ends it (BYE), no new call", async () => {
  const s = await scene(ONE);
  s.apts.plans.flat1 = { answerAfter: 1000 };
  click(s, Key.button(0), 1000);
  click(s, Key.button(0), 5000);
  s.net.run(10_000);
  assert.equal(s.apts.got("INVITE").length, 1);
  const byes = s.apts.got("BYE", "flat1");
  assert.equal(byes.length, 1);
  assert.ok(byes[0].at >= 5000 && byes[0].at < 5500, `BYE at ${byes[0].at}`);
  assert.equal(s.apts.got("CANCEL").length, 0);
});

test("hang-up key: cancels a ringing call (CANCEL)", async () => {
  const s = await scene(ONE);
  click(s, Key.button(0), 1000);
  click(s, Key.hangup, 4000);
  s.net.run(10_000);
  assert.equal(s.apts.got("INVITE").length, 1);
  const cancels = s.apts.got("CANCEL", "flat1");
  assert.equal(cancels.length, 1);
  assert.ok(cancels[0].at >= 4000 && cancels[0].at < 4500);
});

test("hang-up key: ends a connected call (BYE)", async () => {
  const s = await scene(ONE);
  s.apts.plans.flat1 = { answerAfter: 1000 };
  click(s, Key.button(0), 1000);
  click(s, Key.hangup, 5000);
  s.net.run(10_000);
  assert.equal(s.apts.got("INVITE").length, 1);
  const byes = s.apts.got("BYE", "flat1");
  assert.equal(byes.length, 1);
  assert.ok(byes[0].at >= 5000 && byes[0].at < 5500);
});

test("sequential: the first target rings past ringTimeout -> CANCEL to it, then INVITE to the second", async () => {
  const s = await scene(TWO("sequential"));
  click(s, Key.button(0), 1000);
  s.net.run(20_000);
  const first = s.apts.got("INVITE", "flat1");
  const cancel = s.apts.got("CANCEL", "flat1");
  const second = s.apts.got("INVITE", "flat2");
  assert.equal(first.length, 1);
  assert.equal(cancel.length, 1);
  assert.equal(second.length, 1);
  assert.ok(first[0].at < 1200, "the first target is called at once");
  assert.ok(cancel[0].at >= first[0].at + 10_000 - 100 && cancel[0].at <= first[0].at + 10_000 + 200, `CANCEL at ${cancel[0].at}`);
  assert.ok(second[0].at >= cancel[0].at && second[0].at <= cancel[0].at + 1000, `second INVITE at ${second[0].at}`);
});

test("sequential: the first target rejects with 486 -> the second is called at once", async () => {
  const s = await scene(TWO("sequential"));
  s.apts.plans.flat1 = { ring: false, reject: 486, rejectAfter: 2000 };
  click(s, Key.button(0), 1000);
  s.net.run(6000);
  const rejected = s.apts.sentBy("SIP/2.0 486", "flat1");
  const second = s.apts.got("INVITE", "flat2");
  assert.equal(rejected.length, 1);
  assert.equal(second.length, 1);
  assert.ok(second[0].at - rejected[0].at <= 200, `second INVITE ${second[0].at - rejected[0].at} ms after the 486`);
});

test("sequential: both targets fail -> a Call event with state Failed", async () => {
  const s = await scene(TWO("sequential"));
  s.apts.plans.flat1 = { reject: 486, rejectAfter: 500 };
  s.apts.plans.flat2 = { reject: 603, rejectAfter: 500 };
  click(s, Key.button(0), 1000);
  s.net.run(8000);
  assert.equal(s.apts.got("INVITE").length, 2);
  const states = callStates(s);
  assert.equal(states.at(-1), CallState.Failed, `call states ${states}`);
  assert.ok(!states.includes(CallState.Connected));
});

test("parallel: both INVITEs go out together; the second answers -> the first gets CANCEL, the call is Connected", async () => {
  const s = await scene(TWO("parallel"));
  s.apts.plans.flat2 = { answerAfter: 2000 };
  click(s, Key.button(0), 1000);
  s.net.run(8000);
  const i1 = s.apts.got("INVITE", "flat1");
  const i2 = s.apts.got("INVITE", "flat2");
  assert.equal(i1.length, 1);
  assert.equal(i2.length, 1);
  assert.equal(i1[0].at, i2[0].at, "both INVITEs leave together");
  const answered = s.apts.sentBy("SIP/2.0 200", "flat2").find((x) => /INVITE/.test(header(x.msg, "CSeq") ?? ""))!;
  const cancel = s.apts.got("CANCEL", "flat1");
  assert.equal(cancel.length, 1);
  assert.ok(cancel[0].at >= answered.at && cancel[0].at <= answered.at + 200, `CANCEL ${cancel[0].at - answered.at} ms after the answer`);
  assert.equal(s.apts.got("CANCEL", "flat2").length, 0);
  assert.ok(callStates(s).includes(CallState.Connected));
  assert.equal(s.apts.got("ACK", "flat2").length, 1);
});

test("maximum call time: the station sends BYE maxCallSeconds after the answer", async () => {
  const s = await scene({ ...ONE, maxCallSeconds: 20 });
  s.apts.plans.flat1 = { answerAfter: 3000 };
  click(s, Key.button(0), 1000);
  s.net.run(40_000);
  const answered = s.apts.sentBy("SIP/2.0 200", "flat1").find((x) => /INVITE/.test(header(x.msg, "CSeq") ?? ""))!;
  const byes = s.apts.got("BYE", "flat1");
  assert.equal(byes.length, 1);
  assert.ok(Math.abs(byes[0].at - (answered.at + 20_000)) <= 200, `BYE ${byes[0].at - answered.at} ms after the answer`);
});

async function keypadInCall(extra: object) {
  const s = await scene({ ...ONE, ...extra });
  s.apts.plans.flat1 = { answerAfter: 500 };
  s.apts.infoDelay = 300; // slow answers: a digit must wait for the previous one's 200
  click(s, Key.button(0), 1000);
  typeKeys(s.net, s.door, "123", 3000, 60);
  s.net.run(8000);
  return s;
}

test("keypad in a call: 1, 2, 3 pressed quickly give three INFOs in order, each after the previous one's 200", async () => {
  const s = await keypadInCall({});
  const infos = s.apts.got("INFO", "flat1");
  assert.equal(infos.length, 3);
  assert.deepEqual(infos.map((x) => /Signal=(\S)/.exec(x.msg)?.[1]), ["1", "2", "3"]);
  const oks = s.apts.sentBy("SIP/2.0 200", "flat1").filter((x) => /INFO/.test(header(x.msg, "CSeq") ?? ""));
  for (let i = 1; i < 3; i++) {
    assert.ok(infos[i].at > oks[i - 1].at, `INFO ${i + 1} arrived at ${infos[i].at}, before the 200 to INFO ${i} left at ${oks[i - 1].at}`);
  }
  assert.equal(of(s.ev, Ev.DtmfSent).length, 3);
});

test("keypad in a call: the INFO body is application/dtmf-relay Signal/Duration by default", async () => {
  const s = await keypadInCall({});
  const info = s.apts.got("INFO", "flat1")[0];
  assert.equal(header(info.msg, "Content-Type"), "application/dtmf-relay");
  assert.equal(info.msg.split("\r\n\r\n")[1], "Signal=1\r\nDuration=160\r\n");
});

test("keypad in a call: with dtmf application/dtmf the INFO body is the digit itself", async () => {
  const s = await keypadInCall({ dtmf: "application/dtmf" });
  const infos = s.apts.got("INFO", "flat1");
  assert.equal(infos.length, 3);
  assert.equal(header(infos[0].msg, "Content-Type"), "application/dtmf");
  assert.deepEqual(infos.map((x) => x.msg.split("\r\n\r\n")[1]), ["1", "2", "3"]);
});
