// The media streams of the station's calls, in static memory: for each, the
// RTP sender (sender.ts), the receiver of the peer's source (receiver.ts), the
// RTCP state (rtcp.ts) and the record a received packet is parsed into
// (rtp.ts). One stream per call; MEDIA_STREAMS is how many calls can have
// media at once. A second call gets its own by raising MEDIA_STREAMS to 2 and
// using stream 1: every function here takes the stream's index, and the
// records below it never share anything.
//
// What a board-facing caller does (the lead's app layer, later):
//   call answered:  streamStart(i, now, four random words)
//   every 20 ms:    encodeFrame (g711.ts) the microphone frame behind
//                   senderWrite(streamSender(i), ...) and send it;
//                   if rtcpDue(streamRtcp(i), now): writeRtcp(...), send, rtcpSent(...)
//   RTP datagram:   parseRtp(p, n, streamPacket(i)) == RTP_OK, then
//                   receiverPacket(streamReceiver(i), ...) == RX_VALID: to the jitter buffer
//   RTCP datagram:  parseRtcp(p, n, streamRtcp(i), streamReceiver(i), ...)
//   call ends:      writeRtcp(..., bye = true) and send it.

import { RtpSender, RTP_SENDER_SIZE, senderStart } from "./sender";
import { RtpReceiver, RTP_RECEIVER_SIZE, receiverReset } from "./receiver";
import { RtcpState, RTCP_STATE_SIZE, rtcpStart } from "./rtcp";
import { RtpPacket, RTP_PACKET_SIZE } from "./rtp";

/** How many calls can carry media at once. */
export const MEDIA_STREAMS: i32 = 1;

// Each stream's records, each rounded up to 8 octets so that every field stays aligned.
const O_RECEIVER: i32 = (RTP_SENDER_SIZE + 7) & ~7;
const O_RTCP: i32 = O_RECEIVER + ((RTP_RECEIVER_SIZE + 7) & ~7);
const O_PACKET: i32 = O_RTCP + ((RTCP_STATE_SIZE + 7) & ~7);
/** The octets of static memory one stream takes. */
export const STREAM_SIZE: i32 = O_PACKET + ((RTP_PACKET_SIZE + 7) & ~7);

const STREAMS: usize = memory.data(MEDIA_STREAMS * STREAM_SIZE, 8);

// @ts-ignore: decorator
@inline function at(i: i32, offset: i32): usize { return STREAMS + <usize>(i * STREAM_SIZE + offset); }

export function streamSender(i: i32): RtpSender { return changetype<RtpSender>(at(i, 0)); }
export function streamReceiver(i: i32): RtpReceiver { return changetype<RtpReceiver>(at(i, O_RECEIVER)); }
export function streamRtcp(i: i32): RtcpState { return changetype<RtcpState>(at(i, O_RTCP)); }
export function streamPacket(i: i32): RtpPacket { return changetype<RtpPacket>(at(i, O_PACKET)); }

/**
 * Stream i starts at `now`: random SSRC, sequence number and timestamp for our
 * RTP (RFC 3550 §5.1), no peer source yet, the first RTCP report after a
 * randomized half interval (§6.3.2). The four words come from the board's
 * random source.
 */
export function streamStart(i: i32, now: u32, randomSsrc: u32, randomSequence: u32, randomTimestamp: u32, randomRtcp: u32): void {
  senderStart(streamSender(i), randomSsrc, randomSequence, randomTimestamp, now);
  receiverReset(streamReceiver(i));
  rtcpStart(streamRtcp(i), now, randomRtcp);
}
