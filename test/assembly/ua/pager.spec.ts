// MESSAGE sent outside any dialog (RFC 3428, pager.ts): what the request
// carries, one at a time, through the outbound proxy, credentials once per
// challenge (RFC 3261 §22.2), and every outcome reported once.
import { sendPagerMessage, pagerBusy, pagerDone } from "../../../assembly/sip/ua/pager";
import { engineTick } from "../../../assembly/sip/ua/engine";
import { UA_REQUEST_DONE } from "../../../assembly/sip/ua/events";
import { clearOutbound } from "../../../assembly/sip/ua/identity";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { M_MESSAGE } from "../../../assembly/sip/msg/methods";
import { fresh, outbox, first, body, header } from "../app/app-support";
import { ascii } from "../app/support";
import { ALARMS, ALARMS_LEN, reply, challenge, deliver } from "../app/alarm-support";
import { uaEventsOf } from "./ua-support";
import { REQUEST_MESSAGE } from "../../../assembly/sip/ua/handler";

const TO = "sip:concierge@example.com";
const DONE = REQUEST_MESSAGE.toString() + ":";

function start(): void {
  if (pagerBusy()) pagerDone(0);
  fresh(ALARMS, ALARMS_LEN);
}

/** Sends `text` to the concierge at `now`; the MESSAGE sent ("" when none). */
function send(text: string, now: u32 = 0): string {
  outboxReset();
  const p = ascii(TO + text);
  sendPagerMessage(p, TO.length, p + <usize>TO.length, text.length, now);
  return first("MESSAGE");
}

describe("MESSAGE outside a dialog (RFC 3428 §4)", () => {
  it("goes to the outbound proxy with the recipient as Request-URI and To (no tag), From the address-of-record with a tag", () => {
    start();
    const m = send("Front Door: door held open for 30 s");
    expect(outbox()).toBe("MESSAGE 192.0.2.20:5060");
    expect(m.startsWith("MESSAGE sip:concierge@example.com SIP/2.0\r\n")).toBe(true);
    expect(header(m, "To")).toBe("<sip:concierge@example.com>");
    expect(header(m, "From").startsWith("<sip:door@example.com>;tag=")).toBe(true);
    expect(header(m, "CSeq")).toBe("1 MESSAGE");
  });

  it("carries the text as text/plain in UTF-8, and no Contact (a MESSAGE creates no dialog)", () => {
    start();
    const m = send("Front Door: door held open for 30 s");
    expect(header(m, "Content-Type")).toBe("text/plain;charset=UTF-8");
    expect(body(m)).toBe("Front Door: door held open for 30 s");
    expect(header(m, "Contact")).toBe("<absent>");
  });

  it("each MESSAGE is a request of its own: a new Call-ID (RFC 3261 §8.1.1.4)", () => {
    start();
    const a = send("one");
    deliver(reply(a, 200), 10);
    const b = send("two", 20);
    expect(header(b, "Call-ID")).not.toBe(header(a, "Call-ID"));
  });

  it("one at a time: a second one while the first waits for its answer is refused", () => {
    start();
    send("one");
    expect(send("two")).toBe("");
    expect(pagerBusy()).toBe(true);
  });

  it("is not sent without an outbound proxy", () => {
    start();
    clearOutbound();
    expect(send("one")).toBe("");
    expect(pagerBusy()).toBe(false);
  });
});

describe("MESSAGE: the answer (RFC 3428 §5, RFC 3261 §8.1.3, §22.2)", () => {
  it("a 2xx is reported once as done with its code", () => {
    start();
    deliver(reply(send("hello"), 202), 10);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "202:" + M_MESSAGE.toString());
    expect(pagerBusy()).toBe(false);
  });

  it("a 407 is answered with Proxy-Authorization: the same Call-ID and text, the CSeq one higher", () => {
    start();
    const m = send("hello");
    deliver(challenge(m, 407), 10);
    const again = first("MESSAGE");
    expect(header(again, "Proxy-Authorization").startsWith("Digest username=\"door\", realm=\"example.com\", nonce=\"n1\", uri=\"sip:concierge@example.com\"")).toBe(true);
    expect(header(again, "Call-ID")).toBe(header(m, "Call-ID"));
    expect(header(again, "CSeq")).toBe("2 MESSAGE");
    expect(body(again)).toBe("hello");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe("");
  });

  it("a 401 is answered with Authorization", () => {
    start();
    deliver(challenge(send("hello"), 401), 10);
    expect(header(first("MESSAGE"), "Authorization").startsWith("Digest username=\"door\"")).toBe(true);
  });

  it("a second challenge with the same nonce (a wrong password) is the answer: reported, nothing sent again", () => {
    start();
    deliver(challenge(send("hello"), 407), 10);
    deliver(challenge(first("MESSAGE"), 407), 20);
    expect(outbox()).toBe("");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "407:" + M_MESSAGE.toString());
  });

  it("a failure (404) is reported and nothing is sent again", () => {
    start();
    deliver(reply(send("hello"), 404), 10);
    expect(outbox()).toBe("");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "404:" + M_MESSAGE.toString());
    expect(pagerBusy()).toBe(false);
  });

  it("no answer at all is a 408 once Timer F fired (64*T1), and the next one may go", () => {
    start();
    send("hello");
    outboxReset();
    engineTick(32000);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "408:" + M_MESSAGE.toString());
    expect(pagerBusy()).toBe(false);
    expect(send("again", 33000)).not.toBe("");
  });
});
