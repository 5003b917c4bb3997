// The ACK a client INVITE transaction sends for a non-2xx final response
// (RFC 3261 §17.1.1.3): Request-URI, Call-ID, From, CSeq number, the top Via
// and the Route header fields of the INVITE; the To of the response; CSeq
// method ACK. Built into TX from the INVITE the transaction kept and the
// response in RX.

import { lookupHeader, H_VIA, H_FROM, H_CALL_ID, H_ROUTE, H_TO, H_CSEQ } from "../msg/header-names";
import { at, scanToken, skipWsp } from "../msg/scan";
import { RX } from "../msg/buffers";
import * as M from "../msg/message";
import * as W from "../msg/writer";
import { M_ACK } from "../msg/methods";

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

/** Copies the header lines of the request at [msg, msg+len) whose id is `id` (the first only when `firstOnly`). */
function copyFrom(msg: usize, len: i32, id: i32, firstOnly: bool): void {
  const end = msg + <usize>len;
  let p = lineEndIn(msg, end) + 2; // past the Request-Line
  while (p < end && at(p) != 0x0d) {
    const eol = lineEndIn(p, end);
    const nameEnd = scanToken(p, eol);
    if (nameEnd != 0 && lookupHeader(p, <i32>(nameEnd - p)) == id) {
      let v = skipWsp(nameEnd, eol);
      if (v < eol && at(v) == 0x3a) v = skipWsp(v + 1, eol);
      W.putHeader(id, v, <i32>(eol - v));
      if (firstOnly) return;
    }
    p = eol + 2;
  }
}

/** Builds the ACK into TX; returns its length, or -1 when it did not fit. */
export function buildAck(invite: usize, inviteLen: i32): i32 {
  const end = invite + <usize>inviteLen;
  const firstLineEnd = lineEndIn(invite, end);
  let uri = invite;
  while (uri < firstLineEnd && at(uri) != 0x20) uri++;
  uri++;
  let uriEnd = uri;
  while (uriEnd < firstLineEnd && at(uriEnd) != 0x20) uriEnd++;
  W.beginRequest(M_ACK, uri, <i32>(uriEnd - uri));
  copyFrom(invite, inviteLen, H_VIA, true);
  copyFrom(invite, inviteLen, H_ROUTE, false);
  W.putString("Max-Forwards: 70");
  W.putCRLF();
  copyFrom(invite, inviteLen, H_FROM, true);
  for (let i = 0; i < M.headerCount; i++) {
    if (M.headerId(i) == H_TO) {
      W.putHeader(H_TO, RX + <usize>M.headerValueStart(i), M.headerValueLength(i));
      break;
    }
  }
  copyFrom(invite, inviteLen, H_CALL_ID, true);
  W.putHeaderName(H_CSEQ);
  W.putNumber(M.cseqNumber);
  W.putString(" ACK");
  W.putCRLF();
  return W.endMessage(0, 0);
}

