// The mouth-to-ear delay the station adds, measured in the simulated call of
// voice-call.ts with an echo peer: the flat sends every RTP payload of the
// door back as its own packet the moment it arrives. The microphone hears
// silence with bursts of a 1 kHz tone, each starting at another offset in its
// frame; the delay of a burst is from its first sample above a third of its
// amplitude at the microphone to the same in the speaker's frames, on one
// timeline of samples (both frames of tick k hold samples 160k..160k+159).
//
// That loop crosses the station twice, which is one mouth-to-ear path through
// it: the microphone's frame packetized and sent (the sending half), and the
// peer's packet through the jitter buffer, decoded and played (the receiving
// half). The echo path's own share, the time from the door's send to the
// echo's arrival, is taken off (the bench's echo peer answers at once: 0; a
// test proves a late one gives the same result). To the
// samples' delay the bench adds one frame (20 ms): a board hands the
// firmware a microphone frame once all of it is recorded, and plays a speaker
// frame after it is handed back, so a sample waits one frame at the two ends
// together even when the firmware passes it straight through.
import { readFileSync } from "node:fs";
import { FRAME_SAMPLES, AUDIO_RATE } from "../../host/audio/wav.js";
import { Channel } from "../../host/firmware.js";
import { FLAT_RTP, FRAME_MS, answeredCall, rtpPacket, sentPayloads } from "./voice-call.js";
import { IMAGE } from "./settings.js";
import { NUMBERS } from "../../host/config-table.js";

/** media.jitterMs when the configuration leaves it out (host/config.schema.json, generated into config-table.ts). */
export const JITTER_DEFAULT = NUMBERS["media.jitterMs"][2];

export interface DelayResult {
  jitterMs: number;
  /** One per burst: its onset's offset in its frame (samples) and the added delay (ms). */
  bursts: { offset: number; delayMs: number }[];
  min: number;
  max: number;
  mean: number;
  /** The echo path's own share taken off (ms). */
  echoPathMs: number;
  method: string;
}

const TONE_HZ = 1000;
const AMPLITUDE = 10_362; // -10 dBFS
const BURST_FRAMES = 10;
const GAP_FRAMES = 20;
const OFFSETS = [0, 27, 53, 80, 107, 133];

/** The first sample at or after `from` whose magnitude passes a third of the bursts' amplitude, or -1. */
function onset(samples: Int16Array, from: number): number {
  for (let i = from; i < samples.length; i++) if (Math.abs(samples[i]) > AMPLITUDE / 3) return i;
  return -1;
}

/** The microphone's timeline: silence, and a burst at `OFFSETS[b]` into frame GAP + b * (BURST + GAP). */
function microphone(): { samples: Int16Array; starts: number[] } {
  const frames = OFFSETS.length * (BURST_FRAMES + GAP_FRAMES) + GAP_FRAMES;
  const samples = new Int16Array(frames * FRAME_SAMPLES);
  const starts = OFFSETS.map((off, b) => (GAP_FRAMES + b * (BURST_FRAMES + GAP_FRAMES)) * FRAME_SAMPLES + off);
  for (const s of starts) {
    for (let n = 0; n < BURST_FRAMES * FRAME_SAMPLES - FRAME_SAMPLES; n++) {
      samples[s + n] = Math.round(AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * n) / AUDIO_RATE));
    }
  }
  return { samples, starts };
}

/**
 * The added delay with the jitter buffer at `jitterMs` (the configuration's media.jitterMs), the echo peer
 * sending each packet back `echoMs` after the door sent it (a multiple of 20 ms; the bench's run: 0).
 */
export async function measureDelay(jitterMs: number, echoMs = 0, image = new Uint8Array(readFileSync(IMAGE))): Promise<DelayResult> {
  if (echoMs < 0 || echoMs % FRAME_MS !== 0) throw new Error(`echoMs ${echoMs}: give a multiple of ${FRAME_MS} ms, 0 or more`);
  const call = await answeredCall({ image, media: { jitterMs } });
  const { samples: mic, starts } = microphone();
  const speaker = new Int16Array(mic.length);
  const frame = new Int16Array(FRAME_SAMPLES);
  /** The echoes on their way: each arrives echoMs after its send, before the next tick at or after that time. */
  const inFlight: { arrives: number; payload: Uint8Array }[] = [];
  let seq = 0;
  for (let k = 0; k * FRAME_SAMPLES < mic.length; k++) {
    const now = call.start + FRAME_MS * (k + 1);
    while (inFlight.length && inFlight[0].arrives < now) {
      const echo = inFlight.shift()!;
      call.door.engine.receiveMedia(rtpPacket(seq++, echo.payload), FLAT_RTP, Channel.Rtp, echo.arrives);
    }
    call.door.engine.audio(now, mic.subarray(k * FRAME_SAMPLES, (k + 1) * FRAME_SAMPLES), frame);
    speaker.set(frame, k * FRAME_SAMPLES);
    for (const payload of sentPayloads(call).rtp) inFlight.push({ arrives: now + echoMs, payload });
  }
  const bursts = starts.map((s, b) => {
    const heard = onset(mic, s), played = onset(speaker, s);
    if (heard < 0 || played < 0) throw new Error(`voice bench: burst ${b} (offset ${OFFSETS[b]}) did not come back to the speaker`);
    return { offset: OFFSETS[b], delayMs: ((played - heard) * 1000) / AUDIO_RATE + FRAME_MS - echoMs };
  });
  const delays = bursts.map((b) => b.delayMs);
  return {
    jitterMs, bursts, echoPathMs: echoMs,
    min: Math.min(...delays), max: Math.max(...delays), mean: delays.reduce((a, d) => a + d, 0) / delays.length,
    method: `${OFFSETS.length} bursts of ${TONE_HZ} Hz at -10 dBFS, each starting at another sample of its frame (${OFFSETS.join(", ")}), `
      + "through the door and back from an echo peer on the simulator's virtual network; onset = first sample above a third of the amplitude; "
      + `delay = speaker onset - microphone onset + one frame (${FRAME_MS} ms: a frame is recorded whole before it is handed over) - the echo path's own share`,
  };
}
