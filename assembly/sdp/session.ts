// The records of the SDP layer (RFC 8866, RFC 3264), each an @unmanaged
// class the caller lays over memory it owns (changetype<T>(address)): this
// layer reserves no static memory and keeps no state between calls.
//
//  - a parsed description: one SdpSession followed by MAX_MEDIA SdpMedia
//    records and their format lists (SDP_RECORD_SIZE octets in all);
//  - LocalMedia: what the station can do (LOCAL_SIZE octets);
//  - Negotiated: what an offer/answer exchange agreed (NEGOTIATED_SIZE octets).
//
// Addresses are in the 18-octet form of the board ABI (docs/board-abi.md,
// rxPeer): 16 octets of IPv6 address (IPv4 mapped as ::ffff:a.b.c.d) and a
// big-endian port. This layer knows nothing of SIP or the intercom.

/** m-lines kept per description; more are counted and refused (port 0) in an answer. */
export const MAX_MEDIA: i32 = 4;
/** Formats (payload types) kept per m-line, in the offer's order; more are counted and ignored. */
export const MAX_FORMATS: i32 = 16;
export const ADDRESS_SIZE: usize = 18;

// Media types and transport protocols of an m-line (RFC 8866 §5.14).
export const MEDIA_OTHER: u8 = 0;
export const MEDIA_AUDIO: u8 = 1;
export const MEDIA_VIDEO: u8 = 2;
export const PROTO_OTHER: u8 = 0;
export const PROTO_RTP_AVP: u8 = 1;
export const PROTO_RTP_SAVP: u8 = 2;

// What a format's a=rtpmap names (RFC 8866 §6.6), or the static payload
// types of RFC 3551 §6 (0 PCMU/8000, 8 PCMA/8000) when it has none.
export const ENC_UNKNOWN: u8 = 0;
export const ENC_PCMU: u8 = 1;
export const ENC_PCMA: u8 = 2;
/** telephone-event/8000 (RFC 4733 §7.1.1). */
export const ENC_EVENTS: u8 = 3;
export const ENC_OTHER: u8 = 4;
/** A format that is not an RTP payload type number (a non-RTP m-line). */
export const NOT_A_PT: u8 = 255;

// Directions (RFC 3264 §5.1) as two bits, seen from the side that wrote them:
// 1 it sends, 2 it receives. The answer's direction is the offer's with the
// bits swapped, masked by what the answerer wants (§6.1).
export const DIR_INACTIVE: u8 = 0;
export const DIR_SENDONLY: u8 = 1;
export const DIR_RECVONLY: u8 = 2;
export const DIR_SENDRECV: u8 = 3;
/** No direction attribute at this level (RFC 3264 §5.1: sendrecv is the default). */
export const DIR_UNSET: u8 = 255;

// Address types of a c= line (RFC 8866 §5.7).
export const ADDR_NONE: u8 = 0;
export const ADDR_IP4: u8 = 4;
export const ADDR_IP6: u8 = 6;
/** A name (FQDN) where a literal was expected: the station does not resolve it, the stream is unusable. */
export const ADDR_NAME: u8 = 1;

// @ts-ignore: decorator
@unmanaged export class SdpSession {
  /** o= sess-id and sess-version (RFC 8866 §5.2), for change detection (RFC 3264 §8). */
  sessionId: u64;
  sessionVersion: u64;
  /** Every m-line of the body, kept or not (saturates at 65535). */
  mediaCount: u16;
  /** Session-level direction attribute, or DIR_UNSET. */
  direction: u8;
  /** Session-level c= address type (ADDR_*). */
  addrType: u8;
  /** The session-level c= address (ADDRESS_SIZE octets; these fields reserve its room). */
  addr: u64;
  addrMiddle: u64;
  addrEnd: u16;
}

// @ts-ignore: decorator
@unmanaged export class SdpMedia {
  type: u8;
  proto: u8;
  /** The direction in effect for this stream (media level, else session level, else sendrecv). */
  direction: u8;
  /** How many formats the m-line lists (saturates at 255); the first MAX_FORMATS are kept. */
  formatCount: u8;
  port: u16;
  /** The "/<number of ports>" of the m-line (1 when absent). */
  portCount: u16;
  /** a=ptime in milliseconds, 0 when absent (RFC 8866 §6.4). */
  ptime: u16;
  /** a=rtcp port (RFC 3605 §2.1), 0 when absent. */
  rtcpPort: u16;
  /** The address type in effect: the media-level c=, else the session's (ADDR_*). */
  addrType: u8;
  /** The payload type of the a=fmtp that listed telephone events, NOT_A_PT when none did. */
  eventsPt: u8;
  /** Events 0-31 of that a=fmtp as bits (RFC 4733 §2.4.1). */
  events: u32;
  /** The address in effect (ADDRESS_SIZE octets; these fields reserve its room). */
  addr: u64;
  addrMiddle: u64;
  addrEnd: u16;
}

if (offsetof<SdpSession>("addrEnd") + 2 - offsetof<SdpSession>("addr") != ADDRESS_SIZE) ERROR("SdpSession: the address does not match ADDRESS_SIZE");
if (offsetof<SdpMedia>("addrEnd") + 2 - offsetof<SdpMedia>("addr") != ADDRESS_SIZE) ERROR("SdpMedia: the address does not match ADDRESS_SIZE");

const SESSION_SIZE: usize = (offsetof<SdpSession>() + 7) & ~7;
/** A media record: the fields, then MAX_FORMATS payload types, then their encodings (ENC_*). */
const O_FORMATS: usize = offsetof<SdpMedia>();
const O_ENCODINGS: usize = O_FORMATS + <usize>MAX_FORMATS;
const MEDIA_SIZE: usize = (O_ENCODINGS + <usize>MAX_FORMATS + 7) & ~7;
/** Octets of a parsed description: the caller reserves this much (8-aligned) and passes its address. */
export const SDP_RECORD_SIZE: usize = SESSION_SIZE + <usize>MAX_MEDIA * MEDIA_SIZE;

export function session(record: usize): SdpSession { return changetype<SdpSession>(record); }
/** The i-th kept m-line of a parsed description (i < MAX_MEDIA). */
export function media(record: usize, i: i32): SdpMedia {
  return changetype<SdpMedia>(record + SESSION_SIZE + <usize>i * MEDIA_SIZE);
}
export function sessionAddress(record: usize): usize { return record + offsetof<SdpSession>("addr"); }
export function mediaAddress(m: SdpMedia): usize { return changetype<usize>(m) + offsetof<SdpMedia>("addr"); }
/** The i-th kept format (payload type) of m. */
export function format(m: SdpMedia, i: i32): u8 { return load<u8>(changetype<usize>(m) + O_FORMATS + <usize>i); }
export function encoding(m: SdpMedia, i: i32): u8 { return load<u8>(changetype<usize>(m) + O_ENCODINGS + <usize>i); }
export function setFormat(m: SdpMedia, i: i32, pt: u8, enc: u8): void {
  store<u8>(changetype<usize>(m) + O_FORMATS + <usize>i, pt);
  store<u8>(changetype<usize>(m) + O_ENCODINGS + <usize>i, enc);
}
/** How many formats of m are kept. */
export function keptFormats(m: SdpMedia): i32 { return <i32>m.formatCount < MAX_FORMATS ? <i32>m.formatCount : MAX_FORMATS; }
/** The index of payload type pt among m's kept formats, -1 when absent. */
export function findFormat(m: SdpMedia, pt: u8): i32 {
  const n = keptFormats(m);
  for (let i = 0; i < n; i++) if (format(m, i) == pt) return i;
  return -1;
}

/** Whether the address at a is IPv4 0.0.0.0 (the hold of RFC 2543, RFC 3264 §8.4). */
export function isNullIPv4(a: usize): bool {
  return load<u8>(a + 10) == 0xff && load<u32>(a + 12) == 0;
}
/** Whether the 16 address octets of a are IPv4 mapped (::ffff:a.b.c.d). */
export function isMappedIPv4(a: usize): bool {
  return load<u64>(a) == 0 && load<u16>(a + 8) == 0 && load<u16>(a + 10) == 0xffff;
}
export function copyAddress(dst: usize, src: usize): void {
  for (let i: usize = 0; i < ADDRESS_SIZE; i++) store<u8>(dst + i, load<u8>(src + i));
}
/** Whether the 16 address octets of a and b are the same (their ports aside). */
export function sameHost(a: usize, b: usize): bool {
  return load<u64>(a) == load<u64>(b) && load<u64>(a + 8) == load<u64>(b + 8);
}
/** Sets the port of an 18-octet address (big-endian, its last two octets). */
export function setAddressPort(a: usize, port: u32): void {
  store<u8>(a + 16, <u8>(port >>> 8));
  store<u8>(a + 17, <u8>port);
}
export function addressPort(a: usize): u32 { return (<u32>load<u8>(a + 16) << 8) | <u32>load<u8>(a + 17); }
