// WebAssembly instructions per 20 ms frame of a call, full duplex: a copy of
// build/firmware.wasm that counts its own instructions (voice-counter.ts), in
// a call (voice-call.ts), through the board ABI as a board drives it. Each
// frame: the flat's RTP packet into boardMedia (RTP read, jitter buffer in),
// then boardAudio with a microphone frame (jitter buffer out, G.711 decode or
// concealment into the speaker frame, G.711 encode of the microphone, the RTP
// packet out, and the station's RTCP report when its interval is up); every
// 5 s the flat's RTCP report into boardMedia. The flat echoes the door's
// audio, so what the door decodes is a real tone, not silence.
// Deterministic: the same image gives the same counts on any machine.
import { readFileSync } from "node:fs";
import { ToneMicrophone } from "../../host/audio/mic.js";
import { FRAME_SAMPLES } from "../../host/audio/wav.js";
import { Channel } from "../../host/firmware.js";
import { COUNTER_EXPORT, instrument } from "./voice-counter.js";
import { FLAT_RTCP, FLAT_RTP, FRAME_MS, RTCP_INTERVAL_MS, answeredCall, rtcpReport, rtpPacket, sentPayloads } from "./voice-call.js";
import { IMAGE } from "./settings.js";

export interface FrameCounts {
  /** Frames counted (after `warmup` frames that fill the jitter buffer). */
  frames: number;
  warmup: number;
  /** Mean instructions per frame, everything in it. */
  perFrame: number;
  /** Mean per frame of each part: the RTP packet in, the audio tick (send and receive halves and the station's RTCP), the flat's RTCP in. */
  rtpIn: number;
  audioTick: number;
  rtcpIn: number;
  /** The station's RTCP reports sent in the counted frames, and what one costs over a tick without. */
  rtcpSent: number;
  rtcpSendExtra: number;
  /** What the RTCP, both ways, adds per frame on average. */
  rtcpShare: number;
  method: string;
}

const METHOD = "a copy of build/firmware.wasm whose every straight run of instructions adds its length to an exported counter "
  + "(test/bench/voice-counter.ts; wasm opcodes as the specification lists them, the counters' own not counted), "
  + "driven through host/intercom.ts: per frame one RTP packet into boardMedia and one boardAudio tick with a 1 kHz microphone frame; "
  + "the flat's RTCP every 5 s; the flat echoes the door's payloads";

/** Counts `frames` frames after `warmup`; throws when the call cannot be set up. */
export async function countFrames(frames: number, warmup = 50, image = new Uint8Array(readFileSync(IMAGE))): Promise<FrameCounts> {
  const call = await answeredCall({ image: instrument(image) });
  const counter = (call.door.engine.fw.exports as unknown as Record<string, WebAssembly.Global>)[COUNTER_EXPORT];
  const read = (): number => Number(counter.value) >>> 0;
  const mic = new ToneMicrophone(1000, -10);
  const micFrame = new Int16Array(FRAME_SAMPLES), speaker = new Int16Array(FRAME_SAMPLES);
  let payload: Uint8Array = new Uint8Array(FRAME_SAMPLES).fill(0xff); // µ-law silence until the door's first packet comes back
  let rtpIn = 0, audioTick = 0, rtcpIn = 0, rtcpSent = 0, ticksWithRtcp = 0;
  for (let i = 0; i < warmup + frames; i++) {
    const now = call.start + FRAME_MS * (i + 1);
    const counted = i >= warmup;
    let c = read();
    call.door.engine.receiveMedia(rtpPacket(i, payload), FLAT_RTP, Channel.Rtp, now);
    if (counted) rtpIn += (read() - c) >>> 0;
    if ((FRAME_MS * (i + 1)) % RTCP_INTERVAL_MS === 0) {
      c = read();
      call.door.engine.receiveMedia(rtcpReport(i + 1, now), FLAT_RTCP, Channel.Rtcp, now);
      if (counted) rtcpIn += (read() - c) >>> 0;
    }
    mic.next(micFrame);
    c = read();
    call.door.engine.audio(now, micFrame, speaker);
    const tick = (read() - c) >>> 0;
    const sent = sentPayloads(call);
    if (sent.rtp.length) payload = sent.rtp[sent.rtp.length - 1];
    if (!counted) continue;
    audioTick += tick;
    if (sent.rtcp > 0) { rtcpSent += sent.rtcp; ticksWithRtcp += tick; }
  }
  const plainTicks = frames - (rtcpSent > 0 ? Math.min(rtcpSent, frames) : 0);
  const plainMean = plainTicks > 0 ? (audioTick - ticksWithRtcp) / plainTicks : audioTick / frames;
  const rtcpSendExtra = rtcpSent > 0 ? ticksWithRtcp / Math.min(rtcpSent, frames) - plainMean : 0;
  return {
    frames, warmup,
    perFrame: (rtpIn + audioTick + rtcpIn) / frames,
    rtpIn: rtpIn / frames, audioTick: audioTick / frames, rtcpIn: rtcpIn / frames,
    rtcpSent, rtcpSendExtra,
    rtcpShare: (rtcpIn + rtcpSendExtra * rtcpSent) / frames,
    method: METHOD,
  };
}
