// Parses a session description (RFC 8866, formerly RFC 4566) from the byte
// range [p, p + len) into a record the caller owns (session.ts). It never
// reads past len, never traps, allocates nothing, and refuses a malformed
// body with a reason (errors.ts). Lines end in CRLF or LF (RFC 8866 §5 asks
// for CRLF and lets parsers take LF); empty lines are skipped.

import {
  SdpSession, SdpMedia, session, media, sessionAddress, mediaAddress, copyAddress, setFormat,
  isNullIPv4, MAX_MEDIA, MAX_FORMATS, SDP_RECORD_SIZE, NOT_A_PT,
  MEDIA_AUDIO, MEDIA_VIDEO, MEDIA_OTHER, PROTO_RTP_AVP, PROTO_RTP_SAVP, PROTO_OTHER,
  DIR_UNSET, DIR_SENDRECV, ADDR_NONE, ADDR_IP4, ADDR_IP6, ADDR_NAME,
} from "./session";
import { wordEnd, find, skipSpace, equalsLiteral, digitsEnd, readNumber, wholeNumber, parseIPv4, parseIPv6, MAX_DIGITS } from "./lex";
import { sessionAttribute, mediaAttribute, staticEncoding } from "./attributes";
import { avpName } from "./names";
import {
  SDP_OK, ERR_NO_VERSION, ERR_BAD_LINE, ERR_UNKNOWN_TYPE, ERR_BAD_CHAR, ERR_BAD_ORIGIN,
  ERR_BAD_CONNECTION, ERR_BAD_MEDIA, ERR_BAD_PORT, ERR_TOO_LONG,
} from "./errors";

/** The end of the line at p: the LF, or `end` when the body ends without one. */
function lineEnd(p: usize, end: usize): usize { return find(p, end, 0x0a); }

/** The type letters of RFC 8866 §5 the station skips: s i u e p b t r z k. */
function isSkippedType(c: u32): bool {
  return c == 0x73 || c == 0x69 || c == 0x75 || c == 0x65 || c == 0x70 ||
    c == 0x62 || c == 0x74 || c == 0x72 || c == 0x7a || c == 0x6b;
}

/**
 * Parses [p, p + len) into `record` (SDP_RECORD_SIZE octets, 8-aligned):
 * SDP_OK, or the reason the body is refused (the record is then partial).
 */
export function parseSdp(p: usize, len: i32, record: usize): i32 {
  for (let i: usize = 0; i < SDP_RECORD_SIZE; i += 8) store<u64>(record + i, 0);
  const s = session(record);
  s.direction = DIR_UNSET;
  const end = p + (len > 0 ? <usize>len : 0);
  let q = p;
  let first = true;
  let current: SdpMedia | null = null; // the m-line being read, null at session level or past MAX_MEDIA
  let inMedia = false;
  while (q < end) {
    const lf = lineEnd(q, end);
    let e = lf;
    if (e > q && load<u8>(e - 1) == 0x0d) e--;
    for (let r = q; r < e; r++) {
      const c = load<u8>(r);
      if (c == 0 || c == 0x0d) return ERR_BAD_CHAR;
    }
    const line = q;
    q = lf < end ? lf + 1 : end;
    if (e == line) continue;
    if (e - line < 2 || load<u8>(line + 1) != 0x3d) return first ? ERR_NO_VERSION : ERR_BAD_LINE;
    const type = <u32>load<u8>(line);
    const v = line + 2;
    if (first) {
      // RFC 8866 §5.1: the first line is v=0.
      if (type != 0x76 || e - v != 1 || load<u8>(v) != 0x30) return ERR_NO_VERSION;
      first = false;
      continue;
    }
    let r = SDP_OK;
    if (type == 0x6f) r = inMedia ? ERR_BAD_LINE : origin(s, v, e);
    else if (type == 0x63) {
      if (!inMedia) r = connection(v, e, sessionAddress(record), changetype<usize>(s) + offsetof<SdpSession>("addrType"));
      else if (current) r = connection(v, e, mediaAddress(current), changetype<usize>(current) + offsetof<SdpMedia>("addrType"));
    } else if (type == 0x6d) {
      inMedia = true;
      const index = <i32>s.mediaCount;
      if (s.mediaCount < 0xffff) s.mediaCount++;
      current = index < MAX_MEDIA ? media(record, index) : null;
      r = mediaLine(v, e, current);
    } else if (type == 0x61) {
      if (!inMedia) r = sessionAttribute(s, v, e);
      else if (current) r = mediaAttribute(current, v, e);
    } else if (type == 0x76) r = ERR_BAD_LINE;
    else if (!isSkippedType(type)) r = ERR_UNKNOWN_TYPE;
    if (r != SDP_OK) return r;
  }
  if (first) return ERR_NO_VERSION;
  resolve(record);
  return SDP_OK;
}

/**
 * Each kept m-line takes what the session level gives when it says nothing
 * itself: the c= address (RFC 8866 §5.7) and the direction (RFC 3264 §5.1,
 * sendrecv when neither level has one).
 */
function resolve(record: usize): void {
  const s = session(record);
  const n = <i32>s.mediaCount < MAX_MEDIA ? <i32>s.mediaCount : MAX_MEDIA;
  for (let i = 0; i < n; i++) {
    const m = media(record, i);
    if (m.addrType == ADDR_NONE) {
      m.addrType = s.addrType;
      copyAddress(mediaAddress(m), sessionAddress(record));
    }
    if (m.direction == DIR_UNSET) m.direction = s.direction != DIR_UNSET ? s.direction : DIR_SENDRECV;
  }
}

/** o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address> (RFC 8866 §5.2). */
function origin(s: SdpSession, p: usize, end: usize): i32 {
  const idStart = skipSpace(wordEnd(p, end), end);
  const idEnd = wordEnd(idStart, end);
  const versionStart = skipSpace(idEnd, end);
  const versionEnd = wordEnd(versionStart, end);
  if (idStart == idEnd || versionStart == versionEnd) return ERR_BAD_ORIGIN;
  if (digitsEnd(idStart, idEnd) != idEnd || digitsEnd(versionStart, versionEnd) != versionEnd) return ERR_BAD_ORIGIN;
  const id = readNumber(idStart, idEnd, MAX_DIGITS);
  const version = readNumber(versionStart, versionEnd, MAX_DIGITS);
  if (id < 0 || version < 0) return ERR_TOO_LONG;
  s.sessionId = <u64>id;
  s.sessionVersion = <u64>version;
  return SDP_OK;
}

/**
 * c=IN <IP4|IP6> <address>[/<ttl>][/<number of addresses>] (RFC 8866 §5.7)
 * into the 18-octet address at dst and its type at typeAt. A name where a
 * literal should be is kept as ADDR_NAME: legal, but the station cannot use it.
 */
function connection(p: usize, end: usize, dst: usize, typeAt: usize): i32 {
  const netEnd = wordEnd(p, end);
  if (!equalsLiteral(p, netEnd, changetype<usize>("IN"))) return ERR_BAD_CONNECTION;
  const typeStart = skipSpace(netEnd, end);
  const typeEnd = wordEnd(typeStart, end);
  const a = skipSpace(typeEnd, end);
  const aEnd = find(a, wordEnd(a, end), 0x2f);
  if (a == aEnd) return ERR_BAD_CONNECTION;
  let t = ADDR_NAME;
  if (equalsLiteral(typeStart, typeEnd, changetype<usize>("IP4"))) {
    if (parseIPv4(a, aEnd, dst)) t = ADDR_IP4;
  } else if (equalsLiteral(typeStart, typeEnd, changetype<usize>("IP6"))) {
    if (parseIPv6(a, aEnd, dst)) t = ADDR_IP6;
  } else return ERR_BAD_CONNECTION;
  // A name keeps no half-read octets: its address reads as all zeros.
  if (t == ADDR_NAME) for (let i: usize = 0; i < 16; i++) store<u8>(dst + i, 0);
  store<u8>(typeAt, t);
  return SDP_OK;
}

/**
 * m=<media> <port>[/<number of ports>] <proto> <fmt> ... (RFC 8866 §5.14).
 * At least one format; for RTP/AVP and RTP/SAVP every format is a payload
 * type 0-127 (RFC 3551 §3). `m` is null for an m-line past MAX_MEDIA, which is
 * checked all the same.
 */
function mediaLine(p: usize, end: usize, m: SdpMedia | null): i32 {
  const typeEnd = wordEnd(p, end);
  const portStart = skipSpace(typeEnd, end);
  if (typeEnd == p || portStart == typeEnd) return ERR_BAD_MEDIA;
  const portEnd = digitsEnd(portStart, end);
  if (portEnd == portStart) return ERR_BAD_MEDIA;
  const port = readNumber(portStart, portEnd, 10);
  if (port < 0 || port > 65535) return ERR_BAD_PORT;
  let count: i64 = 1;
  let q = portEnd;
  if (q < end && load<u8>(q) == 0x2f) {
    const countEnd = digitsEnd(q + 1, end);
    count = readNumber(q + 1, countEnd, 10);
    if (count < 1 || count > 65535) return ERR_BAD_MEDIA;
    q = countEnd;
  }
  const protoStart = skipSpace(q, end);
  if (protoStart == q) return ERR_BAD_MEDIA;
  const protoEnd = wordEnd(protoStart, end);
  let proto = PROTO_OTHER;
  if (equalsLiteral(protoStart, protoEnd, avpName())) proto = PROTO_RTP_AVP;
  else if (equalsLiteral(protoStart, protoEnd, changetype<usize>("RTP/SAVP"))) proto = PROTO_RTP_SAVP;
  let formats = 0;
  q = skipSpace(protoEnd, end);
  if (q == protoEnd) return ERR_BAD_MEDIA;
  while (q < end) {
    const fEnd = wordEnd(q, end);
    const pt = wholeNumber(q, fEnd, 127);
    if (pt < 0 && proto != PROTO_OTHER) return ERR_BAD_MEDIA;
    if (m && formats < MAX_FORMATS) {
      const t = pt < 0 ? NOT_A_PT : <u8>pt;
      setFormat(m, formats, t, pt < 0 ? 0 : staticEncoding(t));
    }
    formats++;
    q = skipSpace(fEnd, end);
  }
  if (formats == 0) return ERR_BAD_MEDIA;
  if (!m) return SDP_OK;
  const r = m;
  if (equalsLiteral(p, typeEnd, changetype<usize>("audio"))) r.type = MEDIA_AUDIO;
  else if (equalsLiteral(p, typeEnd, changetype<usize>("video"))) r.type = MEDIA_VIDEO;
  else r.type = MEDIA_OTHER;
  r.proto = proto;
  r.port = <u16>port;
  r.portCount = <u16>count;
  r.formatCount = <u8>(formats < 255 ? formats : 255);
  r.direction = DIR_UNSET;
  r.eventsPt = NOT_A_PT;
  return SDP_OK;
}

/** Whether the kept m-line m has the hold address 0.0.0.0 of RFC 2543 (RFC 3264 §8.4). */
export function heldByNullAddress(m: SdpMedia): bool {
  return m.addrType == ADDR_IP4 && isNullIPv4(mediaAddress(m));
}

/**
 * Finds the k-th m-line (from 0) of the body [p, p + len): its value (after
 * "m=") as start offset << 32 | length, or -1 when there is none. The answer
 * writer uses it to repeat the media type, proto and a format of a stream it
 * refuses (RFC 3264 §6), kept or not.
 */
export function mediaLineAt(p: usize, len: i32, k: i32): i64 {
  const end = p + (len > 0 ? <usize>len : 0);
  let q = p;
  let seen = 0;
  while (q < end) {
    const lf = lineEnd(q, end);
    let e = lf;
    if (e > q && load<u8>(e - 1) == 0x0d) e--;
    if (e - q >= 2 && load<u8>(q) == 0x6d && load<u8>(q + 1) == 0x3d) {
      if (seen == k) return (<i64>(q + 2 - p) << 32) | <i64>(e - q - 2);
      seen++;
    }
    q = lf < end ? lf + 1 : end;
  }
  return -1;
}
