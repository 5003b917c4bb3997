// The registration's transport with a registrar given by name (assembly/app/
// registration.ts with the locator, RFC 3263 §4.1): the configured TCP asks
// SRV of _sip._tcp.NAME; with no transport configured (udp, the default) a
// NAPTR record of SIP+D2T makes the REGISTER go over a TCP stream, with a
// transport=tcp Contact (RFC 3261 §18, §19.1.4).
import { registrationStart, registrationReset, registrationSettings, registrationResolved } from "../../../../assembly/app/registration";
import { appStreamOpened } from "../../../../assembly/app/stream-entry";
import { appEventsReset } from "../../../../assembly/app/events";
import { outboxCount } from "../../../../assembly/sip/txn/outbox";
import { REG, REG_LEN, useConfig, freshUa, outbox, header } from "../../app/app-support";
import { freshStreams, sentOn, mockOpens, mockLastOpenPort, TCP_REG, TCP_REG_LEN } from "../transport/support";
import { queries, queryId, ascii, answerBegin, addA, addSrv, addNaptr } from "./locate-support";

const PBX = "pbx.test";
const H = 1; // the mock board's first stream handle

/** Configured by `block` (its transport), the registrar then named pbx.test without a port; registering from 0. */
function start(block: usize, len: i32): void {
  expect(useConfig(block, len)).toBe(0);
  freshUa();
  freshStreams();
  registrationReset();
  appEventsReset();
  registrationSettings(false, ascii(PBX), PBX.length, 0, false, 0, 0, 0, 600, 0, 3);
  registrationStart(0);
}

/** Answers query `i` (SRV) with k.pbx.test:5070, then query i + 1 (its A) with 192.0.2.60. */
function srvThenA(i: i32): void {
  answerBegin();
  addSrv(60, 10, 0, 5070, "k.pbx.test");
  registrationResolved(queryId(i), 0, 1, 0);
  answerBegin();
  addA(60, 192, 0, 2, 60);
  registrationResolved(queryId(i + 1), 0, 1, 0);
}

/** Configured for UDP (the default), pbx.test's NAPTR answers SIP+D2T and SIP+D2U of these orders, then SRV and A. */
function locatedByNaptr(d2tOrder: u32, d2uOrder: u32): void {
  start(REG, REG_LEN);
  answerBegin();
  addNaptr(60, d2tOrder, 10, "s", "SIP+D2T", "_sip._tcp.pbx.test");
  addNaptr(60, d2uOrder, 10, "s", "SIP+D2U", "_sip._udp.pbx.test");
  registrationResolved(queryId(0), 0, 2, 0);
  srvThenA(1);
}

describe("a registrar given by name, and its transport", () => {
  test("registrar.transport tcp: SRV of _sip._tcp.NAME first, no NAPTR (§4.1, §4.2)", () => {
    start(TCP_REG, TCP_REG_LEN);
    expect(queries()).toBe("SRV _sip._tcp.pbx.test");
  });
  test("registrar.transport tcp: the REGISTER waits for a stream to the SRV target", () => {
    start(TCP_REG, TCP_REG_LEN);
    srvThenA(0);
    expect(mockOpens()).toBe(1);
    expect(mockLastOpenPort()).toBe(5070);
    expect(outboxCount()).toBe(0);
  });
  test("no transport configured: a SIP+D2T record of the better order sends the REGISTER over TCP", () => {
    locatedByNaptr(10, 20);
    expect(queries()).toBe("NAPTR pbx.test,SRV _sip._tcp.pbx.test,A k.pbx.test");
    expect(mockOpens()).toBe(1);
    expect(outbox()).toBe("");
    appStreamOpened(H, 0, 100);
    const req = sentOn(H);
    expect(req.startsWith("REGISTER sip:example.com SIP/2.0\r\n")).toBeTruthy();
    expect(header(req, "Contact")).toBe("<sip:door@192.0.2.10:5060;transport=tcp>");
  });
  test("no transport configured: a SIP+D2U record of the better order keeps the REGISTER on UDP", () => {
    locatedByNaptr(20, 10);
    expect(mockOpens()).toBe(0);
    expect(outbox()).toBe("REGISTER 192.0.2.60:5070");
  });
});
