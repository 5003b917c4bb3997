// Reading the peer's RTCP compound packets (RFC 3550 §6.1) after the
// validity checks of A.2: version 2 everywhere, the first packet an SR or RR
// without padding, padding only in the last packet, and lengths that add up
// to the datagram exactly. Nothing is read past the datagram, whatever a
// length or a count claims, and nothing of a refused compound is kept.
//
// API: parseRtcp(p, length, st, r, ourSsrc, ntp, now) per datagram on the
//   RTCP port → RTCP_OK or the reason it is refused. On RTCP_OK `st` keeps
//   the peer's last SR (for our LSR/DLSR), what its report block says of our
//   stream (fraction lost, jitter, round trip) and whether its source said BYE.
//   `r` is our receiver of the peer's RTP (rtp's source is the one whose SR
//   and BYE count); `ntp` is ntpFromMs(now) (rtcp.ts).

import { RtpReceiver } from "./receiver";
import { RtcpState, ntpMiddle, ntpShortToMs, rtcpAverage } from "./rtcp";
import { RTCP_SR, RTCP_RR, RTCP_BYE, REPORT_BLOCK_SIZE } from "./rtcp-write";

export const RTCP_OK: i32 = 0;
/** A packet's common header does not fit in what is left (A.2). */
export const RTCP_TRUNCATED: i32 = 1;
/** A packet's version is not 2 (A.2). */
export const RTCP_BAD_VERSION: i32 = 2;
/** The first packet is not an SR or RR (§6.1, A.2). */
export const RTCP_NOT_REPORT_FIRST: i32 = 3;
/** A packet's length field points past the end of the datagram (A.2). */
export const RTCP_PAST_END: i32 = 4;
/** Padding in a packet other than the last, in the first, or a count that does not fit (A.2, §6.4.1 P). */
export const RTCP_BAD_PADDING: i32 = 5;
/** The report blocks or sources a packet's count announces do not fit in its length (§6.4.1, §6.6). */
export const RTCP_COUNT_TOO_LARGE: i32 = 6;

// @ts-ignore: decorator
@inline function get32(p: usize): u32 { return bswap<u32>(load<u32>(p)); }

/** Whether a packet of source `ssrc` speaks for the peer's RTP source (any, while none is known). */
function fromPeer(r: RtpReceiver, ssrc: u32): bool { return r.known == 0 || ssrc == r.ssrc; }

/** The peer's report blocks (at `p`, `count` of them): the one about our SSRC tells how our stream fares. */
function readBlocks(p: usize, count: i32, st: RtcpState, ourSsrc: u32, ntp: u64): void {
  for (let i = 0; i < count; i++) {
    const b = p + <usize>(i * REPORT_BLOCK_SIZE);
    if (get32(b) != ourSsrc) continue;
    st.peerFractionLost = load<u8>(b + 4);
    st.peerJitter = get32(b + 12);
    const lsr = get32(b + 16);
    // §6.4.1: round trip = A - LSR - DLSR, all in 1/65536 s, A our time now.
    if (lsr != 0) st.rttMs = ntpShortToMs(ntpMiddle(ntp) - lsr - get32(b + 20));
  }
}

/** Reads the compound packet of `length` octets at `p`; see the file's note. */
export function parseRtcp(p: usize, length: i32, st: RtcpState, r: RtpReceiver, ourSsrc: u32, ntp: u64, now: u32): i32 {
  // Pass 1 (A.2): every header, length and count checked before anything is kept.
  if (length < 4) return RTCP_TRUNCATED;
  let o = 0;
  while (o < length) {
    if (length - o < 4) return RTCP_TRUNCATED;
    const first = <i32>load<u8>(p + <usize>o);
    const type = <i32>load<u8>(p + <usize>o + 1);
    if ((first >> 6) != 2) return RTCP_BAD_VERSION;
    if (o == 0 && type != RTCP_SR && type != RTCP_RR) return RTCP_NOT_REPORT_FIRST;
    const size = (<i32>bswap<u16>(load<u16>(p + <usize>o + 2)) + 1) << 2;
    if (size > length - o) return RTCP_PAST_END;
    let body = size;
    if ((first & 0x20) != 0) {
      if (o == 0 || o + size != length) return RTCP_BAD_PADDING;
      const pad = <i32>load<u8>(p + <usize>(o + size - 1));
      if (pad == 0 || pad > size - 4) return RTCP_BAD_PADDING;
      body -= pad;
    }
    const count = first & 0x1F;
    let need = 4;
    if (type == RTCP_SR) need = 28 + count * REPORT_BLOCK_SIZE;
    else if (type == RTCP_RR) need = 8 + count * REPORT_BLOCK_SIZE;
    else if (type == RTCP_BYE) need = 4 + count * 4;
    if (need > body) return RTCP_COUNT_TOO_LARGE;
    o += size;
  }

  // Pass 2: the compound is valid; keep what concerns us.
  o = 0;
  while (o < length) {
    const q = p + <usize>o;
    const count = <i32>load<u8>(q) & 0x1F;
    const type = <i32>load<u8>(q + 1);
    // SR and RR hold at least their sender's SSRC (pass 1 checked); a BYE may name none.
    if (type == RTCP_SR && fromPeer(r, get32(q + 4))) {
      // §6.4.1: LSR is the middle 32 bits of the SR's NTP timestamp.
      st.peerLsr = (get32(q + 8) << 16) | (get32(q + 12) >>> 16);
      st.peerSrAt = now;
      st.srSeen = 1;
      readBlocks(q + 28, count, st, ourSsrc, ntp);
    } else if (type == RTCP_RR && fromPeer(r, get32(q + 4))) {
      readBlocks(q + 8, count, st, ourSsrc, ntp);
    } else if (type == RTCP_BYE) {
      for (let i = 0; i < count; i++) if (fromPeer(r, get32(q + 4 + <usize>(i * 4)))) st.byeSeen = 1;
    }
    o += (<i32>bswap<u16>(load<u16>(q + 2)) + 1) << 2;
  }
  rtcpAverage(st, length);
  return RTCP_OK;
}
