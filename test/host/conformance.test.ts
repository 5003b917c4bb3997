// Conformance of the SIP parser against the torture-test messages of
// RFC 4475 ("SIP Torture Test Messages") and RFC 5118 ("SIP Torture Test
// Messages for IPv6").
//
// Each message file gets one test. The test states what the firmware, acting
// as a SIP user agent (not a proxy, not a registrar), does with that message:
//   - verdict 0: the message is accepted; the parsed fields are then checked
//     byte for byte against the message;
//   - any other verdict: the SIP status code the user agent answers with (for
//     a malformed response, 400 only tells the caller to drop it). For a 400
//     the reason phrase the firmware would send (fw.reason()) must name the
//     header field or the start line at fault.
//
// The messages are in the project, in test/conformance (its README says
// where each comes from). A missing folder makes every test here fail with a
// message that names the path; nothing is skipped.
//
// Field conventions (docs/parser.md): fields are exact byte slices of the
// datagram; the body is exactly Content-Length octets after the empty line
// (RFC 3261 §18.3), or, for a UDP request without Content-Length, the rest
// of the datagram; absent fields are null.

import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { Field, Firmware } from "../../host/firmware.js";
import { conformanceDir } from "./support/corpus.js";


// ---------------------------------------------------------------------------
// Where the messages are
// ---------------------------------------------------------------------------

function readMessage(file: string): Buffer {
  const full = path.join(conformanceDir(), file);
  if (!existsSync(full)) throw new Error(`conformance message is missing: ${full}`);
  return readFileSync(full);
}

// ---------------------------------------------------------------------------
// Expectations
// ---------------------------------------------------------------------------

/** The body the parser must report: its length, first and last bytes (latin1). */
interface BodyExpectation {
  length: number;
  head: string;
  tail: string;
}

interface RequestFields {
  kind: "request";
  method: string;
  uri: string;
  callId: string;
  cseq: [number: string, method: string];
  branch: string | null;
  fromTag: string | null;
  toTag: string | null;
  body: BodyExpectation | null;
}

interface ResponseFields {
  kind: "response";
  status: string;
  reasonPhrase: string;
  callId: string;
  cseq: [number: string, method: string];
  branch: string | null;
  fromTag: string | null;
  toTag: string | null;
  body: BodyExpectation | null;
}

interface Case {
  rfc: 4475 | 5118;
  /** File name inside rfc4475/ or rfc5118/. */
  file: string;
  /** Section of the RFC, as in VERDICTS.tsv ("-" for test.dat). */
  section: string;
  /** Title of that section, as in VERDICTS.tsv. */
  title: string;
  /** What the test asserts, in words (the end of the test name). */
  spec: string;
  verdict: number;
  /** For a 400: fw.reason() must name one of these (a header field or start line). */
  reasonNames?: readonly string[];
  /** For verdict 0: the parsed fields. */
  fields?: RequestFields | ResponseFields;
}

const SDP_TAIL = "a=rtpmap:31 LPC\r\n";

function sdp(length: number, tail = SDP_TAIL): BodyExpectation {
  return { length, head: "v=0\r\n", tail };
}

/** The UTF-8 text as the latin1 string fw.text() yields for those bytes. */
function utf8AsLatin1(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

const INTMETH_METHOD = "!interesting-Method0123456789_*+`.%indeed'~";
const IPV6_CALL_ID = "SSG9559905523997077@hlau_4100";

const CASES: Case[] = [
  // =========================================================================
  // RFC 4475 §3.1.1: valid messages. A parser must accept each of them and
  // report the fields byte for byte.
  // =========================================================================

  // §3.1.1.1: LWS and line folding everywhere RFC 3261 §7.3.1/§25.1 allow
  // them, a header name with odd case and SP before HCOLON, the CSeq number
  // "0009" with leading zeros (fields are kept as written), and a second Via
  // header "v:" whose values are separated by a comma. The top Via value is
  // the first "Via  :" header (branch "390skdjuw", not an RFC 3261 cookie).
  {
    rfc: 4475, file: "wsinv.dat", section: "3.1.1.1", title: "A Short Tortuous INVITE",
    spec: "LWS, folding and odd case everywhere are accepted; fields are exact slices", verdict: 0,
    fields: {
      kind: "request", method: "INVITE", uri: "sip:vivekg@chair-dnrc.example.com;unknownparam",
      callId: "wsinv.ndaksdj@192.0.2.1", cseq: ["0009", "INVITE"], branch: "390skdjuw",
      fromTag: "98asjd8", toTag: "1918181833n", body: sdp(150),
    },
  },
  // §3.1.1.2: every character the token, word and URI grammars allow
  // (RFC 3261 §25.1): the method is an extension token, the Request-URI's user
  // part uses unreserved/user-unreserved characters, the Call-ID is a "word"
  // with separators. All must come back unchanged.
  {
    rfc: 4475, file: "intmeth.dat", section: "3.1.1.2", title: "Wide Range of Valid Characters",
    spec: "an extension method and an unusual Request-URI are kept byte for byte", verdict: 0,
    fields: {
      kind: "request", method: INTMETH_METHOD,
      uri: "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
      callId: "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", cseq: ["139122385", INTMETH_METHOD],
      branch: "z9hG4bK-.!%66*_+`'~", fromTag: "_token~1'+`*%!-.", toTag: null, body: null,
    },
  },
  // §3.1.1.3: %-escapes in the Request-URI user part (RFC 3261 §19.1.2,
  // §25.1 "escaped"). The parser reports the URI as written, not decoded.
  // The Call-ID uses the compact form "i" (RFC 3261 §7.3.3).
  {
    rfc: 4475, file: "esc01.dat", section: "3.1.1.3", title: "Valid Use of the % Escaping Mechanism",
    spec: "escaped characters in the Request-URI are accepted and not decoded", verdict: 0,
    fields: {
      kind: "request", method: "INVITE", uri: "sip:sips%3Auser%40example.com@example.net",
      callId: "esc01.239409asdfakjkn23onasd0-3234", cseq: ["234234", "INVITE"], branch: "z9hG4bKkdjuw",
      fromTag: "938", toTag: null, body: sdp(150),
    },
  },
  // §3.1.1.4: %00 in user parts of To, From and Contact is legal (an escaped
  // octet); the parser must not treat it as a terminator.
  {
    rfc: 4475, file: "escnull.dat", section: "3.1.1.4", title: "Escaped Nulls in URIs",
    spec: "escaped NULs (%00) in URIs are accepted", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:example.com",
      callId: "escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd", cseq: ["14398234", "REGISTER"],
      branch: "z9hG4bKkdjuw", fromTag: "839923423", toTag: null, body: null,
    },
  },
  // §3.1.1.5: "%" is a legal token character (RFC 3261 §25.1), so
  // "RE%47IST%45R" is an extension method, not an escaped REGISTER; likewise
  // "C%6Fntact" is an extension header and "%Z%45" in a quoted display name is
  // just text. The method must be reported undecoded.
  {
    rfc: 4475, file: "esc02.dat", section: "3.1.1.5", title: "Use of % When It Is Not an Escape",
    spec: "RE%47IST%45R is an extension method, reported undecoded", verdict: 0,
    fields: {
      kind: "request", method: "RE%47IST%45R", uri: "sip:registrar.example.com",
      callId: "esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf", cseq: ["29344", "RE%47IST%45R"],
      branch: "z9hG4bK209%fzsnel234", fromTag: "f232jadfj23", toTag: null, body: null,
    },
  },
  // §3.1.1.6: name-addr = [display-name] LAQUOT addr-spec RAQUOT, and LAQUOT
  // allows SWS before "<" (RFC 3261 §25.1), so "caller<sip:...>" is legal.
  {
    rfc: 4475, file: "lwsdisp.dat", section: "3.1.1.6", title: "Message with No LWS between Display Name and <",
    spec: "a display name directly followed by < is accepted", verdict: 0,
    fields: {
      kind: "request", method: "OPTIONS", uri: "sip:user@example.com",
      callId: "lwsdisp.1234abcd@funky.example.com", cseq: ["60", "OPTIONS"], branch: "z9hG4bKkdjuw",
      fromTag: "323", toTag: null, body: null,
    },
  },
  // §3.1.1.7: very long values, 34 Via header fields in every spelling
  // (including compact "v" and SP before the colon). The top Via value
  // ("SIP/2.0/TCP sip33.example.com") has no branch: ViaBranch is null.
  {
    rfc: 4475, file: "longreq.dat", section: "3.1.1.7", title: "Long Values in Header Fields",
    spec: "long header values and 34 Via fields are accepted; the top Via has no branch", verdict: 0,
    fields: {
      kind: "request", method: "INVITE", uri: "sip:user@example.com",
      callId: `longreq.one${"really".repeat(20)}longcallid`, cseq: ["3882340", "INVITE"], branch: null,
      fromTag: `1${"298".repeat(50)}2424`, toTag: null, body: sdp(150),
    },
  },
  // §3.1.1.8: the datagram holds a REGISTER with Content-Length 0, then octets
  // that look like an INVITE. RFC 3261 §18.3: octets beyond Content-Length in
  // a datagram MUST be discarded; only the REGISTER is parsed, body null.
  // Call-ID uses the compact form "I" (case-insensitive, RFC 3261 §7.3.3).
  {
    rfc: 4475, file: "dblreq.dat", section: "3.1.1.8", title: "Extra Trailing Octets in a UDP Datagram",
    spec: "only the first request (REGISTER) is parsed; trailing octets are ignored", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:example.com",
      callId: "dblreq.0ha0isndaksdj99sdfafnl3lk233412", cseq: ["8", "REGISTER"], branch: "z9hG4bKkdjuw23492",
      fromTag: "43251j3j324", toTag: null, body: null,
    },
  },
  // §3.1.1.9: ";" is a legal user-unreserved character (RFC 3261 §25.1), so
  // "user;par=u%40example.net" is the user part, not a URI parameter. The
  // Accept header field is folded over three lines.
  {
    rfc: 4475, file: "semiuri.dat", section: "3.1.1.9", title: "Semicolon-Separated Parameters in URI User Part",
    spec: "a semicolon in the Request-URI user part is accepted", verdict: 0,
    fields: {
      kind: "request", method: "OPTIONS", uri: "sip:user;par=u%40example.net@example.com",
      callId: "semiuri.0ha0isndaksdj", cseq: ["8", "OPTIONS"], branch: "z9hG4bKkdjuw",
      fromTag: "33242", toTag: null, body: null,
    },
  },
  // §3.1.1.10: transport = "UDP" / "TCP" / "TLS" / "SCTP" / other-transport
  // (RFC 3261 §25.1), so UNKNOWN is legal. The Call-ID value follows two SP:
  // HCOLON absorbs them and the field has no leading LWS.
  {
    rfc: 4475, file: "transports.dat", section: "3.1.1.10", title: "Varied and Unknown Transport Types",
    spec: "Via values with SCTP, TLS and unknown transports are accepted", verdict: 0,
    fields: {
      kind: "request", method: "OPTIONS", uri: "sip:user@example.com",
      callId: "transports.kijh4akdnaqjkwendsasfdj", cseq: ["60", "OPTIONS"], branch: "z9hG4bKkdjuw",
      fromTag: "323", toTag: null, body: null,
    },
  },
  // §3.1.1.11: a multipart/mixed body with binary octets, including bare LF
  // and CR bytes; the body is exactly Content-Length (553) octets, never
  // split at line ends (RFC 3261 §7.4.2, §18.3).
  {
    rfc: 4475, file: "mpart01.dat", section: "3.1.1.11", title: "Multipart MIME Message",
    spec: "a binary multipart body of 553 octets is delivered whole", verdict: 0,
    fields: {
      kind: "request", method: "MESSAGE", uri: "sip:kumiko@example.org",
      callId: "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..", cseq: ["1", "MESSAGE"],
      branch: "z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-", fromTag: "2fb0dcc9", toTag: null,
      body: { length: 553, head: "--7a9cbec02ceef655\r\nContent-Type: text/plain\r\n", tail: "\r\n--7a9cbec02ceef655--\r\n" },
    },
  },
  // §3.1.1.12: Reason-Phrase = *(reserved / unreserved / escaped /
  // UTF8-NONASCII / UTF8-CONT / SP / HTAB) (RFC 3261 §25.1): "=", "*" and
  // UTF-8 text are legal and reported as the raw bytes.
  {
    rfc: 4475, file: "unreason.dat", section: "3.1.1.12", title: "Unusual Reason Phrase",
    spec: "a reason phrase with UTF-8 text is accepted and kept byte for byte", verdict: 0,
    fields: {
      kind: "response", status: "200",
      reasonPhrase: utf8AsLatin1("= 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e \u0434\u0435\u0432\u044f\u043d\u043e\u0441\u0442\u043e \u0434\u0435\u0432\u044f\u0442\u044c - \u043f\u0440\u043e\u0441\u0442\u043e\u0435"),
      callId: "unreason.1234ksdfak3j2erwedfsASdf", cseq: ["35", "INVITE"], branch: "z9hG4bK1324923",
      fromTag: "11141343", toTag: "2229", body: sdp(154),
    },
  },
  // §3.1.1.13: Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF
  // and Reason-Phrase may be empty (RFC 3261 §7.2, §25.1): present, "".
  {
    rfc: 4475, file: "noreason.dat", section: "3.1.1.13", title: "Empty Reason Phrase",
    spec: "an empty reason phrase is present and empty", verdict: 0,
    fields: {
      kind: "response", status: "100", reasonPhrase: "",
      callId: "noreason.asndj203insdf99223ndf", cseq: ["35", "INVITE"], branch: "z9hG4bK2398ndaoe",
      fromTag: "39ansfi3", toTag: "902jndnke3", body: null,
    },
  },

  // =========================================================================
  // RFC 4475 §3.1.2: invalid messages. The parser must reject them; the user
  // agent answers 400 (RFC 3261 §21.4.1) naming the part at fault, except for
  // the version (505) and for responses, which are dropped (no response is
  // ever sent to a response, RFC 3261 §8.1.3 / §18.1.2).
  // =========================================================================

  // §3.1.2.1: ";;,;,," in Via and ";;;;" in Contact are empty via-params /
  // values, which the grammar (RFC 3261 §25.1 via-parm, contact-params) does
  // not allow. Via comes first in the message, so it is the one named.
  {
    rfc: 4475, file: "badinv01.dat", section: "3.1.2.1", title: "Extraneous Header Field Separators",
    spec: "empty parameters and values in Via get 400 naming Via", verdict: 400, reasonNames: ["Via"],
  },
  // §3.1.2.2: Content-Length 9999 with far fewer octets in the datagram.
  // RFC 3261 §18.3: a datagram that ends before the body does is an error; a
  // request SHOULD get 400.
  {
    rfc: 4475, file: "clerr.dat", section: "3.1.2.2", title: "Content Length Larger Than Message",
    spec: "Content-Length beyond the datagram gets 400 naming Content-Length", verdict: 400,
    reasonNames: ["Content-Length"],
  },
  // §3.1.2.3: Content-Length = ("Content-Length" / "l") HCOLON 1*DIGIT
  // (RFC 3261 §20.14, §25.1): "-999" does not match.
  {
    rfc: 4475, file: "ncl.dat", section: "3.1.2.3", title: "Negative Content-Length",
    spec: "a negative Content-Length gets 400 naming Content-Length", verdict: 400,
    reasonNames: ["Content-Length"],
  },
  // §3.1.2.4: CSeq number above 2**32-1 (RFC 3261 §8.1.1.5: it MUST be
  // expressible as a 32-bit unsigned integer), Max-Forwards 300, huge Expires.
  // RFC 4475 names the CSeq error as the reason for the 400; it is also the
  // first bad field in message order.
  {
    rfc: 4475, file: "scalar02.dat", section: "3.1.2.4", title: "Request Scalar Fields with Overlarge Values",
    spec: "an overlarge CSeq number gets 400 naming CSeq", verdict: 400, reasonNames: ["CSeq"],
  },
  // §3.1.2.5: a response with a CSeq number above 2**32-1 (RFC 3261
  // §8.1.1.5). RFC 4475 says the receiver drops such a response; the verdict
  // 400 is how the parser tells the caller "malformed": for a response the
  // caller drops it and sends nothing.
  {
    rfc: 4475, file: "scalarlg.dat", section: "3.1.2.5", title: "Response Scalar Fields with Overlarge Values",
    spec: "a response with an overlarge CSeq is malformed (400: dropped), naming CSeq", verdict: 400,
    reasonNames: ["CSeq"],
  },
  // §3.1.2.6: the To display name opens a quoted-string (RFC 3261 §25.1) that
  // never closes.
  {
    rfc: 4475, file: "quotbal.dat", section: "3.1.2.6", title: "Unterminated Quoted String in Display Name",
    spec: "an unterminated quoted display name gets 400 naming To", verdict: 400, reasonNames: ["To"],
  },
  // §3.1.2.7: Request-URI = SIP-URI / SIPS-URI / absoluteURI (RFC 3261 §7.1,
  // §25.1); "<...>" is not part of it.
  {
    rfc: 4475, file: "ltgtruri.dat", section: "3.1.2.7", title: "<> Enclosing Request-URI",
    spec: "a Request-URI in <> gets 400 naming the Request-URI", verdict: 400, reasonNames: ["Request-URI"],
  },
  // §3.1.2.8: "sip:user@example.com; lr": no LWS is allowed inside the
  // elements of the Request-Line (RFC 3261 §7.1). The Request-URI (or the
  // Request-Line that it breaks) is named.
  {
    rfc: 4475, file: "lwsruri.dat", section: "3.1.2.8", title: "Malformed SIP Request-URI (embedded LWS)",
    spec: "LWS inside the Request-URI gets 400 naming the Request-URI/Request-Line", verdict: 400,
    reasonNames: ["Request"],
  },
  // §3.1.2.9: the elements of the Request-Line are separated by single SP
  // characters (RFC 3261 §7.1); RFC 4475 allows rejecting the doubled SP.
  {
    rfc: 4475, file: "lwsstart.dat", section: "3.1.2.9", title: "Multiple SP Separating Request-Line Elements",
    spec: "doubled SP in the start line gets 400 naming the Request-Line", verdict: 400,
    reasonNames: ["Request-Line"],
  },
  // §3.1.2.10: Request-Line = Method SP Request-URI SP SIP-Version CRLF
  // (RFC 3261 §7.1): no SP before CRLF; RFC 4475 allows rejecting it.
  {
    rfc: 4475, file: "trws.dat", section: "3.1.2.10", title: "SP Characters at End of Request-Line",
    spec: "trailing SP in the start line gets 400 naming the Request-Line", verdict: 400,
    reasonNames: ["Request-Line"],
  },
  // §3.1.2.11: the headers component ("?Route=...") is not allowed in a
  // Request-URI (RFC 3261 §19.1.1, table of URI components; RFC 4475 calls
  // the request malformed).
  {
    rfc: 4475, file: "escruri.dat", section: "3.1.2.11", title: "Escaped Headers in SIP Request-URI",
    spec: "URI headers in the Request-URI get 400 naming the Request-URI", verdict: 400,
    reasonNames: ["Request-URI"],
  },
  // §3.1.2.12: SIP-date uses "GMT" only (RFC 3261 §20.17, §25.1 rfc1123-date);
  // "EST" does not match.
  {
    rfc: 4475, file: "baddate.dat", section: "3.1.2.12", title: "Invalid Time Zone in Date Header Field",
    spec: "a Date not in GMT gets 400 naming Date", verdict: 400, reasonNames: ["Date"],
  },
  // §3.1.2.13: a Contact, From or To URI containing a comma, semicolon or
  // question mark MUST be enclosed in <> (RFC 3261 §20 introduction, §20.10);
  // "?Route=..." outside <> makes the Contact malformed.
  {
    rfc: 4475, file: "regbadct.dat", section: "3.1.2.13", title: "Failure to Enclose name-addr URI in <>",
    spec: "a Contact URI with headers outside <> gets 400 naming Contact", verdict: 400,
    reasonNames: ["Contact"],
  },
  // §3.1.2.14: "< sip:t.watson@example.org >": RAQUOT allows SWS only after
  // ">", LAQUOT only before "<" (RFC 3261 §25.1); the addr-spec has spaces.
  {
    rfc: 4475, file: "badaspec.dat", section: "3.1.2.14", title: "Spaces within addr-spec",
    spec: "spaces inside <addr-spec> in To get 400 naming To", verdict: 400, reasonNames: ["To"],
  },
  // §3.1.2.15: display-name = *(token LWS) / quoted-string (RFC 3261 §25.1);
  // "," is not a token character, so "Bell, Alexander" must be quoted. From
  // precedes To in the message, so From is the one named. (The archive copy
  // also lacks the empty line that ends the header section.)
  {
    rfc: 4475, file: "baddn.dat", section: "3.1.2.15", title: "Non-token Characters in Display Name",
    spec: "an unquoted display name with a comma gets 400 naming From", verdict: 400, reasonNames: ["From"],
  },
  // §3.1.2.16: SIP/7.0 where SIP-Version must be SIP/2.0 (RFC 3261 §7.1).
  // 505 Version Not Supported (RFC 3261 §21.5.6) is the answer for a request
  // in a protocol version the server does not support; RFC 4475 asks for it.
  {
    rfc: 4475, file: "badvers.dat", section: "3.1.2.16", title: "Unknown Protocol Version",
    spec: "unknown protocol version gets 505", verdict: 505,
  },
  // §3.1.2.17: the CSeq method MUST match the request method (RFC 3261
  // §8.1.1.5, §20.16): OPTIONS vs INVITE.
  {
    rfc: 4475, file: "mismatch01.dat", section: "3.1.2.17", title: "Start Line and CSeq Method Mismatch",
    spec: "a CSeq method unlike the request method gets 400 naming CSeq", verdict: 400, reasonNames: ["CSeq"],
  },
  // §3.1.2.18: same mismatch with an unknown method (NEWMETHOD vs INVITE):
  // still 400 for the mismatch, not 501 for the method (RFC 4475 §3.1.2.18).
  {
    rfc: 4475, file: "mismatch02.dat", section: "3.1.2.18", title: "Unknown Method with CSeq Method Mismatch",
    spec: "an unknown method with a mismatched CSeq gets 400 naming CSeq", verdict: 400, reasonNames: ["CSeq"],
  },
  // §3.1.2.19: Status-Code = 3DIGIT (RFC 3261 §7.2, §25.1); 4294967301 is not
  // a status code. RFC 4475 says the receiver drops this response; the
  // verdict 400 tells the caller it is malformed (and, being a response, it
  // is dropped, never answered).
  {
    rfc: 4475, file: "bigcode.dat", section: "3.1.2.19", title: "Overlarge Response Code",
    spec: "a response code beyond 3 digits is malformed (400: dropped), naming the Status-Line",
    verdict: 400, reasonNames: ["Status-Line"],
  },

  // =========================================================================
  // RFC 4475 §3.2: transaction layer semantics.
  // =========================================================================

  // §3.2.1: branch "z9hG4bK" is legal syntax (branch = token, RFC 3261
  // §20.42, §25.1) though it carries no identifier beyond the cookie. RFC
  // 4475 lets the element fall back to RFC 2543 matching (RFC 3261 §17.2.3);
  // that is the transaction layer's business, so the parser accepts it.
  {
    rfc: 4475, file: "badbranch.dat", section: "3.2.1", title: "Missing Transaction Identifier",
    spec: "a bare z9hG4bK branch is well-formed and accepted", verdict: 0,
    fields: {
      kind: "request", method: "OPTIONS", uri: "sip:user@example.com",
      callId: "badbranch.sadonfo23i420jv0as0derf3j3n", cseq: ["8", "OPTIONS"], branch: "z9hG4bK",
      fromTag: "33242", toTag: null, body: null,
    },
  },

  // =========================================================================
  // RFC 4475 §3.3: application layer semantics, as a user agent answers.
  // =========================================================================

  // §3.3.1: no To, From, Call-ID nor Max-Forwards. RFC 3261 §8.1.1: a valid
  // request contains at least To, From, CSeq, Call-ID, Max-Forwards and Via;
  // RFC 4475 asks for 400. The reason names one of the missing fields the
  // response cannot be built without.
  {
    rfc: 4475, file: "insuf.dat", section: "3.3.1", title: "Missing Required Header Fields",
    spec: "a request without To, From and Call-ID gets 400 naming one of them", verdict: 400,
    reasonNames: ["To", "From", "Call-ID"],
  },
  // §3.3.2: a Request-URI scheme the UAS does not understand: 416 Unsupported
  // URI Scheme (RFC 3261 §8.2.2.1, §21.4.14).
  {
    rfc: 4475, file: "unkscm.dat", section: "3.3.2", title: "Request-URI with Unknown Scheme",
    spec: "an unknown Request-URI scheme gets 416", verdict: 416,
  },
  // §3.3.3: soap.beep is registered but never meaningful to this UA, which
  // RFC 4475 says may be treated as unknown: 416 (RFC 3261 §8.2.2.1).
  {
    rfc: 4475, file: "novelsc.dat", section: "3.3.3", title: "Request-URI with Known but Atypical Scheme",
    spec: "a non-SIP Request-URI scheme the UA never serves gets 416", verdict: 416,
  },
  // §3.3.4: isbn:, http: and name: URIs in To, From and Contact are
  // syntactically valid (absoluteURI, RFC 3261 §25.1). Only a registrar would
  // object (400: the AOR must be SIP); a UA accepts the message.
  {
    rfc: 4475, file: "unksm2.dat", section: "3.3.4", title: "Unknown URI Schemes in Header Fields",
    spec: "non-SIP URIs in To, From and Contact are accepted", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:example.com",
      callId: "unksm2.daksdj@hyphenated-host.example.com", cseq: ["234902", "REGISTER"],
      branch: "z9hG4bKkdjuw", fromTag: "3234233", toTag: null, body: null,
    },
  },
  // §3.3.5: Require lists option tags the UAS does not support: 420 Bad
  // Extension (RFC 3261 §8.2.2.3, §21.4.15). Proxy-Require is for proxies; a
  // UAS ignores it (RFC 3261 §8.2.2.3).
  {
    rfc: 4475, file: "bext01.dat", section: "3.3.5", title: "Proxy-Require and Require",
    spec: "unsupported Require option tags get 420", verdict: 420,
  },
  // §3.3.6: a body of a type the UAS does not understand: 415 Unsupported
  // Media Type (RFC 3261 §8.2.3, §21.4.13).
  {
    rfc: 4475, file: "invut.dat", section: "3.3.6", title: "Unknown Content-Type",
    spec: "an unknown Content-Type gets 415", verdict: 415,
  },
  // §3.3.7: an unknown Authorization scheme is well-formed (other-response,
  // RFC 3261 §25.1). The parser accepts it; the UA core then refuses REGISTER
  // with 405 (RFC 3261 §8.2.1), which is not the parser's verdict.
  {
    rfc: 4475, file: "regaut01.dat", section: "3.3.7", title: "Unknown Authorization Scheme",
    spec: "an unknown Authorization scheme is well-formed and accepted", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:example.com",
      callId: "regaut01.0ha0isndaksdj", cseq: ["9338", "REGISTER"], branch: "z9hG4bKkdjuw",
      fromTag: "87321hj23128", toTag: null, body: null,
    },
  },
  // §3.3.8: CSeq, Call-ID, To, From and Max-Forwards appear twice; they are
  // not comma-list fields, so at most one of each is allowed (RFC 3261
  // §7.3.1). RFC 4475 asks for 400; the reason names a duplicated field.
  {
    rfc: 4475, file: "multi01.dat", section: "3.3.8", title: "Multiple Values in Single Value Required Fields",
    spec: "duplicated single-value header fields get 400 naming one of them", verdict: 400,
    reasonNames: ["CSeq", "Call-ID", "To", "From", "Max-Forwards"],
  },
  // §3.3.9: two conflicting Content-Length values: the framing is unknown,
  // as with an invalid Content-Length (RFC 3261 §18.3, §20.14); RFC 4475 asks
  // for an error response over UDP.
  {
    rfc: 4475, file: "mcl01.dat", section: "3.3.9", title: "Multiple Content-Length Values",
    spec: "conflicting Content-Length values get 400 naming Content-Length", verdict: 400,
    reasonNames: ["Content-Length"],
  },
  // §3.3.10: a response whose second Via sent-by is 255.255.255.255 is
  // well-formed; what to do with it (RFC 3261 §8.1.3.3: a UAC discards a
  // response with more than one Via) is the UA's decision, not the parser's.
  {
    rfc: 4475, file: "bcast.dat", section: "3.3.10", title: "200 OK Response with Broadcast Via Header Field Value",
    spec: "a response with a broadcast Via is well-formed and accepted", verdict: 0,
    fields: {
      kind: "response", status: "200", reasonPhrase: "OK",
      callId: "bcast.0384840201234ksdfak3j2erwedfsASdf", cseq: ["35", "INVITE"], branch: "z9hG4bK1324923",
      fromTag: "11141343", toTag: "2229", body: sdp(154),
    },
  },
  // §3.3.11: Max-Forwards 0: only a proxy answers 483 (RFC 3261 §16.3); an
  // endpoint processes the request as if the value were positive (RFC 4475
  // §3.3.11).
  {
    rfc: 4475, file: "zeromf.dat", section: "3.3.11", title: "Max-Forwards of Zero",
    spec: "Max-Forwards 0 is processed by an endpoint (accepted)", verdict: 0,
    fields: {
      kind: "request", method: "OPTIONS", uri: "sip:user@example.com",
      callId: "zeromf.jfasdlfnm2o2l43r5u0asdfas", cseq: ["39234321", "OPTIONS"], branch: "z9hG4bKkdjuw2349i",
      fromTag: "3ghsd41", toTag: null, body: null,
    },
  },
  // §3.3.12: in an addr-spec Contact, ";unknownparam" is a contact-param
  // (RFC 3261 §20.10), legal syntax.
  {
    rfc: 4475, file: "cparam01.dat", section: "3.3.12", title: "REGISTER with a Contact Header Parameter",
    spec: "a Contact header parameter outside <> is accepted", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:example.com",
      callId: "cparam01.70710@saturn.example.com", cseq: ["2", "REGISTER"], branch: "z9hG4bKkdjuw",
      fromTag: "DkfVgjkrtMwaerKKpe", toTag: null, body: null,
    },
  },
  // §3.3.13: inside <>, ";unknownparam" is a url-parameter (RFC 3261 §19.1.1),
  // legal syntax.
  {
    rfc: 4475, file: "cparam02.dat", section: "3.3.13", title: "REGISTER with a url-parameter",
    spec: "a URI parameter inside <> in Contact is accepted", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:example.com",
      callId: "cparam02.70710@saturn.example.com", cseq: ["3", "REGISTER"], branch: "z9hG4bKkdjuw",
      fromTag: "838293", toTag: null, body: null,
    },
  },
  // §3.3.14: an escaped header in a Contact URI inside <> (compact "m") is
  // legal (RFC 3261 §19.1.1 headers, §20.10).
  {
    rfc: 4475, file: "regescrt.dat", section: "3.3.14", title: "REGISTER with a URL Escaped Header",
    spec: "URI headers inside <> in Contact are accepted", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:example.com",
      callId: "regescrt.k345asrl3fdbv@192.0.2.1", cseq: ["14398234", "REGISTER"], branch: "z9hG4bKkdjuw",
      fromTag: "8", toTag: null, body: null,
    },
  },
  // §3.3.15: the INVITE's Accept (text/nobodyKnowsThis) excludes
  // application/sdp, yet the answer to an INVITE carries SDP: 406 Not
  // Acceptable (RFC 3261 §21.4.7, §20.1; RFC 4475 §3.3.15).
  {
    rfc: 4475, file: "sdp01.dat", section: "3.3.15", title: "Unacceptable Accept Offering",
    spec: "an INVITE whose Accept excludes application/sdp gets 406", verdict: 406,
  },

  // =========================================================================
  // RFC 4475 §3.4: backward compatibility.
  // =========================================================================

  // §3.4.1: RFC 2543 syntax: Via without branch, no From tag, no
  // Max-Forwards and no Content-Length. Over UDP the body then runs to the
  // end of the datagram (RFC 3261 §18.3: Content-Length is optional over
  // UDP); RFC 4475 asks 3261 elements to accept it.
  {
    rfc: 4475, file: "inv2543.dat", section: "3.4.1", title: "INVITE with RFC 2543 Syntax",
    spec: "an RFC 2543 INVITE is accepted; without Content-Length the body is the rest of the datagram",
    verdict: 0,
    fields: {
      kind: "request", method: "INVITE", uri: "sip:UserB@example.com",
      callId: "inv2543.1717@ift.client.example.com", cseq: ["56", "INVITE"], branch: null,
      fromTag: null, toTag: null, body: sdp(105, "m=audio 49217 RTP/AVP 0\r\n"),
    },
  },

  // test.dat is in the RFC 4475 archive but no section describes it. Its
  // request line "INVITE sip:alan@jasomi.com" has no SIP-Version, so it is
  // not a Request-Line (RFC 3261 §7.1): 400.
  {
    rfc: 4475, file: "test.dat", section: "-", title: "(in archive, not described in any RFC section)",
    spec: "a request line without SIP-Version gets 400", verdict: 400,
  },

  // =========================================================================
  // RFC 5118: IPv6 torture tests.
  // =========================================================================

  // §4.1: IPv6 reference in the Request-URI, Via and Contact.
  {
    rfc: 5118, file: "ipv6-good", section: "4.1", title: "Valid SIP Message with an IPv6 Reference",
    spec: "an IPv6 reference in brackets is accepted", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:[2001:db8::10]",
      callId: IPV6_CALL_ID, cseq: ["98176", "REGISTER"], branch: "z9hG4bKas3-111",
      fromTag: "81x2", toTag: null, body: null,
    },
  },
  // §4.2: host = hostname / IPv4address / IPv6reference, and IPv6reference
  // needs the brackets (RFC 3261 §25.1); "sip:2001:db8::10" is invalid.
  // The Request-URI is at fault.
  {
    rfc: 5118, file: "ipv6-bad", section: "4.2", title: "Invalid SIP Message with an IPv6 Reference",
    spec: "an IPv6 address without brackets in the Request-URI gets 400 naming the Request-URI",
    verdict: 400, reasonNames: ["Request-URI"],
  },
  // §4.3: "[2001:db8::10:5070]" is one IPv6 reference (eight groups possible
  // with "::"), with no port: the host is the whole bracketed reference and
  // nothing follows it in the Request-URI.
  {
    rfc: 5118, file: "port-ambiguous", section: "4.3", title: "Port Ambiguous in a SIP URI",
    spec: "[2001:db8::10:5070] is an IPv6 reference without port", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:[2001:db8::10:5070]",
      callId: IPV6_CALL_ID, cseq: ["98176", "REGISTER"], branch: "z9hG4bKas3-111",
      fromTag: "81x2", toTag: null, body: null,
    },
  },
  // §4.4: hostport = host [":" port] after the closing bracket.
  {
    rfc: 5118, file: "port-unambiguous", section: "4.4", title: "Port Unambiguous in a SIP URI",
    spec: "[2001:db8::10]:5070 is an IPv6 reference with port 5070", verdict: 0,
    fields: {
      kind: "request", method: "REGISTER", uri: "sip:[2001:db8::10]:5070",
      callId: IPV6_CALL_ID, cseq: ["98176", "REGISTER"], branch: "z9hG4bKas3-111",
      fromTag: "81x2", toTag: null, body: null,
    },
  },
  // §4.5: RFC 3261 §25.1 has via-received = "received" EQUAL (IPv4address /
  // IPv6address), without brackets, but RFC 5118 asks parsers to accept both
  // the bracketed and the bare form. The branch follows the received param.
  {
    rfc: 5118, file: "via-received-param-with-delim", section: "4.5",
    title: "IPv6 Reference Delimiters in Via Header",
    spec: "a bracketed IPv6 received parameter is accepted", verdict: 0,
    fields: {
      kind: "request", method: "BYE", uri: "sip:[2001:db8::10]",
      callId: IPV6_CALL_ID, cseq: ["321", "BYE"], branch: "z9hG4bKas3-111",
      fromTag: "81x2", toTag: "bd76ya", body: null,
    },
  },
  {
    rfc: 5118, file: "via-received-param-no-delim", section: "4.5",
    title: "IPv6 Reference Delimiters in Via Header",
    spec: "a bare IPv6 received parameter is accepted", verdict: 0,
    fields: {
      kind: "request", method: "OPTIONS", uri: "sip:[2001:db8::10]",
      callId: "SSG95523997077@hlau_4100", cseq: ["921", "OPTIONS"], branch: "z9hG4bKas3",
      fromTag: "81x2", toTag: null, body: null,
    },
  },
  // §4.6: IPv6 addresses in SDP. The converted datagram carries octets beyond
  // Content-Length (241); RFC 3261 §18.3: they are ignored, the body is
  // exactly 241 octets.
  {
    rfc: 5118, file: "ipv6-in-sdp", section: "4.6", title: "SIP Request with IPv6 Addresses in SDP Body",
    spec: "an SDP body with IPv6 addresses is exactly Content-Length octets", verdict: 0,
    fields: {
      kind: "request", method: "INVITE", uri: "sip:user@[2001:db8::10]",
      callId: IPV6_CALL_ID, cseq: ["8612", "INVITE"], branch: "z9hG4bKas3-111",
      fromTag: "81x2", toTag: null, body: sdp(241, "a=rtpmap:107 H263-19"),
    },
  },
  // §4.7: IPv6 and IPv4 sent-by values in several Via fields; the top one is
  // "[2001:db8::9:1]:6050".
  {
    rfc: 5118, file: "mult-ip-in-header", section: "4.7", title: "Multiple IP Addresses in SIP Headers",
    spec: "mixed IPv4/IPv6 Via fields are accepted; the top branch is taken", verdict: 0,
    fields: {
      kind: "request", method: "BYE", uri: "sip:user@host.example.net",
      callId: "997077@lau_4100", cseq: ["89187", "BYE"], branch: "z9hG4bKas3-111",
      fromTag: "81x2", toTag: "9817--94", body: null,
    },
  },
  // §4.8: IPv4 and IPv6 connection lines in SDP; body of Content-Length (181)
  // octets, the rest of the datagram ignored (RFC 3261 §18.3).
  {
    rfc: 5118, file: "mult-ip-in-sdp", section: "4.8", title: "Multiple IP Addresses in SDP",
    spec: "an SDP body with mixed addresses is exactly Content-Length octets", verdict: 0,
    fields: {
      kind: "request", method: "INVITE", uri: "sip:user@[2001:db8::10]",
      callId: IPV6_CALL_ID, cseq: ["8912", "INVITE"], branch: "z9hG4bKas3-111",
      fromTag: "81x2", toTag: null, body: sdp(181, "a=rtpmap:107 H263-1998"),
    },
  },
  // §4.9: IPv4-mapped IPv6 addresses (IPv6address allows a trailing
  // IPv4address, RFC 3261 §25.1); the top Via has a port after the bracket.
  {
    rfc: 5118, file: "ipv4-mapped-ipv6", section: "4.9", title: "IPv4-Mapped IPv6 Addresses",
    spec: "IPv4-mapped IPv6 references are accepted; body is Content-Length octets", verdict: 0,
    fields: {
      kind: "request", method: "INVITE", uri: "sip:user@example.com",
      callId: IPV6_CALL_ID, cseq: ["612", "INVITE"], branch: "z9hG4bKbh19",
      fromTag: "81x2", toTag: null, body: sdp(236, "a=rtpmap:107 H263-199"),
    },
  },
  // §4.10: the RFC 3261 ABNF for IPv6address lets "2001:db8:::192.0.2.1"
  // through; RFC 5118 asks parsers to tolerate (accept) it.
  {
    rfc: 5118, file: "ipv6-bug-abnf-3-colons", section: "4.10", title: "IPv6 Reference Bug in RFC 3261 ABNF",
    spec: "three colons in an IPv6 reference are tolerated", verdict: 0,
    fields: {
      kind: "request", method: "OPTIONS", uri: "sip:user@[2001:db8:::192.0.2.1]",
      callId: "G9559905523997077@hlau_4100", cseq: ["689", "OPTIONS"], branch: "z9hG4bKas3-111",
      fromTag: "810x2", toTag: null, body: null,
    },
  },
  // §4.10: the correct form, two colons.
  {
    rfc: 5118, file: "ipv6-correct-abnf-2-colons", section: "4.10", title: "IPv6 Reference Bug in RFC 3261 ABNF",
    spec: "the correct two-colon IPv6 reference is accepted", verdict: 0,
    fields: {
      kind: "request", method: "OPTIONS", uri: "sip:user@[2001:db8::192.0.2.1]",
      callId: "G9559905523997077@hlau_4100", cseq: ["689", "OPTIONS"], branch: "z9hG4bKas3-111",
      fromTag: "810x2", toTag: null, body: null,
    },
  },
];

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

let fw: Firmware;

before(async () => {
  fw = await Firmware.load();
});

function casePath(c: Case): string {
  return `rfc${c.rfc}/${c.file}`;
}

function testName(c: Case): string {
  const where = c.section === "-" ? "archive (no section)" : `§${c.section}`;
  const title = c.section === "-" ? "" : ` "${c.title}"`;
  return `RFC ${c.rfc} ${where} ${c.file}${title}: ${c.spec}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Does the reason phrase name this header field or start line? Case-insensitive,
 * as a whole word, so that "To" is not satisfied by "too" or "Total". */
function names(reason: string, name: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(name)}(?![A-Za-z0-9])`, "i").test(reason);
}

function assertReasonNames(c: Case, expected: readonly string[]): void {
  const reason = fw.reason();
  assert.equal(typeof reason, "string", `${c.file}: fw.reason() must return a string`);
  assert.ok(
    expected.some((n) => names(reason, n)),
    `${c.file}: the reason phrase ${JSON.stringify(reason)} should name ${expected.join(" or ")}`,
  );
}

function assertField(c: Case, id: number, label: string, expected: string | null): void {
  assert.equal(fw.text(id), expected, `${c.file}: ${label}`);
}

/** Offset of the first octet after the empty line ending the header section. */
function bodyOffset(datagram: Buffer): number {
  const i = datagram.indexOf("\r\n\r\n", 0, "latin1");
  assert.ok(i >= 0, "message has no empty line after its header section");
  return i + 4;
}

function assertBody(c: Case, datagram: Buffer, expected: BodyExpectation | null): void {
  const body = fw.field(Field.Body);
  if (expected === null) {
    assert.equal(body === null ? null : body.toString("latin1"), null, `${c.file}: Body must be absent`);
    return;
  }
  assert.ok(body !== null, `${c.file}: Body must be present (${expected.length} octets)`);
  assert.equal(body.length, expected.length, `${c.file}: Body length`);
  const text = body.toString("latin1");
  assert.ok(text.startsWith(expected.head), `${c.file}: Body must start with ${JSON.stringify(expected.head)}`);
  assert.ok(text.endsWith(expected.tail), `${c.file}: Body must end with ${JSON.stringify(expected.tail)}`);
  // The body is a slice of the datagram starting right after the empty line.
  const start = bodyOffset(datagram);
  assert.ok(
    Buffer.compare(Buffer.from(body), datagram.subarray(start, start + expected.length)) === 0,
    `${c.file}: Body must be the ${expected.length} octets after the empty line`,
  );
}

function assertFields(c: Case, datagram: Buffer, f: RequestFields | ResponseFields): void {
  if (f.kind === "request") {
    assertField(c, Field.Method, "Method", f.method);
    assertField(c, Field.RequestUri, "Request-URI", f.uri);
    assertField(c, Field.StatusCode, "Status-Code (a request has none)", null);
    assertField(c, Field.ReasonPhrase, "Reason-Phrase (a request has none)", null);
  } else {
    assertField(c, Field.Method, "Method (a response has none)", null);
    assertField(c, Field.RequestUri, "Request-URI (a response has none)", null);
    assertField(c, Field.StatusCode, "Status-Code", f.status);
    assertField(c, Field.ReasonPhrase, "Reason-Phrase", f.reasonPhrase);
  }
  assertField(c, Field.CallId, "Call-ID", f.callId);
  assertField(c, Field.CSeqNumber, "CSeq number", f.cseq[0]);
  assertField(c, Field.CSeqMethod, "CSeq method", f.cseq[1]);
  assertField(c, Field.ViaBranch, "branch of the top Via value", f.branch);
  assertField(c, Field.FromTag, "From tag", f.fromTag);
  assertField(c, Field.ToTag, "To tag", f.toTag);
  assertBody(c, datagram, f.body);
}

/** The Content-Length header value (long or compact form) of a CRLF message. */
function contentLengthHeader(datagram: Buffer): number | null {
  const head = datagram.subarray(0, bodyOffset(datagram)).toString("latin1");
  const m = /\r\n(?:Content-Length|l)[ \t]*:[ \t]*(\d+)[ \t]*\r\n/i.exec(head);
  return m === null ? null : Number(m[1]);
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

test("the conformance messages are present in test/conformance", () => {
  const dir = conformanceDir();
  for (const sub of ["rfc4475", "rfc5118"]) {
    const full = path.join(dir, sub);
    assert.ok(existsSync(full) && statSync(full).isDirectory(), `conformance folder is missing: ${full}`);
  }
});

test("every conformance message has an expectation here (none goes unchecked)", () => {
  const dir = conformanceDir();
  const expected = new Set(CASES.map(casePath));
  const onDisk: string[] = [];
  for (const sub of ["rfc4475", "rfc5118"]) {
    const full = path.join(dir, sub);
    assert.ok(existsSync(full), `conformance folder is missing: ${full}`);
    for (const name of readdirSync(full)) {
      if (name === "VERDICTS.tsv" || /^README/i.test(name)) continue;
      if (!statSync(path.join(full, name)).isFile()) continue;
      onDisk.push(`${sub}/${name}`);
    }
  }
  const unchecked = onDisk.filter((f) => !expected.has(f)).sort();
  assert.deepEqual(unchecked, [], `messages without an expectation in conformance.test.ts: ${unchecked.join(", ")}`);
  const vanished = [...expected].filter((f) => !onDisk.includes(f)).sort();
  assert.deepEqual(vanished, [], `expectations for messages that are not on disk: ${vanished.join(", ")}`);
  assert.equal(CASES.length, expected.size, "each message has exactly one expectation");
});

test("the sections and titles here match VERDICTS.tsv", () => {
  const dir = conformanceDir();
  for (const rfc of [4475, 5118] as const) {
    const tsv = readFileSync(path.join(dir, `rfc${rfc}`, "VERDICTS.tsv"), "latin1");
    const rows = new Map<string, [string, string]>();
    for (const line of tsv.split(/\r?\n/).slice(1)) {
      if (line.trim() === "") continue;
      const [file, section, title] = line.split("\t");
      if (file !== undefined && section !== undefined && title !== undefined) rows.set(file, [section, title]);
    }
    for (const c of CASES.filter((x) => x.rfc === rfc)) {
      assert.deepEqual(rows.get(c.file), [c.section, c.title], `RFC ${rfc} ${c.file}: section and title`);
    }
  }
});

for (const c of CASES) {
  test(testName(c), () => {
    const datagram = readMessage(casePath(c));
    const verdict = fw.parse(datagram);
    assert.equal(verdict, c.verdict, `${c.file}: verdict`);
    if (c.reasonNames !== undefined) assertReasonNames(c, c.reasonNames);
    if (c.fields !== undefined) assertFields(c, datagram, c.fields);
    // RFC 5118 SDP messages: the body is exactly the Content-Length header's
    // value, though the datagram carries more octets (RFC 3261 §18.3).
    if (c.rfc === 5118 && c.fields?.body) {
      const declared = contentLengthHeader(datagram);
      assert.equal(fw.field(Field.Body)?.length, declared, `${c.file}: Body length equals Content-Length`);
      assert.ok(datagram.length > bodyOffset(datagram) + (declared ?? 0), `${c.file}: datagram has octets beyond the body`);
    }
  });
}

// ---------------------------------------------------------------------------
// Receive buffer capacity
// ---------------------------------------------------------------------------

/** A valid INVITE to the door, optionally padded with an extension header
 * field so that the whole datagram is exactly `total` octets. */
function invite(total?: number): Buffer {
  const lines = [
    "INVITE sip:door@192.0.2.10 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKoversize1",
    "Max-Forwards: 70",
    "From: <sip:visitor@example.com>;tag=ov1",
    "To: <sip:door@example.com>",
    "Call-ID: oversize.1@192.0.2.20",
    "CSeq: 1 INVITE",
    "Contact: <sip:visitor@192.0.2.20:5060>",
  ];
  const tail = "Content-Length: 0\r\n\r\n";
  const base = lines.map((l) => `${l}\r\n`).join("");
  if (total === undefined) return Buffer.from(base + tail, "latin1");
  const prefix = "X-Padding: ";
  const padding = total - base.length - tail.length - prefix.length - 2;
  assert.ok(padding > 0, "capacity too small for the test INVITE");
  const message = `${base}${prefix}${"p".repeat(padding)}\r\n${tail}`;
  assert.equal(message.length, total);
  return Buffer.from(message, "latin1");
}

test("the unpadded INVITE used for the capacity test is itself accepted", () => {
  const datagram = invite();
  assert.equal(fw.parse(datagram), 0, "verdict");
  assert.equal(fw.text(Field.CallId), "oversize.1@192.0.2.20");
});

// RFC 3261 §21.5.7: 513 Message Too Large, "the server was unable to process
// the request since the message length exceeded its capabilities". A
// datagram one octet longer than the receive buffer cannot be parsed whole.
test("a request one octet over the receive buffer capacity gets 513 Message Too Large", () => {
  const capacity = fw.exports.rxCapacity();
  assert.ok(Number.isInteger(capacity) && capacity > 0, `rxCapacity() = ${capacity}`);
  const datagram = invite(capacity + 1);
  assert.equal(datagram.length, capacity + 1);
  assert.equal(fw.parse(datagram), 513, "verdict");
});

// §8.2.6: the 513 copies Via, From, To, Call-ID and CSeq, which sit in the
// octets the buffer did hold; the cut itself (here through the header
// section) is not what the answer is about.
test("the 513 to an oversize request is built from the header fields within the buffer", () => {
  const capacity = fw.exports.rxCapacity();
  const datagram = invite(capacity + 600);
  assert.equal(fw.parse(datagram), 513, "verdict");
  assert.equal(fw.reason(), "Message Too Large");
  assert.equal(fw.text(Field.CallId), "oversize.1@192.0.2.20");
  const response = fw.respond(513)?.toString("latin1") ?? "";
  assert.match(response, /^SIP\/2\.0 513 Message Too Large\r\n/);
  assert.match(response, /\r\nVia: SIP\/2\.0\/UDP 192\.0\.2\.20:5060;branch=z9hG4bKoversize1/);
  assert.match(response, /\r\nCSeq: 1 INVITE\r\n/);
});
