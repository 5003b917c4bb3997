// A call whose INVITE came over a stream (RFC 3261 §18.2.2; docs/transports.md:
// "calls reuse the connection of their dialog"): the answer and the station's
// own in-dialog requests go over that connection, here the registrar's
// connection to the station (192.0.2.20:40000, stream 6).
import { engineReceive } from "../../../../assembly/sip/ua/engine";
import { answerIncoming, hangUpIncoming } from "../../../../assembly/sip/ua/uas";
import * as UE from "../../../../assembly/sip/ua/events";
import { outboxCount, outboxStream, outboxReset } from "../../../../assembly/sip/txn/outbox";
import { RX_PEER } from "../../../../assembly/sip/txn/peer";
import { streamAdd, setRxStream, F_OPEN } from "../../../../assembly/sip/transport/streams";
import { loadRx } from "../../msg/rx";
import { isTrustedSource } from "../../../../assembly/sip/txn/sources";
import { DIAL, DIAL_LEN, useConfig, freshUa, from, REGISTRAR_ADDR, sent, startLine, header } from "../../app/app-support";
import { freshStreams } from "./support";

const H = 6;
const INVITE = "INVITE sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.20:5060;branch=z9hG4bKtcp1\r\n" +
  "Max-Forwards: 70\r\nFrom: <sip:flat12@example.com>;tag=f1\r\nTo: <sip:door@example.com>\r\n" +
  "Call-ID: tcp1@192.0.2.20\r\nCSeq: 1 INVITE\r\nContact: <sip:flat12@192.0.2.31;transport=tcp>\r\nContent-Length: 0\r\n\r\n";

/** The message `s` arrives on stream H; the call an INVITE rings as, or -1. */
function arrives(s: string, now: u32): i32 {
  setRxStream(H);
  engineReceive(loadRx(s), now);
  setRxStream(0);
  for (let i = 0; i < UE.uaEventCount(); i++) if (UE.uaEventKind(i) == UE.UA_INCOMING) return UE.uaEventCall(i);
  return -1;
}

/** The entry of the outbox whose start line begins with `start`; -1 if none. */
function entry(start: string): i32 {
  for (let i = 0; i < outboxCount(); i++) if (startLine(sent(i)).startsWith(start)) return i;
  return -1;
}

describe("a call that came over a stream", () => {
  beforeEach(() => {
    expect(useConfig(DIAL, DIAL_LEN)).toBe(0);
    freshUa();
    freshStreams();
    from(REGISTRAR_ADDR, 40000);
    streamAdd(H, RX_PEER, F_OPEN, 0);
  });

  it("is answered on its stream", () => {
    const c = arrives(INVITE, 0);
    outboxReset();
    expect(answerIncoming(c, 100)).toBeTruthy();
    const i = entry("SIP/2.0 200");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(outboxStream(i)).toBe(H);
  });

  it("the station's BYE goes over the same stream, with a TCP Via", () => {
    const c = arrives(INVITE, 0);
    answerIncoming(c, 100);
    const ok = sent(entry("SIP/2.0 200"));
    arrives("ACK sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.20:5060;branch=z9hG4bKtcp2\r\nMax-Forwards: 70\r\n" +
      "From: <sip:flat12@example.com>;tag=f1\r\nTo: " + header(ok, "To") + "\r\nCall-ID: tcp1@192.0.2.20\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n", 200);
    outboxReset();
    hangUpIncoming(c, 300);
    const i = entry("BYE ");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(outboxStream(i)).toBe(H);
    expect(header(sent(i), "Via").startsWith("SIP/2.0/TCP ")).toBeTruthy();
  });
});

describe("the registrar's connections are trusted", () => {
  beforeEach(() => {
    expect(useConfig(DIAL, DIAL_LEN)).toBe(0);
    freshUa();
    freshStreams();
  });
  afterEach(() => setRxStream(0));

  it("a message over a stream from the registrar's address is trusted, whatever the connection's port", () => {
    from(REGISTRAR_ADDR, 40000);
    setRxStream(H);
    expect(isTrustedSource(RX_PEER)).toBeTruthy();
  });

  it("a datagram from the registrar's address at another port is not", () => {
    from(REGISTRAR_ADDR, 40000);
    expect(isTrustedSource(RX_PEER)).toBeFalsy();
  });
});
