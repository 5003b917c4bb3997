// The RTP sender (sender.ts): random starting numbers (RFC 3550 §5.1), one
// sequence step and 160 timestamp units per 20 ms G.711 frame, the marker on
// the first packet of each talk spurt (RFC 3551 §4.1), and the counts of the
// sender report (§6.4.1).
import {
  RtpSender, RTP_SENDER_SIZE, senderStart, senderWrite, senderCount, senderSkip, senderSpurt,
  senderTimestampAt, senderSentSinceReport, senderReported, senderNewSsrc,
} from "../../../assembly/media/sender";
import { RtpPacket, RTP_PACKET_SIZE, parseRtp, RTP_OK } from "../../../assembly/media/rtp";
import { FRAME_SAMPLES } from "../../../assembly/media/g711";
import { bytes } from "./octets";

const S = changetype<RtpSender>(memory.data(RTP_SENDER_SIZE, 8));
const P = changetype<RtpPacket>(memory.data(RTP_PACKET_SIZE, 8));

/** Sends one 20 ms frame of 160 payload octets at `now` and parses what was written. */
function sendFrame(now: u32): void {
  const n = senderWrite(S, bytes(), 172, 0, FRAME_SAMPLES, now);
  expect(n).toBe(12);
  senderCount(S, FRAME_SAMPLES);
  expect(parseRtp(bytes(), 12 + FRAME_SAMPLES, P)).toBe(RTP_OK);
}

describe("the RTP sender (sender.ts)", () => {
  beforeEach(() => { senderStart(S, 0xA1B2C3D4, 0x0001FFFE, 0xFFFFFF00, 1000); });

  it("§5.1: the first packet carries the random SSRC, the low 16 bits of the random sequence word and the random timestamp", () => {
    sendFrame(1000);
    expect(P.ssrc).toBe(0xA1B2C3D4);
    expect(P.sequence).toBe(0xFFFE);
    expect(P.timestamp).toBe(0xFFFFFF00);
  });

  it("§5.1: each frame adds 1 to the sequence and 160 to the timestamp, both wrapping", () => {
    sendFrame(1000);
    sendFrame(1020);
    expect(P.sequence).toBe(0xFFFF);
    expect(P.timestamp).toBe(0xFFFFFFA0);
    sendFrame(1040);
    expect(P.sequence).toBe(0);
    expect(P.timestamp).toBe(0x40);
  });

  it("RFC 3551 §4.1: the first packet has the marker, the next does not", () => {
    sendFrame(1000);
    expect(P.marker).toBe(1);
    sendFrame(1020);
    expect(P.marker).toBe(0);
  });

  it("RFC 3551 §4.1: after silence the first packet of the new talk spurt has the marker, and the timestamp counted the silence", () => {
    sendFrame(1000);
    senderSkip(S, FRAME_SAMPLES);
    senderSkip(S, FRAME_SAMPLES);
    sendFrame(1060);
    expect(P.marker).toBe(1);
    expect(P.sequence).toBe(0xFFFF);
    expect(P.timestamp).toBe(<u32>0xFFFFFF00 + 3 * 160);
  });

  it("senderSpurt marks the next packet without moving the clock", () => {
    sendFrame(1000);
    senderSpurt(S);
    sendFrame(1020);
    expect(P.marker).toBe(1);
    expect(P.timestamp).toBe(<u32>0xFFFFFF00 + 160);
  });

  it("a buffer too small for the header writes nothing and moves nothing", () => {
    expect(senderWrite(S, bytes(), 11, 0, FRAME_SAMPLES, 1000)).toBe(-1);
    sendFrame(1000);
    expect(P.sequence).toBe(0xFFFE);
    expect(P.marker).toBe(1);
  });

  it("§6.4.1: the counts are packets and payload octets, without headers", () => {
    sendFrame(1000);
    sendFrame(1020);
    expect(S.packets).toBe(2);
    expect(S.octets).toBe(320);
  });

  it("§6.4.1: the SR's RTP time is the last packet's plus 8 units per millisecond since it went out", () => {
    sendFrame(1000);
    expect(senderTimestampAt(S, 1000)).toBe(0xFFFFFF00);
    expect(senderTimestampAt(S, 1125)).toBe(<u32>0xFFFFFF00 + 1000);
  });

  it("§6.4: an SR is due only when a packet went out since the last report", () => {
    expect(senderSentSinceReport(S)).toBe(false);
    sendFrame(1000);
    expect(senderSentSinceReport(S)).toBe(true);
    senderReported(S);
    expect(senderSentSinceReport(S)).toBe(false);
  });

  it("§8.2: a new SSRC after a collision restarts the counts and keeps sequence and timestamp going", () => {
    sendFrame(1000);
    senderNewSsrc(S, 0x0BADCAFE);
    sendFrame(1020);
    expect(P.ssrc).toBe(0x0BADCAFE);
    expect(P.sequence).toBe(0xFFFF);
    expect(S.packets).toBe(1);
  });
});
