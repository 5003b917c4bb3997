// Our RTCP compound packet (RFC 3550 §6.1): a report first (SR when we sent
// RTP since the last report, else RR, §6.4), then SDES with our CNAME
// (§6.5.1), then BYE (§6.6) when the call ends. The report carries one block
// for the peer's source once it is believed (§6.4.1); none before.
//
// API: writeRtcp(out, capacity, sender, receiver, st, cname, cnameLength, ntp, now, bye)
//   → the compound's length, or -1 when it does not fit `capacity` or the
//   CNAME is empty or longer than 255 octets. `ntp` is ntpFromMs(now)
//   (rtcp.ts). Then the caller sends it and calls rtcpSent (rtcp.ts).

import { RtpSender, senderSentSinceReport, senderReported, senderTimestampAt } from "./sender";
import {
  RtpReceiver, receiverValid, receiverIntervalLoss, receiverCumulativeLost, receiverExtendedMax, receiverJitter,
} from "./receiver";
import { RtcpState, msToNtpShort } from "./rtcp";

// Packet types (§12.1).
export const RTCP_SR: i32 = 200;
export const RTCP_RR: i32 = 201;
export const RTCP_SDES: i32 = 202;
export const RTCP_BYE: i32 = 203;
/** SDES item type CNAME (§6.5, §12.2). */
export const SDES_CNAME: i32 = 1;

/** One report block's size (§6.4.1). */
export const REPORT_BLOCK_SIZE: i32 = 24;
/** The sender info of an SR: NTP timestamp, RTP timestamp, packet and octet counts (§6.4.1). */
const SENDER_INFO_SIZE: i32 = 20;
/** The longest CNAME an SDES item can carry (its length octet, §6.5). */
export const CNAME_MAX: i32 = 255;

// @ts-ignore: decorator
@inline function put32(p: usize, v: u32): void { store<u32>(p, bswap<u32>(v)); }

/** A packet's common header (§6.4.1): V=2, no padding, `count`, `type`, and its length in 32-bit words minus one. */
function header(p: usize, count: i32, type: i32, octets: i32): void {
  store<u8>(p, <u8>(0x80 | count));
  store<u8>(p + 1, <u8>type);
  store<u16>(p + 2, bswap<u16>(<u16>((octets >> 2) - 1)));
}

/** The report block about the peer's source (§6.4.1), at `p`. */
function reportBlock(p: usize, r: RtpReceiver, st: RtcpState, now: u32): void {
  put32(p, r.ssrc);
  const fraction = receiverIntervalLoss(r);
  put32(p + 4, (fraction << 24) | (<u32>receiverCumulativeLost(r) & 0xFFFFFF));
  put32(p + 8, receiverExtendedMax(r));
  put32(p + 12, receiverJitter(r));
  // LSR and DLSR: 0 until an SR of the peer came (§6.4.1).
  put32(p + 16, st.srSeen != 0 ? st.peerLsr : 0);
  put32(p + 20, st.srSeen != 0 ? msToNtpShort(now - st.peerSrAt) : 0);
}

/** The SDES packet's size for a CNAME of `length` octets: the chunk ends with a null item and pads to 32 bits (§6.5). */
function sdesSize(length: i32): i32 {
  return 4 + ((4 + 2 + length + 1 + 3) & ~3);
}

/** Writes our compound RTCP packet at `out`; see the file's note. */
export function writeRtcp(
  out: usize, capacity: i32, s: RtpSender, r: RtpReceiver, st: RtcpState,
  cname: usize, cnameLength: i32, ntp: u64, now: u32, bye: bool,
): i32 {
  if (cnameLength < 1 || cnameLength > CNAME_MAX) return -1;
  const sr = senderSentSinceReport(s);
  const blocks = receiverValid(r) ? 1 : 0;
  const report = 8 + (sr ? SENDER_INFO_SIZE : 0) + blocks * REPORT_BLOCK_SIZE;
  const sdes = sdesSize(cnameLength);
  const total = report + sdes + (bye ? 8 : 0);
  if (total > capacity) return -1;

  // The report: SR (§6.4.1) or RR (§6.4.2).
  header(out, blocks, sr ? RTCP_SR : RTCP_RR, report);
  put32(out + 4, s.ssrc);
  let p = out + 8;
  if (sr) {
    put32(p, <u32>(ntp >> 32));
    put32(p + 4, <u32>ntp);
    put32(p + 8, senderTimestampAt(s, now));
    put32(p + 12, s.packets);
    put32(p + 16, s.octets);
    p += <usize>SENDER_INFO_SIZE;
  }
  if (blocks != 0) {
    reportBlock(p, r, st, now);
    p += <usize>REPORT_BLOCK_SIZE;
  }

  // SDES: one chunk, our SSRC and CNAME, then null octets to the 32-bit boundary (§6.5, §6.5.1).
  header(p, 1, RTCP_SDES, sdes);
  put32(p + 4, s.ssrc);
  store<u8>(p + 8, <u8>SDES_CNAME);
  store<u8>(p + 9, <u8>cnameLength);
  for (let i = 0; i < cnameLength; i++) store<u8>(p + 10 + <usize>i, load<u8>(cname + <usize>i));
  for (let q = p + 10 + <usize>cnameLength; q < p + <usize>sdes; q++) store<u8>(q, 0);
  p += <usize>sdes;

  // BYE: our source leaves (§6.6), last in the compound.
  if (bye) {
    header(p, 1, RTCP_BYE, 8);
    put32(p + 4, s.ssrc);
  }
  senderReported(s);
  return total;
}
