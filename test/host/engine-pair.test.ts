// Two firmware instances as user agents over a simulated network: the call
// flows of RFC 3261 (§13-§15, §9), RFC 3262 and RFC 3311 end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SipEngine, UaEvent, type Identity } from "../../host/sip-engine.js";
import { Net, type Node } from "./support/net.js";

const SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
const door: Identity = { user: "door", domain: "example.com", localHost: "192.0.2.1", localPort: 5060, sdp: SDP };
const flat: Identity = { user: "flat", domain: "example.com", localHost: "192.0.2.2", localPort: 5060, sdp: SDP.replace(/192\.0\.2\.1/g, "192.0.2.2") };
const A = { host: "192.0.2.1", port: 5060 };
const B = { host: "192.0.2.2", port: 5060 };

async function pair(seed = 1): Promise<{ net: Net; a: Node; b: Node }> {
  const net = new Net(seed);
  const a = net.add("door", A, await SipEngine.create(door, seed));
  const b = net.add("flat", B, await SipEngine.create(flat, seed + 1000));
  return { net, a, b };
}

const kinds = (n: Node) => n.log.map((e) => e.kind);
const methods = (n: Node) => n.sent.map((d) => d.toString("latin1").split(" ", 2)[d.toString("latin1").startsWith("SIP/") ? 1 : 0]);

test("a call answered by the callee and ended by the caller: INVITE/100/180/200/ACK, INFO, BYE/200 (§13, §15)", async () => {
  const { net, a, b } = await pair();
  b.onEvent = (ev) => {
    if (ev.kind === UaEvent.Incoming) {
      b.engine.ring(ev.call, net.now);
      net.collect(b);
      net.at(net.now + 500, () => { b.engine.answer(ev.call, net.now); net.collect(b); });
    }
  };
  let call = -1;
  a.onEvent = (ev) => {
    if (ev.kind === UaEvent.Answered) {
      a.engine.info(ev.call, "Signal=5\r\nDuration=160\r\n", net.now);
      net.collect(a);
    }
    if (ev.kind === UaEvent.RequestDone) net.at(net.now + 100, () => { a.engine.hangup(call, net.now); net.collect(a); });
  };
  call = a.engine.call("sip:flat@192.0.2.2", B, net.now);
  net.collect(a);
  net.run(60_000);
  assert.deepEqual(kinds(a), [UaEvent.Progress, UaEvent.Answered, UaEvent.RequestDone, UaEvent.Ended]);
  assert.deepEqual(kinds(b), [UaEvent.Incoming, UaEvent.Answered, UaEvent.Info, UaEvent.Ended]);
  assert.equal(b.log[2].data.toString(), "Signal=5\r\nDuration=160\r\n");
  assert.deepEqual(methods(a), ["INVITE", "ACK", "INFO", "BYE"]);
  assert.deepEqual(methods(b), ["100", "180", "200", "200", "200"]);
  assert.equal(a.engine.activeCalls + b.engine.activeCalls, 0);
  assert.equal(a.engine.activeTransactions + b.engine.activeTransactions, 0);
});

test("hanging up while it rings sends CANCEL; the INVITE ends with 487 and is ACKed (§9.1, §17.1.1.3)", async () => {
  const { net, a, b } = await pair(2);
  b.onEvent = (ev) => { if (ev.kind === UaEvent.Incoming) { b.engine.ring(ev.call, net.now); net.collect(b); } };
  const call = a.engine.call("sip:flat@192.0.2.2", B, net.now);
  net.collect(a);
  net.at(1000, () => { a.engine.hangup(call, net.now); net.collect(a); });
  net.run(60_000);
  assert.deepEqual(kinds(a), [UaEvent.Progress, UaEvent.Ended]);
  assert.equal(a.log[1].code, 487);
  assert.deepEqual(kinds(b), [UaEvent.Incoming, UaEvent.Ended]);
  assert.deepEqual(methods(a), ["INVITE", "CANCEL", "ACK"]);
  assert.equal(a.engine.activeTransactions + b.engine.activeTransactions, 0);
});

test("a call refused with 486 fails at the caller and the 486 is ACKed (§17.1.1.3)", async () => {
  const { net, a, b } = await pair(3);
  b.onEvent = (ev) => { if (ev.kind === UaEvent.Incoming) { b.engine.reject(ev.call, 486, net.now); net.collect(b); } };
  a.engine.call("sip:flat@192.0.2.2", B, net.now);
  net.collect(a);
  net.run(60_000);
  assert.deepEqual(kinds(a), [UaEvent.Failed]);
  assert.equal(a.log[0].code, 486);
  assert.deepEqual(methods(a), ["INVITE", "ACK"]);
  assert.equal(a.engine.activeTransactions + b.engine.activeTransactions + a.engine.activeCalls + b.engine.activeCalls, 0);
});

test("the callee ends the call with BYE (§15.1.1)", async () => {
  const { net, a, b } = await pair(4);
  b.onEvent = (ev) => {
    if (ev.kind === UaEvent.Incoming) { b.engine.answer(ev.call, net.now); net.collect(b); }
    if (ev.kind === UaEvent.Answered) net.at(net.now + 2000, () => { b.engine.hangup(ev.call, net.now); net.collect(b); });
  };
  a.engine.call("sip:flat@192.0.2.2", B, net.now);
  net.collect(a);
  net.run(60_000);
  assert.deepEqual(kinds(a), [UaEvent.Answered, UaEvent.Ended]);
  assert.deepEqual(kinds(b), [UaEvent.Incoming, UaEvent.Answered, UaEvent.Ended]);
  assert.ok(methods(b).includes("BYE"));
});

test("a reliable 183 with SDP is PRACKed, then the call is answered (RFC 3262)", async () => {
  const { net, a, b } = await pair(5);
  b.onEvent = (ev) => {
    if (ev.kind === UaEvent.Incoming) {
      assert.ok(b.engine.ring(ev.call, net.now, true));
      net.collect(b);
      net.at(net.now + 1000, () => { assert.ok(b.engine.answer(ev.call, net.now)); net.collect(b); });
    }
  };
  a.engine.call("sip:flat@192.0.2.2", B, net.now);
  net.collect(a);
  net.run(60_000);
  assert.deepEqual(methods(a), ["INVITE", "PRACK", "ACK"]);
  const reliable = b.sent.find((d) => d.toString().startsWith("SIP/2.0 183"))!.toString();
  assert.match(reliable, /\r\nRequire: 100rel\r\n/);
  assert.match(reliable, /\r\nRSeq: \d+\r\n/);
  assert.match(reliable, /\r\n\r\nv=0/);
  assert.deepEqual(kinds(a), [UaEvent.Progress, UaEvent.Answered]);
});

test("UPDATE in the confirmed dialog is answered with SDP (RFC 3311)", async () => {
  const { net, a, b } = await pair(6);
  b.onEvent = (ev) => { if (ev.kind === UaEvent.Incoming) { b.engine.answer(ev.call, net.now); net.collect(b); } };
  const call = a.engine.call("sip:flat@192.0.2.2", B, net.now);
  net.collect(a);
  net.at(3000, () => { assert.ok(a.engine.update(call, net.now)); net.collect(a); });
  net.run(60_000);
  assert.ok(kinds(b).includes(UaEvent.Reinvited));
  const ok = b.sent.map(String).filter((s) => s.startsWith("SIP/2.0 200") && /CSeq: \d+ UPDATE/.test(s));
  assert.equal(ok.length, 1);
  assert.match(ok[0], /application\/sdp/);
});

test("re-INVITEs crossing on the wire: both get 491 (§14.1)", async () => {
  const { net, a, b } = await pair(7);
  let bCall = -1;
  b.onEvent = (ev) => { if (ev.kind === UaEvent.Incoming) { bCall = ev.call; b.engine.answer(ev.call, net.now); net.collect(b); } };
  const call = a.engine.call("sip:flat@192.0.2.2", B, net.now);
  net.collect(a);
  net.at(5000, () => {
    assert.ok(a.engine.reinvite(call, net.now));
    net.collect(a);
    assert.ok(b.engine.reinvite(bCall, net.now));
    net.collect(b);
  });
  net.run(60_000);
  const glare = (n: Node) => n.sent.map(String).filter((s) => s.startsWith("SIP/2.0 491"));
  assert.equal(glare(a).length, 1);
  assert.equal(glare(b).length, 1);
  const done = (n: Node) => n.log.filter((e) => e.kind === UaEvent.RequestDone).map((e) => e.code);
  assert.deepEqual(done(a), [491]);
  assert.deepEqual(done(b), [491]);
});

test("UPDATE in the early dialog (after a reliable 183) is answered with SDP before the call is answered (RFC 3311 §5.1)", async () => {
  const { net, a, b } = await pair(8);
  b.onEvent = (ev) => {
    if (ev.kind === UaEvent.Incoming) {
      b.engine.ring(ev.call, net.now, true);
      net.collect(b);
      net.at(net.now + 3000, () => { b.engine.answer(ev.call, net.now); net.collect(b); });
    }
  };
  const call = a.engine.call("sip:flat@192.0.2.2", B, net.now);
  net.collect(a);
  net.at(1000, () => { assert.ok(a.engine.update(call, net.now)); net.collect(a); });
  net.run(60_000);
  const updateOk = b.sent.map(String).find((s) => s.startsWith("SIP/2.0 200") && /CSeq: \d+ UPDATE/.test(s));
  assert.ok(updateOk, "no 200 for the UPDATE");
  assert.match(updateOk, /application\/sdp/);
  const answeredAt = b.sent.map(String).findIndex((s) => s.startsWith("SIP/2.0 200") && /CSeq: 1 INVITE/.test(s));
  assert.ok(b.sent.map(String).indexOf(updateOk) < answeredAt, "the UPDATE was answered after the call");
  assert.deepEqual(kinds(a), [UaEvent.Progress, UaEvent.RequestDone, UaEvent.Answered]);
});
