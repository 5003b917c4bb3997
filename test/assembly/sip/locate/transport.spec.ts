// The transport a located registrar is reached by (RFC 3263 §4.1): named by
// the configuration (TCP: no NAPTR, SRV of _sip._tcp.NAME, §4.2), or, when
// none is named (UDP, the default), chosen by the NAPTR record of the better
// order and preference among the services the station speaks (SIP+D2U,
// SIP+D2T), the candidates then carrying it.
import { locateReset, locateSet, locateStart, locateWant, locateTransport, locateUseIPv6, TRANSPORT_TCP, TRANSPORT_UDP, TRANSPORT_TLS } from "../../../../assembly/sip/locate/locate";
import { seedRandom } from "../../../../assembly/sip/ua/random";
import { mockReset, queries, ascii, answerBegin, answer, addA, addSrv, addNaptr, candidates } from "./locate-support";

const PBX = "pbx.test";

/** Target 0 is pbx.test without a port, the configuration naming `want`; resolution started at 0. */
function startName(want: u8, port: u32 = 0): void {
  mockReset();
  locateUseIPv6(false);
  locateReset();
  seedRandom(1, 2, 3, 4);
  locateWant(0, want);
  locateSet(0, false, ascii(PBX), PBX.length, port);
  expect(locateStart(0, 0)).toBe(true);
}

/** Answers query `i` with the SRV target k.pbx.test on `port`, then its A query (i + 1) with 192.0.2.60. */
function srvThenA(i: i32, port: u32): void {
  answerBegin();
  addSrv(60, 10, 0, port, "k.pbx.test");
  expect(answer(i)).toBe(-1);
  answerBegin();
  addA(60, 192, 0, 2, 60);
  expect(answer(i + 1)).toBe(0);
}

describe("TCP named by the configuration (§4.1, §4.2)", () => {
  test("a name without a port is asked SRV of _sip._tcp.NAME, without NAPTR", () => {
    startName(TRANSPORT_TCP);
    expect(queries()).toBe("SRV _sip._tcp.pbx.test");
  });
  test("the candidates of that SRV are reached over TCP", () => {
    startName(TRANSPORT_TCP);
    srvThenA(0, 5070);
    expect(candidates(0)).toBe("192.0.2.60:5070");
    expect(locateTransport(0)).toBe(TRANSPORT_TCP);
  });
  test("no SRV record: the name's own address on 5060, over TCP", () => {
    startName(TRANSPORT_TCP);
    expect(answer(0, 0, 1)).toBe(-1);
    expect(queries()).toBe("SRV _sip._tcp.pbx.test,A pbx.test");
    answerBegin();
    addA(60, 192, 0, 2, 61);
    expect(answer(1)).toBe(0);
    expect(candidates(0)).toBe("192.0.2.61:5060");
    expect(locateTransport(0)).toBe(TRANSPORT_TCP);
  });
  test("a name with a port is still asked A only, and kept on TCP", () => {
    startName(TRANSPORT_TCP, 5080);
    expect(queries()).toBe("A pbx.test");
    expect(locateTransport(0)).toBe(TRANSPORT_TCP);
  });
  test("the configured transport outlasts a new host (locateSet)", () => {
    startName(TRANSPORT_TCP);
    locateSet(0, false, ascii(PBX), PBX.length, 0);
    expect(locateTransport(0)).toBe(TRANSPORT_TCP);
  });
});

describe("no transport named: NAPTR chooses (§4.1)", () => {
  test("a SIP+D2T record of a lower order than SIP+D2U is followed to its SRV", () => {
    startName(TRANSPORT_UDP);
    answerBegin();
    addNaptr(60, 20, 10, "s", "SIP+D2U", "_sip._udp.pbx.test");
    addNaptr(60, 10, 10, "s", "SIP+D2T", "_sip._tcp.pbx.test");
    expect(answer(0)).toBe(-1);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._tcp.pbx.test");
  });
  test("its candidates are reached over TCP", () => {
    startName(TRANSPORT_UDP);
    answerBegin();
    addNaptr(60, 10, 10, "s", "SIP+D2T", "_sip._tcp.pbx.test");
    answer(0);
    srvThenA(1, 5070);
    expect(candidates(0)).toBe("192.0.2.60:5070");
    expect(locateTransport(0)).toBe(TRANSPORT_TCP);
  });
  test("at the same order, the better preference decides: SIP+D2T", () => {
    startName(TRANSPORT_UDP);
    answerBegin();
    addNaptr(60, 10, 20, "s", "SIP+D2U", "_sip._udp.pbx.test");
    addNaptr(60, 10, 5, "s", "sip+d2t", "_sip._tcp.pbx.test");
    answer(0);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._tcp.pbx.test");
    expect(locateTransport(0)).toBe(TRANSPORT_TCP);
  });
  test("a SIP+D2U record of the better order keeps UDP", () => {
    startName(TRANSPORT_UDP);
    answerBegin();
    addNaptr(60, 20, 10, "s", "SIP+D2T", "_sip._tcp.pbx.test");
    addNaptr(60, 10, 10, "s", "SIP+D2U", "_sip._udp.pbx.test");
    answer(0);
    srvThenA(1, 5060);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._udp.pbx.test,A k.pbx.test");
    expect(locateTransport(0)).toBe(TRANSPORT_UDP);
  });
  test("located again, a name whose NAPTR now offers UDP only is reached over UDP again", () => {
    startName(TRANSPORT_UDP);
    answerBegin();
    addNaptr(60, 10, 10, "s", "SIP+D2T", "_sip._tcp.pbx.test");
    answer(0);
    srvThenA(1, 5070);
    expect(locateStart(0, 60000)).toBe(true);
    answerBegin();
    addNaptr(60, 10, 10, "s", "SIP+D2U", "_sip._udp.pbx.test");
    answer(3);
    srvThenA(4, 5060);
    expect(locateTransport(0)).toBe(TRANSPORT_UDP);
  });
  test("no NAPTR record: SRV of _sip._udp.NAME, over UDP", () => {
    startName(TRANSPORT_UDP);
    answer(0, 0, 1);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._udp.pbx.test");
    expect(locateTransport(0)).toBe(TRANSPORT_UDP);
  });
});

describe("the configured transport changed", () => {
  test("a literal's transport follows the configuration at once (no resolution)", () => {
    startName(TRANSPORT_TCP, 5060);
    locateSet(0, true, 0, 0, 5060);
    locateWant(0, TRANSPORT_UDP);
    expect(locateTransport(0)).toBe(TRANSPORT_UDP);
  });
});

describe("TLS named by the configuration (§4.2)", () => {
  test("a name without a port is asked SRV of _sips._tcp.NAME, without NAPTR, its candidates on TLS", () => {
    startName(TRANSPORT_TLS);
    expect(queries()).toBe("SRV _sips._tcp.pbx.test");
    srvThenA(0, 5061);
    expect(candidates(0)).toBe("192.0.2.60:5061");
    expect(locateTransport(0)).toBe(TRANSPORT_TLS);
  });
});
