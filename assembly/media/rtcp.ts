// RTCP for one two-party RTP session (RFC 3550 §6): what we keep of the peer's
// reports, when our next report is due (§6.3.1, A.7), and the NTP-form time
// the reports carry. rtcp-write.ts builds our compound packets, rtcp-read.ts
// reads the peer's.
//
// API (the record is the caller's: stream.ts keeps one per call):
//   rtcpStart(st, now, random) when the call's media starts.
//   per 20 ms tick: if rtcpDue(st, now): n = writeRtcp(...) (rtcp-write.ts),
//     send it to the RTCP port, then rtcpSent(st, n, now, random).
//   per datagram on the RTCP port: parseRtcp(...) (rtcp-read.ts); afterwards
//     st.byeSeen says the peer left (§6.6).
//   when the call ends: writeRtcp(..., bye = true) once, no rescheduling.
//
// Wall-clock time: the board has only a millisecond counter since it started,
// so ntpFromMs() makes an NTP-like timestamp (RFC 3550 §4) whose seconds count
// from the board's start (they read as early 1900 to anyone decoding them as
// dates). That is enough for what the peer does with it: it echoes the middle
// 32 bits as LSR and computes the round trip as A - LSR - DLSR (§6.4.1), all
// differences of its own clock and our measured delay, so its RTT figure is
// right. What is lost: any mapping of our RTP time to real time (§6.4.1's
// "synchronization" of several streams from one source still works, since all
// our streams use the same counter; showing the send time as a date does not).

import { reached } from "../runtime/time";

/** The minimum interval between reports (§6.2, §6.3.1 Tmin: 5 s, half of it before the first). */
export const RTCP_MIN_INTERVAL_MS: u32 = 5000;
/** Members of a call: us and the peer (§6.3.1 "members"). */
export const RTCP_MEMBERS: u32 = 2;
/**
 * The RTCP bandwidth in octets per second: 5% of the session's (§6.2), the
 * session being one 64 kbit/s G.711 stream with its IP/UDP/RTP headers each way
 * (RFC 3551 §2: about 80 kbit/s, 10000 octets/s).
 */
export const RTCP_BANDWIDTH: u32 = 500;
/** What an IP/UDP header adds to each packet's size in the average (§6.3.3 "including lower-layer headers"). */
export const LOWER_HEADERS: u32 = 28;
/** The first guess of the average compound size (§6.3.2: "the probable size of the first RTCP packet"). */
export const FIRST_SIZE_GUESS: u32 = 100;

// @ts-ignore: decorator
@unmanaged export class RtcpState {
  /** When our next report is due. */
  nextAt: u32;
  /** The average size of compound packets sent and received, in octets (§6.3.3 avg_rtcp_size). */
  avgSize: u32;
  /** The middle 32 bits of the NTP timestamp of the peer's last SR (our LSR, §6.4.1). */
  peerLsr: u32;
  /** When that SR arrived (for our DLSR). */
  peerSrAt: u32;
  /** The round trip the peer's last report block about us shows, in ms (§6.4.1; 0: not yet). */
  rttMs: u32;
  /** The peer's jitter of our stream, in timestamp units (its report block about us). */
  peerJitter: u32;
  /** The peer's fraction lost of our stream, in 1/256 (its report block about us). */
  peerFractionLost: u8;
  /** 1 until our first report is sent (§6.3.1: the first interval uses half the minimum). */
  initial: u8;
  /** 1 once an SR of the peer arrived (else LSR and DLSR are 0, §6.4.1). */
  srSeen: u8;
  /** 1 once the peer's source said BYE (§6.6). */
  byeSeen: u8;
}
export const RTCP_STATE_SIZE: i32 = <i32>offsetof<RtcpState>();

/**
 * The time between two reports (§6.3.1, A.7): the larger of the minimum and
 * the size term (average size × members / bandwidth; for a two-party G.711
 * call that is 0.4 s at 100 octets, so the minimum rules), times a factor in
 * [0.5, 1.5) drawn from `random`, divided by e - 3/2 = 1.21828 (A.7's
 * compensation for timer reconsideration). In milliseconds.
 */
export function rtcpInterval(random: u32, initial: bool, avgSize: u32): u32 {
  let td = <u64>avgSize * <u64>RTCP_MEMBERS * 1000 / <u64>RTCP_BANDWIDTH;
  const min = initial ? RTCP_MIN_INTERVAL_MS / 2 : RTCP_MIN_INTERVAL_MS;
  if (td < <u64>min) td = <u64>min;
  // td × (0.5 + random / 2^32): the factor is (2^31 + random) / 2^32.
  const t = (td * (<u64>random + 0x80000000)) >> 32;
  return <u32>(t * 100000 / 121828);
}

/** The media starts: the first report is due after half an interval's minimum, randomized (§6.3.2). */
export function rtcpStart(st: RtcpState, now: u32, random: u32): void {
  st.avgSize = FIRST_SIZE_GUESS;
  st.initial = 1;
  st.srSeen = 0;
  st.byeSeen = 0;
  st.peerLsr = 0;
  st.peerSrAt = 0;
  st.rttMs = 0;
  st.peerJitter = 0;
  st.peerFractionLost = 0;
  st.nextAt = now + rtcpInterval(random, true, st.avgSize);
}

/** Whether our next report is due at `now`. */
export function rtcpDue(st: RtcpState, now: u32): bool { return reached(st.nextAt, now); }

/** §6.3.3: the average size moves 1/16 of the way to a packet's size (with its IP/UDP headers). */
export function rtcpAverage(st: RtcpState, octets: i32): void {
  const size = <u32>octets + LOWER_HEADERS;
  st.avgSize = (size + 15 * st.avgSize) >> 4;
}

/** A report of `octets` octets went out at `now`: the next is scheduled (§6.3.6). */
export function rtcpSent(st: RtcpState, octets: i32, now: u32, random: u32): void {
  rtcpAverage(st, octets);
  st.initial = 0;
  st.nextAt = now + rtcpInterval(random, false, st.avgSize);
}

/**
 * An NTP-form timestamp (§4: seconds in the high 32 bits, the fraction of a
 * second in the low 32) for the board's millisecond counter `now`; see the
 * note on wall-clock time above.
 */
export function ntpFromMs(now: u32): u64 {
  const seconds = <u64>(now / 1000);
  const fraction = (<u64>(now % 1000) << 32) / 1000;
  return (seconds << 32) | fraction;
}

/** The middle 32 bits of an NTP timestamp, the compact form of LSR and DLSR (§6.4.1). */
// @ts-ignore: decorator
@inline export function ntpMiddle(ntp: u64): u32 { return <u32>(ntp >> 16); }

/** Milliseconds as 1/65536 s, the unit of DLSR (§6.4.1). */
export function msToNtpShort(ms: u32): u32 { return <u32>((<u64>ms << 16) / 1000); }

/** 1/65536 s as milliseconds. */
export function ntpShortToMs(units: u32): u32 { return <u32>((<u64>units * 1000) >> 16); }
