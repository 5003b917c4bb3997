// Client transactions over UDP (RFC 3261 §17.1): the INVITE client transaction
// (§17.1.1, with Accepted of RFC 6026 §8.4) and the non-INVITE client
// transaction (§17.1.2), driven by a virtual clock. T1 = 500 ms, T2 = 4 s, T4 = 5 s.
import { setTimerBase } from "../../../assembly/sip/txn/clock";
import { nextTransactionDeadline } from "../../../assembly/sip/txn/engine";
import { eventCount, eventKind, eventHandler, eventArg, eventMethod, eventSlot, EV_TIMEOUT } from "../../../assembly/sip/txn/events";
import { outboxCount, outboxPeer } from "../../../assembly/sip/txn/outbox";
import { samePeer } from "../../../assembly/sip/txn/peer";
import { activeCount } from "../../../assembly/sip/txn/table";
import { M_INVITE } from "../../../assembly/sip/msg/methods";
import { parse } from "../msg/rx";
import { fresh, start, receive, tickAt, sendTimes, sent, startLine, header, response, DEST } from "./support";

const BRANCH = "z9hG4bKc1a";
const VIA = "SIP/2.0/UDP 192.0.2.10:5070;branch=" + BRANCH;

/** A request of the door's UA: CSeq 4711, two Route headers for INVITE. */
function req(method: string, branch: string = BRANCH): string {
  return method + " sip:bob@example.com SIP/2.0\r\n" +
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=" + branch + "\r\n" +
    (method == "INVITE" ? "Route: <sip:p1.example.com;lr>\r\nRoute: <sip:p2.example.com;lr>\r\n" : "") +
    "Max-Forwards: 70\r\n" +
    "From: \"Door\" <sip:door@example.com>;tag=f1\r\n" +
    "To: <sip:bob@example.com>\r\n" +
    "Call-ID: call-1@192.0.2.10\r\n" +
    "CSeq: 4711 " + method + "\r\n" +
    "Contact: <sip:door@192.0.2.10:5070>\r\n" +
    "Content-Length: 0\r\n\r\n";
}

/** Starts the INVITE at 0 and delivers a `code` final at 1000; returns the ACK sent (or ""). */
function ackFor(code: i32): string {
  start(req("INVITE"));
  expect(receive(response(code, BRANCH, "INVITE"), 1000)).toBe(0);
  expect(outboxCount()).toBe(1);
  return sent(0);
}

describe("INVITE client transaction, Calling (§17.1.1.2)", () => {
  beforeEach(fresh);

  it("an INVITE is sent at once, unchanged, to the destination given", () => {
    expect(start(req("INVITE"))).toBe(0);
    expect(outboxCount()).toBe(1);
    expect(sent(0)).toBe(req("INVITE"));
    expect(samePeer(outboxPeer(0), DEST)).toBeTruthy();
  });

  it("an unanswered INVITE is retransmitted at 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s (Timer A doubles from T1)", () => {
    start(req("INVITE"));
    expect(sendTimes(1, 31999)).toBe("500,1500,3500,7500,15500,31500");
  });

  it("Timer B ends an unanswered INVITE at 32 s with one EV_TIMEOUT carrying its handler, argument and method, and frees the slot", () => {
    const slot = start(req("INVITE"), 0, 42, 3);
    sendTimes(1, 31999);
    expect(eventCount()).toBe(0);
    expect(activeCount()).toBe(1);
    tickAt(32000);
    expect(eventCount()).toBe(1);
    expect(eventKind(0)).toBe(EV_TIMEOUT);
    expect(eventHandler(0)).toBe(3);
    expect(eventArg(0)).toBe(42);
    expect(eventMethod(0)).toBe(M_INVITE);
    expect(eventSlot(0)).toBe(slot);
    expect(activeCount()).toBe(0);
  });

  it("nothing is sent at 32 s or later", () => {
    start(req("INVITE"));
    sendTimes(1, 31999);
    expect(sendTimes(32000, 70000)).toBe("");
  });
});

describe("INVITE client transaction, Proceeding and Accepted (§17.1.1.2, RFC 6026 §8.4)", () => {
  beforeEach(fresh);

  it("a provisional response is passed to the TU and stops retransmissions", () => {
    const slot = start(req("INVITE"));
    expect(receive(response(180, BRANCH, "INVITE"), 200)).toBe(slot);
    expect(sendTimes(201, 40000)).toBe("");
  });

  it("a further provisional response in Proceeding is passed to the TU too", () => {
    const slot = start(req("INVITE"));
    receive(response(100, BRANCH, "INVITE"), 200);
    expect(receive(response(180, BRANCH, "INVITE"), 300)).toBe(slot);
  });

  it("Timer B no longer fires in Proceeding", () => {
    start(req("INVITE"));
    receive(response(180, BRANCH, "INVITE"), 200);
    sendTimes(201, 70000);
    expect(eventCount()).toBe(0);
    expect(activeCount()).toBe(1);
  });

  it("a 2xx moves to Accepted, is passed to the TU, and the transaction sends no ACK (the TU's, §13.2.2.4)", () => {
    const slot = start(req("INVITE"));
    expect(receive(response(200, BRANCH, "INVITE"), 1000)).toBe(slot);
    expect(outboxCount()).toBe(0);
    expect(sendTimes(1001, 20000)).toBe("");
  });

  it("a retransmitted 2xx in Accepted is passed to the TU again", () => {
    const slot = start(req("INVITE"));
    receive(response(200, BRANCH, "INVITE"), 1000);
    expect(receive(response(200, BRANCH, "INVITE"), 1500)).toBe(slot);
  });

  it("Timer M (64*T1) ends the Accepted transaction without an event", () => {
    start(req("INVITE"));
    receive(response(200, BRANCH, "INVITE"), 1000);
    sendTimes(1001, 32999);
    expect(activeCount()).toBe(1);
    tickAt(33000);
    expect(activeCount()).toBe(0);
    expect(eventCount()).toBe(0);
  });
});

describe("INVITE client transaction, non-2xx final and its ACK (§17.1.1.3)", () => {
  beforeEach(fresh);

  it("a 486 is passed to the TU and answered with an ACK sent where the INVITE went", () => {
    const slot = start(req("INVITE"));
    expect(receive(response(486, BRANCH, "INVITE"), 1000)).toBe(slot);
    expect(outboxCount()).toBe(1);
    expect(samePeer(outboxPeer(0), DEST)).toBeTruthy();
    expect(parse(sent(0))).toBe(0);
  });

  it("the ACK's Request-URI is the INVITE's", () => {
    expect(startLine(ackFor(486))).toBe("ACK sip:bob@example.com SIP/2.0");
  });

  it("the ACK has one Via, the INVITE's top Via with its branch", () => {
    expect(header(ackFor(486), "Via")).toBe(VIA);
  });

  it("the ACK's CSeq has the INVITE's number and the method ACK", () => {
    expect(header(ackFor(486), "CSeq")).toBe("4711 ACK");
  });

  it("the ACK's To is the response's To, with its tag", () => {
    expect(header(ackFor(486), "To")).toBe("<sip:bob@example.com>;tag=b7");
  });

  it("the ACK's From and Call-ID are the INVITE's", () => {
    const ack = ackFor(486);
    expect(header(ack, "From")).toBe("\"Door\" <sip:door@example.com>;tag=f1");
    expect(header(ack, "Call-ID")).toBe("call-1@192.0.2.10");
  });

  it("the ACK carries the INVITE's Route header fields, in order", () => {
    expect(header(ackFor(486), "Route")).toBe("<sip:p1.example.com;lr>|<sip:p2.example.com;lr>");
  });

  it("a 408 is ACKed", () => {
    const ack = ackFor(408);
    expect(startLine(ack)).toBe("ACK sip:bob@example.com SIP/2.0");
    expect(header(ack, "CSeq")).toBe("4711 ACK");
  });

  it("a 487 is ACKed", () => {
    const ack = ackFor(487);
    expect(startLine(ack)).toBe("ACK sip:bob@example.com SIP/2.0");
    expect(header(ack, "CSeq")).toBe("4711 ACK");
  });

  it("a final in Proceeding is ACKed too", () => {
    start(req("INVITE"));
    receive(response(180, BRANCH, "INVITE"), 200);
    receive(response(603, BRANCH, "INVITE"), 1000);
    expect(outboxCount()).toBe(1);
    expect(header(sent(0), "CSeq")).toBe("4711 ACK");
  });

  it("a retransmitted final is absorbed and answered with the same ACK again", () => {
    const first = ackFor(486);
    expect(receive(response(486, BRANCH, "INVITE"), 1500)).toBe(-1);
    expect(outboxCount()).toBe(1);
    expect(sent(0)).toBe(first);
  });

  it("the INVITE is no longer retransmitted after a final", () => {
    ackFor(486);
    expect(sendTimes(1001, 31999)).toBe("");
  });

  it("Timer D (32 s) releases the Completed transaction, without an event", () => {
    ackFor(486);
    sendTimes(1001, 32999);
    expect(activeCount()).toBe(1);
    tickAt(33000);
    expect(activeCount()).toBe(0);
    expect(eventCount()).toBe(0);
  });
});

describe("matching responses to client transactions (§17.1.3)", () => {
  beforeEach(fresh);

  it("a response with another branch is not taken, and the INVITE keeps retransmitting", () => {
    start(req("INVITE"));
    expect(receive(response(180, "z9hG4bKother", "INVITE"), 200)).toBe(-1);
    expect(sendTimes(201, 500)).toBe("500");
  });

  it("a response with the branch but another CSeq method is not taken", () => {
    start(req("INVITE"));
    expect(receive(response(200, BRANCH, "CANCEL"), 200)).toBe(-1);
    expect(sendTimes(251, 500)).toBe("500");
  });
});

describe("non-INVITE client transaction (§17.1.2)", () => {
  beforeEach(fresh);

  it("an unanswered request is retransmitted at 0.5, 1.5, 3.5 s, then every T2 up to 31.5 s (Timer E)", () => {
    start(req("OPTIONS"));
    expect(sendTimes(1, 31999)).toBe("500,1500,3500,7500,11500,15500,19500,23500,27500,31500");
  });

  it("Timer F ends it at 32 s with one EV_TIMEOUT carrying its handler and argument; nothing is sent from then on", () => {
    start(req("OPTIONS"), 0, 9, 5);
    sendTimes(1, 31999);
    expect(eventCount()).toBe(0);
    expect(sendTimes(32000, 70000)).toBe("");
    expect(eventCount()).toBe(1);
    expect(eventKind(0)).toBe(EV_TIMEOUT);
    expect(eventHandler(0)).toBe(5);
    expect(eventArg(0)).toBe(9);
    expect(activeCount()).toBe(0);
  });

  it("a 1xx is passed to the TU, then Timer E fires every T2 until Timer F", () => {
    const slot = start(req("OPTIONS"));
    sendTimes(1, 599);
    expect(receive(response(100, BRANCH, "OPTIONS"), 600)).toBe(slot);
    expect(sendTimes(601, 31999)).toBe("1500,5500,9500,13500,17500,21500,25500,29500");
    tickAt(32000);
    expect(eventCount()).toBe(1);
    expect(eventKind(0)).toBe(EV_TIMEOUT);
  });

  it("a final response is passed once and stops retransmission; retransmitted finals are absorbed", () => {
    const slot = start(req("OPTIONS"));
    expect(receive(response(200, BRANCH, "OPTIONS"), 600)).toBe(slot);
    expect(receive(response(200, BRANCH, "OPTIONS"), 700)).toBe(-1);
    expect(outboxCount()).toBe(0);
    expect(sendTimes(701, 5599)).toBe("");
  });

  it("Timer K (T4) releases it after the final, without an event", () => {
    start(req("OPTIONS"));
    receive(response(404, BRANCH, "OPTIONS"), 600);
    sendTimes(601, 5599);
    expect(activeCount()).toBe(1);
    tickAt(5600);
    expect(activeCount()).toBe(0);
    expect(eventCount()).toBe(0);
  });
});

describe("timers, clock and limits", () => {
  beforeEach(fresh);
  afterEach(fresh);

  it("setTimerBase(100, ...) retransmits first at 100 ms and fires Timer B at 6.4 s", () => {
    setTimerBase(100, 4000, 5000);
    start(req("INVITE"));
    expect(sendTimes(1, 6399)).toBe("100,300,700,1500,3100,6300");
    expect(eventCount()).toBe(0);
    tickAt(6400);
    expect(eventCount()).toBe(1);
  });

  it("nextTransactionDeadline is 500 right after an INVITE, 300 at 200 ms", () => {
    start(req("INVITE"));
    expect(nextTransactionDeadline(0)).toBe(500);
    expect(nextTransactionDeadline(200)).toBe(300);
  });

  it("nextTransactionDeadline is -1 when the table is empty", () => {
    expect(nextTransactionDeadline(0)).toBe(-1);
  });

  it("an INVITE started at 0xFFFFFF00 retransmits at +500, +1500, +3500 across the wrap, and Timer B fires at +32 s", () => {
    const base: u32 = 0xffffff00;
    start(req("INVITE"), base);
    expect(nextTransactionDeadline(base)).toBe(500);
    expect(sendTimes(1, 3500, base)).toBe("500,1500,3500");
    sendTimes(3501, 31999, base);
    expect(eventCount()).toBe(0);
    tickAt(base + 32000);
    expect(eventCount()).toBe(1);
  });

  it("ACK never gets a client transaction", () => {
    expect(start(req("ACK"))).toBe(-1);
    expect(outboxCount()).toBe(0);
    expect(activeCount()).toBe(0);
  });
});
