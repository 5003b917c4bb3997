// Test helper for the RTCP specs: one sender, one receiver and one RTCP state
// in static memory, started the way a call starts them.
import { RtpSender, RTP_SENDER_SIZE, senderStart, senderWrite, senderCount } from "../../../assembly/media/sender";
import { RtpReceiver, RTP_RECEIVER_SIZE, receiverReset, receiverPacket } from "../../../assembly/media/receiver";
import { RtcpState, RTCP_STATE_SIZE, rtcpStart } from "../../../assembly/media/rtcp";

export const S = changetype<RtpSender>(memory.data(RTP_SENDER_SIZE, 8));
export const R = changetype<RtpReceiver>(memory.data(RTP_RECEIVER_SIZE, 8));
export const ST = changetype<RtcpState>(memory.data(RTCP_STATE_SIZE, 8));
const FRAME: usize = memory.data(200, 8);
export const OUR_SSRC: u32 = 0xD00D0001;
export const PEER_SSRC: u32 = 0x9EE20002;

/** A call's media starts at time 0: our SSRC, sequence 100, timestamp 1000. */
export function start(): void {
  senderStart(S, OUR_SSRC, 100, 1000, 0);
  receiverReset(R);
  rtcpStart(ST, 0, 0);
}

/** We send `count` 20 ms frames of 160 octets. */
export function sendFrames(count: i32): void {
  for (let i = 0; i < count; i++) {
    senderWrite(S, FRAME, 200, 0, 160, 20 * <u32>i);
    senderCount(S, 160);
  }
}

/** The peer's packets with sequence numbers from..to (inclusive) arrive 20 ms apart. */
export function receiveFrames(from: u32, to: u32): void {
  for (let s = from; s <= to; s++) receiverPacket(R, PEER_SSRC, s, 160 * s, 20 * s);
}
