// How the UA answers requests outside its calls (RFC 3261 §8.2.1, §11.2,
// §12.2.2) and the races at the end of a call (§9.1, §15).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SipEngine, UaEvent } from "../../host/sip-engine.js";
import { Net } from "./support/net.js";
import { header, startLine } from "./support/sip-text.js";

const PEER = { host: "192.0.2.7", port: 5070 };
const ME = { user: "door", domain: "example.com", localHost: "192.0.2.1", localPort: 5060, sdp: "v=0\r\n" };

function request(method: string, extra: string[] = [], toTag = "", cseq = `1 ${method}`): Buffer {
  return Buffer.from([
    `${method} sip:door@192.0.2.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK${method}${toTag}`,
    "Max-Forwards: 70",
    "From: <sip:peer@example.com>;tag=p1",
    `To: <sip:door@example.com>${toTag ? `;tag=${toTag}` : ""}`,
    `Call-ID: ${method}-1@192.0.2.7`,
    `CSeq: ${cseq}`,
    ...extra,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n"));
}

async function answers(method: string, toTag = ""): Promise<string[]> {
  const e = await SipEngine.create(ME, 3);
  e.receive(request(method, [], toTag), PEER, 0);
  return e.outbox().map((d) => d.data.toString("latin1"));
}

test("OPTIONS is answered 200 with Allow, Accept and Supported, even while our own INVITE is pending (§11.2)", async () => {
  const e = await SipEngine.create(ME, 3);
  e.call("sip:flat@192.0.2.2", { host: "192.0.2.2", port: 5060 }, 0);
  e.receive(request("OPTIONS"), PEER, 100);
  const [ok] = e.outbox().map((d) => d.data.toString("latin1"));
  assert.equal(startLine(ok), "SIP/2.0 200 OK");
  assert.match(header(ok, "Allow")!, /INVITE.*OPTIONS.*INFO/);
  assert.equal(header(ok, "Accept"), "application/sdp");
  assert.equal(header(ok, "Supported"), "100rel");
  assert.match(header(ok, "To")!, /;tag=/);
});

test("a method the UA knows but does not serve (REGISTER) gets 405 with Allow (§8.2.1)", async () => {
  const [r] = await answers("REGISTER");
  assert.equal(startLine(r), "SIP/2.0 405 Method Not Allowed");
  assert.ok(header(r, "Allow"));
});

test("an unknown method gets 501 with Allow (§8.2.1)", async () => {
  const [r] = await answers("FROBNICATE");
  assert.equal(startLine(r), "SIP/2.0 501 Not Implemented");
  assert.ok(header(r, "Allow"));
});

test("INFO outside a dialog gets 481 (RFC 6086 §4.2.1)", async () => {
  const [r] = await answers("INFO");
  assert.equal(startLine(r), "SIP/2.0 481 Call/Transaction Does Not Exist");
});

test("BYE for a dialog the UA does not have gets 481 (§15.1.2)", async () => {
  const [r] = await answers("BYE", "nosuchtag");
  assert.equal(startLine(r), "SIP/2.0 481 Call/Transaction Does Not Exist");
});

test("CANCEL for no pending INVITE gets 481 (§9.2)", async () => {
  const [r] = await answers("CANCEL");
  assert.equal(startLine(r), "SIP/2.0 481 Call/Transaction Does Not Exist");
});

const A = { host: "192.0.2.1", port: 5060 };
const B = { host: "192.0.2.2", port: 5060 };

async function pair(seed: number) {
  const net = new Net(seed);
  const a = net.add("a", A, await SipEngine.create({ ...ME }, seed));
  const b = net.add("b", B, await SipEngine.create({ ...ME, user: "flat", localHost: B.host }, seed + 1));
  return { net, a, b };
}

test("hanging up while the 200 is on its way: the CANCEL loses, the 200 is ACKed and the call ended with BYE (§9.1, §15)", async () => {
  const { net, a, b } = await pair(40);
  b.onEvent = (ev) => {
    if (ev.kind === UaEvent.Incoming) {
      b.engine.ring(ev.call, net.now);
      net.collect(b);
      net.at(1000, () => { b.engine.answer(ev.call, net.now); net.collect(b); });
    }
  };
  const call = a.engine.call("sip:flat@192.0.2.2", B, 0);
  net.collect(a);
  net.at(1005, () => { a.engine.hangup(call, net.now); net.collect(a); }); // the 200 left B at 1000, arrives at 1020
  net.run(60_000);
  const aSent = a.sent.map((d) => startLine(d.toString()).split(" ")[0]);
  assert.deepEqual(aSent, ["INVITE", "CANCEL", "ACK", "BYE"]);
  assert.equal(b.log.filter((e) => e.kind === UaEvent.Ended).length, 1);
  assert.equal(a.log.filter((e) => e.kind === UaEvent.Ended).length, 1);
  assert.equal(a.engine.activeCalls + b.engine.activeCalls + a.engine.activeTransactions + b.engine.activeTransactions, 0);
});

test("both sides hang up at once: the BYEs cross, each is answered, each side ends the call once (§15.1.2)", async () => {
  const { net, a, b } = await pair(41);
  let bCall = -1;
  b.onEvent = (ev) => { if (ev.kind === UaEvent.Incoming) { bCall = ev.call; b.engine.answer(ev.call, net.now); net.collect(b); } };
  const call = a.engine.call("sip:flat@192.0.2.2", B, 0);
  net.collect(a);
  net.at(3000, () => {
    a.engine.hangup(call, net.now);
    net.collect(a);
    b.engine.hangup(bCall, net.now);
    net.collect(b);
  });
  net.run(60_000);
  assert.equal(a.log.filter((e) => e.kind === UaEvent.Ended).length, 1);
  assert.equal(b.log.filter((e) => e.kind === UaEvent.Ended).length, 1);
  assert.equal(a.engine.activeCalls + b.engine.activeCalls + a.engine.activeTransactions + b.engine.activeTransactions, 0);
});
