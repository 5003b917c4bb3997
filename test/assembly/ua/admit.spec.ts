// Who may start a call here (admit.ts): by default only what comes from the
// registrar (a trusted source, address and port), its P-Asserted-Identity
// naming the caller (RFC 3325 §9.1); with incoming.direct also an allowed
// caller that proves its secret by digest (RFC 3261 §22.4, RFC 7616 MD5,
// qop=auth). Strangers get 403 and keep no transaction.
import { activeCount } from "../../../assembly/sip/txn/table";
import { digestA1, digestA2, digestResponse, responsePtr } from "../../../assembly/sip/auth/credentials";
import { NONCE_LIFETIME_MS, noncesReset } from "../../../assembly/sip/auth/nonces";
import { UA_INCOMING } from "../../../assembly/sip/ua/events";
import { text } from "../msg/rx";
import { fresh, from, incoming, incomingEntry, DIRECT, DIRECT_LEN, REGISTRAR_ADDR } from "../app/app-support";
import { receive, lines, firstSent, header, uaEventsOf } from "./ua-support";

const STRANGER: u32 = 0xc0000263; // 192.0.2.99
const CONCIERGE = "<sip:concierge@example.com>";
const RURI = "sip:door@192.0.2.10";
/** The transaction layer's 100 Trying to every INVITE (RFC 3261 §17.2.1) precedes the answer. */
const TRYING = "SIP/2.0 100 Trying,";

let n = 0;
/** An INVITE from `fromUri` with extra header lines (an Authorization), a fresh Call-ID and branch. */
function invite(fromUri: string, extra: string): string {
  const k = (++n).toString();
  return "INVITE " + RURI + " SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKad" + k + "\r\n" +
    "Max-Forwards: 70\r\nFrom: " + fromUri + ";tag=a" + k + "\r\nTo: <sip:door@example.com>\r\n" +
    "Call-ID: ad" + k + "@192.0.2.99\r\nCSeq: 1 INVITE\r\nContact: <sip:c@192.0.2.99>\r\n" + extra + "Content-Length: 0\r\n\r\n";
}

const SCRATCH: usize = memory.data(512);
let used: usize = 0;
function put(s: string): usize {
  const p = SCRATCH + used;
  for (let i = 0; i < s.length; i++) store<u8>(p + <usize>i, <u8>s.charCodeAt(i));
  used += <usize>s.length;
  return p;
}

/** The response a caller holding `secret` computes (RFC 7616 §3.4.1, qop=auth, nc 00000001). */
function response(user: string, secret: string, nonce: string): string {
  used = 0;
  digestA1(false, put(user), user.length, put("example.com"), 11, put(secret), secret.length);
  digestA2(false, put("INVITE"), 6, put(RURI), RURI.length);
  digestResponse(false, put(nonce), nonce.length, put("00000001"), put("0a4f113b"), 8);
  return text(responsePtr(), responsePtr() + 32);
}

/** The nonce of the WWW-Authenticate in the 401 just sent. */
function nonceOf401(): string {
  const w = header(firstSent("SIP/2.0 401"), "WWW-Authenticate");
  const a = w.indexOf("nonce=\"") + 7;
  return w.substring(a, w.indexOf("\"", a));
}

function authorization(user: string, secret: string, nonce: string): string {
  return "Authorization: Digest username=\"" + user + "\", realm=\"example.com\", nonce=\"" + nonce + "\", uri=\"" + RURI +
    "\", response=\"" + response(user, secret, nonce) + "\", algorithm=MD5, cnonce=\"0a4f113b\", qop=auth, nc=00000001\r\n";
}

/** A direct station (DIRECT: concierge has a secret) and a challenge for the concierge; its nonce. */
function challenged(): string {
  fresh(DIRECT, DIRECT_LEN);
  noncesReset();
  from(STRANGER, 5060);
  receive(invite(CONCIERGE, ""), 0);
  return nonceOf401();
}

describe("by default only the PBX brings calls (admit.ts, RFC 3325 §9.1)", () => {
  it("an INVITE from a stranger's address is refused with 403, whoever its From names", () => {
    fresh();
    from(STRANGER, 5060);
    expect(incoming(CONCIERGE, 0)).toBe(-1);
    expect(lines()).toBe(TRYING + "SIP/2.0 403 Forbidden");
  });

  it("the refusal of a stranger keeps no transaction: its slot is free at once", () => {
    fresh();
    from(STRANGER, 5060);
    for (let i = 0; i < 8; i++) incoming(CONCIERGE, 0);
    expect(activeCount()).toBe(0);
  });

  it("the registrar's address at another port is a stranger too", () => {
    fresh();
    from(REGISTRAR_ADDR, 5070);
    expect(incoming(CONCIERGE, 0)).toBe(-1);
    expect(lines()).toBe(TRYING + "SIP/2.0 403 Forbidden");
  });

  it("from the registrar (address and port) the call rings here and the From names the caller", () => {
    fresh();
    expect(incoming(CONCIERGE, 0)).toBeGreaterThanOrEqual(0);
    expect(incomingEntry).toBeGreaterThanOrEqual(0);
  });

  it("a P-Asserted-Identity from the registrar names the caller, not the From", () => {
    fresh();
    receive(invite("<sip:mallory@example.com>", "P-Asserted-Identity: \"Concierge\" <sip:concierge@example.com>\r\n"), 0);
    expect(uaEventsOf(UA_INCOMING)).toBe("0:0:7"); // DIAL: six destinations, then flat12 and the concierge
  });

  it("a P-Asserted-Identity naming nobody allowed makes the call unknown even when the From is allowed", () => {
    fresh();
    receive(invite(CONCIERGE, "P-Asserted-Identity: <sip:mallory@example.com>\r\n"), 0);
    expect(uaEventsOf(UA_INCOMING)).toBe("0:0:-1");
  });

  it("without incoming.direct even right-looking credentials from a stranger get 403", () => {
    fresh();
    from(STRANGER, 5060);
    receive(invite(CONCIERGE, authorization("concierge", "c0ncierge", "0123456789abcdef01234567")), 0);
    expect(lines()).toBe(TRYING + "SIP/2.0 403 Forbidden");
  });
});

describe("direct calls (incoming.direct): the station challenges (RFC 3261 §22.4)", () => {
  it("a direct INVITE from an allowed caller with a secret gets 401: Digest, realm the domain, a nonce, MD5, qop auth", () => {
    challenged();
    expect(lines()).toBe(TRYING + "SIP/2.0 401 Unauthorized");
    const w = header(firstSent("SIP/2.0 401"), "WWW-Authenticate");
    expect(w.startsWith("Digest realm=\"example.com\", nonce=\"")).toBe(true);
    expect(w.endsWith("\", algorithm=MD5, qop=\"auth\"")).toBe(true);
    expect(nonceOf401().length).toBe(24);
  });

  it("the challenge keeps no transaction", () => {
    challenged();
    expect(activeCount()).toBe(0);
  });

  it("two challenges carry different nonces (from the random source)", () => {
    const first = challenged();
    receive(invite(CONCIERGE, ""), 10);
    expect(nonceOf401()).not.toBe(first);
  });

  it("the INVITE sent again with the right credentials rings here, naming the caller", () => {
    const nonce = challenged();
    receive(invite(CONCIERGE, authorization("concierge", "c0ncierge", nonce)), 100);
    expect(uaEventsOf(UA_INCOMING)).toBe("0:0:2");
  });

  it("a wrong secret is refused with 403", () => {
    const nonce = challenged();
    receive(invite(CONCIERGE, authorization("concierge", "guess", nonce)), 100);
    expect(lines()).toBe(TRYING + "SIP/2.0 403 Forbidden");
    expect(uaEventsOf(UA_INCOMING)).toBe("");
  });

  it("credentials of another user name than the From's entry are refused with 403", () => {
    const nonce = challenged();
    receive(invite(CONCIERGE, authorization("flat12", "c0ncierge", nonce)), 100);
    expect(lines()).toBe(TRYING + "SIP/2.0 403 Forbidden");
  });

  it("a nonce answers one request: the same Authorization replayed is challenged again, stale=true", () => {
    const nonce = challenged();
    const auth = authorization("concierge", "c0ncierge", nonce);
    receive(invite(CONCIERGE, auth), 100);
    receive(invite(CONCIERGE, auth), 200);
    expect(lines()).toBe(TRYING + "SIP/2.0 401 Unauthorized");
    expect(header(firstSent("SIP/2.0 401"), "WWW-Authenticate").endsWith(", stale=true")).toBe(true);
  });

  it("a nonce lives NONCE_LIFETIME_MS: right credentials after that are challenged again, stale=true", () => {
    const nonce = challenged();
    receive(invite(CONCIERGE, authorization("concierge", "c0ncierge", nonce)), NONCE_LIFETIME_MS);
    expect(lines()).toBe(TRYING + "SIP/2.0 401 Unauthorized");
    expect(uaEventsOf(UA_INCOMING)).toBe("");
  });

  it("an allowed caller without a secret cannot call directly: 403, no challenge", () => {
    fresh(DIRECT, DIRECT_LEN);
    from(STRANGER, 5060);
    receive(invite("<sip:flat12@example.com>", ""), 0);
    expect(lines()).toBe(TRYING + "SIP/2.0 403 Forbidden");
  });

  it("a From on no entry gets 403, no challenge", () => {
    fresh(DIRECT, DIRECT_LEN);
    from(STRANGER, 5060);
    receive(invite("<sip:mallory@example.com>", ""), 0);
    expect(lines()).toBe(TRYING + "SIP/2.0 403 Forbidden");
  });
});
