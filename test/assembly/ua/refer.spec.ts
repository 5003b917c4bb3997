// REFER in a call (RFC 3515): the station is asked to call someone. It agrees
// (202) only for a URI the configuration lets it call, and reports progress
// in the same dialog through the implicit refer subscription (NOTIFY with
// message/sipfrag); refusals never make it call anyone.
import { referResult, referringCall } from "../../../assembly/sip/ua/refer";
import * as UC from "../../../assembly/sip/ua/calls";
import { UA_REFER, UA_ENDED } from "../../../assembly/sip/ua/events";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { confirmedCall, tagOf, callIdOf, inDialog, receive, tick, lines, firstSent, uaEventsOf, uaEventText, answerTo, bodyOf, header } from "./ua-support";
import { fresh, incoming } from "../app/app-support";

const CONCIERGE = "Refer-To: <sip:flat2@example.com>\r\n";
function refer(c: i32, to: string, now: u32 = 1000, cseq: i32 = 2): string {
  receive(inDialog("REFER", c, cseq, to), now);
  return lines();
}

describe("REFER: who may be called (RFC 3515 §2.4.2, the station's policy)", () => {
  it("a REFER naming a configured call-button target is accepted with 202, then the first NOTIFY", () => {
    const c = confirmedCall(0);
    expect(refer(c, CONCIERGE)).toBe("SIP/2.0 202 Accepted,NOTIFY sip:caller@192.0.2.31 SIP/2.0");
  });

  it("the application hears UA_REFER with the configured URI to call", () => {
    const c = confirmedCall(0);
    refer(c, CONCIERGE);
    expect(uaEventsOf(UA_REFER)).toBe(c.toString() + ":0:1");
    expect(uaEventText(UA_REFER)).toBe("sip:flat2@example.com");
  });

  it("a URI that is not a configured destination gets 403 and no NOTIFY: the station never calls a URI of the referrer's choosing", () => {
    const c = confirmedCall(0);
    expect(refer(c, "Refer-To: <sip:attacker@evil.example>\r\n")).toBe("SIP/2.0 403 Forbidden");
    expect(uaEventsOf(UA_REFER)).toBe("");
  });

  it("an allowed caller is not a destination: a REFER to it gets 403", () => {
    const c = confirmedCall(0);
    expect(refer(c, "Refer-To: <sip:concierge@example.com>\r\n")).toBe("SIP/2.0 403 Forbidden");
  });

  it("the user part is compared exactly, the host without case (RFC 3261 §19.1.4)", () => {
    const c = confirmedCall(0);
    expect(refer(c, "Refer-To: <sip:FLAT2@example.com>\r\n")).toBe("SIP/2.0 403 Forbidden");
    expect(refer(c, "Refer-To: <sip:flat2@EXAMPLE.com>\r\n", 1000, 3)).toBe("SIP/2.0 202 Accepted,NOTIFY sip:caller@192.0.2.31 SIP/2.0");
  });

  it("a URI with headers (Replaces ...) is not a configured destination: 403", () => {
    const c = confirmedCall(0);
    expect(refer(c, "Refer-To: <sip:flat2@example.com?Replaces=abc>\r\n")).toBe("SIP/2.0 403 Forbidden");
  });

  it("a REFER without Refer-To is malformed: 400 (§2.4.1: exactly one)", () => {
    const c = confirmedCall(0);
    expect(refer(c, "")).toBe("SIP/2.0 400 Bad Request");
  });

  it("a second REFER while the first transfer is under way gets 491", () => {
    const c = confirmedCall(0);
    refer(c, CONCIERGE);
    expect(refer(c, CONCIERGE, 1100, 3)).toBe("SIP/2.0 491 Request Pending");
  });

  it("a REFER outside any dialog gets 403: no transfer without a call", () => {
    fresh();
    receive(inDialog("REFER", -1, 1, CONCIERGE), 0);
    expect(lines()).toBe("SIP/2.0 403 Forbidden");
  });

  it("a REFER in a call that is still ringing gets 403: only a confirmed call is transferred", () => {
    fresh();
    const c = incoming("<sip:flat12@example.com>", 0);
    expect(refer(c, CONCIERGE)).toBe("SIP/2.0 403 Forbidden");
  });
});

describe("REFER: the implicit subscription reports the new call (RFC 3515 §2.4.4-§2.4.7)", () => {
  it("the first NOTIFY: Event refer with the REFER's CSeq as id, active for 60 s, sipfrag 100 Trying", () => {
    const c = confirmedCall(0);
    refer(c, CONCIERGE, 1000, 7);
    const n = firstSent("NOTIFY ");
    expect(header(n, "Event")).toBe("refer;id=7");
    expect(header(n, "Subscription-State")).toBe("active;expires=60");
    expect(header(n, "Content-Type")).toBe("message/sipfrag;version=2.0");
    expect(bodyOf(n)).toBe("SIP/2.0 100 Trying\r\n");
  });

  it("the NOTIFY is a request in the call's dialog: its Call-ID and tags, the next local CSeq", () => {
    const c = confirmedCall(0);
    refer(c, CONCIERGE);
    const n = firstSent("NOTIFY ");
    expect(header(n, "To").startsWith("<sip:flat12@example.com>;tag=f")).toBe(true);
    expect(header(n, "From")).toBe("<sip:door@example.com>;tag=" + tagOf(c));
    expect(header(n, "Call-ID")).toBe(callIdOf(c));
    expect(header(n, "CSeq")).toBe("1 NOTIFY");
  });

  it("the outcome ends the subscription: final NOTIFY with the new call's status, terminated;reason=noresource", () => {
    const c = confirmedCall(0);
    refer(c, CONCIERGE);
    tick(2000);
    outboxReset();
    expect(referResult(200, 3000)).toBe(true);
    const n = firstSent("NOTIFY ");
    expect(header(n, "Subscription-State")).toBe("terminated;reason=noresource");
    expect(bodyOf(n)).toBe("SIP/2.0 200 OK\r\n");
    expect(referringCall()).toBe(-1);
  });

  it("a failed new call is reported with its status (486 Busy Here)", () => {
    const c = confirmedCall(0);
    refer(c, CONCIERGE);
    outboxReset();
    referResult(486, 3000);
    expect(bodyOf(firstSent("NOTIFY "))).toBe("SIP/2.0 486 Busy Here\r\n");
  });

  it("without an outcome in 60 s the subscription ends by itself: 408, terminated;reason=timeout", () => {
    const c = confirmedCall(0);
    refer(c, CONCIERGE, 1000);
    receive(answerTo(firstSent("NOTIFY "), 200), 1100);
    tick(60999);
    expect(firstSent("NOTIFY ")).toBe("");
    tick(61000);
    const n = firstSent("NOTIFY ");
    expect(header(n, "Subscription-State")).toBe("terminated;reason=timeout");
    expect(bodyOf(n)).toBe("SIP/2.0 408 Request Timeout\r\n");
    expect(referringCall()).toBe(-1);
  });

  it("a 481 to the NOTIFY ends the subscription's usage only: the call goes on (RFC 5057)", () => {
    const c = confirmedCall(0);
    refer(c, CONCIERGE);
    receive(answerTo(firstSent("NOTIFY "), 481), 1100);
    expect(uaEventsOf(UA_ENDED)).toBe("");
    expect(UC.callState(c)).toBe(UC.ACTIVE);
  });

  it("once the call is gone, nothing is reported any more", () => {
    const c = confirmedCall(0);
    refer(c, CONCIERGE);
    receive(inDialog("BYE", c, 3, ""), 1500);
    expect(referringCall()).toBe(-1);
    expect(referResult(200, 2000)).toBe(false);
  });
});
