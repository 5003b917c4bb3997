// The station as offerer (RFC 3264 §5): writing an offer of one audio stream
// with our codecs in preference order, and taking the peer's answer to it.

import { session, media, format, encoding, keptFormats, ENC_PCMU, ENC_PCMA, ENC_EVENTS, MEDIA_AUDIO, PROTO_RTP_AVP } from "./session";
import { LocalMedia, Negotiated, localCodec } from "./local";
import { usableAudio, commonEvents, agree } from "./negotiate";
import { OVERFLOW, putLiteral, putNumber, putSessionPart, putAudioLine, putDirection, putRtpmap, putEventsFmtp, putPtime } from "./write";
import { SDP_OK, ERR_NO_ROOM, ERR_MEDIA_MISMATCH, ERR_NOTHING_IN_COMMON, ERR_NOT_OFFERED } from "./errors";

/**
 * The longest offer writeOffer writes (a 19-digit session id, a 20-digit version,
 * 255.255.255.255, port 65535, both codecs, events on payload type 127,
 * ptime 255): a buffer of this size always takes an offer. An answer is as
 * long as the offer's refused m-lines make it (SDP_TEXT_CAPACITY, write.ts).
 */
export const MAX_OFFER_LENGTH: i32 = 264;

/** The encoding of one of our static payload types (0 PCMU, 8 PCMA; RFC 3551 §6). */
function codecEncoding(pt: u8): u8 { return pt == 8 ? ENC_PCMA : ENC_PCMU; }

/**
 * Writes a new offer into [dst, dst + cap) (RFC 3264 §5): the session part
 * with our o= version one higher than the last description (§8), then
 *   m=audio <port> RTP/AVP <codecs in preference order> [<events PT>]
 * an a=rtpmap for each format (written for the static ones too, §5.1 allows
 * it and some peers want it), a=fmtp <events PT> 0-15 when we take events
 * (RFC 4733 §2.4.1), a=ptime and our direction (sendonly or inactive to hold,
 * §8.4). Returns its length, or -ERR_NO_ROOM (l's version then unchanged).
 */
export function writeOffer(l: LocalMedia, dst: usize, cap: i32): i32 {
  l.version++;
  let at = putSessionPart(dst, cap, 0, l);
  at = putAudioLine(dst, cap, at, <u32>l.mediaPort);
  const codecs = <i32>l.codecCount < 2 ? <i32>l.codecCount : 2;
  for (let i = 0; i < codecs; i++) {
    at = putLiteral(dst, cap, at, changetype<usize>(" "));
    at = putNumber(dst, cap, at, <u64>localCodec(l, i));
  }
  if (l.events != 0) {
    at = putLiteral(dst, cap, at, changetype<usize>(" "));
    at = putNumber(dst, cap, at, <u64>l.eventsPt);
  }
  at = putLiteral(dst, cap, at, changetype<usize>("\r\n"));
  for (let i = 0; i < codecs; i++) at = putRtpmap(dst, cap, at, localCodec(l, i), codecEncoding(localCodec(l, i)));
  if (l.events != 0) {
    at = putRtpmap(dst, cap, at, l.eventsPt, ENC_EVENTS);
    at = putEventsFmtp(dst, cap, at, l.eventsPt);
  }
  at = putPtime(dst, cap, at, <u32>l.ptime);
  at = putDirection(dst, cap, at, l.direction);
  if (at == OVERFLOW) {
    l.version--;
    return -ERR_NO_ROOM;
  }
  return at;
}

/**
 * Takes the answer parsed into `answer` to the offer writeOffer wrote
 * (RFC 3264 §6, §7): it must have exactly our one m-line, audio over RTP/AVP;
 * port 0 there, or no usable address, refuses our stream
 * (ERR_NOTHING_IN_COMMON); its codec is the first format of the answer that
 * we offered (RFC 3264 §6.1: the answer's formats come from the offer; codecs none of
 * which we offered are ERR_NOT_OFFERED);
 * telephone-event is agreed when we offered it and the answer has it, on the
 * answer's payload type. SDP_OK puts the result into n; on an error n is as
 * it was.
 */
export function acceptAnswer(answer: usize, l: LocalMedia, n: Negotiated): i32 {
  const s = session(answer);
  if (s.mediaCount != 1) return ERR_MEDIA_MISMATCH;
  const m = media(answer, 0);
  if (m.type != MEDIA_AUDIO || m.proto != PROTO_RTP_AVP) return ERR_MEDIA_MISMATCH;
  if (!usableAudio(m)) return ERR_NOTHING_IN_COMMON;
  let ci = -1;
  let codecs = 0;
  const count = keptFormats(m);
  for (let i = 0; i < count && ci < 0; i++) {
    const enc = encoding(m, i);
    if (enc == ENC_EVENTS) continue;
    codecs++;
    if (offered(l, format(m, i), enc)) ci = i;
  }
  if (ci < 0) return codecs > 0 ? ERR_NOT_OFFERED : ERR_NOTHING_IN_COMMON;
  agree(m, ci, commonEvents(m, l), l, n, s.sessionId, s.sessionVersion);
  return SDP_OK;
}

/** Whether payload type pt, named enc by the answer, is a codec of our offer. */
function offered(l: LocalMedia, pt: u8, enc: u8): bool {
  const codecs = <i32>l.codecCount < 2 ? <i32>l.codecCount : 2;
  for (let i = 0; i < codecs; i++) if (localCodec(l, i) == pt && codecEncoding(pt) == enc) return true;
  return false;
}
