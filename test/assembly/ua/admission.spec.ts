// Which requests the UA core takes into a transaction (ua/admission.ts):
// in-dialog requests match the whole dialog ID (RFC 3261 §12.2.2: Call-ID,
// local tag and remote tag), a request for a dialog the station does not have
// gets its 481 without holding a slot, and an INVITE left unanswered past the
// transaction's limit ends with 480.
import { UA_INFO, UA_ENDED } from "../../../assembly/sip/ua/events";
import { activeCount } from "../../../assembly/sip/txn/table";
import { INVITE_TU_LIMIT_MS } from "../../../assembly/sip/txn/server";
import * as UC from "../../../assembly/sip/ua/calls";
import { fresh, incoming } from "../app/app-support";
import { confirmedCall, inDialog, receive, tick, lines, uaEventsOf, callIdOf, remoteTagOf } from "./ua-support";

const DTMF = "Signal=5\r\nDuration=160\r\n";

/** An INFO in call c's dialog whose From tag is `fromTag`. */
function infoWithFromTag(c: i32, fromTag: string): string {
  return inDialog("INFO", c, 5, "", DTMF, "application/dtmf-relay").replace(";tag=" + remoteTagOf(c), ";tag=" + fromTag);
}

describe("in-dialog requests match the whole dialog ID (§12.2.2)", () => {
  it("an INFO with the call's Call-ID, To tag and From tag reaches the call", () => {
    const c = confirmedCall(0);
    receive(inDialog("INFO", c, 5, "", DTMF, "application/dtmf-relay"), 100);
    expect(lines()).toBe("SIP/2.0 200 OK");
    expect(uaEventsOf(UA_INFO)).toBe(c.toString() + ":1:0");
  });

  it("an INFO with the right Call-ID and To tag but another From tag gets 481 and reaches no call", () => {
    const c = confirmedCall(0);
    receive(infoWithFromTag(c, "forged"), 100);
    expect(lines()).toBe("SIP/2.0 481 Call/Transaction Does Not Exist");
    expect(uaEventsOf(UA_INFO)).toBe("");
  });

  it("an INFO without a From tag does not match a dialog whose remote tag is set", () => {
    const c = confirmedCall(0);
    receive(inDialog("INFO", c, 5, "", DTMF, "application/dtmf-relay").replace(";tag=" + remoteTagOf(c), ""), 100);
    expect(lines()).toBe("SIP/2.0 481 Call/Transaction Does Not Exist");
  });
});

describe("requests for dialogs the station does not have hold no slot", () => {
  it("a BYE naming an unknown dialog gets 481 and leaves the table as it was", () => {
    const c = confirmedCall(0);
    const before = activeCount();
    receive(inDialog("BYE", c, 9, "").replace(callIdOf(c), "unknown@192.0.2.66"), 100);
    expect(lines()).toBe("SIP/2.0 481 Call/Transaction Does Not Exist");
    expect(activeCount()).toBe(before);
  });

  it("a hundred requests with invented To tags take no slot at all", () => {
    fresh();
    for (let i = 0; i < 100; i++) {
      receive(inDialog("INFO", -1, 1, "").replace("To: <sip:door@example.com>", "To: <sip:door@example.com>;tag=inv" + i.toString()), <u32>i);
    }
    expect(activeCount()).toBe(0);
  });

  it("a CANCEL that matches no INVITE gets 481 without a slot (§9.2)", () => {
    fresh();
    receive(inDialog("CANCEL", -1, 1, ""), 0);
    expect(lines()).toBe("SIP/2.0 481 Call/Transaction Does Not Exist");
    expect(activeCount()).toBe(0);
  });
});

describe("an INVITE nobody answers", () => {
  it("is refused 480 when the transaction's limit for the TU runs out, and the call ends", () => {
    fresh();
    const c = incoming("<sip:stranger@example.com>", 0); // the UA alone: nobody decides, so it rings on
    expect(UC.callState(c)).toBe(UC.IN_RINGING);
    tick(INVITE_TU_LIMIT_MS);
    expect(lines()).toBe("SIP/2.0 480 Temporarily Unavailable");
    expect(uaEventsOf(UA_ENDED)).toBe(c.toString() + ":480:0");
    expect(UC.callState(c)).toBe(UC.FREE);
  });
});
