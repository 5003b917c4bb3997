// The attributes the station reads (a=, RFC 8866 §5.13, §6): rtpmap, fmtp of
// telephone-event, ptime, rtcp and the four directions. Every other attribute
// is skipped, whatever its length (RFC 8866 §5.13: unknown attributes are
// ignored).

import {
  SdpMedia, SdpSession, setFormat, findFormat, encoding,
  ENC_UNKNOWN, ENC_PCMU, ENC_PCMA, ENC_EVENTS, ENC_OTHER, NOT_A_PT,
  DIR_SENDRECV, DIR_UNSET,
} from "./session";
import { directionName, encodingName, rtpmapName, fmtpName, ptimeName } from "./names";
import { wordEnd, find, skipSpace, equalsLiteral, digitsEnd, readNumber, wholeNumber, isDigit } from "./lex";
import { SDP_OK, ERR_TOO_LONG, ERR_BAD_PORT } from "./errors";

/** Longest encoding name taken in a=rtpmap (RFC 4855 §3 names are short tokens). */
export const MAX_ENCODING_NAME: i32 = 32;

/** The direction an attribute name [p, end) sets (RFC 3264 §5.1), or DIR_UNSET for any other name. */
function directionOf(p: usize, end: usize): u8 {
  for (let d: u8 = 0; d <= DIR_SENDRECV; d++) if (equalsLiteral(p, end, directionName(d))) return d;
  return DIR_UNSET;
}

/** A session-level attribute [p, end) (after "a="): only a direction matters there. */
export function sessionAttribute(s: SdpSession, p: usize, end: usize): i32 {
  const d = directionOf(p, end);
  if (d != DIR_UNSET) s.direction = d;
  return SDP_OK;
}

/** A media-level attribute [p, end) (after "a=") of the kept m-line m; SDP_OK or a parse error. */
export function mediaAttribute(m: SdpMedia, p: usize, end: usize): i32 {
  const d = directionOf(p, end);
  if (d != DIR_UNSET) { m.direction = d; return SDP_OK; }
  const colon = find(p, end, 0x3a);
  if (colon == end) return SDP_OK;
  const v = colon + 1;
  if (equalsLiteral(p, colon, rtpmapName())) return rtpmap(m, v, end);
  if (equalsLiteral(p, colon, fmtpName())) { fmtp(m, v, end); return SDP_OK; }
  if (equalsLiteral(p, colon, ptimeName())) {
    // RFC 8866 §6.4: a=ptime:<packet time>, in milliseconds; a value we cannot read is ignored.
    const t = wholeNumber(v, end, 65535);
    if (t > 0) m.ptime = <u16>t;
    return SDP_OK;
  }
  if (equalsLiteral(p, colon, changetype<usize>("rtcp"))) {
    // RFC 3605 §2.1: a=rtcp:<port> [<nettype> <addrtype> <address>]; the address, when given, is not used.
    const e = wordEnd(v, end);
    if (digitsEnd(v, e) != e || e == v) return SDP_OK;
    const port = readNumber(v, e, 10);
    if (port < 0 || port > 65535) return ERR_BAD_PORT;
    m.rtcpPort = <u16>port;
  }
  return SDP_OK;
}

/**
 * a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
 * (RFC 8866 §6.6). PCMU and PCMA count only at 8000 Hz mono (RFC 3551 §4.5.14),
 * telephone-event only at 8000 Hz (the clock of those codecs, RFC 4733 §2.1).
 * A map for a payload type the m-line does not list is ignored.
 */
function rtpmap(m: SdpMedia, p: usize, end: usize): i32 {
  const ptEnd = digitsEnd(p, end);
  const pt = wholeNumber(p, ptEnd, 127);
  if (pt < 0) return SDP_OK;
  const i = findFormat(m, <u8>pt);
  if (i < 0) return SDP_OK;
  const name = skipSpace(ptEnd, end);
  const slash = find(name, end, 0x2f);
  if (<i32>(slash - name) > MAX_ENCODING_NAME) return ERR_TOO_LONG;
  const rateEnd = digitsEnd(slash + 1 < end ? slash + 1 : end, end);
  const rate = slash < end ? readNumber(slash + 1, rateEnd, 10) : -1;
  // Channels: absent, or "/1".
  const mono = rateEnd == end || (end - rateEnd == 2 && load<u8>(rateEnd) == 0x2f && load<u8>(rateEnd + 1) == 0x31);
  let enc = ENC_OTHER;
  if (rate == 8000 && mono) {
    for (let e = ENC_PCMU; e <= ENC_EVENTS; e++) if (equalsLiteral(name, slash, encodingName(e))) enc = e;
  }
  setFormat(m, i, <u8>pt, enc);
  return SDP_OK;
}

/**
 * a=fmtp:<payload type> <events> for telephone-event (RFC 4733 §2.4.1): a
 * comma-separated list of events and ranges ("0-15", "0-11,16"). Events 0-31
 * are kept as bits; higher ones are valid and ignored. The first such fmtp of
 * a telephone-event payload type is kept; a list we cannot read is ignored.
 */
function fmtp(m: SdpMedia, p: usize, end: usize): void {
  const ptEnd = digitsEnd(p, end);
  const pt = wholeNumber(p, ptEnd, 127);
  if (pt < 0 || m.eventsPt != NOT_A_PT) return;
  const i = findFormat(m, <u8>pt);
  if (i < 0 || encoding(m, i) != ENC_EVENTS) return;
  let q = skipSpace(ptEnd, end);
  if (q == end) return;
  let mask: u32 = 0;
  while (q < end) {
    const aEnd = digitsEnd(q, end);
    const a = readNumber(q, aEnd, 3);
    if (a < 0 || a > 255) return;
    let b = a;
    q = aEnd;
    if (q < end && load<u8>(q) == 0x2d) {
      const bEnd = digitsEnd(q + 1, end);
      b = readNumber(q + 1, bEnd, 3);
      if (b < a || b > 255) return;
      q = bEnd;
    }
    for (let e = <u32>a; e <= <u32>b && e < 32; e++) mask |= <u32>1 << e;
    if (q < end) {
      if (load<u8>(q) != 0x2c || q + 1 == end || !isDigit(<u32>load<u8>(q + 1))) return;
      q++;
    }
  }
  m.eventsPt = <u8>pt;
  m.events = mask;
}

/** The static payload types of RFC 3551 §6 the station knows: 0 PCMU/8000, 8 PCMA/8000. */
export function staticEncoding(pt: u8): u8 {
  if (pt == 0) return ENC_PCMU;
  if (pt == 8) return ENC_PCMA;
  return ENC_UNKNOWN;
}
