// REGISTER and OPTIONS keepalives outside any call (RFC 3261 §10.2, §11):
// one Call-ID and a rising CSeq per binding, a challenge answered once, and
// requests from the network still answered while a REGISTER is pending.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { SipEngine, UaEvent } from "../../host/sip-engine.js";
import { respond, header, startLine, digestParams } from "./support/sip-text.js";

const md5 = (s: string) => createHash("md5").update(s).digest("hex");
const REGISTRAR = { host: "192.0.2.9", port: 5060 };
const id = (password: string) => ({ user: "door", domain: "example.com", localHost: "192.0.2.1", localPort: 5060, password, outbound: REGISTRAR });
const sent = (e: SipEngine) => e.outbox().map((d) => d.data.toString("latin1"));

test("REGISTER: Request-URI the domain, To and From the address-of-record, Contact, Expires (§10.2)", async () => {
  const e = await SipEngine.create(id("secret"), 9);
  assert.ok(e.register(600, 0));
  const [r] = sent(e);
  assert.equal(startLine(r), "REGISTER sip:example.com SIP/2.0");
  assert.equal(header(r, "To"), "<sip:door@example.com>");
  assert.match(header(r, "From")!, /^<sip:door@example\.com>;tag=\w+$/);
  assert.equal(header(r, "Contact"), "<sip:door@192.0.2.1:5060>");
  assert.equal(header(r, "Expires"), "600");
  assert.equal(header(r, "CSeq"), "1 REGISTER");
});

test("a 401 is answered once with Authorization, and the 200 reports the granted expiry", async () => {
  const e = await SipEngine.create(id("secret"), 9);
  e.register(600, 0);
  const [first] = sent(e);
  e.receive(Buffer.from(respond(first, "401 Unauthorized", ['WWW-Authenticate: Digest realm="example.com", nonce="r1", qop="auth"'])), REGISTRAR, 20);
  const [retry] = sent(e);
  assert.equal(header(retry, "Call-ID"), header(first, "Call-ID")); // §10.2.4: same Call-ID
  assert.equal(header(retry, "CSeq"), "2 REGISTER");
  const p = digestParams(header(retry, "Authorization")!);
  const ha1 = md5("door:example.com:secret");
  assert.equal(p.response, md5(`${ha1}:r1:${p.nc}:${p.cnonce}:auth:${md5("REGISTER:sip:example.com")}`));
  e.receive(Buffer.from(respond(retry, "200 OK", ["Expires: 300", "Contact: <sip:door@192.0.2.1:5060>;expires=300"])), REGISTRAR, 40);
  assert.deepEqual(e.events().map((x) => [x.kind, x.call, x.code, x.extra]), [[UaEvent.RequestDone, 100, 200, 300]]);
});

test("a wrong password: the second 401 is reported, not answered again (no loop)", async () => {
  const e = await SipEngine.create(id("wrong"), 9);
  e.register(600, 0);
  const challenge = ['WWW-Authenticate: Digest realm="example.com", nonce="r1"'];
  e.receive(Buffer.from(respond(sent(e)[0], "401 Unauthorized", challenge)), REGISTRAR, 20);
  const [retry] = sent(e);
  e.receive(Buffer.from(respond(retry, "401 Unauthorized", challenge, "t2")), REGISTRAR, 40);
  assert.deepEqual(sent(e), []);
  assert.deepEqual(e.events().map((x) => [x.kind, x.code]), [[UaEvent.RequestDone, 401]]);
});

test("an OPTIONS from the network is answered while the REGISTER is still pending", async () => {
  const e = await SipEngine.create(id("secret"), 9);
  e.register(600, 0);
  sent(e);
  const options = Buffer.from([
    "OPTIONS sip:door@192.0.2.1 SIP/2.0", "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKping", "Max-Forwards: 70",
    "From: <sip:proxy@example.com>;tag=x", "To: <sip:door@example.com>", "Call-ID: ping@192.0.2.9", "CSeq: 7 OPTIONS", "Content-Length: 0", "", "",
  ].join("\r\n"));
  e.receive(options, REGISTRAR, 100);
  assert.equal(startLine(sent(e)[0]), "SIP/2.0 200 OK");
  assert.equal(e.activeTransactions, 1); // the REGISTER still runs; the OPTIONS took no slot (§8.2.7)
});

test("OPTIONS keepalive to the registrar; no answer is reported as a 408 after Timer F (§17.1.2.2)", async () => {
  const e = await SipEngine.create(id("secret"), 9);
  assert.ok(e.ping(0));
  assert.equal(startLine(sent(e)[0]), "OPTIONS sip:example.com SIP/2.0");
  let now = 0;
  let events: { kind: number; call: number; code: number }[] = [];
  while (events.length === 0 && now < 40_000) {
    now += Math.max(1, e.nextDeadline(now));
    e.tick(now);
    events = e.events();
  }
  assert.equal(now, 32_000);
  assert.deepEqual(events.map((x) => [x.kind, x.call, x.code]), [[UaEvent.RequestDone, 101, 408]]);
});

// §10.2.4: the 200 lists the bindings, each Contact with the "expires" the
// registrar chose; the station's own is the Contact with its URI. Kamailio
// with max_expires grants less than asked this way, with no Expires header.
async function granted(...extra: string[]): Promise<number> {
  const e = await SipEngine.create(id(""), 9);
  e.register(600, 0);
  const [r] = sent(e);
  e.receive(Buffer.from(respond(r, "200 OK", extra)), REGISTRAR, 20);
  const [done] = e.events();
  assert.equal(done.kind, UaEvent.RequestDone);
  return done.extra;
}

test("the expiry granted is the expires parameter of the station's own Contact, even with no Expires header (§10.2.4)", async () => {
  assert.equal(await granted("Contact: <sip:door@192.0.2.1:5060>;expires=20"), 20);
});

test("among several bindings of the address-of-record, the station's is the Contact with its URI; it outranks an Expires header", async () => {
  assert.equal(await granted("Contact: <sip:door@198.51.100.7:5060>;expires=3000, \"Door\" <SIP:door@192.0.2.1:5060;transport=udp> ; EXPIRES = 45", "Expires: 600"), 45);
});

test("a binding of another address (user, host or port differs) is not the station's", async () => {
  assert.equal(await granted("Contact: <sip:door@192.0.2.1:5061>;expires=20, <sip:doors@192.0.2.1:5060>;expires=21, <sip:door@192.0.2.10:5060>;expires=22"), 600);
});

test("without an expires parameter on its Contact, the Expires header gives the expiry; without both, what was asked", async () => {
  assert.equal(await granted("Contact: <sip:door@192.0.2.1:5060>", "Expires: 120"), 120);
  assert.equal(await granted(), 600);
});
