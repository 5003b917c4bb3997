// What keeps the server side of the transaction table available (RFC 3261
// §17.2, §21.5.4, §18.2.2): the strangers' pool and its per-source limit, a
// full table, the TU's deadlines, and requests that cannot be answered.
// T1 = 500 ms; requests come from 198.51.100.7:5070 unless a test moves them.
import { ABSORBED, INVITE_TU_LIMIT_MS, droppedRequests, serverRespondNow } from "../../../assembly/sip/txn/server";
import { eventCount, eventKind, eventHandler, eventArg, EV_UNANSWERED } from "../../../assembly/sip/txn/events";
import { outboxCount } from "../../../assembly/sip/txn/outbox";
import { activeCount, strangerCount, setHandler, MAX_TRANSACTIONS, MAX_STRANGERS, MAX_PER_STRANGER } from "../../../assembly/sip/txn/table";
import { RX_PEER, setPeerIPv4 } from "../../../assembly/sip/txn/peer";
import { TX_CAPACITY } from "../../../assembly/sip/msg/buffers";
import { fresh, request, receive, respond, tickAt, sent, sentPort, startLine, header, SOURCE_ADDR } from "./support";

const RURI_IN_DIALOG = "sip:door@192.0.2.1:5060";

function fromAddress(n: i32): void { setPeerIPv4(RX_PEER, SOURCE_ADDR + <u32>n, 5070); }

/** A stranger's INVITE of branch z9hG4bKs<n> from address SOURCE_ADDR + a. */
function strangerInvite(n: i32, a: i32, now: u32 = 0): i32 {
  fromAddress(a);
  return receive(request("INVITE", "z9hG4bKs" + n.toString()), now, true);
}

/** Strangers at MAX_STRANGERS distinct addresses, each holding one slot. */
function fillStrangers(): void {
  for (let i = 0; i < MAX_STRANGERS; i++) strangerInvite(i, i);
}

/** The station's own business (requests in its dialogs) holding every other slot. */
function fillRest(from: i32): void {
  for (let i = from; i < MAX_TRANSACTIONS; i++) receive(request("INFO", "z9hG4bKd" + i.toString(), "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 0);
}

/** A request whose top Via carries a parameter of `size` octets. */
function withLongVia(method: string, size: i32): string {
  return request(method, "z9hG4bKlong", "192.0.2.10:5070;x=" + "a".repeat(size));
}

describe("the strangers' pool (table.ts)", () => {
  beforeEach(fresh);

  it("one source address holds at most MAX_PER_STRANGER slots, whatever its ports", () => {
    for (let i = 0; i < MAX_PER_STRANGER; i++) {
      setPeerIPv4(RX_PEER, SOURCE_ADDR, 6000 + <u32>i);
      expect(receive(request("INVITE", "z9hG4bKp" + i.toString()), 0, true)).toBeGreaterThanOrEqual(0);
    }
    setPeerIPv4(RX_PEER, SOURCE_ADDR, 7000);
    expect(receive(request("INVITE", "z9hG4bKpx"), 0, true)).toBe(ABSORBED);
    expect(startLine(sent(0))).toBe("SIP/2.0 503 Service Unavailable");
  });

  it("strangers together hold at most MAX_STRANGERS slots", () => {
    fillStrangers();
    expect(strangerInvite(99, 99)).toBe(ABSORBED);
    expect(startLine(sent(0))).toBe("SIP/2.0 503 Service Unavailable");
    expect(activeCount()).toBe(MAX_STRANGERS);
  });

  it("the station's own business still gets a slot while strangers hold their whole pool", () => {
    fillStrangers();
    expect(receive(request("INFO", "z9hG4bKin1", "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 10)).toBeGreaterThanOrEqual(0);
  });

  it("a stranger refused with a final response holds no slot: the answer is its last word (§8.2.7)", () => {
    const slot = strangerInvite(1, 1);
    expect(respond(request("INVITE", "z9hG4bKs1"), slot, 403, 10)).toBeTruthy();
    expect(startLine(sent(0))).toBe("SIP/2.0 403 Forbidden");
    expect(activeCount()).toBe(0);
  });

  it("a stranger's non-INVITE answered 2xx stays in the pool (anyone may send one)", () => {
    fromAddress(1);
    const slot = receive(request("MESSAGE", "z9hG4bKm1"), 0, true);
    respond(request("MESSAGE", "z9hG4bKm1"), slot, 200, 10);
    expect(strangerCount()).toBe(1);
  });

  it("a stranger's transaction that only waits out Timer J gives its slot to the next stranger of a full pool", () => {
    for (let i = 0; i < MAX_STRANGERS; i++) {
      fromAddress(i);
      const slot = receive(request("MESSAGE", "z9hG4bKm" + i.toString()), 0, true);
      respond(request("MESSAGE", "z9hG4bKm" + i.toString()), slot, 200, 10);
    }
    expect(strangerInvite(99, 99, 20)).toBeGreaterThanOrEqual(0);
    expect(strangerCount()).toBe(MAX_STRANGERS);
  });

  it("an address at its limit reuses its own slots that only wait out Timer J, never another's", () => {
    fromAddress(1);
    for (let i = 0; i < MAX_PER_STRANGER; i++) {
      const slot = receive(request("MESSAGE", "z9hG4bKq" + i.toString()), 0, true);
      respond(request("MESSAGE", "z9hG4bKq" + i.toString()), slot, 200, 10);
    }
    fromAddress(2);
    const other = receive(request("MESSAGE", "z9hG4bKo"), 0, true);
    respond(request("MESSAGE", "z9hG4bKo"), other, 200, 10);
    const got = strangerInvite(50, 1, 20);
    expect(got).toBeGreaterThanOrEqual(0);
    expect(got).not.toBe(other);
    expect(strangerCount()).toBe(MAX_PER_STRANGER + 1);
  });

  it("a stranger's INVITE the TU accepts with a 2xx (a call it took) leaves the pool", () => {
    const slot = strangerInvite(1, 1);
    respond(request("INVITE", "z9hG4bKs1"), slot, 200, 10);
    expect(activeCount()).toBe(1);
    expect(strangerCount()).toBe(0);
  });
});

describe("a full table (§21.5.4)", () => {
  beforeEach(fresh);

  it("when every slot holds a live transaction, the next request gets a 503 with Retry-After, sent statelessly", () => {
    fillStrangers();
    fillRest(MAX_STRANGERS);
    expect(activeCount()).toBe(MAX_TRANSACTIONS);
    expect(receive(request("INFO", "z9hG4bKlast", "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 10)).toBe(ABSORBED);
    expect(outboxCount()).toBe(1);
    expect(startLine(sent(0))).toBe("SIP/2.0 503 Service Unavailable");
    expect(header(sent(0), "Retry-After")).not.toBe("<absent>");
    expect(activeCount()).toBe(MAX_TRANSACTIONS);
  });

  it("the refused request keeps no state: its retransmission gets the 503 again", () => {
    fillStrangers();
    fillRest(MAX_STRANGERS);
    receive(request("INFO", "z9hG4bKlast", "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 10);
    expect(receive(request("INFO", "z9hG4bKlast", "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 500)).toBe(ABSORBED);
    expect(startLine(sent(0))).toBe("SIP/2.0 503 Service Unavailable");
  });

  it("no existing transaction is disturbed: each answers its own retransmission with its 100", () => {
    fillStrangers();
    strangerInvite(99, 99);
    for (let i = 0; i < MAX_STRANGERS; i++) {
      expect(strangerInvite(i, i, 20)).toBe(ABSORBED);
      expect(outboxCount()).toBe(1);
      expect(startLine(sent(0))).toBe("SIP/2.0 100 Trying");
    }
  });

  it("a completed non-INVITE transaction (only waiting out Timer J) gives its slot to a new request of the station's", () => {
    fillStrangers();
    fillRest(MAX_STRANGERS);
    respond(request("INFO", "z9hG4bKd10", "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 10, 200, 5);
    const slot = receive(request("INFO", "z9hG4bKnew", "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 10);
    expect(slot).toBe(10);
    expect(activeCount()).toBe(MAX_TRANSACTIONS);
  });

  it("a stranger never takes a completed transaction's slot", () => {
    fillRest(MAX_STRANGERS);
    for (let i = 0; i < MAX_STRANGERS; i++) receive(request("INFO", "z9hG4bKe" + i.toString(), "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 0);
    respond(request("INFO", "z9hG4bKe0", "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 0, 200, 5);
    expect(strangerInvite(1, 1, 10)).toBe(ABSORBED);
  });
});

describe("every request ends (the TU's deadlines)", () => {
  beforeEach(fresh);

  it("a non-INVITE the TU never answers frees its slot 64*T1 after it came, counted as dropped", () => {
    const before = droppedRequests();
    receive(request("INFO", "z9hG4bKq", "192.0.2.10:5070", RURI_IN_DIALOG, "t1"), 0);
    tickAt(31999);
    expect(activeCount()).toBe(1);
    tickAt(32000);
    expect(activeCount()).toBe(0);
    expect(droppedRequests()).toBe(before + 1);
  });

  it("an INVITE the TU never answers is reported EV_UNANSWERED to its handler at INVITE_TU_LIMIT_MS", () => {
    const slot = receive(request("INVITE", "z9hG4bKr"), 0);
    setHandler(slot, 1, 2);
    tickAt(INVITE_TU_LIMIT_MS - 1);
    expect(eventCount()).toBe(0);
    tickAt(INVITE_TU_LIMIT_MS);
    expect(eventCount()).toBe(1);
    expect(eventKind(0)).toBe(EV_UNANSWERED);
    expect(eventHandler(0)).toBe(1);
    expect(eventArg(0)).toBe(2);
  });

  it("an unanswered INVITE whose TU does nothing about EV_UNANSWERED frees its slot 64*T1 later", () => {
    const slot = receive(request("INVITE", "z9hG4bKr"), 0);
    setHandler(slot, 1, 2);
    tickAt(INVITE_TU_LIMIT_MS);
    tickAt(INVITE_TU_LIMIT_MS + 32000);
    expect(activeCount()).toBe(0);
  });

  it("an INVITE nobody handles frees its slot at INVITE_TU_LIMIT_MS", () => {
    receive(request("INVITE", "z9hG4bKr"), 0);
    tickAt(INVITE_TU_LIMIT_MS);
    expect(activeCount()).toBe(0);
  });
});

describe("requests that cannot be answered (§18.2.2, §21.5.7)", () => {
  beforeEach(fresh);

  it("a Via with port 0 and no rport is dropped and counted, holding no slot", () => {
    const before = droppedRequests();
    expect(receive(request("MESSAGE", "z9hG4bKz", "192.0.2.10:0"), 0)).toBe(ABSORBED);
    expect(outboxCount()).toBe(0);
    expect(activeCount()).toBe(0);
    expect(droppedRequests()).toBe(before + 1);
  });

  it("a Via with port 0 and rport is answered at the source port (RFC 3581 §4)", () => {
    expect(receive(request("MESSAGE", "z9hG4bKz", "192.0.2.10:0;rport"), 0)).toBeGreaterThanOrEqual(0);
  });

  it("a request whose response would not leave room for a UA's headers gets 513, statelessly", () => {
    expect(receive(withLongVia("MESSAGE", TX_CAPACITY - 600), 0)).toBe(ABSORBED);
    expect(outboxCount()).toBe(1);
    expect(startLine(sent(0))).toBe("SIP/2.0 513 Message Too Large");
    expect(activeCount()).toBe(0);
  });

  it("a request whose response cannot be built at all is dropped and counted", () => {
    const before = droppedRequests();
    expect(receive(withLongVia("MESSAGE", TX_CAPACITY + 200), 0)).toBe(ABSORBED);
    expect(outboxCount()).toBe(0);
    expect(activeCount()).toBe(0);
    expect(droppedRequests()).toBe(before + 1);
  });

  it("a response the TU could not fit (length -1) goes out in its smallest form with the same final code", () => {
    const req = request("MESSAGE", "z9hG4bKm");
    const slot = receive(req, 0);
    expect(serverRespondNow(slot, 486, -1, 10)).toBeTruthy();
    expect(startLine(sent(0))).toBe("SIP/2.0 486 Busy Here");
    expect(sentPort(0)).toBe(5070);
  });

  it("a 2xx the TU could not fit becomes a 500 (the 2xx needs what did not fit)", () => {
    const slot = receive(request("MESSAGE", "z9hG4bKm"), 0);
    serverRespondNow(slot, 200, -1, 10);
    expect(startLine(sent(0))).toBe("SIP/2.0 500 Server Internal Error");
  });
});
