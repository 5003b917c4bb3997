// The locator (assembly/sip/locate/locate.ts) as RFC 3263 §4 orders it:
// what it asks the board's resolver for a literal, a name with a port and a
// name without, the candidates it makes of the answers and their order, the
// failover from one to the next (§4.3), how long answers are kept, and
// answers it cannot use.
import { locateReset, locateSet, locateLiteral, locateStart, locateStale, locateNext, locateUseIPv6, locateCount, locatePeer, TTL_MAX_S, MAX_CANDIDATES } from "../../../../assembly/sip/locate/locate";
import { seedRandom } from "../../../../assembly/sip/ua/random";
import { locateAnswer } from "../../../../assembly/sip/locate/locate";
import { wholeRecords, TYPE_NAPTR, TYPE_SRV, TYPE_A } from "../../../../assembly/sip/locate/records";
import { RX, RX_CAPACITY } from "../../../../assembly/sip/msg/buffers";
import { setPeerIPv4 } from "../../../../assembly/sip/txn/peer";
import { mockReset, mockSetResolver, queries, queryCount, queryId, ascii, answerBegin, answer, addA, addAAAA, addSrv, addNaptr, candidates, peerText } from "./locate-support";

const PBX = "pbx.test";

function fresh(v6: bool = false): void {
  mockReset();
  locateUseIPv6(v6);
  locateReset();
  seedRandom(1, 2, 3, 4);
}

/** Target 0 is the name pbx.test with `port` (0: none), resolution started at 0. */
function startName(port: u32 = 0): void {
  locateSet(0, false, ascii(PBX), PBX.length, port);
  expect(locateStart(0, 0)).toBe(true);
}

describe("an IPv4 literal (§4.2)", () => {
  test("is used as it is: no query, the address on 5060 when no port is given", () => {
    fresh();
    setPeerIPv4(locateLiteral(0), 0xc0000214, 0);
    locateSet(0, true, 0, 0, 0);
    expect(locateStale(0, 0)).toBe(false);
    expect(queryCount()).toBe(0);
    expect(candidates(0)).toBe("192.0.2.20:5060");
  });
  test("keeps its configured port", () => {
    fresh();
    setPeerIPv4(locateLiteral(1), 0xc0000215, 0);
    locateSet(1, true, 0, 0, 5062);
    expect(candidates(1)).toBe("192.0.2.21:5062");
  });
});

describe("a name with a port (§4.2)", () => {
  test("asks A only, and each address is a candidate on that port", () => {
    fresh();
    startName(5070);
    expect(queries()).toBe("A pbx.test");
    answerBegin();
    addA(60, 192, 0, 2, 30);
    addA(60, 192, 0, 2, 31);
    expect(answer(0)).toBe(0);
    expect(candidates(0)).toBe("192.0.2.30:5070,192.0.2.31:5070");
  });
  test("asks AAAA before A when the station has an IPv6 address", () => {
    fresh(true);
    startName(5070);
    expect(queries()).toBe("AAAA pbx.test,A pbx.test");
  });
  test("with IPv6, the resolution ends once both families answered", () => {
    fresh(true);
    startName(5070);
    answerBegin();
    addAAAA(60, 0x30);
    expect(answer(0)).toBe(-1);
    answerBegin();
    addA(60, 192, 0, 2, 30);
    expect(answer(1)).toBe(0);
    expect(candidates(0)).toBe("[2001:db8::30]:5070,192.0.2.30:5070");
  });
});

describe("a name without a port (§4.1)", () => {
  test("asks NAPTR first", () => {
    fresh();
    startName();
    expect(queries()).toBe("NAPTR pbx.test");
  });
  test("follows the SIP+D2U record with the lowest order, then preference, to its SRV", () => {
    fresh();
    startName();
    answerBegin();
    addNaptr(60, 20, 10, "s", "SIP+D2U", "_sip._udp.late.test");
    addNaptr(60, 10, 20, "s", "SIP+D2U", "_sip._udp.second.test");
    addNaptr(60, 10, 10, "S", "sip+d2u", "_sip._udp.first.test");
    expect(answer(0)).toBe(-1);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._udp.first.test");
  });
  test("skips services the station does not speak (TLS: SIPS+D2T)", () => {
    fresh();
    startName();
    answerBegin();
    addNaptr(60, 10, 10, "s", "SIPS+D2T", "_sips._tcp.pbx.test");
    addNaptr(60, 20, 10, "s", "SIP+D2U", "_sip._udp.pbx.test");
    answer(0);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._udp.pbx.test");
  });
  test("asks SRV _sip._udp.NAME when NAPTR has no record", () => {
    fresh();
    startName();
    answerBegin();
    expect(answer(0, 0, 1)).toBe(-1);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._udp.pbx.test");
  });
  test("asks the addresses of the SRV targets, and orders the candidates by priority whatever order the answers come in", () => {
    fresh();
    startName();
    answer(0, 0, 1);
    answerBegin();
    addSrv(60, 20, 0, 5080, "b.pbx.test");
    addSrv(60, 10, 0, 5070, "a.pbx.test");
    expect(answer(1)).toBe(-1);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._udp.pbx.test,A a.pbx.test,A b.pbx.test");
    answerBegin();
    addA(60, 192, 0, 2, 41);
    expect(answer(3)).toBe(-1);
    answerBegin();
    addA(60, 192, 0, 2, 40);
    expect(answer(2)).toBe(0);
    expect(candidates(0)).toBe("192.0.2.40:5070,192.0.2.41:5080");
  });
  test("asks A of the name itself on 5060 when there is no SRV record (§4.2)", () => {
    fresh();
    startName();
    answer(0, 0, 1);
    answer(1, 0, 1);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._udp.pbx.test,A pbx.test");
    answerBegin();
    addA(60, 192, 0, 2, 50);
    expect(answer(2)).toBe(0);
    expect(candidates(0)).toBe("192.0.2.50:5060");
  });
  test("a target of \".\" offers no service there (RFC 2782): no candidate", () => {
    fresh();
    startName();
    answer(0, 0, 1);
    answerBegin();
    addSrv(60, 10, 0, 5060, "");
    expect(answer(1)).toBe(0);
    expect(locateCount(0)).toBe(0);
  });
  test("a resolver that fails ends the resolution without a candidate", () => {
    fresh();
    startName(5060);
    expect(answer(0, 0, 2)).toBe(0);
    expect(locateCount(0)).toBe(0);
    expect(locatePeer(0)).toBe(0);
  });
});

describe("failover (§4.3)", () => {
  test("moves to the next candidate, and after the last one back to the first", () => {
    fresh();
    startName(5060);
    answerBegin();
    addA(60, 192, 0, 2, 30);
    addA(60, 192, 0, 2, 31);
    answer(0);
    expect(peerText(locatePeer(0))).toBe("192.0.2.30:5060");
    expect(locateNext(0)).toBe(true);
    expect(peerText(locatePeer(0))).toBe("192.0.2.31:5060");
    expect(locateNext(0)).toBe(false);
    expect(peerText(locatePeer(0))).toBe("192.0.2.30:5060");
  });
});

describe("answers kept for their TTL", () => {
  test("the smallest TTL of the answers used decides when the name is asked again", () => {
    fresh();
    startName();
    answer(0, 0, 1);
    answerBegin();
    addSrv(300, 10, 0, 5060, "a.pbx.test");
    answer(1);
    answerBegin();
    addA(120, 192, 0, 2, 40);
    answer(2, 1000);
    expect(locateStale(0, 1000 + 119999)).toBe(false);
    expect(locateStale(0, 1000 + 120000)).toBe(true);
  });
  test("at most an hour", () => {
    fresh();
    startName(5060);
    answerBegin();
    addA(86400, 192, 0, 2, 40);
    answer(0);
    expect(locateStale(0, TTL_MAX_S * 1000 - 1)).toBe(false);
    expect(locateStale(0, TTL_MAX_S * 1000)).toBe(true);
  });
});

describe("answers it cannot use", () => {
  test("an answer to a query not on its way is ignored", () => {
    fresh();
    startName(5060);
    answerBegin();
    addA(60, 192, 0, 2, 40);
    expect(answer(0)).toBe(0);
    answerBegin();
    addA(60, 192, 0, 2, 99);
    expect(answer(0)).toBe(-1);
    expect(candidates(0)).toBe("192.0.2.40:5060");
  });
  test("records whose lengths run past the receive buffer are dropped, never read past it", () => {
    fresh();
    startName();
    memory.fill(RX, 0xff, <usize>RX_CAPACITY); // every length 255, a count far past what the buffer holds
    expect(locateAnswer(queryId(0), 0, 255, 0)).toBe(-1);
    expect(wholeRecords(TYPE_NAPTR, 255)).toBe(RX_CAPACITY / (8 + 3 * 256));
    // No NAPTR usable (flags of 255 octets): SRV next.
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._udp.pbx.test");
    memory.fill(RX, 0xff, <usize>RX_CAPACITY);
    expect(locateAnswer(queryId(1), 0, 255, 0)).toBe(-1);
    expect(wholeRecords(TYPE_SRV, 255)).toBe(RX_CAPACITY / (11 + 255));
  });
  test("an address answer counting more records than the buffer holds fills the candidates from the whole ones", () => {
    fresh();
    startName(5060);
    memory.fill(RX, 7, <usize>RX_CAPACITY);
    expect(wholeRecords(TYPE_A, 1000)).toBe(RX_CAPACITY / 20);
    expect(locateAnswer(queryId(0), 0, 1000, 0)).toBe(0);
    expect(locateCount(0)).toBe(MAX_CANDIDATES);
  });
  test("a board without a resolver: the resolution cannot start", () => {
    fresh();
    mockSetResolver(0);
    locateSet(0, false, ascii(PBX), PBX.length, 0);
    expect(locateStart(0, 0)).toBe(false);
  });
});
