// 1,000 calls between two firmware instances over a link that drops 30% of
// the datagrams each way, duplicates 5% and reorders 5% (seeded): the
// retransmissions of RFC 3261 §17 and of the UA core (§13.3.1.4, §9.1) carry
// every call to its end, none hangs, and no transaction slot leaks.
// The instances are the test build (build/engine.wasm: the engine's exports
// drive both ends); it is the release module's sources and optimisation
// with those exports added, so its allocation counter speaks for the stack
// the release module carries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SipEngine, UaEvent } from "../../host/sip-engine.js";
import { Net } from "./support/net.js";

const SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
const A = { host: "192.0.2.1", port: 5060 };
const B = { host: "192.0.2.2", port: 5060 };
const CALLS = 1000;
const SPACING = 40_000; // ms of virtual time between call starts: longer than any INVITE's retransmissions (31.5 s)

test(`${CALLS} calls with 30% loss each way all end answered and hung up, with empty tables afterwards`, async () => {
  const net = new Net(20261126, { loss: 0.3, duplicate: 0.05, reorder: 0.05 });
  const a = net.add("door", A, await SipEngine.create({ user: "door", domain: "example.com", localHost: A.host, localPort: 5060, sdp: SDP }, 11));
  const b = net.add("flat", B, await SipEngine.create({ user: "flat", domain: "example.com", localHost: B.host, localPort: 5060, sdp: SDP }, 22));
  const outcome = new Map<number, string[]>(); // call index -> the events both sides saw
  const indexAtA = new Map<number, number>(); // call slot at A -> call index
  const indexAtB = new Map<number, number>();
  let lastStarted = -1;
  b.onEvent = (ev) => {
    if (ev.kind === UaEvent.Incoming) {
      indexAtB.set(ev.call, lastStarted);
      b.engine.ring(ev.call, net.now);
      net.collect(b);
      net.at(net.now + 200, () => { b.engine.answer(ev.call, net.now); net.collect(b); });
    }
    const o = outcome.get(indexAtB.get(ev.call) ?? -1);
    if (ev.kind === UaEvent.Info) o?.push("B:info");
    if (ev.kind === UaEvent.Ended) o?.push(`B:ended:${ev.code}`);
  };
  a.onEvent = (ev) => {
    const o = outcome.get(indexAtA.get(ev.call) ?? -1)!;
    if (ev.kind === UaEvent.Answered) {
      o.push("A:answered");
      assert.ok(a.engine.info(ev.call, "Signal=7\r\nDuration=160\r\n", net.now));
      net.collect(a);
    }
    // Like the intercom: hang up once the digit was acknowledged.
    if (ev.kind === UaEvent.RequestDone) net.at(net.now + 100, () => { a.engine.hangup(ev.call, net.now); net.collect(a); });
    if (ev.kind === UaEvent.Ended) o.push(`A:ended:${ev.code}`);
    if (ev.kind === UaEvent.Failed) o.push(`A:failed:${ev.code}`);
  };
  for (let i = 0; i < CALLS; i++) {
    net.at(i * SPACING, () => {
      lastStarted = i;
      outcome.set(i, []);
      const call = a.engine.call("sip:flat@192.0.2.2", B, net.now);
      assert.ok(call >= 0, `call ${i} could not start`);
      indexAtA.set(call, i);
      net.collect(a);
    });
  }
  net.run(CALLS * SPACING + 120_000);
  const expected = ["A:answered", "A:ended:0", "B:ended:0", "B:info"].join();
  const bad = [...outcome].filter(([, o]) => [...o].sort().join() !== expected);
  assert.equal(outcome.size, CALLS);
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} calls ended otherwise`);
  assert.equal(a.engine.activeCalls + b.engine.activeCalls, 0, "a call hangs");
  assert.equal(a.engine.activeTransactions, 0, "transaction slots leaked at the caller");
  assert.equal(b.engine.activeTransactions, 0, "transaction slots leaked at the callee");
  assert.ok(net.dropped > CALLS * 3, `the link dropped ${net.dropped} datagrams`);
  assert.equal(a.engine.fw.exports.allocationAttempts() + b.engine.fw.exports.allocationAttempts(), 0);
});
