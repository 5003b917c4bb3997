// The message parser (RFC 3261 §7, §25): start line, header lines with
// folding, body framing by Content-Length for datagrams (§18.3), then the
// message-level rules. The verdict is 0 for a valid message, otherwise the
// status code a UA answers with; docs/parser.md lists each one. What a
// message yields lives in message.ts (reset by resetMessage); the parser's
// own results (lineEnd's UNTERMINATED, checkVersion's) are return values.

import { RX, RX_CAPACITY } from "./buffers";
import { is, C_TOKEN, C_DIGIT, CR, LF, SP, HT } from "./chars";
import { at, FAIL, find, skipLws, skipWsp, trimEnd, scanToken, decimal, equalBytes } from "./scan";
import { lookupHeader, H_UNKNOWN, H_VIA, H_FROM, H_TO, H_CALL_ID, H_CSEQ } from "./header-names";
import { lookupMethod } from "./methods";
import { parseUri, UriParts, URI_SIPS } from "./uri";
import { checkHeader } from "./headers";
import { applyUaPolicy } from "./policy";
import * as sipMessage from "./message";

/** lineEnd's answer when the datagram ends before the line's CRLF (FAIL is for a bare CR or LF); no position is 1. */
const UNTERMINATED: usize = 1;

const HIGHS: u64 = 0x8080808080808080;
/** Bytes below 0x0e: the SWAR test below flags them (CR, LF, HTAB and other controls). */
const BELOW_0E: u64 = 0x0e0e0e0e0e0e0e0e;

/**
 * The end (position of CR) of the line starting at p, with folded
 * continuation lines (CRLF followed by SP or HTAB) included when `folding`.
 * FAIL for a bare CR or LF, UNTERMINATED when the datagram ends first.
 * Eight bytes at a time while no byte is below 0x0e (one subtract-and-mask
 * test: (w - 0x0e..) & ~w & 0x80.. flags the first such byte exactly; a later
 * flag may be a borrow, so only the lowest counts); a flagged HTAB or other
 * control is stepped over. Never reads at or past `end`.
 */
// @ts-ignore: decorator
@inline function lineEnd(p: usize, end: usize, folding: bool): usize {
  while (true) {
    while (p + 8 <= end) {
      const w = load<u64>(p);
      const z = (w - BELOW_0E) & ~w & HIGHS;
      if (z != 0) {
        p += <usize>(ctz(z) >> 3);
        break;
      }
      p += 8;
    }
    if (p >= end) break;
    const c = at(p);
    if (c != CR) {
      if (c == LF) return FAIL;
      p++;
      continue;
    }
    if (p + 1 >= end) break;
    if (at(p + 1) != LF) return FAIL;
    if (folding && p + 2 < end) {
      const f = at(p + 2);
      if (f == SP || f == HT) {
        p += 3;
        continue;
      }
    }
    return p;
  }
  return UNTERMINATED;
}

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT in [p, end): 1 for 2.0, 2 for another version, 0 if malformed. */
function checkVersion(p: usize, end: usize): i32 {
  if (end - p < 7) return 0;
  // "SIP/2.0" as every peer writes it: one masked word (OR 0x20 on the letters only).
  if (end - p == 7 && ((load<u64>(p) | 0x202020) & 0xffffffffffffff) == 0x302e322f706973) return 1;
  if ((at(p) | 0x20) != 0x73 || (at(p + 1) | 0x20) != 0x69 || (at(p + 2) | 0x20) != 0x70 || at(p + 3) != 0x2f) return 0;
  const dot = find(p + 4, end, 0x2e);
  const major = decimal(p + 4, dot);
  const minor = decimal(dot + 1, end);
  if (major < 0 || minor < 0 || dot >= end) return 0;
  return major == 2 && minor == 0 ? 1 : 2;
}

/** The Request-URI's parts: the parser's own record, filled and read in parseRequestLine. */
const REQUEST_URI = changetype<UriParts>(memory.data(<i32>offsetof<UriParts>(), 4));

/** Request-Line = Method SP Request-URI SP SIP-Version CRLF (§7.1): exactly one SP between elements. */
function parseRequestLine(p: usize, end: usize): void {
  sipMessage.setIsRequest(true);
  const methodEnd = scanToken(p, end);
  if (methodEnd == FAIL || methodEnd >= end || at(methodEnd) != SP) return sipMessage.fail(400, changetype<usize>("Malformed Request-Line"), 0, changetype<usize>(""));
  sipMessage.setField(sipMessage.F_METHOD, p, methodEnd);
  sipMessage.setMethod(lookupMethod(p, <i32>(methodEnd - p)));
  const uri = methodEnd + 1;
  const uriEnd = find(uri, end, SP);
  if (uriEnd >= end || uriEnd == uri) return sipMessage.fail(400, changetype<usize>("Malformed Request-Line"), 0, changetype<usize>(""));
  const version = checkVersion(uriEnd + 1, end);
  if (version == 0) return sipMessage.fail(400, changetype<usize>("Malformed Request-Line"), 0, changetype<usize>(""));
  sipMessage.setField(sipMessage.F_REQUEST_URI, uri, uriEnd);
  const parts = REQUEST_URI;
  const valid = parseUri(uri, uriEnd, parts);
  const kind = <i32>parts.kind;
  sipMessage.setRequestUriKind(kind);
  if (!valid) return sipMessage.fail(400, changetype<usize>("Malformed Request-URI"), 0, changetype<usize>(""));
  // §19.1.1 table: the headers component is not allowed in a Request-URI.
  if (parts.hasHeaders) return sipMessage.fail(400, changetype<usize>("Malformed Request-URI: headers not allowed"), 0, changetype<usize>(""));
  // URI_SIP or URI_SIPS (URI_NONE is not valid).
  if (kind <= URI_SIPS) {
    if (parts.userEnd > parts.user) sipMessage.setField(sipMessage.F_RURI_USER, parts.user, parts.userEnd);
    sipMessage.setField(sipMessage.F_RURI_HOST, parts.host, parts.hostEnd);
    if (parts.portEnd > parts.port) sipMessage.setField(sipMessage.F_RURI_PORT, parts.port, parts.portEnd);
  }
  if (version == 2) sipMessage.fail(505, changetype<usize>("Version Not Supported"), 0, changetype<usize>(""));
}

/** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF (§7.2). */
function parseStatusLine(p: usize, end: usize): void {
  const sp = find(p, end, SP);
  const version = checkVersion(p, sp);
  if (version == 0 || sp >= end) return sipMessage.fail(400, changetype<usize>("Malformed Status-Line"), 0, changetype<usize>(""));
  const code = sp + 1;
  if (end - code < 3 || !is(at(code), C_DIGIT) || !is(at(code + 1), C_DIGIT) || !is(at(code + 2), C_DIGIT)) {
    return sipMessage.fail(400, changetype<usize>("Malformed Status-Line"), 0, changetype<usize>(""));
  }
  const value = <i32>((at(code) - 0x30) * 100 + (at(code + 1) - 0x30) * 10 + (at(code + 2) - 0x30));
  // Status-Code is 3DIGIT, 100 to 699 (§7.2); the SP before an empty Reason-Phrase is tolerated when missing.
  if (value < 100 || value > 699 || (code + 3 < end && at(code + 3) != SP)) return sipMessage.fail(400, changetype<usize>("Malformed Status-Line"), 0, changetype<usize>(""));
  sipMessage.setField(sipMessage.F_STATUS_CODE, code, code + 3);
  sipMessage.setStatusCode(value);
  const reason = code + 3 < end ? code + 4 : end;
  for (let q = reason; q < end; q++) {
    const c = at(q);
    if ((c < 0x20 && c != HT) || c == 0x7f) return sipMessage.fail(400, changetype<usize>("Malformed Status-Line"), 0, changetype<usize>(""));
  }
  sipMessage.setField(sipMessage.F_REASON_PHRASE, reason, end);
  if (version == 2) sipMessage.fail(505, changetype<usize>("Version Not Supported"), 0, changetype<usize>(""));
}

const COLONS: u64 = 0x3a3a3a3a3a3a3a3a;
const ONES: u64 = 0x0101010101010101;

/**
 * The first ":" among the 24 bytes from p, found eight bytes at a time (the
 * "has a zero byte" test on the word XORed with ":"), or FAIL. Header names
 * are nearly always followed by ":" at once; this finds the end of one
 * without a lookup per byte.
 */
function colonAhead(p: usize, end: usize): usize {
  for (let q = p; q + 8 <= end && q < p + 24; q += 8) {
    const x = load<u64>(q) ^ COLONS;
    const z = (x - ONES) & ~x & HIGHS;
    if (z != 0) return q + <usize>(ctz(z) >> 3);
  }
  return FAIL;
}

/** Parses the header lines from p; returns the start of the body, or FAIL. */
function parseHeaders(p: usize, end: usize): usize {
  let firstVia = true;
  while (true) {
    if (p >= end) {
      sipMessage.fail(400, changetype<usize>("Missing empty line after the header fields"), 0, changetype<usize>(""));
      return FAIL;
    }
    if (at(p) == CR) {
      if (p + 1 < end && at(p + 1) == LF) return p + 2;
      sipMessage.fail(400, changetype<usize>("Malformed line ending"), 0, changetype<usize>(""));
      return FAIL;
    }
    const name = p;
    // Fast path: a known name right before the first ":" (lookupHeader
    // compares exactly, so the bytes are that name and hence a token).
    // Otherwise the name is scanned as a token and WSP may precede ":".
    let nameEnd = colonAhead(p, end);
    let id = nameEnd != FAIL ? lookupHeader(name, <i32>(nameEnd - name)) : H_UNKNOWN;
    let colon = nameEnd;
    if (id == H_UNKNOWN) {
      nameEnd = scanToken(p, end);
      colon = nameEnd == FAIL ? name : skipWsp(nameEnd, end);
      id = -1;
    }
    const eol = lineEnd(colon, end, true);
    if (eol <= UNTERMINATED) {
      sipMessage.fail(400, eol == UNTERMINATED ? changetype<usize>("Missing empty line after the header fields") : changetype<usize>("Malformed line ending"), 0, changetype<usize>(""));
      return FAIL;
    }
    let wellFormed = nameEnd != FAIL;
    if (wellFormed) wellFormed = at(colon) == 0x3a;
    if (!wellFormed) {
      sipMessage.fail(400, changetype<usize>("Malformed header field line"), 0, changetype<usize>(""));
    } else {
      const value = skipLws(colon + 1, eol);
      const valueEnd = trimEnd(value, eol);
      if (id < 0) id = lookupHeader(name, <i32>(nameEnd - name));
      if (!sipMessage.addHeader(id, name, <i32>(nameEnd - name), value, <i32>(valueEnd - value))) {
        sipMessage.fail(513, changetype<usize>("Too Many Header Fields"), 0, changetype<usize>(""));
        return FAIL;
      }
      if (!sipMessage.failed()) checkHeader(id, value, valueEnd, id == H_VIA && firstVia);
      if (id == H_VIA) firstVia = false;
    }
    p = eol + 2;
  }
}

/** §18.3: the body is Content-Length octets; without the header (UDP) it runs to the end of the datagram. */
function frameBody(body: usize, end: usize): void {
  const available = <i32>(end - body);
  let length = available;
  if (sipMessage.contentLength() >= 0) {
    if (sipMessage.contentLength() > available) return sipMessage.fail(400, changetype<usize>("Content-Length larger than the message body"), 0, changetype<usize>(""));
    length = sipMessage.contentLength();
  }
  if (length > 0) sipMessage.setField(sipMessage.F_BODY, body, body + <usize>length);
}

/** §8.1.1: the header fields every request and response carries. */
function checkMandatory(): void {
  if (sipMessage.headerSeen(H_TO) == 0) return sipMessage.fail(400, changetype<usize>("Missing "), H_TO, changetype<usize>(" header field"));
  if (sipMessage.headerSeen(H_FROM) == 0) return sipMessage.fail(400, changetype<usize>("Missing "), H_FROM, changetype<usize>(" header field"));
  if (sipMessage.headerSeen(H_CALL_ID) == 0) return sipMessage.fail(400, changetype<usize>("Missing "), H_CALL_ID, changetype<usize>(" header field"));
  if (sipMessage.headerSeen(H_CSEQ) == 0) return sipMessage.fail(400, changetype<usize>("Missing "), H_CSEQ, changetype<usize>(" header field"));
  if (sipMessage.headerSeen(H_VIA) == 0) return sipMessage.fail(400, changetype<usize>("Missing "), H_VIA, changetype<usize>(" header field"));
  // §8.1.1.5 and RFC 4475 §3.1.2.17: the CSeq method matches the request method.
  if (sipMessage.isRequest()) {
    const m = sipMessage.fieldPtr(sipMessage.F_METHOD), ml = sipMessage.fieldLength(sipMessage.F_METHOD);
    if (!equalBytes(m, ml, sipMessage.fieldPtr(sipMessage.F_CSEQ_METHOD), sipMessage.fieldLength(sipMessage.F_CSEQ_METHOD))) {
      sipMessage.fail(400, changetype<usize>("CSeq method does not match the Request-Line"), 0, changetype<usize>(""));
    }
  }
}

/**
 * Parses the datagram of `len` octets in RX; returns the verdict. A datagram
 * longer than RX (the host passes RX_CAPACITY + 1) gets 513 (§21.5.7), but its
 * first RX_CAPACITY octets are parsed all the same: they normally hold the
 * Via, From, To, Call-ID and CSeq that the 513 response copies (§8.2.6).
 */
export function parseMessage(len: i32): i32 {
  if (len <= RX_CAPACITY) return parseWithin(len);
  parseWithin(RX_CAPACITY);
  sipMessage.overrule(513, changetype<usize>("Message Too Large"));
  return sipMessage.verdict();
}

function parseWithin(len: i32): i32 {
  sipMessage.resetMessage();
  let p = RX;
  const end = RX + <usize>max(len, 0);
  // Leading CRLFs (keepalives, stray line ends before a message) are skipped.
  while (p + 1 < end && at(p) == CR && at(p + 1) == LF) p += 2;
  if (p >= end) {
    sipMessage.fail(400, changetype<usize>("Empty message"), 0, changetype<usize>(""));
    return sipMessage.verdict();
  }
  const eol = lineEnd(p, end, false);
  if (eol <= UNTERMINATED) {
    sipMessage.fail(400, changetype<usize>("Malformed start line"), 0, changetype<usize>(""));
    return sipMessage.verdict();
  }
  // §7.1: SIP-Version is case-insensitive; "/" cannot appear in a method, so "SIP/" starts a Status-Line.
  if (eol - p >= 4 && (at(p) | 0x20) == 0x73 && (at(p + 1) | 0x20) == 0x69 && (at(p + 2) | 0x20) == 0x70 && at(p + 3) == 0x2f) parseStatusLine(p, eol);
  else parseRequestLine(p, eol);
  const body = parseHeaders(eol + 2, end);
  if (body == FAIL) return sipMessage.verdict();
  frameBody(body, end);
  if (!sipMessage.failed()) checkMandatory();
  if (!sipMessage.failed() && sipMessage.isRequest()) applyUaPolicy();
  return sipMessage.verdict();
}
