// Dialog state from the messages that create it (RFC 3261 §12.1): the route
// set from Record-Route (reversed at the caller, in order at the callee),
// the remote target from Contact, and the requests in the dialog that use
// them (§12.2.1.1: Request-URI the remote target, Route the route set).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SipEngine, UaEvent } from "../../host/sip-engine.js";
import { respond, header, headers, startLine } from "./support/sip-text.js";

const PROXY = { host: "192.0.2.9", port: 5060 };
const me = { user: "door", domain: "example.com", localHost: "192.0.2.1", localPort: 5060, outbound: PROXY, sdp: "v=0\r\n" };
const sent = (e: SipEngine) => e.outbox().map((d) => d.data.toString("latin1"));

test("caller: the route set is the 2xx's Record-Route reversed; ACK and BYE go to the Contact with those Routes (§12.1.2)", async () => {
  const e = await SipEngine.create(me, 12);
  const call = e.call("sip:flat@example.com", PROXY, 0);
  const [invite] = sent(e);
  const ok = respond(invite, "200 OK", [
    "Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>",
    "Contact: <sip:flat@192.0.2.2:5062>",
    "Content-Type: application/sdp",
  ], "callee", "v=0\r\n");
  e.receive(Buffer.from(ok), PROXY, 100);
  const [ack] = sent(e);
  assert.equal(startLine(ack), "ACK sip:flat@192.0.2.2:5062 SIP/2.0");
  assert.equal(header(ack, "Route"), "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>");
  assert.match(header(ack, "To")!, /;tag=callee$/);
  e.hangup(call, 200);
  const [bye] = sent(e);
  assert.equal(startLine(bye), "BYE sip:flat@192.0.2.2:5062 SIP/2.0");
  assert.equal(header(bye, "Route"), "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>");
  assert.equal(header(bye, "CSeq"), "2 BYE"); // §12.2.1.1: the local CSeq goes up by one
});

test("callee: the route set is the INVITE's Record-Route in order, the remote target its Contact (§12.1.1)", async () => {
  const e = await SipEngine.create(me, 13);
  const invite = [
    "INVITE sip:door@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKinv1",
    "Record-Route: <sip:p1.example.com;lr>",
    "Record-Route: <sip:p2.example.com;lr>",
    "Max-Forwards: 69",
    "From: <sip:flat@example.com>;tag=caller",
    "To: <sip:door@example.com>",
    "Call-ID: rr-1@192.0.2.2",
    "CSeq: 10 INVITE",
    "Contact: <sip:flat@192.0.2.2:5062>",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  e.receive(Buffer.from(invite), PROXY, 0);
  const call = e.events().find((x) => x.kind === UaEvent.Incoming)!.call;
  sent(e);
  assert.ok(e.answer(call, 10));
  const [ok] = sent(e);
  assert.deepEqual(headers(ok, "Via"), ["SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKinv1"]);
  assert.match(header(ok, "To")!, /^<sip:door@example\.com>;tag=\w+$/);
  e.hangup(call, 5000);
  const [bye] = sent(e);
  assert.equal(startLine(bye), "BYE sip:flat@192.0.2.2:5062 SIP/2.0");
  assert.equal(header(bye, "Route"), "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>");
  assert.equal(header(bye, "To"), "<sip:flat@example.com>;tag=caller");
});

test("a re-INVITE with a new Contact refreshes the remote target (§12.2.2)", async () => {
  const e = await SipEngine.create(me, 14);
  const call = e.call("sip:flat@example.com", PROXY, 0);
  const [invite] = sent(e);
  e.receive(Buffer.from(respond(invite, "200 OK", ["Contact: <sip:flat@192.0.2.2>"], "callee")), PROXY, 100);
  sent(e);
  const reinvite = [
    "INVITE sip:door@192.0.2.1:5060 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKre1",
    "Max-Forwards: 69",
    `From: <sip:flat@example.com>;tag=callee`,
    `To: ${header(invite, "From")}`,
    `Call-ID: ${header(invite, "Call-ID")}`,
    "CSeq: 5 INVITE",
    "Contact: <sip:flat@198.51.100.20:5080>",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  e.receive(Buffer.from(reinvite), PROXY, 1000);
  assert.equal(startLine(sent(e).find((m) => m.startsWith("SIP/2.0 2"))!), "SIP/2.0 200 OK");
  e.hangup(call, 2000);
  assert.equal(startLine(sent(e)[0]), "BYE sip:flat@198.51.100.20:5080 SIP/2.0");
});
