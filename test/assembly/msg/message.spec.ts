// parseMessage end to end: a datagram in RX, the verdict, the recorded fields
// and the reason phrase (RFC 3261 §7, §8.1.1, §8.2, §18.3; RFC 4475).
import * as M from "../../../assembly/sip/msg/message";
import { parse, fieldText, reasonText } from "./rx";

const VIA = "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n";
const MAX_FORWARDS = "Max-Forwards: 70\r\n";
const TO = "To: Bob <sip:bob@biloxi.example.com>\r\n";
const FROM = "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n";
const CALL_ID = "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n";
const RURI = "sip:bob@biloxi.example.com";
const SDP = "v=0\r\no=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\n";
const TYPE = "Content-Type: application/sdp\r\n";

/** A request with the mandatory header fields (6 lines), `extra` header lines and `body`. */
function request(method: string, extra: string = "", body: string = "", ruri: string = RURI): string {
  return method + " " + ruri + " SIP/2.0\r\n" + VIA + MAX_FORWARDS + TO + FROM + CALL_ID +
    "CSeq: 314159 " + method + "\r\n" + extra + "\r\n" + body;
}

function response(statusLine: string): string {
  return statusLine + "\r\n" + VIA + TO + FROM + CALL_ID + "CSeq: 314159 INVITE\r\nContent-Length: 0\r\n\r\n";
}

describe("start line (§7.1, §7.2)", () => {
  it("a well-formed request has verdict 0 and records method and Request-URI parts", () => {
    expect(parse(request("OPTIONS", "Content-Length: 0\r\n"))).toBe(0);
    expect(fieldText(M.F_METHOD)).toBe("OPTIONS");
    expect(fieldText(M.F_REQUEST_URI)).toBe(RURI);
    expect(fieldText(M.F_RURI_USER)).toBe("bob");
    expect(fieldText(M.F_RURI_HOST)).toBe("biloxi.example.com");
  });

  it("CRLFs before the start line are skipped (§7.5)", () => {
    expect(parse("\r\n\r\n" + request("OPTIONS"))).toBe(0);
    expect(fieldText(M.F_METHOD)).toBe("OPTIONS");
  });

  it("a datagram of CRLFs only is answered 400", () => {
    expect(parse("\r\n\r\n\r\n")).toBe(400);
  });

  it("an unknown SIP version is answered 505 (§8.2, RFC 4475 §3.1.2.16)", () => {
    expect(parse(request("OPTIONS").replace("SIP/2.0\r\n", "SIP/3.0\r\n"))).toBe(505);
  });

  it("the SIP-Version string is case-insensitive in either start line (§7.1)", () => {
    expect(parse(request("OPTIONS").replace("SIP/2.0\r\n", "sip/2.0\r\n"))).toBe(0);
    expect(parse(response("sip/2.0 180 Ringing"))).toBe(0);
    expect(M.statusCode()).toBe(180);
  });

  it("more than one SP between Request-Line elements is answered 400 (RFC 4475 §3.1.2.9)", () => {
    expect(parse(request("OPTIONS").replace("OPTIONS sip:", "OPTIONS  sip:"))).toBe(400);
  });

  it("a Request-URI with a headers component is answered 400 (§19.1.1, RFC 4475 §3.1.2.11)", () => {
    expect(parse(request("OPTIONS", "", "", RURI + "?Route=%3Csip:example.com%3E"))).toBe(400);
  });

  it("a status line records code and reason phrase", () => {
    expect(parse(response("SIP/2.0 180 Ringing"))).toBe(0);
    expect(M.isRequest()).toBeFalsy();
    expect(M.statusCode()).toBe(180);
    expect(fieldText(M.F_REASON_PHRASE)).toBe("Ringing");
  });

  it("a Status-Code of other than 3 digits is answered 400 (Status-Code = 3DIGIT)", () => {
    expect(parse(response("SIP/2.0 20 OK"))).toBe(400);
    expect(parse(response("SIP/2.0 2000 OK"))).toBe(400);
    expect(parse(response("SIP/2.0 4294967301 better not break the receiver"))).toBe(400);
  });

  it("a Status-Code outside 100..699 is answered 400 (§7.2, RFC 4475 §3.1.2.19)", () => {
    expect(parse(response("SIP/2.0 099 Early"))).toBe(400);
    expect(parse(response("SIP/2.0 700 Late"))).toBe(400);
    expect(parse(response("SIP/2.0 699 Last"))).toBe(0);
  });
});

describe("header fields (§7.3)", () => {
  it("a header line folded onto a continuation line is one value (§7.3.1)", () => {
    const msg = request("OPTIONS").replace(TO, "To: Bob\r\n <sip:bob@biloxi.example.com>\r\n");
    expect(parse(msg)).toBe(0);
    expect(fieldText(M.F_TO_URI)).toBe("sip:bob@biloxi.example.com");
  });

  it("compact forms are equivalent to the long names (§7.3.3)", () => {
    const msg = "OPTIONS " + RURI + " SIP/2.0\r\nv: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKcmp\r\n" +
      "t: <sip:bob@biloxi.example.com>\r\nf: <sip:alice@atlanta.example.com>;tag=88\r\ni: compact@host\r\n" +
      "CSeq: 1 OPTIONS\r\nl: 0\r\n\r\n";
    expect(parse(msg)).toBe(0);
    expect(fieldText(M.F_VIA_BRANCH)).toBe("z9hG4bKcmp");
    expect(fieldText(M.F_CALL_ID)).toBe("compact@host");
    expect(fieldText(M.F_FROM_TAG)).toBe("88");
    expect(M.contentLength()).toBe(0);
  });

  it("header names are case-insensitive (§7.3.1)", () => {
    const msg = request("OPTIONS").replace("Call-ID:", "cALL-iD:").replace("Via:", "VIA:");
    expect(parse(msg)).toBe(0);
    expect(fieldText(M.F_CALL_ID)).toBe("a84b4c76e66710@pc33.atlanta.example.com");
    expect(fieldText(M.F_VIA_BRANCH)).toBe("z9hG4bK776asdhds");
  });

  it("whitespace is allowed before the colon (HCOLON = *( SP / HTAB ) \":\" SWS)", () => {
    expect(parse(request("OPTIONS").replace("Call-ID:", "Call-ID \t:"))).toBe(0);
    expect(fieldText(M.F_CALL_ID)).toBe("a84b4c76e66710@pc33.atlanta.example.com");
  });

  it("the first value of a comma-separated Via is the top Via (§7.3.1, §20.42)", () => {
    const msg = request("OPTIONS").replace(VIA, "Via: SIP/2.0/UDP first.example.com:5070;branch=z9hG4bKfirst, " +
      "SIP/2.0/TCP second.example.com;branch=z9hG4bKsecond\r\n");
    expect(parse(msg)).toBe(0);
    expect(fieldText(M.F_VIA_HOST)).toBe("first.example.com");
    expect(fieldText(M.F_VIA_PORT)).toBe("5070");
    expect(fieldText(M.F_VIA_TRANSPORT)).toBe("UDP");
    expect(fieldText(M.F_VIA_BRANCH)).toBe("z9hG4bKfirst");
  });

  it("of several Via lines the first line holds the top Via (§7.3.1)", () => {
    const msg = request("OPTIONS").replace(VIA, VIA + "Via: SIP/2.0/UDP second.example.com;branch=z9hG4bKsecond\r\n");
    expect(parse(msg)).toBe(0);
    expect(fieldText(M.F_VIA_HOST)).toBe("pc33.atlanta.example.com");
    expect(fieldText(M.F_VIA_BRANCH)).toBe("z9hG4bK776asdhds");
  });

  it("a header line ended by a bare LF is answered 400 (§7: lines end in CRLF)", () => {
    expect(parse(request("OPTIONS").replace(CALL_ID, "Call-ID: a84b4c76e66710\n"))).toBe(400);
  });

  it("a missing mandatory header field is answered 400 naming it (§8.1.1)", () => {
    const lines = [TO, FROM, CALL_ID, "CSeq: 314159 OPTIONS\r\n", VIA];
    const names = ["To", "From", "Call-ID", "CSeq", "Via"];
    for (let i = 0; i < lines.length; i++) {
      expect(parse(request("OPTIONS").replace(lines[i], ""))).toBe(400);
      expect(reasonText()).toBe("Missing " + names[i] + " header field");
    }
  });

  it("a second Call-ID is answered 400 naming it (Call-ID is not a list)", () => {
    expect(parse(request("OPTIONS", "Call-ID: other@host\r\n"))).toBe(400);
    expect(reasonText()).toBe("Multiple Call-ID header fields");
  });

  it("a second From is answered 400 naming it (From is not a list)", () => {
    expect(parse(request("OPTIONS", FROM))).toBe(400);
    expect(reasonText()).toBe("Multiple From header fields");
  });

  it("a malformed value is answered 400 naming the header field (§21.4.1)", () => {
    expect(parse(request("OPTIONS").replace("CSeq: 314159 OPTIONS", "CSeq: 314159OPTIONS"))).toBe(400);
    expect(reasonText()).toBe("Malformed CSeq header field");
  });

  it("a CSeq method other than the request method is answered 400 (§8.1.1.5, RFC 4475 §3.1.2.17)", () => {
    expect(parse(request("OPTIONS").replace("CSeq: 314159 OPTIONS", "CSeq: 314159 INVITE"))).toBe(400);
  });

  it("an unknown method with a mismatching CSeq method is answered 400, not 501 (RFC 4475 §3.1.2.18)", () => {
    expect(parse(request("NEWMETHOD").replace("CSeq: 314159 NEWMETHOD", "CSeq: 314159 INVITE"))).toBe(400);
  });

  it("MAX_HEADERS header lines are accepted", () => {
    let extra = "";
    for (let i = 6; i < M.MAX_HEADERS; i++) extra += "X-Filler: " + i.toString() + "\r\n";
    expect(parse(request("OPTIONS", extra))).toBe(0);
    expect(M.headerCount()).toBe(M.MAX_HEADERS);
  });

  it("more than MAX_HEADERS header lines are answered 513 (§21.5.14)", () => {
    let extra = "";
    for (let i = 6; i <= M.MAX_HEADERS; i++) extra += "X-Filler: " + i.toString() + "\r\n";
    expect(parse(request("OPTIONS", extra))).toBe(513);
  });
});

describe("body framing (§18.3, §20.14)", () => {
  it("a Content-Length larger than the body is answered 400 (RFC 4475 §3.1.2.2)", () => {
    expect(parse(request("INVITE", TYPE + "Content-Length: 9999\r\n", SDP))).toBe(400);
  });

  it("octets after Content-Length are discarded: the body is truncated", () => {
    expect(parse(request("INVITE", TYPE + "Content-Length: 5\r\n", SDP))).toBe(0);
    expect(fieldText(M.F_BODY)).toBe("v=0\r\n");
  });

  it("without Content-Length the body runs to the end of the datagram", () => {
    expect(parse(request("INVITE", TYPE, SDP))).toBe(0);
    expect(fieldText(M.F_BODY)).toBe(SDP);
  });

  it("Content-Length 0 means no body", () => {
    expect(parse(request("OPTIONS", "Content-Length: 0\r\n", "junk"))).toBe(0);
    expect(M.hasField(M.F_BODY)).toBeFalsy();
  });

  it("a negative Content-Length is answered 400 (RFC 4475 §3.1.2.3)", () => {
    expect(parse(request("OPTIONS", "Content-Length: -999\r\n"))).toBe(400);
    expect(reasonText()).toBe("Malformed Content-Length header field");
  });
});

describe("UA checks of a request (§8.2)", () => {
  it("a tel: Request-URI is answered 416 (§8.2.2.1)", () => {
    expect(parse(request("INVITE", "", "", "tel:+1-201-555-0123"))).toBe(416);
  });

  it("Require: 100rel is accepted (RFC 3262)", () => {
    expect(parse(request("INVITE", "Require: 100rel\r\n"))).toBe(0);
  });

  it("an unknown option tag in Require is answered 420 (§8.2.2.3)", () => {
    expect(parse(request("INVITE", "Require: 100rel, foo\r\n"))).toBe(420);
  });

  it("an unknown option tag in Require of an ACK is not answered 420 (§8.2.2.3)", () => {
    expect(parse(request("ACK", "Require: foo\r\n"))).toBe(0);
  });

  it("an unknown option tag in Require of a CANCEL is not answered 420 (§8.2.2.3)", () => {
    expect(parse(request("CANCEL", "Require: foo\r\n"))).toBe(0);
  });

  it("a body without Content-Type is answered 400 (§20.15)", () => {
    expect(parse(request("INVITE", "Content-Length: 3\r\n", "v=0"))).toBe(400);
    expect(reasonText()).toBe("Missing Content-Type header field");
  });

  it("a body of a type the UA does not understand is answered 415 (§8.2.3)", () => {
    expect(parse(request("INVITE", "Content-Type: application/x-unknown\r\nContent-Length: 3\r\n", "abc"))).toBe(415);
  });

  it("an INVITE whose Accept rules out SDP is answered 406 (§21.4.7)", () => {
    expect(parse(request("INVITE", "Accept: text/plain\r\n"))).toBe(406);
  });

  it("an INVITE whose Accept admits SDP is accepted", () => {
    expect(parse(request("INVITE", "Accept: text/plain, application/sdp\r\n"))).toBe(0);
  });
});
