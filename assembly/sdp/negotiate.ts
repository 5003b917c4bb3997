// What offers and answers share (RFC 3264): which stream the station can
// take, which codec and telephone-event payload type, the direction seen from
// our side, and how the agreed result goes into the Negotiated record.

import {
  SdpMedia, mediaAddress, format, encoding, keptFormats,
  MEDIA_AUDIO, PROTO_RTP_AVP, ENC_PCMU, ENC_PCMA, ENC_EVENTS, ADDR_IP4, ADDR_NONE,
  DIR_RECVONLY, copyAddress, sameHost, setAddressPort, addressPort, isNullIPv4,
} from "./session";
import { LocalMedia, Negotiated, localCodec, remoteAddress, NO_EVENTS, LAW_ULAW, LAW_ALAW } from "./local";

/** The same direction seen from the other side: sending and receiving swap (RFC 3264 §6.1). */
export function swapDirection(d: u8): u8 { return <u8>(((d & 1) << 1) | ((d & 2) >> 1)); }

/**
 * The direction the peer's stream m says, from the peer's side. A c= of
 * 0.0.0.0 (RFC 2543 hold, RFC 3264 §8.4) means it receives nothing.
 */
export function peerDirection(m: SdpMedia): u8 {
  let d = m.direction;
  if (m.addrType == ADDR_IP4 && isNullIPv4(mediaAddress(m))) d &= ~DIR_RECVONLY;
  return d;
}

/**
 * Whether m is a stream the station can take: audio over RTP/AVP with a port
 * and a c= address. A name (ADDR_NAME) is taken: the station does not resolve
 * it, and sends where the peer's RTP comes from (symmetric RTP, RFC 4961).
 */
export function usableAudio(m: SdpMedia): bool {
  return m.type == MEDIA_AUDIO && m.proto == PROTO_RTP_AVP && m.port != 0 && m.addrType != ADDR_NONE;
}

/** Whether payload type pt with encoding enc is one of our codecs. */
function ours(l: LocalMedia, enc: u8): bool {
  for (let i = 0; i < <i32>l.codecCount && i < 2; i++) {
    const c = localCodec(l, i);
    if ((c == 0 && enc == ENC_PCMU) || (c == 8 && enc == ENC_PCMA)) return true;
  }
  return false;
}

/**
 * The index in m of the first format, in m's order, that is a codec of ours
 * (RFC 3264 §6.1 lets the answerer choose; the station keeps the order of the
 * peer's list), -1 when there is none.
 */
export function firstCommonCodec(m: SdpMedia, l: LocalMedia): i32 {
  const n = keptFormats(m);
  for (let i = 0; i < n; i++) if (ours(l, encoding(m, i))) return i;
  return -1;
}

/** The peer's payload type for telephone-event/8000 when both sides take events (RFC 4733 §2.1), else NO_EVENTS. */
export function commonEvents(m: SdpMedia, l: LocalMedia): u8 {
  if (l.events == 0) return NO_EVENTS;
  const n = keptFormats(m);
  for (let i = 0; i < n; i++) if (encoding(m, i) == ENC_EVENTS) return format(m, i);
  return NO_EVENTS;
}

/** The direction from our side: what the peer does, swapped, within what we want (RFC 3264 §6.1). */
export function ourDirection(m: SdpMedia, l: LocalMedia): u8 { return swapDirection(peerDirection(m)) & l.direction; }

/** RFC 3264 §8.4: the peer holds the call when it no longer receives. */
function holdOf(m: SdpMedia): u8 { return (peerDirection(m) & DIR_RECVONLY) == 0 ? 1 : 0; }

/** Where the peer takes RTCP: a=rtcp (RFC 3605 §2.1), else the RTP port + 1 (RFC 3550 §11). */
function rtcpOf(m: SdpMedia): u32 { return m.rtcpPort != 0 ? <u32>m.rtcpPort : (<u32>m.port + 1) & 0xffff; }

/** Whether taking stream m (codec at index ci, events eventsPt) would change what n holds. */
export function differs(m: SdpMedia, ci: i32, eventsPt: u8, l: LocalMedia, n: Negotiated): bool {
  const r = remoteAddress(n);
  return n.valid == 0 || n.addrType != m.addrType || !sameHost(mediaAddress(m), r) || addressPort(r) != <u32>m.port ||
    n.codecPt != format(m, ci) ||
    n.eventsPt != eventsPt || n.direction != ourDirection(m, l) || n.hold != holdOf(m) ||
    <u32>n.rtcpPort != rtcpOf(m) || n.ptime != m.ptime;
}

/**
 * Puts what stream m agreed into n: codec (format index ci of m), events
 * payload type, the direction from our side, hold, ptime and where RTP and
 * RTCP go; n.changed says whether any of it differs from what n held.
 */
export function agree(m: SdpMedia, ci: i32, eventsPt: u8, l: LocalMedia, n: Negotiated, remoteSession: u64, remoteVersion: u64): void {
  const changed = differs(m, ci, eventsPt, l, n);
  copyAddress(remoteAddress(n), mediaAddress(m));
  setAddressPort(remoteAddress(n), <u32>m.port);
  n.addrType = m.addrType;
  n.remoteSession = remoteSession;
  n.remoteVersion = remoteVersion;
  n.codecPt = format(m, ci);
  n.law = encoding(m, ci) == ENC_PCMU ? LAW_ULAW : LAW_ALAW;
  n.eventsPt = eventsPt;
  n.direction = ourDirection(m, l);
  n.hold = holdOf(m);
  n.ptime = m.ptime;
  n.rtcpPort = <u16>rtcpOf(m);
  n.valid = 1;
  n.changed = changed ? 1 : 0;
}
