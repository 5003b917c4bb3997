// The receiving side of one RTP stream: which source we listen to, whether
// each packet's sequence number is believable (RFC 3550 A.1), and the
// figures a reception report carries: extended highest sequence number,
// cumulative and interval loss (A.3) and interarrival jitter (A.8).
//
// API (the record is the caller's: stream.ts keeps one per call):
//   receiverReset(r) when the call's media starts.
//   per received datagram, after rtp.ts parseRtp(...) == RTP_OK:
//     v = receiverPacket(r, packet.ssrc, packet.sequence, packet.timestamp, now)
//     RX_VALID: hand the payload to the jitter buffer; RX_PROBATION or
//     RX_BAD_SEQUENCE: drop it (the source is not yet, or no longer, believed).
//   per RTCP report (rtcp-write.ts): receiverIntervalLoss, receiverCumulativeLost,
//     receiverExtendedMax, receiverJitter.
// Time is `now` in milliseconds; the arrival time in RTP units is now * 8
// (CLOCK_PER_MS), the 8 kHz clock of every payload we accept.

import { CLOCK_PER_MS } from "./sender";

/** Sequential packets a new source must show before it is believed (A.1 MIN_SEQUENTIAL). */
export const MIN_SEQUENTIAL: u32 = 2;
/** The largest forward jump still taken as loss (A.1 MAX_DROPOUT). */
export const MAX_DROPOUT: u32 = 3000;
/** The largest backward step still taken as reordering (A.1 MAX_MISORDER). */
export const MAX_MISORDER: u32 = 100;
const SEQ_MOD: u32 = 1 << 16;

// Verdicts of receiverPacket.
/** The packet belongs to the believed stream: play it (a duplicate or a late one is the jitter buffer's to drop). */
export const RX_VALID: i32 = 0;
/** The source is still on probation (A.1): not yet played. */
export const RX_PROBATION: i32 = 1;
/** A jump too large to be loss or reordering (A.1): ignored until the next packet confirms it. */
export const RX_BAD_SEQUENCE: i32 = 2;

// @ts-ignore: decorator
@unmanaged export class RtpReceiver {
  /** The source we listen to (valid when `known` is 1). */
  ssrc: u32;
  /** Sequence-number cycles seen, times 2^16 (A.1 "cycles"). */
  cycles: u32;
  /** The first sequence number believed (A.1 "base_seq"). */
  baseSeq: u32;
  /** The sequence number that would confirm a restart after a jump (A.1 "bad_seq"; 2^16 + 1: none). */
  badSeq: u32;
  /** Packets received from the source once believed, duplicates included (A.1 "received"). */
  received: u32;
  /** `expected` and `received` at the last report (A.3). */
  expectedPrior: u32;
  receivedPrior: u32;
  /** The last packet's relative transit time (A.8 "transit"). */
  transit: u32;
  /** The interarrival jitter, times 16 (A.8 keeps it scaled so the estimate stays an integer). */
  jitter16: u32;
  /** How many times another source took over (§8.2: an SSRC change is a new source). */
  sourceChanges: u32;
  /** The highest sequence number seen (A.1 "max_seq"). */
  maxSeq: u16;
  /** Sequential packets still needed before the source is believed (A.1 "probation"). */
  probation: u8;
  /** 1 once a packet of the source came. */
  known: u8;
  /** 1 once `transit` holds a first value. */
  timed: u8;
}
export const RTP_RECEIVER_SIZE: i32 = <i32>offsetof<RtpReceiver>();

/** Forgets every source: the next packet starts probation. */
export function receiverReset(r: RtpReceiver): void {
  r.known = 0;
  r.sourceChanges = 0;
  r.received = 0;
  r.expectedPrior = 0;
  r.receivedPrior = 0;
  r.jitter16 = 0;
  r.timed = 0;
}

/** A.1 init_seq: the counts start at `seq`. */
function initSeq(r: RtpReceiver, seq: u32): void {
  r.baseSeq = seq;
  r.maxSeq = <u16>seq;
  r.badSeq = SEQ_MOD + 1; // no sequence number equals it
  r.cycles = 0;
  r.received = 0;
  r.receivedPrior = 0;
  r.expectedPrior = 0;
}

/** A new source (the first, or one with another SSRC, §8.2): it is put on probation (A.1). */
function newSource(r: RtpReceiver, ssrc: u32, seq: u32): void {
  if (r.known != 0) r.sourceChanges++;
  r.known = 1;
  r.ssrc = ssrc;
  initSeq(r, seq);
  r.maxSeq = <u16>(seq - 1); // so that `seq` itself counts as the first in order
  r.probation = <u8>MIN_SEQUENTIAL;
  r.jitter16 = 0;
  r.timed = 0;
}

/** A.1 update_seq: whether `seq` is believable, keeping the counts. */
function updateSeq(r: RtpReceiver, seq: u32): i32 {
  const max = <u32>r.maxSeq;
  const delta = (seq - max) & (SEQ_MOD - 1);
  if (r.probation != 0) {
    // A new source must send MIN_SEQUENTIAL packets in sequence.
    if (seq == ((max + 1) & (SEQ_MOD - 1))) {
      r.probation--;
      r.maxSeq = <u16>seq;
      if (r.probation == 0) {
        initSeq(r, seq);
        r.received++;
        return RX_VALID;
      }
    } else {
      r.probation = <u8>(MIN_SEQUENTIAL - 1);
      r.maxSeq = <u16>seq;
    }
    return RX_PROBATION;
  }
  if (delta < MAX_DROPOUT) {
    // In order, with a permissible gap; a smaller number means the 16 bits wrapped.
    if (seq < max) r.cycles += SEQ_MOD;
    r.maxSeq = <u16>seq;
  } else if (delta <= SEQ_MOD - MAX_MISORDER) {
    // A very large jump: believed only when the next packet follows it (the
    // source restarted its numbering, A.1).
    if (seq != r.badSeq) {
      r.badSeq = (seq + 1) & (SEQ_MOD - 1);
      return RX_BAD_SEQUENCE;
    }
    initSeq(r, seq);
  }
  // else: a duplicate or a reordered packet, within MAX_MISORDER behind.
  r.received++;
  return RX_VALID;
}

const JITTER_D_CAP: u32 = 0x00ffffff;

/** A.8: the jitter estimate moves 1/16 of the way to this packet's transit-time difference. */
function updateJitter(r: RtpReceiver, timestamp: u32, now: u32): void {
  const transit = now * CLOCK_PER_MS - timestamp; // arrival in RTP units, minus the send time
  if (r.timed != 0) {
    let d = <i32>(transit - r.transit);
    if (d < 0) d = -d;
    // |D| is capped at 2^24 units (35 minutes at 8 kHz): a hostile timestamp jump never wraps the estimate.
    if (<u32>d > JITTER_D_CAP) d = <i32>JITTER_D_CAP;
    r.jitter16 += <u32>d - ((r.jitter16 + 8) >> 4);
  }
  r.transit = transit;
  r.timed = 1;
}

/**
 * One received RTP packet of source `ssrc` with sequence number `seq` and
 * timestamp `timestamp`, arrived at `now`. Returns RX_VALID, RX_PROBATION or
 * RX_BAD_SEQUENCE.
 */
export function receiverPacket(r: RtpReceiver, ssrc: u32, seq: u32, timestamp: u32, now: u32): i32 {
  seq &= SEQ_MOD - 1;
  if (r.known == 0 || ssrc != r.ssrc) newSource(r, ssrc, seq);
  const verdict = updateSeq(r, seq);
  if (verdict == RX_VALID) updateJitter(r, timestamp, now);
  return verdict;
}

/** Whether a source is believed (past probation): only then does a report carry a block for it (§6.4). */
export function receiverValid(r: RtpReceiver): bool { return r.known != 0 && r.probation == 0; }

/** The extended highest sequence number received: cycles in the high 16 bits (§6.4.1, A.3). */
export function receiverExtendedMax(r: RtpReceiver): u32 { return r.cycles + <u32>r.maxSeq; }

/** Packets expected since the source was believed (A.3). */
function expected(r: RtpReceiver): u32 { return receiverExtendedMax(r) - r.baseSeq + 1; }

/**
 * The cumulative number of packets lost (A.3: expected minus received, so
 * duplicates can make it negative), clamped to the report's 24-bit signed
 * field (§6.4.1).
 */
export function receiverCumulativeLost(r: RtpReceiver): i32 {
  const lost = <i64>expected(r) - <i64>r.received;
  if (lost > 0x7FFFFF) return 0x7FFFFF;
  if (lost < -0x800000) return -0x800000;
  return <i32>lost;
}

/**
 * The fraction lost since the last call, in 1/256 (A.3; 0 when nothing was
 * lost or more came than expected), and the start of the next interval.
 */
export function receiverIntervalLoss(r: RtpReceiver): u32 {
  const e = expected(r);
  const expectedInterval = e - r.expectedPrior;
  r.expectedPrior = e;
  const receivedInterval = r.received - r.receivedPrior;
  r.receivedPrior = r.received;
  const lostInterval = <i32>(expectedInterval - receivedInterval);
  if (expectedInterval == 0 || lostInterval <= 0) return 0;
  const fraction = <u32>((<u64>lostInterval << 8) / <u64>expectedInterval);
  return fraction > 255 ? 255 : fraction; // the field has 8 bits (§6.4.1)
}

/** The interarrival jitter in timestamp units (A.8). */
export function receiverJitter(r: RtpReceiver): u32 { return r.jitter16 >> 4; }
