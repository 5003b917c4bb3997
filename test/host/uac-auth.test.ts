// The UA answers a digest challenge once (RFC 3261 §22.2, §22.3; RFC 2617
// §3.2.2 with qop=auth; RFC 7616 §3.4 on echoing opaque and algorithm), and
// never loops on a wrong password; a stale nonce is answered again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { SipEngine, UaEvent } from "../../host/sip-engine.js";
import { respond, header, startLine, digestParams } from "./support/sip-text.js";

const md5 = (s: string) => createHash("md5").update(s).digest("hex");
const PROXY = { host: "192.0.2.9", port: 5060 };

async function door(password: string): Promise<SipEngine> {
  return SipEngine.create({ user: "door", domain: "example.com", localHost: "192.0.2.1", localPort: 5060, authUser: "door-auth", password, outbound: PROXY, sdp: "v=0\r\n" }, 5);
}

function sent(e: SipEngine): string[] {
  return e.outbox().map((d) => d.data.toString("latin1"));
}

const CHALLENGE = 'Proxy-Authenticate: Digest realm="example.com", nonce="n-1", qop="auth", algorithm=MD5, opaque="op-9"';

test("a 407 is ACKed and the INVITE sent again once with Proxy-Authorization whose response verifies (RFC 2617 §3.2.2)", async () => {
  const e = await door("secret");
  const call = e.call("sip:flat@example.com", PROXY, 0);
  const [invite] = sent(e);
  e.receive(Buffer.from(respond(invite, "407 Proxy Authentication Required", [CHALLENGE])), PROXY, 50);
  const out = sent(e);
  assert.deepEqual(out.map((m) => startLine(m).split(" ")[0]), ["ACK", "INVITE"]);
  const retry = out[1];
  assert.equal(header(retry, "Call-ID"), header(invite, "Call-ID"));
  assert.equal(header(retry, "CSeq"), "2 INVITE"); // §22.2: a new CSeq for the retry
  assert.equal(header(retry, "Authorization"), null);
  const p = digestParams(header(retry, "Proxy-Authorization")!);
  assert.equal(p.username, "door-auth");
  assert.equal(p.realm, "example.com");
  assert.equal(p.opaque, "op-9"); // RFC 7616 §3.4: echoed exactly
  assert.equal(p.algorithm, "MD5");
  assert.equal(p.uri, "sip:flat@example.com");
  const ha1 = md5("door-auth:example.com:secret");
  const ha2 = md5("INVITE:sip:flat@example.com");
  assert.equal(p.response, md5(`${ha1}:n-1:${p.nc}:${p.cnonce}:auth:${ha2}`));
  e.receive(Buffer.from(respond(retry, "200 OK", ["Contact: <sip:flat@192.0.2.2>"])), PROXY, 100);
  assert.deepEqual(e.events().map((x) => [x.kind, x.call]), [[UaEvent.Answered, call]]);
});

test("the same challenge again after credentials (a wrong password) ends the call with 407: no loop (RFC 7616 §3.3)", async () => {
  const e = await door("wrong");
  e.call("sip:flat@example.com", PROXY, 0);
  let [request] = sent(e);
  let invites = 1;
  for (let t = 1; t <= 5; t++) {
    e.receive(Buffer.from(respond(request, "407 Proxy Authentication Required", [CHALLENGE], `p${t}`)), PROXY, t * 100);
    const next = sent(e).filter((m) => m.startsWith("INVITE"));
    const events = e.events();
    if (next.length === 0) {
      assert.deepEqual(events.map((x) => [x.kind, x.code]), [[UaEvent.Failed, 407]]);
      break;
    }
    invites++;
    request = next[0];
  }
  assert.equal(invites, 2);
});

test("stale=true with a new nonce is answered again (RFC 7616 §3.3)", async () => {
  const e = await door("secret");
  e.call("sip:flat@example.com", PROXY, 0);
  let [request] = sent(e);
  e.receive(Buffer.from(respond(request, "407 Proxy Authentication Required", [CHALLENGE], "a")), PROXY, 100);
  request = sent(e).find((m) => m.startsWith("INVITE"))!;
  e.receive(Buffer.from(respond(request, "407 Proxy Authentication Required", [CHALLENGE.replace("n-1", "n-2") + ", stale=true"], "b")), PROXY, 200);
  const third = sent(e).find((m) => m.startsWith("INVITE"))!;
  assert.ok(third, "no third INVITE after a stale nonce");
  assert.equal(digestParams(header(third, "Proxy-Authorization")!).nonce, "n-2");
  assert.equal(header(third, "CSeq"), "3 INVITE");
});
