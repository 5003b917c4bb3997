// Requests built from the INVITE a client transaction kept:
// - the ACK for a non-2xx final response (RFC 3261 §17.1.1.3): Request-URI,
//   Call-ID, From, CSeq number, the top Via and the Route header fields of
//   the INVITE; the To of the response (in RX); CSeq method ACK;
// - the CANCEL (§9.1): the same fields, with the INVITE's own To.
// And responses built from the response a server transaction kept (its Via,
// From, To, Call-ID and CSeq equal the request's, §8.2.6.2), for answers the
// TU gives after the request has left the receive buffer.

import { lookupHeader, H_VIA, H_FROM, H_CALL_ID, H_ROUTE, H_TO, H_CSEQ } from "../msg/header-names";
import { at, scanToken, skipWsp } from "../msg/scan";
import { RX } from "../msg/buffers";
import * as sipMessage from "../msg/message";
import * as msgWriter from "../msg/writer";
import { M_ACK, M_CANCEL } from "../msg/methods";
import { span, spanAt, spanLength } from "./span";

/** The end of the (possibly folded) line at p: the position of its CR, or `end`. */
function lineEndIn(p: usize, end: usize): usize {
  while (p + 1 < end) {
    if (at(p) == 0x0d && at(p + 1) == 0x0a) {
      if (p + 2 < end && (at(p + 2) == 0x20 || at(p + 2) == 0x09)) {
        p += 3;
        continue;
      }
      return p;
    }
    p++;
  }
  return end;
}

/**
 * The value of the first `id` header line of the message at [msg, msg+len)
 * at or after `from` (0: from the first header line), as a span (span.ts);
 * address 0 when there is none. The next line starts 2 octets past its end.
 */
export function findValue(msg: usize, len: i32, id: i32, from: usize = 0): u64 {
  const end = msg + <usize>len;
  let p = from != 0 ? from : lineEndIn(msg, end) + 2; // past the start line
  while (p < end && at(p) != 0x0d) {
    const eol = lineEndIn(p, end);
    const nameEnd = scanToken(p, eol);
    if (nameEnd != 0 && lookupHeader(p, <i32>(nameEnd - p)) == id) {
      let v = skipWsp(nameEnd, eol);
      if (v < eol && at(v) == 0x3a) v = skipWsp(v + 1, eol);
      return span(v, <i32>(eol - v));
    }
    p = eol + 2;
  }
  return 0;
}

/** Copies the header lines of the message at [msg, msg+len) whose id is `id` (the first only when `firstOnly`). */
export function copyFrom(msg: usize, len: i32, id: i32, firstOnly: bool): void {
  let v = findValue(msg, len, id);
  while (spanAt(v) != 0) {
    const n = spanLength(v);
    msgWriter.putHeader(id, spanAt(v), n);
    if (firstOnly) return;
    v = findValue(msg, len, id, spanAt(v) + <usize>n + 2);
  }
}

/**
 * Builds the ACK (for the non-2xx final response in RX) or the CANCEL of the
 * INVITE at [invite, invite+inviteLen) into TX; returns its length or -1.
 */
export function buildFromInvite(invite: usize, inviteLen: i32, cancel: bool): i32 {
  const end = invite + <usize>inviteLen;
  const firstLineEnd = lineEndIn(invite, end);
  let uri = invite;
  while (uri < firstLineEnd && at(uri) != 0x20) uri++;
  uri++;
  let uriEnd = uri;
  while (uriEnd < firstLineEnd && at(uriEnd) != 0x20) uriEnd++;
  msgWriter.beginRequest(cancel ? M_CANCEL : M_ACK, uri, <i32>(uriEnd - uri));
  copyFrom(invite, inviteLen, H_VIA, true);
  copyFrom(invite, inviteLen, H_ROUTE, false);
  msgWriter.putString("Max-Forwards: 70");
  msgWriter.putCRLF();
  copyFrom(invite, inviteLen, H_FROM, true);
  if (cancel) {
    copyFrom(invite, inviteLen, H_TO, true);
  } else {
    for (let i = 0; i < sipMessage.headerCount(); i++) {
      if (sipMessage.headerId(i) == H_TO) {
        msgWriter.putHeader(H_TO, RX + <usize>sipMessage.headerValueStart(i), sipMessage.headerValueLength(i));
        break;
      }
    }
  }
  copyFrom(invite, inviteLen, H_CALL_ID, true);
  const found = findValue(invite, inviteLen, H_CSEQ);
  const cseq = spanAt(found);
  let n: u32 = 0;
  for (let q = cseq; q < cseq + <usize>spanLength(found) && at(q) - 0x30 < 10; q++) n = n * 10 + (at(q) - 0x30);
  msgWriter.putHeaderName(H_CSEQ);
  msgWriter.putNumber(n);
  msgWriter.putString(cancel ? " CANCEL" : " ACK");
  msgWriter.putCRLF();
  return msgWriter.endMessage(0, 0);
}

/** The ACK of §17.1.1.3 into TX. */
export function buildAck(invite: usize, inviteLen: i32): i32 {
  return buildFromInvite(invite, inviteLen, false);
}

/**
 * Starts a response from the response a server transaction kept: status line,
 * then its Via, From, To (with ";tag=" added when it has none and `tagLen` > 0)
 * Call-ID and CSeq. The caller adds header fields and ends the message.
 */
export function beginResponseFromKept(kept: usize, keptLen: i32, code: i32, reason: usize, reasonLen: i32, tag: usize, tagLen: i32): void {
  msgWriter.beginStatus(code, reason, reasonLen);
  copyFrom(kept, keptLen, H_VIA, false);
  copyFrom(kept, keptLen, H_FROM, true);
  const found = findValue(kept, keptLen, H_TO);
  const to = spanAt(found);
  const toLen = spanLength(found);
  msgWriter.putHeaderName(H_TO);
  msgWriter.putBytes(to, toLen);
  if (tagLen > 0 && !hasTagParam(to, toLen)) {
    msgWriter.putString(";tag=");
    msgWriter.putBytes(tag, tagLen);
  }
  msgWriter.putCRLF();
  copyFrom(kept, keptLen, H_CALL_ID, true);
  copyFrom(kept, keptLen, H_CSEQ, true);
}

/** Whether a To/From value carries a tag parameter (";tag=" outside the <...> and quotes). */
export function hasTagParam(v: usize, len: i32): bool {
  let inQuote = false;
  let inAngle = false;
  const end = v + <usize>len;
  for (let p = v; p < end; p++) {
    const c = at(p);
    if (c == 0x22) inQuote = !inQuote;
    else if (!inQuote && c == 0x3c) inAngle = true;
    else if (!inQuote && c == 0x3e) inAngle = false;
    else if (!inQuote && !inAngle && c == 0x3b) {
      let q = p + 1;
      while (q < end && (at(q) == 0x20 || at(q) == 0x09)) q++;
      if (q + 3 <= end && (at(q) | 0x20) == 0x74 && (at(q + 1) | 0x20) == 0x61 && (at(q + 2) | 0x20) == 0x67) return true;
    }
  }
  return false;
}
