// Writing SDP text into a buffer the caller owns, [dst, dst + cap). Each
// function takes the position written so far and returns the next one; once
// the text would pass cap it returns OVERFLOW and every later call keeps it
// so, writing nothing past cap. The session part of offers and answers
// (v=, o=, s=, c=, t=; RFC 8866 §5) is written here once for both.

import { LocalMedia, localAddress } from "./local";
import { isMappedIPv4 } from "./session";
import { writeIPv6 } from "./ipv6-text";
import { directionName, encodingName, avpName, rtpmapName, fmtpName, ptimeName } from "./names";

/**
 * The size this layer asks of the buffer its caller places for offers and
 * answers: an offer (at most MAX_OFFER_LENGTH, offer.ts) always fits; an
 * answer is our audio stream (as long as an offer at most) and one
 * "m=<media> 0 <proto> <format>" line per refused stream, so 512 octets take
 * the audio stream and about ten refused ones. A longer answer is
 * ERR_NO_ROOM, which the caller answers with 488.
 */
export const SDP_TEXT_CAPACITY: i32 = 512;

/** The position a writer returns once the text no longer fits. */
export const OVERFLOW: i32 = -1;

/** Writes the string literal (ASCII) at `at`. */
export function putLiteral(dst: usize, cap: i32, at: i32, literal: usize): i32 {
  const n = <i32>(load<u32>(literal - 4) >> 1);
  if (at < 0 || at + n > cap) return OVERFLOW;
  for (let i = 0; i < n; i++) store<u8>(dst + <usize>(at + i), <u8>load<u16>(literal + (<usize>i << 1)));
  return at + n;
}

/** Copies n octets from src. */
export function putBytes(dst: usize, cap: i32, at: i32, src: usize, n: i32): i32 {
  if (at < 0 || n < 0 || at + n > cap) return OVERFLOW;
  for (let i = 0; i < n; i++) store<u8>(dst + <usize>(at + i), load<u8>(src + <usize>i));
  return at + n;
}

/** Writes v in decimal. */
export function putNumber(dst: usize, cap: i32, at: i32, v: u64): i32 {
  let digits = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  if (at < 0 || at + digits > cap) return OVERFLOW;
  for (let i = digits - 1; i >= 0; i--) {
    store<u8>(dst + <usize>(at + i), <u8>(0x30 + v % 10));
    v /= 10;
  }
  return at + digits;
}

/** Writes the IPv4 address of the 18-octet form at a (its octets 12-15) as a.b.c.d. */
export function putIPv4(dst: usize, cap: i32, at: i32, a: usize): i32 {
  for (let i: usize = 0; i < 4; i++) {
    if (i > 0) at = putLiteral(dst, cap, at, changetype<usize>("."));
    at = putNumber(dst, cap, at, <u64>load<u8>(a + 12 + i));
  }
  return at;
}

/** Writes the address of the 18-octet form at a as RFC 5952 IPv6 text. */
export function putIPv6(dst: usize, cap: i32, at: i32, a: usize): i32 {
  if (at < 0) return OVERFLOW;
  const n = writeIPv6(a, dst + <usize>at, cap - at);
  return n < 0 ? OVERFLOW : at + n;
}

/** "IN IP4 a.b.c.d" or "IN IP6 <RFC 5952 text>": the nettype, addrtype and address of o= and c= (RFC 8866 §5.2, §5.7). */
function putNetAddress(dst: usize, cap: i32, at: i32, a: usize): i32 {
  const v4 = isMappedIPv4(a);
  at = putLiteral(dst, cap, at, changetype<usize>("IN IP"));
  at = putNumber(dst, cap, at, v4 ? 4 : 6);
  at = putLiteral(dst, cap, at, changetype<usize>(" "));
  return v4 ? putIPv4(dst, cap, at, a) : putIPv6(dst, cap, at, a);
}

/**
 * The session part (RFC 8866 §5): v=0, o= with our session id and version
 * (RFC 3264 §5: the username "-" and the address of the station), s=- (§5.3:
 * a single dash where there is no name), c= (the one address every stream of
 * ours uses, §5.7) and t=0 0 (§5.9: a session not bounded in time).
 */
export function putSessionPart(dst: usize, cap: i32, at: i32, l: LocalMedia): i32 {
  at = putLiteral(dst, cap, at, changetype<usize>("v=0\r\no=- "));
  at = putNumber(dst, cap, at, l.sessionId);
  at = putLiteral(dst, cap, at, changetype<usize>(" "));
  at = putNumber(dst, cap, at, l.version);
  at = putLiteral(dst, cap, at, changetype<usize>(" "));
  at = putNetAddress(dst, cap, at, localAddress(l));
  at = putLiteral(dst, cap, at, changetype<usize>("\r\ns=-\r\nc="));
  at = putNetAddress(dst, cap, at, localAddress(l));
  return putLiteral(dst, cap, at, changetype<usize>("\r\nt=0 0\r\n"));
}

/** "a=<name>:", the value to follow (RFC 8866 §5.13). */
function putAttribute(dst: usize, cap: i32, at: i32, name: usize): i32 {
  at = putLiteral(dst, cap, at, changetype<usize>("a="));
  at = putLiteral(dst, cap, at, name);
  return putLiteral(dst, cap, at, changetype<usize>(":"));
}

/** The direction attribute line of d (DIR_*; RFC 3264 §5.1). */
export function putDirection(dst: usize, cap: i32, at: i32, d: u8): i32 {
  at = putLiteral(dst, cap, at, changetype<usize>("a="));
  at = putLiteral(dst, cap, at, directionName(d));
  return putLiteral(dst, cap, at, changetype<usize>("\r\n"));
}

/** a=rtpmap:<pt> <name>/8000 for an encoding we write (ENC_PCMU, ENC_PCMA, ENC_EVENTS; RFC 3551 §6, RFC 4733 §7.1.1). */
export function putRtpmap(dst: usize, cap: i32, at: i32, pt: u8, enc: u8): i32 {
  at = putAttribute(dst, cap, at, rtpmapName());
  at = putNumber(dst, cap, at, <u64>pt);
  at = putLiteral(dst, cap, at, changetype<usize>(" "));
  at = putLiteral(dst, cap, at, encodingName(enc));
  return putLiteral(dst, cap, at, changetype<usize>("/8000\r\n"));
}

/** "m=audio <port> RTP/AVP" (RFC 8866 §5.14), the formats to follow. */
export function putAudioLine(dst: usize, cap: i32, at: i32, port: u32): i32 {
  at = putLiteral(dst, cap, at, changetype<usize>("m=audio "));
  at = putNumber(dst, cap, at, <u64>port);
  at = putLiteral(dst, cap, at, changetype<usize>(" "));
  return putLiteral(dst, cap, at, avpName());
}

/** a=fmtp:<pt> 0-15, the DTMF events (RFC 4733 §2.4.1, §3.2). */
export function putEventsFmtp(dst: usize, cap: i32, at: i32, pt: u8): i32 {
  at = putAttribute(dst, cap, at, fmtpName());
  at = putNumber(dst, cap, at, <u64>pt);
  return putLiteral(dst, cap, at, changetype<usize>(" 0-15\r\n"));
}

/** a=ptime:<ms> (RFC 8866 §6.4). */
export function putPtime(dst: usize, cap: i32, at: i32, ms: u32): i32 {
  at = putAttribute(dst, cap, at, ptimeName());
  at = putNumber(dst, cap, at, <u64>ms);
  return putLiteral(dst, cap, at, changetype<usize>("\r\n"));
}
