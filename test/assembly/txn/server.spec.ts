// Server transactions over UDP (RFC 3261 §17.2): the INVITE server transaction
// (§17.2.1, with Accepted of RFC 6026 §7.1), the non-INVITE server transaction
// (§17.2.2), matching (§17.2.3), where responses go (§18.2.2, RFC 3581) and a
// full table. T1 = 500 ms, T2 = 4 s, T4 = 5 s; requests come from 198.51.100.7:5070.
import { STATELESS_OPTIONS } from "../../../assembly/sip/txn/server";
import { ABSORBED, ACK_FOR_2XX } from "../../../assembly/sip/txn/server";
import { eventCount, eventKind, EV_NO_ACK } from "../../../assembly/sip/txn/events";
import { outboxCount } from "../../../assembly/sip/txn/outbox";
import { activeCount } from "../../../assembly/sip/txn/table";
import { fresh, request, receive, respond, tickAt, sendTimes, sent, sentAddr, sentPort, startLine, header, SOURCE_ADDR, SOURCE_PORT } from "./support";

const BRANCH = "z9hG4bKs1";
const INVITE = request("INVITE", BRANCH);
const RURI_IN_DIALOG = "sip:door@192.0.2.1:5060";
// A non-INVITE request outside any dialog (OPTIONS there is answered without a transaction, §8.2.7).
const OPTIONS = request("MESSAGE", "z9hG4bKn1");
const ACK = request("ACK", BRANCH, "192.0.2.10:5070", "sip:door@192.0.2.1", "uas-tag-1");

/** A new INVITE at 0 and the TU's `code` at 100; returns the slot. */
function answered(code: i32): i32 {
  const slot = receive(INVITE, 0);
  respond(INVITE, slot, code, 100);
  return slot;
}

describe("INVITE server transaction (§17.2.1)", () => {
  beforeEach(fresh);

  it("a new INVITE is answered 100 Trying at once and returned to the TU as its slot", () => {
    const slot = receive(INVITE, 0);
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(activeCount()).toBe(1);
    expect(outboxCount()).toBe(1);
    expect(startLine(sent(0))).toBe("SIP/2.0 100 Trying");
    expect(respond(INVITE, slot, 180, 10)).toBeTruthy();
  });

  it("the 100 Trying has no To tag (§8.2.6.1)", () => {
    receive(INVITE, 0);
    expect(header(sent(0), "To")).toBe("<sip:door@example.com>");
  });

  it("the 100 Trying goes to the source address", () => {
    receive(INVITE, 0);
    expect(sentAddr(0)).toBe(SOURCE_ADDR);
  });

  it("a retransmitted INVITE before any response from the TU gets the 100 again and is absorbed", () => {
    receive(INVITE, 0);
    expect(receive(INVITE, 300)).toBe(ABSORBED);
    expect(outboxCount()).toBe(1);
    expect(startLine(sent(0))).toBe("SIP/2.0 100 Trying");
  });

  it("after a 180 from the TU, a retransmitted INVITE gets the 180 and is absorbed", () => {
    answered(180);
    expect(receive(INVITE, 500)).toBe(ABSORBED);
    expect(outboxCount()).toBe(1);
    expect(startLine(sent(0))).toBe("SIP/2.0 180 Ringing");
  });

  it("a 486 is sent at once and retransmitted by Timer G at T1, 2*T1, 4*T1, then every T2", () => {
    answered(486);
    expect(outboxCount()).toBe(1);
    expect(sendTimes(101, 31999, 100)).toBe("500,1500,3500,7500,11500,15500,19500,23500,27500,31500");
  });

  it("a retransmitted INVITE in Completed gets the 486 again", () => {
    answered(486);
    expect(receive(INVITE, 300)).toBe(ABSORBED);
    expect(outboxCount()).toBe(1);
    expect(startLine(sent(0))).toBe("SIP/2.0 486 Busy Here");
  });

  it("the ACK is absorbed and stops the 486 retransmissions (Confirmed)", () => {
    answered(486);
    sendTimes(101, 2000);
    expect(receive(ACK, 2001)).toBe(ABSORBED);
    expect(outboxCount()).toBe(0);
    expect(sendTimes(2002, 40000)).toBe("");
  });

  it("Timer I (T4) releases the slot after the ACK, without an event", () => {
    answered(486);
    receive(ACK, 2000);
    sendTimes(2001, 6999);
    expect(activeCount()).toBe(1);
    tickAt(7000);
    expect(activeCount()).toBe(0);
    expect(eventCount()).toBe(0);
  });

  it("without an ACK, Timer H (64*T1) releases the slot with one EV_NO_ACK", () => {
    answered(486);
    sendTimes(101, 32099);
    expect(activeCount()).toBe(1);
    expect(eventCount()).toBe(0);
    expect(sendTimes(32100, 70000)).toBe("");
    expect(activeCount()).toBe(0);
    expect(eventCount()).toBe(1);
    expect(eventKind(0)).toBe(EV_NO_ACK);
  });
});

describe("INVITE server transaction, Accepted (RFC 6026 §7.1)", () => {
  beforeEach(fresh);

  it("after a 2xx, a retransmitted INVITE is absorbed and nothing is sent", () => {
    answered(200);
    expect(receive(INVITE, 600)).toBe(ABSORBED);
    expect(outboxCount()).toBe(0);
  });

  it("the transaction does not retransmit the 2xx on its own", () => {
    answered(200);
    expect(sendTimes(101, 40000)).toBe("");
  });

  it("a 2xx the TU passes again is sent again", () => {
    const slot = answered(200);
    expect(respond(INVITE, slot, 200, 600)).toBeTruthy();
    expect(outboxCount()).toBe(1);
    expect(startLine(sent(0))).toBe("SIP/2.0 200 OK");
  });

  it("an ACK matching the transaction is returned as ACK_FOR_2XX", () => {
    answered(200);
    expect(receive(ACK, 700)).toBe(ACK_FOR_2XX);
  });

  it("Timer L (64*T1) releases it, without an event", () => {
    answered(200);
    sendTimes(101, 32099);
    expect(activeCount()).toBe(1);
    tickAt(32100);
    expect(activeCount()).toBe(0);
    expect(eventCount()).toBe(0);
  });

  it("an ACK that matches no transaction is ACK_FOR_2XX and nothing is sent", () => {
    expect(receive(request("ACK", "z9hG4bKnew", "192.0.2.10:5070", "sip:door@192.0.2.1", "x"), 0)).toBe(ACK_FOR_2XX);
    expect(outboxCount()).toBe(0);
    expect(activeCount()).toBe(0);
  });
});

describe("non-INVITE server transaction (§17.2.2)", () => {
  beforeEach(fresh);

  it("a new request is passed to the TU with nothing sent on its own", () => {
    expect(receive(OPTIONS, 0)).toBeGreaterThanOrEqual(0);
    expect(outboxCount()).toBe(0);
  });

  it("a retransmission in Trying is absorbed silently", () => {
    receive(OPTIONS, 0);
    expect(receive(OPTIONS, 500)).toBe(ABSORBED);
    expect(outboxCount()).toBe(0);
  });

  it("after the TU's 200, a retransmission gets the 200 again", () => {
    const slot = receive(OPTIONS, 0);
    respond(OPTIONS, slot, 200, 100);
    expect(receive(OPTIONS, 500)).toBe(ABSORBED);
    expect(outboxCount()).toBe(1);
    expect(startLine(sent(0))).toBe("SIP/2.0 200 OK");
  });

  it("Timer J (64*T1) releases it after the final", () => {
    const slot = receive(OPTIONS, 0);
    respond(OPTIONS, slot, 200, 100);
    expect(sendTimes(101, 32099)).toBe("");
    expect(activeCount()).toBe(1);
    tickAt(32100);
    expect(activeCount()).toBe(0);
  });
});

describe("matching requests to server transactions (§17.2.3)", () => {
  beforeEach(fresh);

  it("the same branch with another sent-by is a new transaction", () => {
    const first = receive(INVITE, 0);
    const other = receive(request("INVITE", BRANCH, "192.0.2.11:5070"), 10);
    expect(other).toBeGreaterThanOrEqual(0);
    expect(other).not.toBe(first);
    expect(activeCount()).toBe(2);
  });

  it("CANCEL with the INVITE's branch is its own transaction, not an INVITE retransmission", () => {
    const inv = receive(INVITE, 0);
    const cancel = receive(request("CANCEL", BRANCH), 10);
    expect(cancel).toBeGreaterThanOrEqual(0);
    expect(cancel).not.toBe(inv);
    expect(outboxCount()).toBe(0);
    expect(activeCount()).toBe(2);
  });

  it("a request without z9hG4bK is matched by the RFC 2543 fields: its retransmission is absorbed", () => {
    const old = request("INVITE", "1a2b3c");
    expect(receive(old, 0)).toBeGreaterThanOrEqual(0);
    expect(receive(old, 500)).toBe(ABSORBED);
    expect(outboxCount()).toBe(1);
    expect(activeCount()).toBe(1);
  });

  it("a request without z9hG4bK and another Request-URI is a new transaction", () => {
    receive(request("INVITE", "1a2b3c"), 0);
    expect(receive(request("INVITE", "1a2b3c", "192.0.2.10:5070", "sip:other@192.0.2.1"), 10)).toBeGreaterThanOrEqual(0);
    expect(activeCount()).toBe(2);
  });

  it("a request without z9hG4bK and another top Via (branch) is a new transaction", () => {
    receive(request("INVITE", "1a2b3c"), 0);
    expect(receive(request("INVITE", "9z8y7x"), 10)).toBeGreaterThanOrEqual(0);
    expect(activeCount()).toBe(2);
  });
});

describe("where responses go (§18.2.2, RFC 3581)", () => {
  beforeEach(fresh);

  it("with rport, the response goes to the source address and port", () => {
    receive(request("INVITE", BRANCH, "192.0.2.10:5080;rport"), 0);
    expect(sentAddr(0)).toBe(SOURCE_ADDR);
    expect(sentPort(0)).toBe(SOURCE_PORT);
  });

  it("without rport, the response goes to the source address and the Via port", () => {
    receive(request("INVITE", BRANCH, "192.0.2.10:5080"), 0);
    expect(sentAddr(0)).toBe(SOURCE_ADDR);
    expect(sentPort(0)).toBe(5080);
  });

  it("without rport and without a Via port, the response goes to port 5060", () => {
    receive(request("INVITE", BRANCH, "192.0.2.10"), 0);
    expect(sentAddr(0)).toBe(SOURCE_ADDR);
    expect(sentPort(0)).toBe(5060);
  });

  it("with rport, the response's Via carries rport=<source port> and received=<source address> (RFC 3581 §4)", () => {
    receive(request("INVITE", BRANCH, "192.0.2.10:5080;rport"), 0);
    const via = header(sent(0), "Via");
    expect(via.includes(";rport=5070")).toBeTruthy();
    expect(via.includes(";received=198.51.100.7")).toBeTruthy();
  });

  it("a sent-by host other than the source address gets received=<source address> in the response's Via (§18.2.1)", () => {
    receive(INVITE, 0);
    expect(header(sent(0), "Via").includes(";received=198.51.100.7")).toBeTruthy();
  });
});

describe("OPTIONS outside any dialog (§8.2.7, §11.2)", () => {
  beforeEach(fresh);

  it("holds no transaction: the TU answers it statelessly", () => {
    expect(receive(request("OPTIONS", "z9hG4bKo1"), 0)).toBe(STATELESS_OPTIONS);
    expect(activeCount()).toBe(0);
    expect(outboxCount()).toBe(0);
  });
});
