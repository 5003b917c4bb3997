// The RTP fixed header (RFC 3550 §5.1): writing one for a packet we send, and
// reading a received datagram into a record its caller owns.
//
// API:
//   writeRtpHeader(out, capacity, pt, marker, seq, timestamp, ssrc) → 12, or
//     -1 when `capacity` cannot hold it. The payload follows at out + 12.
//     (sender.ts calls it per 20 ms tick with the stream's numbers.)
//   parseRtp(p, length, packet) → RTP_OK or the reason the datagram is refused;
//     per received datagram, before receiver.ts sees it. On RTP_OK `packet`
//     holds the header's fields and where the payload lies; nothing past
//     p + length is ever read, whatever the datagram claims.
//
// Wire order is network order (big-endian, RFC 3550 §2 "octet order"):
//   0: V(2) P(1) X(1) CC(4)   1: M(1) PT(7)   2-3: sequence
//   4-7: timestamp   8-11: SSRC   12..: CC CSRCs of 4 octets,
//   then (X) an extension: 16-bit profile, 16-bit length in 32-bit words, data.

export const RTP_VERSION: i32 = 2;
/** The fixed header's size, without CSRCs or extension. */
export const RTP_HEADER_SIZE: i32 = 12;

// Parse verdicts.
export const RTP_OK: i32 = 0;
/** Shorter than the fixed header. */
export const RTP_SHORT: i32 = 1;
/** The version field is not 2 (§5.1). */
export const RTP_BAD_VERSION: i32 = 2;
/** The CSRC list the count announces runs past the end (§5.1 CC). */
export const RTP_CSRC_PAST_END: i32 = 3;
/** The header extension, or its announced length, runs past the end (§5.3.1). */
export const RTP_EXTENSION_PAST_END: i32 = 4;
/** The padding count is 0 or larger than what follows the header (§5.1 P). */
export const RTP_BAD_PADDING: i32 = 5;
/**
 * The second octet is 200..204 with the marker: an RTCP packet on the RTP
 * port (RFC 5761 §4 reserves payload types 72..76 for this reason).
 */
export const RTP_IS_RTCP: i32 = 6;

/** What parseRtp read from a packet. The caller owns its memory (RTP_PACKET_SIZE octets). */
// @ts-ignore: decorator
@unmanaged export class RtpPacket {
  ssrc: u32;
  timestamp: u32;
  sequence: u16;
  payloadType: u8;
  /** 1 when the marker bit is set. */
  marker: u8;
  /** The payload's offset from the datagram's start, past CSRCs and extension. */
  payloadOffset: i32;
  /** The payload's length, without the padding. */
  payloadLength: i32;
}
export const RTP_PACKET_SIZE: i32 = <i32>offsetof<RtpPacket>();

// @ts-ignore: decorator
@inline function load16(p: usize): u32 { return <u32>bswap<u16>(load<u16>(p)); }
// @ts-ignore: decorator
@inline function load32(p: usize): u32 { return bswap<u32>(load<u32>(p)); }

/**
 * Writes the fixed header (no CSRC, no extension, no padding) at `out`.
 * Returns its length (12), or -1 when `capacity` is less.
 */
export function writeRtpHeader(out: usize, capacity: i32, pt: i32, marker: bool, seq: u32, timestamp: u32, ssrc: u32): i32 {
  if (capacity < RTP_HEADER_SIZE) return -1;
  store<u8>(out, <u8>(RTP_VERSION << 6));
  store<u8>(out + 1, <u8>((marker ? 0x80 : 0) | (pt & 0x7F)));
  store<u16>(out + 2, bswap<u16>(<u16>seq));
  store<u32>(out + 4, bswap<u32>(timestamp));
  store<u32>(out + 8, bswap<u32>(ssrc));
  return RTP_HEADER_SIZE;
}

/**
 * Reads the RTP packet of `length` octets at `p` into `packet`. Returns RTP_OK
 * or the reason it is refused (then `packet` is not to be used).
 */
export function parseRtp(p: usize, length: i32, packet: RtpPacket): i32 {
  if (length < RTP_HEADER_SIZE) return RTP_SHORT;
  const first = <i32>load<u8>(p);
  if ((first >> 6) != RTP_VERSION) return RTP_BAD_VERSION;
  const second = <i32>load<u8>(p + 1);
  if (second >= 200 && second <= 204) return RTP_IS_RTCP;
  // CC CSRC identifiers follow the fixed header (§5.1); we keep none of them.
  let offset = RTP_HEADER_SIZE + ((first & 0x0F) << 2);
  if (offset > length) return RTP_CSRC_PAST_END;
  if ((first & 0x10) != 0) {
    // §5.3.1: a 4-octet extension header whose second half counts the
    // 32-bit words that follow it.
    if (offset + 4 > length) return RTP_EXTENSION_PAST_END;
    offset += 4 + (<i32>load16(p + <usize>offset + 2) << 2);
    if (offset > length) return RTP_EXTENSION_PAST_END;
  }
  let end = length;
  if ((first & 0x20) != 0) {
    // §5.1 P: the last octet counts the padding octets, itself included.
    const pad = <i32>load<u8>(p + <usize>(length - 1));
    if (pad == 0 || pad > length - offset) return RTP_BAD_PADDING;
    end -= pad;
  }
  packet.marker = <u8>(second >> 7);
  packet.payloadType = <u8>(second & 0x7F);
  packet.sequence = <u16>load16(p + 2);
  packet.timestamp = load32(p + 4);
  packet.ssrc = load32(p + 8);
  packet.payloadOffset = offset;
  packet.payloadLength = end - offset;
  return RTP_OK;
}
