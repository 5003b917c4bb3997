// The sending side of one RTP stream (RFC 3550 §5.1, RFC 3551 §4.1): its
// SSRC, sequence number and timestamp, the marker at the start of each talk
// spurt, and the counts an RTCP sender report carries (§6.4.1).
//
// API (the record is the caller's: stream.ts keeps one per call):
//   senderStart(s, randomSsrc, randomSequence, randomTimestamp, now)
//     when the call's media starts; the three words come from the board's
//     random source (§5.1: "SHOULD be random", to make known-plaintext
//     attacks on encryption harder, and §8.1 for the SSRC).
//   per 20 ms tick with a frame to send:
//     n = senderWrite(s, out, capacity, pt, FRAME_SAMPLES, now)   (header at out)
//     then the payload (g711.ts encodeFrame) at out + n, and
//     senderCount(s, payloadOctets) once the datagram is sent.
//   per 20 ms tick with nothing to send (muted, silence suppressed):
//     senderSkip(s, FRAME_SAMPLES): the clock goes on; the next packet starts a spurt.
//   senderSpurt(s): the next packet starts a talk spurt (marker, RFC 3551 §4.1).
//   senderTimestampAt(s, now): the RTP time matching `now`, for an SR (§6.4.1).

import { writeRtpHeader, RTP_HEADER_SIZE } from "./rtp";

/** Timestamp units per millisecond: the 8000 Hz clock of G.711 and telephone-event (RFC 3551 §4.5.14, RFC 4733 §2.1). */
export const CLOCK_PER_MS: u32 = 8;

// @ts-ignore: decorator
@unmanaged export class RtpSender {
  ssrc: u32;
  /** The timestamp of the next packet. */
  timestamp: u32;
  /** The packets and payload octets sent since senderStart (§6.4.1, both wrap). */
  packets: u32;
  octets: u32;
  /** The packet count at the last RTCP report (an SR is due when it differs, §6.4). */
  packetsAtReport: u32;
  /** The timestamp and the time of the last packet sent, to extrapolate the RTP time of an SR. */
  lastTimestamp: u32;
  lastSentAt: u32;
  /** The sequence number of the next packet. */
  sequence: u16;
  /** 1 when the next packet starts a talk spurt. */
  spurt: u8;
}
export const RTP_SENDER_SIZE: i32 = <i32>offsetof<RtpSender>();

/** Starts the stream with random SSRC, first sequence number and first timestamp (RFC 3550 §5.1). */
export function senderStart(s: RtpSender, randomSsrc: u32, randomSequence: u32, randomTimestamp: u32, now: u32): void {
  s.ssrc = randomSsrc;
  s.sequence = <u16>randomSequence;
  s.timestamp = randomTimestamp;
  s.packets = 0;
  s.octets = 0;
  s.packetsAtReport = 0;
  s.lastTimestamp = randomTimestamp;
  s.lastSentAt = now;
  s.spurt = 1; // the first packet begins the first talk spurt
}

/** The next packet begins a talk spurt: its marker bit is set (RFC 3551 §4.1). */
export function senderSpurt(s: RtpSender): void { s.spurt = 1; }

/**
 * Writes the header of the next packet (carrying `samples` samples) at `out`
 * and advances the sequence number by one and the timestamp by `samples`
 * (§5.1: the timestamp counts sampling instants). Returns the header's length,
 * or -1 when `capacity` is too small (then nothing advances).
 */
export function senderWrite(s: RtpSender, out: usize, capacity: i32, pt: i32, samples: u32, now: u32): i32 {
  const n = writeRtpHeader(out, capacity, pt, s.spurt != 0, <u32>s.sequence, s.timestamp, s.ssrc);
  if (n < RTP_HEADER_SIZE) return -1;
  s.lastTimestamp = s.timestamp;
  s.lastSentAt = now;
  s.sequence = <u16>(<u32>s.sequence + 1); // wraps at 2^16 (§5.1)
  s.timestamp += samples;
  s.spurt = 0;
  return n;
}

/** Counts one sent packet of `payloadOctets` octets for the sender report (§6.4.1: payload only, no header). */
export function senderCount(s: RtpSender, payloadOctets: i32): void {
  s.packets++;
  s.octets += <u32>payloadOctets;
}

/**
 * `samples` sampling instants pass with nothing sent: the timestamp moves on
 * (§5.1: it keeps counting through silence) and the next packet starts a new
 * talk spurt (RFC 3551 §4.1); the sequence number does not move.
 */
export function senderSkip(s: RtpSender, samples: u32): void {
  s.timestamp += samples;
  s.spurt = 1;
}

/**
 * The RTP timestamp matching the time `now`: the last packet's timestamp plus
 * the time since it went out, in clock units (§6.4.1 "RTP timestamp": the same
 * instant as the SR's NTP timestamp, "not necessarily equal to the timestamp
 * in any adjacent data packet").
 */
export function senderTimestampAt(s: RtpSender, now: u32): u32 {
  return s.lastTimestamp + (now - s.lastSentAt) * CLOCK_PER_MS;
}

/** Whether an RTP packet went out since the last RTCP report (then the report is an SR, §6.4). */
export function senderSentSinceReport(s: RtpSender): bool { return s.packets != s.packetsAtReport; }

/** Notes that a report went out now (rtcp-write.ts calls it). */
export function senderReported(s: RtpSender): void { s.packetsAtReport = s.packets; }

/** A new SSRC after a collision with the peer's (RFC 3550 §8.2): the counts restart with it. */
export function senderNewSsrc(s: RtpSender, randomSsrc: u32): void {
  s.ssrc = randomSsrc;
  s.packets = 0;
  s.octets = 0;
  s.packetsAtReport = 0;
}
