// Answering an offer (RFC 3264 §6): one m-line per m-line of the offer, in
// its order. The station takes one stream, the first usable audio one
// (RTP/AVP with a codec of ours); every other stream, and that one when
// nothing fits, is refused with port 0, repeating the offer's media type,
// proto and first format (§6: a refused stream still names one). No audio in
// common is ERR_NOTHING_IN_COMMON, which the caller answers with 488
// (RFC 3261 §21.4.26, RFC 3264 §6).

import { session, media, MAX_MEDIA, encoding, format, ENC_EVENTS } from "./session";
import { LocalMedia, Negotiated, NO_EVENTS } from "./local";
import { mediaLineAt } from "./parse";
import { wordEnd, skipSpace } from "./lex";
import { usableAudio, firstCommonCodec, commonEvents, ourDirection, differs, agree } from "./negotiate";
import {
  OVERFLOW, putLiteral, putBytes, putNumber, putSessionPart, putAudioLine, putDirection, putRtpmap, putEventsFmtp, putPtime,
} from "./write";
import { ERR_NOTHING_IN_COMMON, ERR_NO_ROOM } from "./errors";

/**
 * The kept m-line the station answers: the first usable audio stream with a
 * codec in common; -1 when none.
 */
function chosenStream(offer: usize, l: LocalMedia): i32 {
  const s = session(offer);
  const n = <i32>s.mediaCount < MAX_MEDIA ? <i32>s.mediaCount : MAX_MEDIA;
  for (let k = 0; k < n; k++) {
    const m = media(offer, k);
    if (usableAudio(m) && firstCommonCodec(m, l) >= 0) return k;
  }
  return -1;
}

/**
 * Answers the offer parsed into `offer` (parseSdp of the body [body, body +
 * len), which must still be there) with what the station has (l), writing
 * the answer into [dst, dst + cap) and what was agreed into n. Returns the
 * answer's length, or minus a reason (ERR_NOTHING_IN_COMMON, ERR_NO_ROOM);
 * on a failure n and l are as they were.
 *
 * Re-offers in the same session (RFC 3264 §8): an offer whose o= version is
 * the one n last took is the same description and leaves n as it is; a new
 * version is negotiated again (a new address or port, hold and resume,
 * §8.3.1, §8.4), and our own o= version goes up only when our answer changed.
 */
export function answerOffer(body: usize, len: i32, offer: usize, l: LocalMedia, n: Negotiated, dst: usize, cap: i32): i32 {
  const s = session(offer);
  const k = chosenStream(offer, l);
  if (k < 0) return -ERR_NOTHING_IN_COMMON;
  const m = media(offer, k);
  const same = n.valid != 0 && n.remoteSession == s.sessionId && n.remoteVersion == s.sessionVersion;
  const ci = firstCommonCodec(m, l);
  const events = same ? n.eventsPt : commonEvents(m, l);
  const before = l.version;
  if (!same && (before == 0 || differs(m, ci, events, l, n))) l.version = before + 1;
  const pt = same ? n.codecPt : format(m, ci);
  const direction = same ? n.direction : ourDirection(m, l);
  let at = putSessionPart(dst, cap, 0, l);
  const count = <i32>s.mediaCount;
  for (let i = 0; i < count && at != OVERFLOW; i++) {
    at = i == k ? putAudio(dst, cap, at, l, pt, encoding(m, ci), events, direction) : putRefused(dst, cap, at, body, len, i);
  }
  if (at == OVERFLOW) {
    l.version = before;
    return -ERR_NO_ROOM;
  }
  if (!same) agree(m, ci, events, l, n, s.sessionId, s.sessionVersion);
  else n.changed = 0;
  return at;
}

/** The answered audio stream: our port, the chosen codec and the peer's telephone-event payload type (§6.1). */
function putAudio(dst: usize, cap: i32, at: i32, l: LocalMedia, pt: u8, enc: u8, events: u8, direction: u8): i32 {
  at = putAudioLine(dst, cap, at, <u32>l.mediaPort);
  at = putLiteral(dst, cap, at, changetype<usize>(" "));
  at = putNumber(dst, cap, at, <u64>pt);
  if (events != NO_EVENTS) {
    at = putLiteral(dst, cap, at, changetype<usize>(" "));
    at = putNumber(dst, cap, at, <u64>events);
  }
  at = putLiteral(dst, cap, at, changetype<usize>("\r\n"));
  at = putRtpmap(dst, cap, at, pt, enc);
  if (events != NO_EVENTS) {
    at = putRtpmap(dst, cap, at, events, ENC_EVENTS);
    at = putEventsFmtp(dst, cap, at, events);
  }
  at = putPtime(dst, cap, at, <u32>l.ptime);
  return putDirection(dst, cap, at, direction);
}

/**
 * A refused stream (RFC 3264 §6): "m=<media> 0 <proto> <first format>",
 * each word taken from the k-th m-line of the offer's body.
 */
function putRefused(dst: usize, cap: i32, at: i32, body: usize, len: i32, k: i32): i32 {
  const line = mediaLineAt(body, len, k);
  if (line < 0) return OVERFLOW;
  const p = body + <usize>(line >>> 32);
  const end = p + <usize>(line & 0xffffffff);
  const typeEnd = wordEnd(p, end);
  const portStart = skipSpace(typeEnd, end);
  const protoStart = skipSpace(wordEnd(portStart, end), end);
  const protoEnd = wordEnd(protoStart, end);
  const fmtStart = skipSpace(protoEnd, end);
  const fmtEnd = wordEnd(fmtStart, end);
  at = putLiteral(dst, cap, at, changetype<usize>("m="));
  at = putBytes(dst, cap, at, p, <i32>(typeEnd - p));
  at = putLiteral(dst, cap, at, changetype<usize>(" 0 "));
  at = putBytes(dst, cap, at, protoStart, <i32>(protoEnd - protoStart));
  at = putLiteral(dst, cap, at, changetype<usize>(" "));
  at = putBytes(dst, cap, at, fmtStart, <i32>(fmtEnd - fmtStart));
  return putLiteral(dst, cap, at, changetype<usize>("\r\n"));
}
