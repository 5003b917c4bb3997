// A request of the station answering digest challenges through the UA core
// (sip/ua/authorize.ts), shown on a MESSAGE to the concierge: stale=true after
// the station's own credentials is an expired nonce, not a wrong password
// (RFC 7616 §3.3, RFC 2617 §3.2.1), answered at once, once in a row; and a
// challenge naming SHA-256 is answered with SHA-256 (RFC 7616 §3.4).
import { sendPagerMessage, pagerBusy, pagerDone } from "../../../assembly/sip/ua/pager";
import { UA_REQUEST_DONE } from "../../../assembly/sip/ua/events";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { M_MESSAGE } from "../../../assembly/sip/msg/methods";
import { REQUEST_MESSAGE } from "../../../assembly/sip/ua/handler";
import { fresh, outbox, first, header } from "../app/app-support";
import { ascii } from "../app/support";
import { ALARMS, ALARMS_LEN, reply, deliver } from "../app/alarm-support";
import { uaEventsOf } from "./ua-support";

const TO = "sip:concierge@example.com";
const DONE = REQUEST_MESSAGE.toString() + ":";

/** A fresh station sends a MESSAGE to the concierge; the MESSAGE sent. */
function send(): string {
  if (pagerBusy()) pagerDone(0);
  fresh(ALARMS, ALARMS_LEN);
  outboxReset();
  const p = ascii(TO + "hello");
  sendPagerMessage(p, TO.length, p + <usize>TO.length, 5, 0);
  return first("MESSAGE");
}

/** The proxy's 407 to `req` with `nonce`, stale=true when `stale`, algorithm `algorithm`. */
function challenge(req: string, nonce: string, stale: bool, algorithm: string = "MD5"): string {
  return reply(req, 407, "Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"" + nonce +
    "\", qop=\"auth\", algorithm=" + algorithm + (stale ? ", stale=true" : "") + "\r\n");
}

/** The value of `name` in the Proxy-Authorization of `req`. */
function directive(req: string, name: string): string {
  const value = header(req, "Proxy-Authorization");
  const at = value.indexOf(" " + name + "=");
  if (at < 0) return "<absent>";
  let v = value.substring(at + name.length + 2);
  const comma = v.indexOf(",");
  if (comma >= 0) v = v.substring(0, comma);
  return v.startsWith("\"") ? v.substring(1, v.length - 1) : v;
}

describe("stale=true after the station's credentials (RFC 7616 §3.3)", () => {
  it("is answered at once with the new nonce, its count starting at 1, and nothing is reported", () => {
    deliver(challenge(send(), "n1", false), 10);
    deliver(challenge(first("MESSAGE"), "n2", true), 20);
    const again = first("MESSAGE");
    expect(directive(again, "nonce")).toBe("n2");
    expect(directive(again, "nc")).toBe("00000001");
    expect(header(again, "CSeq")).toBe("3 MESSAGE");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe("");
  });

  it("a second stale=true in a row is the answer: reported, nothing sent again (no loop)", () => {
    deliver(challenge(send(), "n1", false), 10);
    deliver(challenge(first("MESSAGE"), "n2", true), 20);
    deliver(challenge(first("MESSAGE"), "n3", true), 30);
    expect(outbox()).toBe("");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "407:" + M_MESSAGE.toString());
  });

  it("a challenge without stale=true after the stale retry is a wrong password: reported", () => {
    deliver(challenge(send(), "n1", false), 10);
    deliver(challenge(first("MESSAGE"), "n2", true), 20);
    deliver(challenge(first("MESSAGE"), "n3", false), 30);
    expect(outbox()).toBe("");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "407:" + M_MESSAGE.toString());
  });

  it("stale=true naming the nonce already answered is a wrong password: reported", () => {
    deliver(challenge(send(), "n1", false), 10);
    deliver(challenge(first("MESSAGE"), "n1", true), 20);
    expect(outbox()).toBe("");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "407:" + M_MESSAGE.toString());
  });
});

describe("a challenge naming SHA-256 (RFC 7616 §3.4)", () => {
  it("is answered with algorithm=SHA-256 and a response of 64 lower-case hex digits", () => {
    deliver(challenge(send(), "n1", false, "SHA-256"), 10);
    const again = first("MESSAGE");
    expect(directive(again, "algorithm")).toBe("SHA-256");
    const r = directive(again, "response");
    expect(r.length).toBe(64);
    let hex = true;
    for (let i = 0; i < r.length; i++) {
      const c = r.charCodeAt(i);
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) hex = false;
    }
    expect(hex).toBe(true);
  });

  it("an unsupported algorithm alone is the answer: reported, nothing sent again", () => {
    deliver(challenge(send(), "n1", false, "SHA-512-256"), 10);
    expect(outbox()).toBe("");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "407:" + M_MESSAGE.toString());
  });
});
