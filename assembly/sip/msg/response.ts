// Responses to the request in RX (RFC 3261 §8.2.6): the Via values in order,
// From, To (with a tag added when the request had none and the response is
// not 100), Call-ID and CSeq copied from the request.

import { RX } from "./buffers";
import { H_VIA, H_FROM, H_TO, H_CALL_ID, H_CSEQ, H_UNSUPPORTED, H_ACCEPT } from "./header-names";
import { M_ACK } from "./methods";
import * as sipMessage from "./message";
import * as msgWriter from "./writer";
import { equalBytes } from "./scan";
import { unsupportedCount, unsupportedStart, unsupportedLength, ACCEPTED_BODY_TYPES } from "./policy";

/** The reason phrase of RFC 3261 §21 for a status code ("" when none is listed here). */
export function defaultReason(code: i32): string {
  switch (code) {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 181: return "Call Is Being Forwarded";
    case 182: return "Queued";
    case 183: return "Session Progress";
    case 200: return "OK";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 420: return "Bad Extension";
    case 423: return "Interval Too Brief";
    case 480: return "Temporarily Unavailable";
    case 481: return "Call/Transaction Does Not Exist";
    case 482: return "Loop Detected";
    case 483: return "Too Many Hops";
    case 486: return "Busy Here";
    case 487: return "Request Terminated";
    case 488: return "Not Acceptable Here";
    case 489: return "Bad Event";
    case 491: return "Request Pending";
    case 500: return "Server Internal Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 504: return "Server Time-out";
    case 505: return "Version Not Supported";
    case 513: return "Message Too Large";
    case 603: return "Decline";
  }
  return code < 200 ? "Progress" : code < 300 ? "OK" : "Error";
}

/** Whether the message in RX is a request that can be answered: a request, not ACK (§17.1.1.3), with a Via. */
export function canRespond(): bool {
  return sipMessage.isRequest() && sipMessage.hasField(sipMessage.F_METHOD) && sipMessage.method() != M_ACK && sipMessage.headerSeen(H_VIA) > 0;
}

// The source of the request (set by the transport side before responding):
// §18.2.1 adds received= to the top Via when its sent-by host differs from
// the source address; RFC 3581 §4 fills in rport= and adds received= when the
// client asked for rport.

/** The request's source, laid over static memory (never allocated); the address text follows it. */
// @ts-ignore: decorator
@unmanaged export class ViaSource {
  port: u16;
  /** The address text's length (0: no source set). */
  length: u8;
}

const SOURCE_CAPACITY: i32 = 48;
const SOURCE_AT: usize = offsetof<ViaSource>();
/** The record and the address text (SOURCE_CAPACITY octets). */
export const VIA_SOURCE_SIZE: usize = SOURCE_AT + <usize>SOURCE_CAPACITY;
export const VIA_SOURCE: usize = memory.data(<i32>VIA_SOURCE_SIZE, 2);
const SOURCE: usize = VIA_SOURCE + SOURCE_AT;

// @ts-ignore: decorator
@inline function via(): ViaSource { return changetype<ViaSource>(VIA_SOURCE); }

/** No source: as at start-up. */
export function viaSourceReset(): void { memory.fill(VIA_SOURCE, 0, VIA_SOURCE_SIZE); }

export function setViaSource(text: usize, len: i32, port: u32): void {
  const n = len > 0 && len < SOURCE_CAPACITY ? len : 0;
  for (let i = 0; i < n; i++) store<u8>(SOURCE + <usize>i, load<u8>(text + <usize>i));
  via().length = <u8>n;
  via().port = <u16>port;
}

/** The first Via line, with received= and rport= as the source requires. */
function putTopVia(value: usize, len: i32): void {
  const end = value + <usize>len;
  msgWriter.putHeaderName(H_VIA);
  const sourceLength = <i32>via().length;
  if (sourceLength == 0 || !sipMessage.hasField(sipMessage.F_VIA_HOST)) {
    msgWriter.putBytes(value, len);
    msgWriter.putCRLF();
    return;
  }
  const host = sipMessage.fieldPtr(sipMessage.F_VIA_HOST);
  const hostLen = sipMessage.fieldLength(sipMessage.F_VIA_HOST);
  const rport = sipMessage.hasField(sipMessage.F_VIA_RPORT);
  const sentByEnd = sipMessage.hasField(sipMessage.F_VIA_PORT) ? sipMessage.fieldPtr(sipMessage.F_VIA_PORT) + <usize>sipMessage.fieldLength(sipMessage.F_VIA_PORT) : host + <usize>hostLen;
  const addReceived = (rport || !equalBytes(host, hostLen, SOURCE, sourceLength)) && !sipMessage.hasField(sipMessage.F_VIA_RECEIVED);
  const fillRport = rport && sipMessage.fieldLength(sipMessage.F_VIA_RPORT) == 0;
  const rportAt = rport ? sipMessage.fieldPtr(sipMessage.F_VIA_RPORT) : end;
  if (sentByEnd < value || sentByEnd > end || rportAt < sentByEnd || rportAt > end) {
    msgWriter.putBytes(value, len);
    msgWriter.putCRLF();
    return;
  }
  msgWriter.putBytes(value, <i32>(sentByEnd - value));
  if (addReceived) {
    msgWriter.putString(";received=");
    msgWriter.putBytes(SOURCE, sourceLength);
  }
  msgWriter.putBytes(sentByEnd, <i32>(rportAt - sentByEnd));
  if (fillRport) {
    msgWriter.putByte(0x3d);
    msgWriter.putNumber(<u32>via().port);
  }
  msgWriter.putBytes(rportAt, <i32>(end - rportAt));
  msgWriter.putCRLF();
}

function copyLines(id: i32): void {
  let first = id == H_VIA;
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != id) continue;
    if (first) {
      putTopVia(RX + <usize>sipMessage.headerValueStart(i), sipMessage.headerValueLength(i));
      first = false;
    } else {
      msgWriter.putHeader(id, RX + <usize>sipMessage.headerValueStart(i), sipMessage.headerValueLength(i));
    }
  }
}

/** To, with ";tag=" added when the request's To has none and the code is above 100 (§8.2.6.2). */
function copyTo(code: i32, tag: usize, tagLen: i32): void {
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != H_TO) continue;
    msgWriter.putHeaderName(H_TO);
    msgWriter.putBytes(RX + <usize>sipMessage.headerValueStart(i), sipMessage.headerValueLength(i));
    if (code > 100 && !sipMessage.hasField(sipMessage.F_TO_TAG) && tagLen > 0) {
      msgWriter.putString(";tag=");
      msgWriter.putBytes(tag, tagLen);
    }
    msgWriter.putCRLF();
    return;
  }
}

const REASON_TEXT: usize = memory.data(48);

/** The reason phrase of RFC 3261 §21 for `code`, as ASCII at reasonTextPtr(); returns its length. */
export function reasonText(code: i32): i32 {
  const text = changetype<usize>(defaultReason(code));
  const n = <i32>(load<u32>(text - 4) >> 1);
  for (let i = 0; i < n && i < 48; i++) store<u8>(REASON_TEXT + <usize>i, <u8>load<u16>(text + (<usize>i << 1)));
  return n < 48 ? n : 48;
}
export function reasonTextPtr(): usize { return REASON_TEXT; }

/** beginResponse with the reason phrase of RFC 3261 §21 for `code`. */
export function beginResponseFor(code: i32, tag: usize, tagLen: i32): void {
  beginResponse(code, REASON_TEXT, reasonText(code), tag, tagLen);
}

/** Starts a response to the request in RX: status line and the copied header fields. */
export function beginResponse(code: i32, reason: usize, reasonLen: i32, tag: usize, tagLen: i32): void {
  msgWriter.beginStatus(code, reason, reasonLen);
  copyLines(H_VIA);
  copyLines(H_FROM);
  copyTo(code, tag, tagLen);
  copyLines(H_CALL_ID);
  copyLines(H_CSEQ);
}

// A To tag for stateless responses (§8.2.7: the same request always gets the
// same tag): FNV-1a over Call-ID, From tag, top Via branch and CSeq number.
const TAG: usize = memory.data(10);

/** FNV-1a of field `id` of the message in RX, continuing from `h` (nothing when the field is absent). */
export function fnv(h: u32, id: i32): u32 {
  if (!sipMessage.hasField(id)) return h;
  const p = sipMessage.fieldPtr(id);
  const n = sipMessage.fieldLength(id);
  for (let i = 0; i < n; i++) h = (h ^ load<u8>(p + <usize>i)) * 16777619;
  return h;
}

export function statelessTag(): usize {
  let h: u32 = 2166136261;
  h = fnv(h, sipMessage.F_CALL_ID);
  h = fnv(h, sipMessage.F_FROM_TAG);
  h = fnv(h, sipMessage.F_VIA_BRANCH);
  h = fnv(h, sipMessage.F_CSEQ_NUMBER);
  store<u8>(TAG, 0x73); // "s"
  store<u8>(TAG + 1, 0x6c); // "l"
  for (let i = 0; i < 8; i++) {
    const d = (h >>> (28 - 4 * <u32>i)) & 15;
    store<u8>(TAG + 2 + <usize>i, <u8>(d < 10 ? 0x30 + d : 0x61 + d - 10));
  }
  return TAG;
}


/**
 * The stateless answer to the request in RX with `code`: the verdict's own
 * reason phrase when code is the verdict, with Unsupported (420) or Accept
 * (415) as §8.2.2.3 and §8.2.3 require. Returns its length in TX, or -1.
 */
export function respondStateless(code: i32): i32 {
  if (!canRespond()) return -1;
  let reason = sipMessage.reasonPtr();
  let reasonLen = sipMessage.reasonLength();
  if (code != sipMessage.verdict() || reasonLen == 0) {
    reasonLen = reasonText(code);
    reason = REASON_TEXT;
  }
  beginResponse(code, reason, reasonLen, statelessTag(), 10);
  const unsupported = unsupportedCount();
  if (code == 420 && unsupported > 0) {
    msgWriter.putHeaderName(H_UNSUPPORTED);
    for (let i = 0; i < unsupported; i++) {
      if (i > 0) msgWriter.putString(", ");
      msgWriter.putBytes(unsupportedStart(i), unsupportedLength(i));
    }
    msgWriter.putCRLF();
  }
  if (code == 415) {
    msgWriter.putHeaderName(H_ACCEPT);
    msgWriter.putString(ACCEPTED_BODY_TYPES);
    msgWriter.putCRLF();
  }
  return msgWriter.endMessage(0, 0);
}
