// A call's media stream (stream.ts): its records in static memory, started
// with the board's random words, and the path a frame takes from our sender
// through parseRtp into a receiver (RFC 3550 §5.1, A.1).
import {
  MEDIA_STREAMS, STREAM_SIZE, streamStart, streamSender, streamReceiver, streamRtcp, streamPacket,
} from "../../../assembly/media/stream";
import { RTP_SENDER_SIZE, senderWrite, senderCount } from "../../../assembly/media/sender";
import { RTP_RECEIVER_SIZE, receiverPacket, receiverValid, receiverCumulativeLost, RX_VALID } from "../../../assembly/media/receiver";
import { RTCP_STATE_SIZE, rtcpDue } from "../../../assembly/media/rtcp";
import { RTP_PACKET_SIZE, parseRtp, RTP_OK } from "../../../assembly/media/rtp";
import { encodeFrame, decodeFrame, LAW_ULAW, FRAME_SAMPLES } from "../../../assembly/media/g711";
import { bytes } from "./octets";

const MIC: usize = memory.data(FRAME_SAMPLES * 2, 8);
const SPEAKER: usize = memory.data(FRAME_SAMPLES * 2, 8);

/** Whether [a, a + n) and [b, b + m) share no octet. */
function apart(a: usize, n: i32, b: usize, m: i32): bool { return a + <usize>n <= b || b + <usize>m <= a; }

describe("a call's media stream (stream.ts)", () => {
  it("the four records of a stream lie within its STREAM_SIZE octets, none over another", () => {
    const s = changetype<usize>(streamSender(0));
    const r = changetype<usize>(streamReceiver(0));
    const c = changetype<usize>(streamRtcp(0));
    const p = changetype<usize>(streamPacket(0));
    expect(apart(s, RTP_SENDER_SIZE, r, RTP_RECEIVER_SIZE) && apart(r, RTP_RECEIVER_SIZE, c, RTCP_STATE_SIZE)).toBe(true);
    expect(apart(c, RTCP_STATE_SIZE, p, RTP_PACKET_SIZE) && apart(s, RTP_SENDER_SIZE, p, RTP_PACKET_SIZE)).toBe(true);
    expect(p + <usize>RTP_PACKET_SIZE <= s + <usize>STREAM_SIZE).toBe(true);
    expect(MEDIA_STREAMS).toBeGreaterThanOrEqual(1);
  });

  it("§5.1: streamStart takes SSRC, sequence and timestamp from the random words, and knows no peer source yet", () => {
    streamStart(0, 5000, 0x13579BDF, 0x2468, 0xACE00ACE, 0);
    expect(streamSender(0).ssrc).toBe(0x13579BDF);
    expect(streamSender(0).sequence).toBe(0x2468);
    expect(streamSender(0).timestamp).toBe(0xACE00ACE);
    expect(receiverValid(streamReceiver(0))).toBe(false);
  });

  it("§6.3.2: streamStart schedules the first RTCP report from the fourth random word", () => {
    streamStart(0, 5000, 1, 2, 3, 0);
    expect(rtcpDue(streamRtcp(0), 5000 + 1025)).toBe(false);
    expect(rtcpDue(streamRtcp(0), 5000 + 1026)).toBe(true);
  });

  it("frames written by our sender, parsed and received, are believed from the second and lose nothing in order", () => {
    streamStart(0, 0, 0xFEEDBEEF, 0xFFF0, 0, 0);
    for (let i = 0; i < FRAME_SAMPLES; i++) store<i16>(MIC + <usize>(i * 2), <i16>(i * 100 - 8000));
    let valid = 0;
    for (let f: u32 = 0; f < 50; f++) {
      const n = senderWrite(streamSender(0), bytes(), 200, 0, FRAME_SAMPLES, 20 * f);
      encodeFrame(MIC, bytes() + <usize>n, FRAME_SAMPLES, LAW_ULAW);
      senderCount(streamSender(0), FRAME_SAMPLES);
      const packet = streamPacket(0);
      expect(parseRtp(bytes(), n + FRAME_SAMPLES, packet)).toBe(RTP_OK);
      if (receiverPacket(streamReceiver(0), packet.ssrc, packet.sequence, packet.timestamp, 20 * f + 7) == RX_VALID) valid++;
      decodeFrame(bytes() + <usize>packet.payloadOffset, SPEAKER, packet.payloadLength, LAW_ULAW);
    }
    expect(valid).toBe(49);
    expect(receiverCumulativeLost(streamReceiver(0))).toBe(0);
    expect(load<i16>(SPEAKER + 2 * 80)).toBe(0);
  });
});
