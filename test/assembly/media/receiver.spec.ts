// The RTP receiver (receiver.ts): sequence validation with probation and the
// extended highest sequence number (RFC 3550 A.1), loss (A.3), interarrival
// jitter (A.8), and another SSRC taken as a new source (§8.2).
import {
  RtpReceiver, RTP_RECEIVER_SIZE, receiverReset, receiverPacket, receiverValid, receiverExtendedMax,
  receiverCumulativeLost, receiverIntervalLoss, receiverJitter,
  RX_VALID, RX_PROBATION, RX_BAD_SEQUENCE, MAX_DROPOUT,
} from "../../../assembly/media/receiver";

const R = changetype<RtpReceiver>(memory.data(RTP_RECEIVER_SIZE, 8));
const PEER: u32 = 0x11223344;

/** Packets seq, seq+1, ... (count of them), 20 ms and 160 units apart, from `at`; the verdict of the last. */
function run(seq: u32, count: i32, at: u32): i32 {
  let v = -1;
  for (let i = 0; i < count; i++) v = receiverPacket(R, PEER, seq + <u32>i, 160 * (seq + <u32>i), at + 20 * <u32>i);
  return v;
}

describe("RTP sequence validation (receiver.ts, RFC 3550 A.1)", () => {
  beforeEach(() => { receiverReset(R); });

  it("A.1: a new source is on probation for its first packet and believed from the second in sequence", () => {
    expect(receiverPacket(R, PEER, 100, 0, 0)).toBe(RX_PROBATION);
    expect(receiverValid(R)).toBe(false);
    expect(receiverPacket(R, PEER, 101, 160, 20)).toBe(RX_VALID);
    expect(receiverValid(R)).toBe(true);
  });

  it("A.1: an out-of-sequence packet during probation starts the probation over", () => {
    expect(receiverPacket(R, PEER, 100, 0, 0)).toBe(RX_PROBATION);
    expect(receiverPacket(R, PEER, 500, 0, 20)).toBe(RX_PROBATION);
    expect(receiverPacket(R, PEER, 501, 0, 40)).toBe(RX_VALID);
  });

  it("A.1: a wrap of the 16-bit sequence number adds a cycle to the extended highest sequence number", () => {
    run(65534, 4, 0);
    expect(receiverExtendedMax(R)).toBe(65536 + 1);
  });

  it("A.1: a gap smaller than MAX_DROPOUT is loss, and the highest number moves past it", () => {
    run(10, 2, 0);
    expect(receiverPacket(R, PEER, 11 + MAX_DROPOUT - 1, 0, 100)).toBe(RX_VALID);
    expect(receiverExtendedMax(R)).toBe(11 + MAX_DROPOUT - 1);
  });

  it("A.1: a jump of MAX_DROPOUT or more is refused until the next packet follows it, then the counts restart there", () => {
    run(10, 2, 0);
    expect(receiverPacket(R, PEER, 20000, 0, 100)).toBe(RX_BAD_SEQUENCE);
    expect(receiverExtendedMax(R)).toBe(11);
    expect(receiverPacket(R, PEER, 20001, 0, 120)).toBe(RX_VALID);
    expect(receiverExtendedMax(R)).toBe(20001);
    expect(receiverCumulativeLost(R)).toBe(0);
  });

  it("A.1: a late packet within MAX_MISORDER is counted and leaves the highest number alone", () => {
    run(10, 5, 0);
    expect(receiverPacket(R, PEER, 12, 0, 200)).toBe(RX_VALID);
    expect(receiverExtendedMax(R)).toBe(14);
  });

  it("§8.2: a packet of another SSRC is a new source on probation, with counts of its own", () => {
    run(10, 5, 0);
    expect(receiverPacket(R, 0x55555555, 7, 0, 200)).toBe(RX_PROBATION);
    expect(R.ssrc).toBe(0x55555555);
    expect(R.sourceChanges).toBe(1);
    expect(receiverPacket(R, 0x55555555, 8, 160, 220)).toBe(RX_VALID);
    expect(receiverExtendedMax(R)).toBe(8);
  });
});

describe("RTP loss (receiver.ts, RFC 3550 A.3)", () => {
  beforeEach(() => { receiverReset(R); });

  it("A.3: cumulative lost is expected minus received: 2 of 10 missing is 2", () => {
    run(0, 2, 0); // 0 on probation, believed from 1
    receiverPacket(R, PEER, 2, 0, 40);
    receiverPacket(R, PEER, 3, 0, 60);
    receiverPacket(R, PEER, 6, 0, 120);
    for (let s: u32 = 7; s <= 10; s++) receiverPacket(R, PEER, s, 0, 20 * s);
    expect(receiverCumulativeLost(R)).toBe(2);
  });

  it("A.3: the fraction lost counts only the interval since the last report, in 1/256", () => {
    run(0, 2, 0);
    receiverPacket(R, PEER, 3, 0, 60); // 2 is missing: 1 of the 3 expected since the start (1, 2, 3)
    expect(receiverIntervalLoss(R)).toBe((1 << 8) / 3);
    run(4, 4, 100); // none missing since
    expect(receiverIntervalLoss(R)).toBe(0);
  });

  it("A.3: duplicates make the interval's loss negative, reported as 0, and the cumulative figure negative", () => {
    run(0, 3, 0);
    receiverPacket(R, PEER, 2, 0, 60);
    receiverPacket(R, PEER, 2, 0, 80);
    expect(receiverIntervalLoss(R)).toBe(0);
    expect(receiverCumulativeLost(R)).toBe(-2);
  });

  it("§6.4.1: cumulative loss beyond 24 bits is clamped to 0x7FFFFF", () => {
    run(0, 2, 0);
    // The highest number moves 2999 at a time, 3000 times: about 9 million expected, 3000 received.
    let seq: u32 = 1;
    for (let i = 0; i < 3000; i++) { seq += 2999; receiverPacket(R, PEER, seq & 0xFFFF, 0, 100 + <u32>i); }
    expect(receiverCumulativeLost(R)).toBe(0x7FFFFF);
  });
});

describe("interarrival jitter (receiver.ts, RFC 3550 A.8)", () => {
  beforeEach(() => { receiverReset(R); });

  it("A.8: packets arriving exactly 20 ms apart with timestamps 160 apart have no jitter", () => {
    run(0, 50, 0);
    expect(receiverJitter(R)).toBe(0);
  });

  it("A.8: one packet 10 ms late (80 units) moves the estimate 1/16 of the way: 5", () => {
    run(0, 3, 0);
    receiverPacket(R, PEER, 3, 480, 70);
    expect(receiverJitter(R)).toBe(5);
  });

  it("A.8: a steady alternation of 0 and 10 ms delay converges near 80 units", () => {
    run(0, 2, 0);
    for (let s: u32 = 2; s < 400; s++) receiverPacket(R, PEER, s, 160 * s, 20 * s + ((s & 1) != 0 ? 10 : 0));
    expect(receiverJitter(R)).toBeGreaterThanOrEqual(75);
    expect(receiverJitter(R) <= 80).toBe(true);
  });

  it("timestamps jumping by 2^31 each packet never wrap the estimate (|D| capped at 2^24 units)", () => {
    for (let s: u32 = 0; s < 100; s++) receiverPacket(R, PEER, s, (s & 1) != 0 ? 0x80000000 : 0, 20 * s);
    expect(receiverJitter(R)).toBeGreaterThan(0x00100000);
    expect(receiverJitter(R) <= 0x00ffffff).toBe(true);
  });

  it("the wrap of the millisecond clock does not show as jitter", () => {
    const start: u32 = 0xFFFFFFFF - 100;
    for (let s: u32 = 0; s < 20; s++) receiverPacket(R, PEER, s, 160 * s, start + 20 * s);
    expect(receiverJitter(R)).toBe(0);
  });
});
