// Single-purpose header values (RFC 3261 §20, §25.1; RFC 3262 §7.2).
import * as V from "../../../assembly/sip/msg/values";
import { ascii } from "./scratch";
import { text } from "./rx";
import { decimal, NOT_A_NUMBER } from "../../../assembly/sip/msg/scan";

// Each helper checks s with one validator, as the header parser passes it a trimmed value.
// Results are what each returns; the text of a reported range is read from the scratch copy of s.
function number(s: string): i64 { const p = ascii(s); return decimal(p, p + <usize>s.length); }
function num(s: string): bool { return number(s) != NOT_A_NUMBER; }
function callId(s: string): bool { const p = ascii(s); return V.isCallId(p, p + <usize>s.length); }
/** The CSeq method, or "<invalid>". */
function cseqMethod(s: string): string {
  const p = ascii(s), end = p + <usize>s.length;
  const m = V.scanCSeq(p, end);
  return m == 0 ? "<invalid>" : text(m, end);
}
function cseq(s: string): bool { return cseqMethod(s) != "<invalid>"; }
function rack(s: string): bool { const p = ascii(s); return V.isRAck(p, p + <usize>s.length); }
function tokens(s: string, allowEmpty: bool, withParams: bool): bool {
  const p = ascii(s);
  return V.isTokenList(p, p + <usize>s.length, allowEmpty, withParams);
}
/** The type/subtype of a Content-Type value, or "<invalid>". */
function contentTypeRange(s: string): string {
  const p = ascii(s);
  const e = V.scanContentType(p, p + <usize>s.length);
  return e == 0 ? "<invalid>" : text(p, e);
}
function contentType(s: string): bool { return contentTypeRange(s) != "<invalid>"; }
/** checkAccept with the SDP ranges compared: ACCEPT_VALID, plus ACCEPT_SDP when one admits SDP. */
function acceptFlags(s: string): i32 { const p = ascii(s); return V.checkAccept(p, p + <usize>s.length, true); }
function accept(s: string): bool { return (acceptFlags(s) & V.ACCEPT_VALID) != 0; }
function admitsSdp(s: string): bool { return (acceptFlags(s) & V.ACCEPT_SDP) != 0; }
function auth(s: string): bool { const p = ascii(s); return V.isAuthHeader(p, p + <usize>s.length); }
function date(s: string): bool { const p = ascii(s); return V.isDate(p, p + <usize>s.length); }
function retrySeconds(s: string): i64 { const p = ascii(s); return V.retryAfter(p, p + <usize>s.length); }
function retryAfter(s: string): bool { return retrySeconds(s) != NOT_A_NUMBER; }

describe("decimal: 1*DIGIT", () => {
  it("accepts digits and reports the value", () => {
    expect(num("0")).toBeTruthy();
    expect(number("3600")).toBe(3600);
  });

  it("rejects an empty value, signs, spaces and trailing letters", () => {
    expect(num("")).toBeFalsy();
    expect(num("-999")).toBeFalsy();
    expect(num(" 12")).toBeFalsy();
    expect(num("12a")).toBeFalsy();
  });
});

describe("Call-ID: callid = word [ \"@\" word ] (§20.8, §25.1)", () => {
  it("accepts word \"@\" word", () => {
    expect(callId("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com")).toBeTruthy();
  });

  it("accepts a single word", () => {
    expect(callId("a84b4c76e66710")).toBeTruthy();
  });

  it("accepts every punctuation character of word", () => {
    expect(callId("-.!%*_+`'~()<>:\\\"/[]?{}@x")).toBeTruthy();
  });

  it("rejects an empty word on either side of \"@\"", () => {
    expect(callId("")).toBeFalsy();
    expect(callId("@foo.bar.com")).toBeFalsy();
    expect(callId("a84b4c76e66710@")).toBeFalsy();
  });

  it("rejects a second \"@\"", () => {
    expect(callId("a@b@c")).toBeFalsy();
  });

  it("rejects LWS and characters outside word", () => {
    expect(callId("a84b 4c76")).toBeFalsy();
    expect(callId("a84b;4c76")).toBeFalsy();
  });
});

describe("CSeq = 1*DIGIT LWS Method (§20.16, §8.1.1.5)", () => {
  it("accepts a number and a method, and reports both", () => {
    expect(cseqMethod("4711 INVITE")).toBe("INVITE");
    expect(number("4711")).toBe(4711);
  });

  it("accepts 2**31-1", () => {
    expect(cseq("2147483647 ACK")).toBeTruthy();
  });

  it("rejects 2**31 (the number must be less than 2**31)", () => {
    expect(cseq("2147483648 ACK")).toBeFalsy();
  });

  it("requires LWS between number and method", () => {
    expect(cseq("4711INVITE")).toBeFalsy();
  });

  it("accepts LWS of several spaces or a folded line", () => {
    expect(cseq("4711   INVITE")).toBeTruthy();
    expect(cseq("4711\r\n INVITE")).toBeTruthy();
  });

  it("the method is a token: extension methods pass, non-token characters fail", () => {
    expect(cseq("1 NEWMETHOD")).toBeTruthy();
    expect(cseq("1 INV@TE")).toBeFalsy();
    expect(cseq("1 INV ITE")).toBeFalsy();
  });

  it("rejects a missing number or method", () => {
    expect(cseq("INVITE")).toBeFalsy();
    expect(cseq("4711 ")).toBeFalsy();
    expect(cseq("-1 INVITE")).toBeFalsy();
  });
});

describe("RAck = response-num LWS CSeq-num LWS Method (RFC 3262 §7.2)", () => {
  it("accepts three parts", () => {
    expect(rack("776656 1 INVITE")).toBeTruthy();
  });

  it("rejects a missing part", () => {
    expect(rack("776656 1")).toBeFalsy();
    expect(rack("776656 INVITE")).toBeFalsy();
  });

  it("requires LWS between the parts", () => {
    expect(rack("776656 1INVITE")).toBeFalsy();
  });
});

describe("token lists: option-tag *(COMMA option-tag) (Require, Supported, Allow ...)", () => {
  it("accepts tokens separated by commas with LWS", () => {
    expect(tokens("100rel, timer ,replaces", false, false)).toBeTruthy();
  });

  it("an empty value is valid where the ABNF allows it (Allow, Supported)", () => {
    expect(tokens("", true, false)).toBeTruthy();
  });

  it("an empty value is invalid where the ABNF requires a tag (Require)", () => {
    expect(tokens("", false, false)).toBeFalsy();
  });

  it("rejects empty elements and a trailing comma", () => {
    expect(tokens("100rel,,timer", true, false)).toBeFalsy();
    expect(tokens("100rel,", true, false)).toBeFalsy();
  });

  it("rejects tokens not separated by a comma", () => {
    expect(tokens("100rel timer", true, false)).toBeFalsy();
  });

  it("accepts parameters only where the header has them (Accept-Encoding)", () => {
    expect(tokens("gzip;q=0.5, identity", true, true)).toBeTruthy();
    expect(tokens("gzip;q=0.5", true, false)).toBeFalsy();
  });
});

describe("Content-Type: media-type = m-type SLASH m-subtype *(SEMI m-parameter) (§20.15)", () => {
  it("accepts type/subtype and reports it without parameters", () => {
    expect(contentTypeRange("application/sdp;charset=ISO-10646")).toBe("application/sdp");
  });

  it("accepts SWS around the slash (SLASH = SWS \"/\" SWS)", () => {
    expect(contentType("application / sdp")).toBeTruthy();
  });

  it("accepts a quoted parameter value", () => {
    expect(contentType("multipart/mixed;boundary=\"unique boundary 1\"")).toBeTruthy();
  });

  it("rejects a type without subtype", () => {
    expect(contentType("application")).toBeFalsy();
    expect(contentType("application/")).toBeFalsy();
  });

  it("a media-type parameter needs a value (m-parameter = m-attribute EQUAL m-value)", () => {
    expect(contentType("text/plain;charset")).toBeFalsy();
  });

  it("scanMediaRange stops at the end of m-subtype, before a comma that ends a media-range", () => {
    const s = "application/sdp, text/plain";
    const p = ascii(s);
    expect(<i32>(V.scanMediaRange(p, p + <usize>s.length) - p)).toBe(15);
  });
});

describe("Accept = [ accept-range *(COMMA accept-range) ] (§20.1)", () => {
  it("application/sdp admits SDP", () => {
    expect(acceptFlags("application/sdp")).toBe(V.ACCEPT_VALID | V.ACCEPT_SDP);
  });

  it("application/* admits SDP", () => {
    expect(acceptFlags("application/*")).toBe(V.ACCEPT_VALID | V.ACCEPT_SDP);
  });

  it("*/* admits SDP", () => {
    expect(acceptFlags("*/*")).toBe(V.ACCEPT_VALID | V.ACCEPT_SDP);
  });

  it("text/plain alone does not admit SDP", () => {
    expect(acceptFlags("text/plain")).toBe(V.ACCEPT_VALID);
  });

  it("SDP anywhere in the list, with accept-params, admits SDP", () => {
    expect(acceptFlags("text/plain;q=1, application/sdp;q=0.5")).toBe(V.ACCEPT_VALID | V.ACCEPT_SDP);
  });

  it("an empty Accept is valid and admits nothing", () => {
    expect(acceptFlags("")).toBe(V.ACCEPT_VALID);
  });

  it("rejects an empty element and a trailing comma", () => {
    expect(accept("application/sdp,,text/plain")).toBeFalsy();
    expect(accept("application/sdp, ")).toBeFalsy();
  });

  it("validation alone (the header check) does not compare the ranges: ACCEPT_SDP is left out", () => {
    const s = "application/sdp";
    const p = ascii(s);
    expect(V.checkAccept(p, p + <usize>s.length, false)).toBe(V.ACCEPT_VALID);
  });

  it("\"*/html\" is no range that admits SDP: only \"*/*\" and \"type/*\" are ranges (§20.1, RFC 2616 §14.1)", () => {
    expect(admitsSdp("*/html")).toBeFalsy();
  });
});

describe("challenge / credentials = auth-scheme LWS auth-param *(COMMA auth-param) (§25.1)", () => {
  it("accepts a Digest challenge with quoted and token parameters", () => {
    expect(auth("Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com\", qop=\"auth\", " +
      "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5")).toBeTruthy();
  });

  it("accepts Digest credentials", () => {
    expect(auth("Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", " +
      "uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", " +
      "response=\"6629fae49393a05397450978507c4ef1\"")).toBeTruthy();
  });

  it("requires LWS after the scheme", () => {
    expect(auth("Digest,realm=\"atlanta.com\"")).toBeFalsy();
    expect(auth("Digest\"atlanta.com\"")).toBeFalsy();
  });

  it("requires at least one auth-param", () => {
    expect(auth("Digest")).toBeFalsy();
    expect(auth("Digest ")).toBeFalsy();
  });

  it("rejects an auth-param without \"=\"", () => {
    expect(auth("Digest realm")).toBeFalsy();
    expect(auth("Digest realm=\"atlanta.com\", stale")).toBeFalsy();
  });

  it("rejects an unterminated quoted value", () => {
    expect(auth("Digest realm=\"atlanta.com")).toBeFalsy();
  });
});

describe("Date = rfc1123-date: wkday \",\" SP date1 SP time SP \"GMT\" (§20.17)", () => {
  it("accepts an RFC 1123 date in GMT", () => {
    expect(date("Sat, 13 Nov 2010 23:29:00 GMT")).toBeTruthy();
  });

  it("rejects a time zone other than GMT (RFC 4475 §3.1.2.12)", () => {
    expect(date("Fri, 01 Jan 2010 16:00:00 EST")).toBeFalsy();
  });

  it("rejects a date of the wrong length", () => {
    expect(date("Sat, 3 Nov 2010 23:29:00 GMT")).toBeFalsy();
    expect(date("Sat, 13 Nov 10 23:29:00 GMT")).toBeFalsy();
    expect(date("Sat, 13 Nov 2010 23:29:00 GMT+1")).toBeFalsy();
  });

  it("rejects an unknown weekday or month", () => {
    expect(date("Sun, 13 Nox 2010 23:29:00 GMT")).toBeFalsy();
    expect(date("Sax, 13 Nov 2010 23:29:00 GMT")).toBeFalsy();
  });

  it("rejects a missing comma or colon", () => {
    expect(date("Sat  13 Nov 2010 23:29:00 GMT")).toBeFalsy();
    expect(date("Sat, 13 Nov 2010 23.29:00 GMT")).toBeFalsy();
  });
});

describe("Retry-After = delta-seconds [ comment ] *( SEMI retry-param ) (§20.33)", () => {
  it("accepts delta-seconds alone and reports the value", () => {
    expect(retrySeconds("18000")).toBe(18000);
  });

  it("accepts a duration parameter", () => {
    expect(retryAfter("18000;duration=3600")).toBeTruthy();
  });

  it("accepts a comment", () => {
    expect(retryAfter("120 (I'm in a meeting)")).toBeTruthy();
  });

  it("accepts a comment followed by parameters", () => {
    expect(retryAfter("120 (I'm in a meeting);duration=3600")).toBeTruthy();
  });

  it("accepts nested comments", () => {
    expect(retryAfter("120 (meeting (weekly))")).toBeTruthy();
  });

  it("rejects an unterminated comment", () => {
    expect(retryAfter("120 (I'm in a meeting")).toBeFalsy();
  });

  it("rejects a missing delta-seconds", () => {
    expect(retryAfter("(I'm in a meeting)")).toBeFalsy();
    expect(retryAfter("")).toBeFalsy();
  });

  it("rejects text after the comment that is no parameter", () => {
    expect(retryAfter("120 (I'm in a meeting) soon")).toBeFalsy();
  });
});
