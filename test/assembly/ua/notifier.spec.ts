// The station as a notifier of its dialog state (RFC 6665 §4.2, RFC 4235):
// who may subscribe, for how long, the NOTIFY at once and on every change,
// refresh, unsubscribe, expiry, failures, and BENOTIFY for changes.
import { engineTick } from "../../../assembly/sip/ua/engine";
import { subscriptionCount, subscriptionsReset } from "../../../assembly/sip/ua/subscriptions";
import { dialogInfoReset } from "../../../assembly/sip/ua/dialog-info";
import { answerIncoming, ringIncoming } from "../../../assembly/sip/ua/uas";
import { notifyChanges } from "../../../assembly/sip/ua/notifier";
import { UA_SUBSCRIPTIONS } from "../../../assembly/sip/ua/events";
import { setPeerIPv4, RX_PEER } from "../../../assembly/sip/txn/peer";
import { outboxCount, outboxReset } from "../../../assembly/sip/txn/outbox";
import { activeCount } from "../../../assembly/sip/txn/table";
import { fresh, incoming } from "../app/app-support";
import { inDialog, subscribe, resubscribe, receive, tick, lines, firstSent, answerTo, bodyOf, header, uaEventsOf } from "./ua-support";

const FLAT = "<sip:flat12@example.com>";
const DIALOG = "Event: dialog\r\n";

function start(): void {
  fresh();
  subscriptionsReset();
  dialogInfoReset();
}

/** An accepted subscription of flat12 whose first NOTIFY was answered 200; returns the SUBSCRIBE and its 200. */
/** flat12 calls and the station rings (180): the UA's engine call, then the app's ringIncoming and the change reported. */
function rings(now: u32): i32 {
  const c = incoming("<sip:flat12@example.com>", now);
  ringIncoming(c, now, false);
  notifyChanges(now);
  return c;
}

let sub = "";
let ok = "";
function subscribed(extra: string = DIALOG + "Expires: 600\r\n", now: u32 = 0): void {
  start();
  sub = subscribe(FLAT, extra);
  receive(sub, now);
  ok = firstSent("SIP/2.0 200");
  receive(answerTo(firstSent("NOTIFY "), 200), now + 10);
}

describe("SUBSCRIBE: who, which package, how long (RFC 6665 §4.2.1.1, §4.2.1.3)", () => {
  it("an allowed caller subscribing to the dialog package gets 200 with Expires and a Contact, then a NOTIFY at once (§4.2.1.2)", () => {
    start();
    receive(subscribe(FLAT, DIALOG + "Expires: 600\r\n"), 0);
    expect(lines()).toBe("SIP/2.0 200 OK,NOTIFY sip:phone@192.0.2.31 SIP/2.0");
    const r = firstSent("SIP/2.0 200");
    expect(header(r, "Expires")).toBe("600");
    expect(header(r, "Contact")).toBe("<sip:door@192.0.2.10:5060>");
  });

  it("the first NOTIFY: Event echoed, active with the seconds left, dialog-info version 0, idle (no dialog)", () => {
    start();
    receive(subscribe(FLAT, "Event: dialog;id=42\r\nExpires: 600\r\n"), 0);
    const n = firstSent("NOTIFY ");
    expect(header(n, "Event")).toBe("dialog;id=42");
    expect(header(n, "Subscription-State")).toBe("active;expires=600");
    expect(header(n, "Content-Type")).toBe("application/dialog-info+xml");
    expect(bodyOf(n)).toBe("<?xml version=\"1.0\"?>\r\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"0\" state=\"full\" entity=\"sip:door@example.com\">\r\n</dialog-info>\r\n");
  });

  it("the NOTIFY is in the new dialog: To the subscriber's tag, From the tag of the 200", () => {
    start();
    const s = subscribe(FLAT, DIALOG);
    receive(s, 0);
    const n = firstSent("NOTIFY ");
    expect(header(n, "To")).toBe(header(s, "From"));
    expect(header(n, "From")).toBe(header(firstSent("SIP/2.0 200"), "To"));
    expect(header(n, "Call-ID")).toBe(header(s, "Call-ID"));
  });

  it("without Expires the subscription lasts an hour (RFC 4235 §3.3); a longer one is cut to an hour", () => {
    start();
    receive(subscribe(FLAT, DIALOG), 0);
    expect(header(firstSent("SIP/2.0 200"), "Expires")).toBe("3600");
    receive(subscribe(FLAT, DIALOG + "Expires: 86400\r\n"), 0);
    expect(header(firstSent("SIP/2.0 200"), "Expires")).toBe("3600");
  });

  it("Expires below 60 s gets 423 with Min-Expires: 60", () => {
    start();
    receive(subscribe(FLAT, DIALOG + "Expires: 10\r\n"), 0);
    expect(lines()).toBe("SIP/2.0 423 Interval Too Brief");
    expect(header(firstSent("SIP/2.0"), "Min-Expires")).toBe("60");
  });

  it("another package gets 489 Bad Event with Allow-Events", () => {
    start();
    receive(subscribe(FLAT, "Event: presence\r\n"), 0);
    expect(lines()).toBe("SIP/2.0 489 Bad Event");
    expect(header(firstSent("SIP/2.0"), "Allow-Events")).toBe("dialog, refer");
  });

  it("a SUBSCRIBE without Event is for no package this notifier serves: 489", () => {
    start();
    receive(subscribe(FLAT, ""), 0);
    expect(lines()).toBe("SIP/2.0 489 Bad Event");
  });

  it("a stranger gets 403 (§4.2.1.3): only configured parties see the door's state", () => {
    start();
    receive(subscribe("<sip:stranger@evil.example>", DIALOG), 0);
    expect(lines()).toBe("SIP/2.0 403 Forbidden");
    expect(subscriptionCount()).toBe(0);
  });

  it("a call-button target may subscribe (sip:flat1@example.com)", () => {
    start();
    receive(subscribe("<sip:flat1@example.com>", DIALOG), 0);
    expect(lines()).toBe("SIP/2.0 200 OK,NOTIFY sip:phone@192.0.2.31 SIP/2.0");
  });

  it("through the PBX an unknown party is a stranger too: 403 (the same rule as calls)", () => {
    start();
    receive(subscribe("<sip:someone@example.com>", DIALOG), 0);
    expect(lines()).toBe("SIP/2.0 403 Forbidden");
  });

  it("P-Asserted-Identity from the registrar names the subscriber (RFC 3325 §9.1)", () => {
    start();
    receive(subscribe("<sip:someone@example.com>", DIALOG + "P-Asserted-Identity: <sip:flat12@example.com>\r\n"), 0);
    expect(lines()).toBe("SIP/2.0 200 OK,NOTIFY sip:phone@192.0.2.31 SIP/2.0");
  });

  it("a spoofed SUBSCRIBE from a stranger's address gets 403 whoever its From names, and holds no slot", () => {
    start();
    setPeerIPv4(RX_PEER, 0xc0000263, 5060); // 192.0.2.99: not the registrar
    for (let i = 0; i < 4; i++) receive(subscribe(FLAT, DIALOG), 0);
    expect(lines()).toBe("SIP/2.0 403 Forbidden");
    expect(subscriptionCount()).toBe(0);
    expect(activeCount()).toBe(0);
  });

  it("one watcher holds at most MAX_PER_WATCHER (2) subscriptions: its third gets 503 with Retry-After", () => {
    start();
    for (let i = 0; i < 2; i++) receive(subscribe(FLAT, DIALOG), 0);
    receive(subscribe(FLAT, DIALOG), 0);
    expect(lines()).toBe("SIP/2.0 503 Service Unavailable");
    expect(header(firstSent("SIP/2.0"), "Retry-After")).toBe("60");
    expect(subscriptionCount()).toBe(2);
  });

  it("a watcher at its limit leaves the other slots to the others", () => {
    start();
    for (let i = 0; i < 3; i++) receive(subscribe(FLAT, DIALOG), 0);
    receive(subscribe("<sip:flat1@example.com>", DIALOG), 0);
    expect(lines()).toBe("SIP/2.0 200 OK,NOTIFY sip:phone@192.0.2.31 SIP/2.0");
  });

  it("a fifth subscription finds the table full: 503 with Retry-After", () => {
    start();
    for (let i = 0; i < 2; i++) receive(subscribe(FLAT, DIALOG), 0);
    for (let i = 0; i < 2; i++) receive(subscribe("<sip:flat1@example.com>", DIALOG), 0);
    receive(subscribe("<sip:concierge@example.com>", DIALOG), 0);
    expect(lines()).toBe("SIP/2.0 503 Service Unavailable");
    expect(header(firstSent("SIP/2.0"), "Retry-After")).toBe("60");
  });

  it("the application hears how many subscriptions are active", () => {
    start();
    receive(subscribe(FLAT, DIALOG), 0);
    expect(uaEventsOf(UA_SUBSCRIPTIONS)).toBe("-1:1:0");
  });

  it("Expires: 0 on a new SUBSCRIBE is a fetch (§4.4.3): 200, one NOTIFY terminated;reason=timeout, nothing kept", () => {
    start();
    receive(subscribe(FLAT, DIALOG + "Expires: 0\r\n"), 0);
    expect(lines()).toBe("SIP/2.0 200 OK,NOTIFY sip:phone@192.0.2.31 SIP/2.0");
    expect(header(firstSent("NOTIFY "), "Subscription-State")).toBe("terminated;reason=timeout");
    expect(subscriptionCount()).toBe(0);
  });
});

describe("NOTIFY on each change of the station's state (RFC 4235 §4.1, RFC 6665 §4.2.2)", () => {
  it("an incoming call refused at once never shows: no NOTIFY until the station rings", () => {
    subscribed();
    incoming("<sip:flat12@example.com>", 100);
    expect(firstSent("NOTIFY ")).toBe("");
  });

  it("a ringing call: early, direction recipient, version 1", () => {
    subscribed();
    rings(100);
    const n = firstSent("NOTIFY ");
    expect(bodyOf(n).includes("version=\"1\"")).toBe(true);
    expect(bodyOf(n).includes("<dialog id=\"d1\" direction=\"recipient\"><state>early</state></dialog>")).toBe(true);
  });

  it("answered: confirmed, once the previous NOTIFY was answered", () => {
    subscribed();
    const c = rings(100);
    receive(answerTo(firstSent("NOTIFY "), 200), 110);
    outboxReset();
    answerIncoming(c, 200);
    engineTick(200);
    expect(bodyOf(firstSent("NOTIFY ")).includes("<state>confirmed</state>")).toBe(true);
  });

  it("while a NOTIFY is outstanding a change waits; the current state follows its answer", () => {
    subscribed();
    const c = rings(100);
    const early = firstSent("NOTIFY ");
    answerIncoming(c, 150);
    tick(200);
    expect(firstSent("NOTIFY ")).toBe("");
    receive(answerTo(early, 200), 300);
    expect(bodyOf(firstSent("NOTIFY ")).includes("<state>confirmed</state>")).toBe(true);
  });

  it("the call ends: terminated for that dialog once; later documents (a refresh) have no dialog", () => {
    subscribed();
    const c = rings(100);
    receive(answerTo(firstSent("NOTIFY "), 200), 110);
    receive(inDialog("BYE", c, 2, ""), 120);
    const n = firstSent("NOTIFY ");
    expect(bodyOf(n).includes("<dialog id=\"d1\" direction=\"recipient\"><state>terminated</state></dialog>")).toBe(true);
    receive(answerTo(n, 200), 130);
    receive(resubscribe(sub, ok, 2, DIALOG + "Expires: 600\r\n"), 200);
    expect(bodyOf(firstSent("NOTIFY ")).includes("<dialog ")).toBe(false);
  });
});

describe("refresh, unsubscribe, expiry, failure (RFC 6665 §4.2.1.4, §4.2.2)", () => {
  it("a refresh in the dialog: 200 with the new Expires and a NOTIFY with the whole state", () => {
    subscribed();
    receive(resubscribe(sub, ok, 2, DIALOG + "Expires: 300\r\n"), 1000);
    expect(lines()).toBe("SIP/2.0 200 OK,NOTIFY sip:phone@192.0.2.31 SIP/2.0");
    expect(header(firstSent("NOTIFY "), "Subscription-State")).toBe("active;expires=300");
  });

  it("Expires: 0 in the dialog unsubscribes: 200, NOTIFY terminated;reason=timeout, the subscription gone", () => {
    subscribed();
    receive(resubscribe(sub, ok, 2, DIALOG + "Expires: 0\r\n"), 1000);
    expect(lines()).toBe("SIP/2.0 200 OK,NOTIFY sip:phone@192.0.2.31 SIP/2.0");
    expect(header(firstSent("NOTIFY "), "Subscription-State")).toBe("terminated;reason=timeout");
    expect(subscriptionCount()).toBe(0);
  });

  it("a refresh of a subscription that is gone gets 481", () => {
    subscribed();
    receive(resubscribe(sub, ok, 2, DIALOG + "Expires: 0\r\n"), 1000);
    receive(resubscribe(sub, ok, 3, DIALOG + "Expires: 600\r\n"), 2000);
    expect(lines()).toBe("SIP/2.0 481 Call/Transaction Does Not Exist");
  });

  it("at its expiry the subscription ends with NOTIFY terminated;reason=timeout", () => {
    subscribed(DIALOG + "Expires: 60\r\n", 0);
    tick(59999);
    expect(firstSent("NOTIFY ")).toBe("");
    tick(60000);
    expect(header(firstSent("NOTIFY "), "Subscription-State")).toBe("terminated;reason=timeout");
    expect(subscriptionCount()).toBe(0);
  });

  it("a 481 to a NOTIFY removes the subscription", () => {
    start();
    receive(subscribe(FLAT, DIALOG), 0);
    receive(answerTo(firstSent("NOTIFY "), 481), 10);
    expect(subscriptionCount()).toBe(0);
  });

  it("a NOTIFY never answered (Timer F) removes the subscription", () => {
    start();
    receive(subscribe(FLAT, DIALOG), 0);
    for (let t: u32 = 500; t <= 32000; t += 500) tick(t);
    expect(subscriptionCount()).toBe(0);
  });
});

describe("BENOTIFY ([MS-SIPRE] §3.5: a NOTIFY that gets no response)", () => {
  it("a subscriber offering ms-benotify sees it in the 200; the first NOTIFY stays a NOTIFY", () => {
    start();
    receive(subscribe(FLAT, DIALOG + "Supported: ms-benotify\r\n"), 0);
    expect(header(firstSent("SIP/2.0 200"), "Supported")).toBe("ms-benotify");
    expect(lines()).toBe("SIP/2.0 200 OK,NOTIFY sip:phone@192.0.2.31 SIP/2.0");
  });

  it("changes go as BENOTIFY, sent once: no transaction waits for an answer", () => {
    subscribed(DIALOG + "Allow: INVITE, NOTIFY, BENOTIFY\r\n");
    const before = activeCount();
    rings(100);
    const b = firstSent("BENOTIFY ");
    expect(bodyOf(b).includes("<state>early</state>")).toBe(true);
    expect(header(b, "CSeq")).toBe("2 BENOTIFY");
    expect(activeCount()).toBe(before + 1); // the INVITE's server transaction only
    tick(600); tick(1600);
    expect(firstSent("BENOTIFY ")).toBe("");
  });

  it("a BENOTIFY received gets no response at all, even a malformed one", () => {
    start();
    receive("BENOTIFY sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.31:5060;branch=z9hG4bKb1\r\nMax-Forwards: 70\r\n" +
      "From: <sip:x@example.com>;tag=1\r\nTo: <sip:door@example.com>;tag=2\r\nCall-ID: b1\r\nCSeq: 1 BENOTIFY\r\nContent-Length: 0\r\n\r\n", 0);
    expect(outboxCount()).toBe(0);
    receive("BENOTIFY sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.31:5060;branch=z9hG4bKb2\r\nCSeq: x\r\n\r\n", 0);
    expect(outboxCount()).toBe(0);
  });
});
