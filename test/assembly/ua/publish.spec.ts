// PUBLISH of the station's presence (RFC 3903, publish.ts; the PIDF document
// of RFC 3863, pidf.ts): initial, refresh, modification and removal, the
// entity-tag kept from each 2xx, and the answers of §5 (412, 423, 401/407,
// anything else) each handled once.
import { sendPublish, publishPending, publishHasETag, publishDone, publishReset } from "../../../assembly/sip/ua/publish";
import { engineTick } from "../../../assembly/sip/ua/engine";
import { UA_REQUEST_DONE } from "../../../assembly/sip/ua/events";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { fresh, outbox, first, body, header } from "../app/app-support";
import { PRESENCE, PRESENCE_LEN, reply, challenge, deliver } from "../app/alarm-support";
import { uaEventsOf } from "./ua-support";
import { REQUEST_PUBLISH } from "../../../assembly/sip/ua/handler";

const DONE = REQUEST_PUBLISH.toString() + ":";
const IDLE = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\" xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\" entity=\"sip:door@example.com\">" +
  "<tuple id=\"station\"><status><basic>open</basic></status></tuple><note>idle</note></presence>";

function start(): void {
  if (publishPending()) publishDone(0, 0);
  publishReset();
  fresh(PRESENCE, PRESENCE_LEN);
}

/** PUBLISH now (outbox emptied first); the request sent ("" when none). */
function publish(state: bool, inCall: bool, expires: u32, now: u32 = 0): string {
  outboxReset();
  sendPublish(state, inCall, expires, now);
  return first("PUBLISH");
}

/** An initial publication answered 200 with SIP-ETag `tag`; returns the request. */
function published(tag: string = "e1"): string {
  start();
  const p = publish(true, false, 600);
  deliver(reply(p, 200, "SIP-ETag: " + tag + "\r\nExpires: 600\r\n"), 10);
  return p;
}

describe("PUBLISH: the initial publication (RFC 3903 §4.1, §4.2)", () => {
  it("goes to the outbound proxy, Request-URI and To the address-of-record, Event: presence, the Expires asked", () => {
    start();
    const p = publish(true, false, 600);
    expect(outbox()).toBe("PUBLISH 192.0.2.20:5060");
    expect(p.startsWith("PUBLISH sip:door@example.com SIP/2.0\r\n")).toBe(true);
    expect(header(p, "To")).toBe("<sip:door@example.com>");
    expect(header(p, "From").startsWith("<sip:door@example.com>;tag=")).toBe(true);
    expect(header(p, "Event")).toBe("presence");
    expect(header(p, "Expires")).toBe("600");
  });

  it("carries the state as application/pidf+xml and no SIP-If-Match", () => {
    start();
    const p = publish(true, false, 600);
    expect(header(p, "Content-Type")).toBe("application/pidf+xml");
    expect(header(p, "SIP-If-Match")).toBe("<absent>");
    expect(body(p)).toBe(IDLE);
  });

  it("in a call the tuple stays open; the person is on-the-phone (RFC 4480 §3.2) with the note 'in a call'", () => {
    start();
    const b = body(publish(true, true, 600));
    expect(b.includes("<basic>open</basic>")).toBe(true);
    expect(b.includes("<note>in a call</note><dm:person id=\"door\"><rpid:activities><rpid:on-the-phone/></rpid:activities></dm:person>")).toBe(true);
  });

  it("the 2xx's SIP-ETag is kept and the expiry granted reported (§5)", () => {
    start();
    deliver(reply(publish(true, false, 600), 200, "SIP-ETag: dx200xyz\r\nExpires: 300\r\n"), 10);
    expect(publishHasETag()).toBe(true);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "200:300");
  });

  it("one at a time (§4): no second PUBLISH before the first is answered", () => {
    start();
    publish(true, false, 600);
    expect(publish(true, true, 600)).toBe("");
  });
});

describe("PUBLISH: refresh, modification, removal (§4.3-§4.5)", () => {
  it("a refresh names the entity-tag in SIP-If-Match and has no body; same Call-ID, next CSeq", () => {
    const first0 = published();
    const p = publish(false, false, 600, 20);
    expect(header(p, "SIP-If-Match")).toBe("e1");
    expect(header(p, "Content-Length")).toBe("0");
    expect(header(p, "Content-Type")).toBe("<absent>");
    expect(header(p, "Call-ID")).toBe(header(first0, "Call-ID"));
    expect(header(p, "CSeq")).toBe("2 PUBLISH");
  });

  it("a modification names the entity-tag and carries the new state", () => {
    published();
    const p = publish(true, true, 600, 20);
    expect(header(p, "SIP-If-Match")).toBe("e1");
    expect(body(p).includes("on-the-phone")).toBe(true);
  });

  it("each 2xx's new entity-tag replaces the last one", () => {
    published();
    deliver(reply(publish(true, true, 600, 20), 200, "SIP-ETag: e2\r\n"), 30);
    expect(header(publish(false, false, 600, 40), "SIP-If-Match")).toBe("e2");
  });

  it("the removal is Expires: 0 with SIP-If-Match and no body; after its 2xx nothing is left to name", () => {
    published();
    const p = publish(false, false, 0, 20);
    expect(header(p, "Expires")).toBe("0");
    expect(header(p, "SIP-If-Match")).toBe("e1");
    expect(header(p, "Content-Length")).toBe("0");
    deliver(reply(p, 200), 30);
    expect(publishHasETag()).toBe(false);
    expect(publish(false, false, 600, 40)).toBe("");
  });

  it("a refresh or removal without a publication is not sent", () => {
    start();
    expect(publish(false, false, 600)).toBe("");
    expect(publish(false, false, 0)).toBe("");
  });
});

describe("PUBLISH: the answers (§5)", () => {
  it("412 to a refresh: the server lost it; a fresh initial PUBLISH follows at once (the state, no SIP-If-Match)", () => {
    published();
    deliver(reply(publish(false, false, 600, 20), 412), 30);
    const p = first("PUBLISH");
    expect(header(p, "SIP-If-Match")).toBe("<absent>");
    expect(body(p)).toBe(IDLE);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe("");
    deliver(reply(p, 200, "SIP-ETag: e9\r\n"), 40);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "200:600");
  });

  it("412 to the removal: nothing was left; reported, nothing sent", () => {
    published();
    deliver(reply(publish(false, false, 0, 20), 412), 30);
    expect(outbox()).toBe("");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "412:0");
    expect(publishHasETag()).toBe(false);
  });

  it("423: sent again at once with the Min-Expires asked for", () => {
    start();
    deliver(reply(publish(true, false, 600), 423, "Min-Expires: 1800\r\n"), 10);
    expect(header(first("PUBLISH"), "Expires")).toBe("1800");
  });

  it("after a 423, later requests ask at least its Min-Expires", () => {
    start();
    deliver(reply(publish(true, false, 600), 423, "Min-Expires: 1800\r\n"), 10);
    deliver(reply(first("PUBLISH"), 200, "SIP-ETag: e1\r\n"), 20);
    expect(header(publish(false, false, 600, 30), "Expires")).toBe("1800");
  });

  it("423 with a Min-Expires not above what was asked is the answer (no loop)", () => {
    start();
    deliver(reply(publish(true, false, 600), 423, "Min-Expires: 600\r\n"), 10);
    expect(outbox()).toBe("");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "423:0");
  });

  it("407 is answered once with Proxy-Authorization (digest-uri the address-of-record), the same state", () => {
    start();
    deliver(challenge(publish(true, true, 600), 407), 10);
    const p = first("PUBLISH");
    expect(header(p, "Proxy-Authorization").includes("uri=\"sip:door@example.com\"")).toBe(true);
    expect(body(p).includes("on-the-phone")).toBe(true);
    expect(header(p, "CSeq")).toBe("2 PUBLISH");
  });

  it("489 Bad Event (the server takes no presence) is reported", () => {
    start();
    deliver(reply(publish(true, false, 600), 489), 10);
    expect(outbox()).toBe("");
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "489:0");
  });

  it("no answer: 408 when Timer F fires", () => {
    start();
    publish(true, false, 600);
    outboxReset();
    engineTick(32000);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(DONE + "408:0");
    expect(publishPending()).toBe(false);
  });
});
