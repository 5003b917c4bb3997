// Building messages into TX (writer.ts) and stateless responses to the
// request in RX (response.ts; RFC 3261 §8.2.6, §8.2.7).
import * as W from "../../../assembly/sip/msg/writer";
import { respondStateless } from "../../../assembly/sip/msg/response";
import { ACCEPTED_BODY_TYPES } from "../../../assembly/sip/msg/policy";
import { M_INVITE } from "../../../assembly/sip/msg/methods";
import { TX, TX_CAPACITY } from "../../../assembly/sip/msg/buffers";
import { ascii } from "./scratch";
import { parse, txText, txLines, txValues } from "./rx";

const VIA1 = "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds";
const VIA2 = "SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1, SIP/2.0/TCP edge.example.com;branch=z9hG4bK2";
const VIA3 = "SIP/2.0/UDP last.example.com;branch=z9hG4bK3;received=192.0.2.7";
const TO = "Bob <sip:bob@biloxi.example.com>";
const FROM = "Alice <sip:alice@atlanta.example.com>;tag=1928301774";
const CALL_ID = "a84b4c76e66710@pc33.atlanta.example.com";

/** An INVITE with three Via lines; `to` and `callId` replace the defaults, `extra` adds header lines. */
function invite(to: string = TO, callId: string = CALL_ID, extra: string = "", method: string = "INVITE"): string {
  return method + " sip:bob@biloxi.example.com SIP/2.0\r\nVia: " + VIA1 + "\r\nVia: " + VIA2 + "\r\nVia: " + VIA3 +
    "\r\nMax-Forwards: 70\r\nTo: " + to + "\r\nFrom: " + FROM + "\r\nCall-ID: " + callId + "\r\nCSeq: 314159 " + method +
    "\r\n" + extra + "Content-Length: 0\r\n\r\n";
}

function numberText(n: u32): string {
  W.txReset();
  W.putNumber(n);
  return txText();
}

/** The To tag of the response in TX, or "<none>". */
function responseToTag(): string {
  const to = txValues("To");
  const i = to.indexOf(";tag=");
  return i < 0 ? "<none>" : to.substring(i + 5);
}

describe("writer (bounded writes into TX)", () => {
  it("putNumber writes 0 as \"0\"", () => {
    expect(numberText(0)).toBe("0");
  });

  it("putNumber writes one digit", () => {
    expect(numberText(7)).toBe("7");
  });

  it("putNumber writes a power of ten with its zero", () => {
    expect(numberText(10)).toBe("10");
  });

  it("putNumber writes the largest u32", () => {
    expect(numberText(4294967295)).toBe("4294967295");
  });

  it("putByte past TX_CAPACITY writes nothing beyond the buffer and marks overflow", () => {
    const guard = load<u8>(TX + <usize>TX_CAPACITY);
    const other = <u32>((guard + 1) & 0xff);
    W.txReset();
    for (let i = 0; i < TX_CAPACITY; i++) W.putByte(0x61);
    expect(W.txOverflowed()).toBeFalsy();
    W.putByte(other);
    expect(load<u8>(TX + <usize>TX_CAPACITY)).toBe(guard);
    expect(W.txOverflowed()).toBeTruthy();
  });

  it("putBytes that does not fit writes nothing beyond the buffer and marks overflow", () => {
    const guard = load<u8>(TX + <usize>TX_CAPACITY);
    const src = ascii("xyz");
    store<u8>(src, <u8>((guard + 1) & 0xff));
    W.txReset();
    for (let i = 0; i < TX_CAPACITY - 1; i++) W.putByte(0x61);
    W.putBytes(src, 3);
    expect(load<u8>(TX + <usize>TX_CAPACITY)).toBe(guard);
    expect(W.txOverflowed()).toBeTruthy();
  });

  it("endMessage returns -1 after an overflow instead of a truncated length", () => {
    W.txReset();
    for (let i = 0; i < TX_CAPACITY - 4; i++) W.putByte(0x61);
    expect(W.endMessage(0, 0)).toBe(-1);
  });

  it("endMessage returns the length and ends with Content-Length, the empty line and the body", () => {
    W.txReset();
    const body = ascii("v=0\r\n");
    expect(W.endMessage(body, 5)).toBe(26);
    expect(txText()).toBe("Content-Length: 5\r\n\r\nv=0\r\n");
  });

  it("beginRequest writes a Request-Line: Method SP Request-URI SP SIP-Version CRLF (§7.1)", () => {
    const uri = "sip:bob@biloxi.example.com";
    W.beginRequest(M_INVITE, ascii(uri), uri.length);
    expect(txText()).toBe("INVITE sip:bob@biloxi.example.com SIP/2.0\r\n");
  });
});

describe("respondStateless (§8.2.6)", () => {
  it("writes the Status-Line with the default reason phrase (§7.2)", () => {
    expect(parse(invite())).toBe(0);
    expect(respondStateless(486)).toBeGreaterThan(0);
    expect(txLines()[0]).toBe("SIP/2.0 486 Busy Here");
  });

  it("answers the verdict with its own reason phrase naming the header (§21.4.1)", () => {
    expect(parse(invite(TO, CALL_ID, "Call-ID: second@host\r\n"))).toBe(400);
    respondStateless(400);
    expect(txLines()[0]).toBe("SIP/2.0 400 Multiple Call-ID header fields");
  });

  it("copies every Via value in order (§8.2.6.2)", () => {
    parse(invite());
    respondStateless(486);
    expect(txValues("Via")).toBe(VIA1 + "|" + VIA2 + "|" + VIA3);
  });

  it("copies From, Call-ID and CSeq unchanged (§8.2.6.2)", () => {
    parse(invite());
    respondStateless(486);
    expect(txValues("From")).toBe(FROM);
    expect(txValues("Call-ID")).toBe(CALL_ID);
    expect(txValues("CSeq")).toBe("314159 INVITE");
  });

  it("adds a To tag to a response above 100 when the request's To has none (§8.2.6.2)", () => {
    parse(invite());
    respondStateless(486);
    const to = txValues("To");
    expect(to.startsWith(TO + ";tag=")).toBeTruthy();
    expect(responseToTag().length).toBeGreaterThan(0);
  });

  it("adds no To tag to a 100 (Trying)", () => {
    parse(invite());
    respondStateless(100);
    expect(txValues("To")).toBe(TO);
  });

  it("keeps an existing To tag unchanged and adds none (§8.2.6.2)", () => {
    const to = TO + ";tag=a6c85cf";
    parse(invite(to));
    respondStateless(486);
    expect(txValues("To")).toBe(to);
  });

  it("gives the same request the same tag every time (§8.2.7)", () => {
    parse(invite());
    respondStateless(486);
    const first = responseToTag();
    parse(invite());
    respondStateless(486);
    expect(responseToTag()).toBe(first);
  });

  it("gives a request with another Call-ID another tag (§8.2.7, §19.3)", () => {
    parse(invite());
    respondStateless(486);
    const first = responseToTag();
    parse(invite(TO, "other-call@pc33.atlanta.example.com"));
    respondStateless(486);
    expect(responseToTag()).not.toBe(first);
  });

  it("ends with Content-Length: 0 and the empty line", () => {
    parse(invite());
    const n = respondStateless(486);
    expect(txText().endsWith("\r\nContent-Length: 0\r\n\r\n")).toBeTruthy();
    expect(n).toBe(txText().length);
  });

  it("a 420 lists the unsupported option tags in Unsupported (§8.2.2.3)", () => {
    expect(parse(invite(TO, CALL_ID, "Require: foo, 100rel\r\nRequire: bar\r\n"))).toBe(420);
    respondStateless(420);
    expect(txValues("Unsupported")).toBe("foo, bar");
  });

  it("a 415 lists the accepted body types in Accept (§8.2.3)", () => {
    const body = "Content-Type: application/x-unknown\r\n";
    const msg = invite(TO, CALL_ID, body).replace("Content-Length: 0\r\n\r\n", "Content-Length: 3\r\n\r\nabc");
    expect(parse(msg)).toBe(415);
    respondStateless(415);
    expect(txValues("Accept")).toBe(ACCEPTED_BODY_TYPES);
  });

  it("an ACK gets no response: it is never answered (§17)", () => {
    expect(parse(invite(TO, CALL_ID, "", "ACK"))).toBe(0);
    expect(respondStateless(400)).toBe(-1);
  });

  it("a response gets no response: only requests are answered (§8.2)", () => {
    const msg = "SIP/2.0 180 Ringing\r\nVia: " + VIA1 + "\r\nTo: " + TO + "\r\nFrom: " + FROM +
      "\r\nCall-ID: " + CALL_ID + "\r\nCSeq: 314159 INVITE\r\nContent-Length: 0\r\n\r\n";
    expect(parse(msg)).toBe(0);
    expect(respondStateless(400)).toBe(-1);
  });
});
