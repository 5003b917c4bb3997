// The whole audio path against software we did not write: the door's
// microphone hears a 1000 Hz tone, the door calls the flat (SIPp, directly),
// SIPp answers with PCMU and, run with -rtp_echo, sends every RTP packet back
// where it came from (symmetric RTP). What the door's speaker plays must be
// the tone again: encoded to µ-law, packetised (RFC 3550), echoed, buffered
// against jitter, decoded. Found by its frequency, with its signal-to-noise
// ratio (host/audio/analyse.ts: the residual of a fitted sine). G.711 twice
// leaves about 35 dB; the test asks for 25.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev } from "../../host/intercom.js";
import { MediaState } from "../../host/vocabulary.js";
import { ToneMicrophone } from "../../host/audio/mic.js";
import { audible, dominantFrequency, fitTone } from "../../host/audio/analyse.js";
import { interopSkip } from "./support/interop.js";
import { doorCallsSipp } from "./support/door-calls-sipp.js";

test("SIPp echoes the door's RTP: the door's speaker plays its own microphone's 1000 Hz tone back, clean (SNR above 25 dB)", async (t) => {
  const skip = interopSkip();
  if (skip) return t.skip(skip);
  const played: Int16Array[] = [];
  await doorCallsSipp(t, {
    scenario: "flat-echo.xml", media: true, args: ["-rtp_echo"],
    config: { registrar: undefined, media: { rtpPort: 0 } },
    audio: { mic: new ToneMicrophone(1000, -10), speaker: { write: (f) => played.push(Int16Array.from(f)) } },
  }, (st) => {
    assert.deepEqual(st.of(Ev.Media).map((e) => e.a), [MediaState.On, MediaState.Off]);
    const all = new Int16Array(played.length * 160);
    played.forEach((f, i) => all.set(f, i * 160));
    const heard = audible(all);
    assert.ok(heard.length >= 8000, `at least a second of the tone came back (${heard.length} samples of ${all.length})`);
    // The first and last frames of the echo hold the jitter buffer's start and the call's end: judge the middle.
    const middle = heard.subarray(1600, heard.length - 1600);
    assert.equal(dominantFrequency(middle), 1000);
    const fit = fitTone(middle, 1000);
    t.diagnostic(`echoed tone: amplitude ${fit.amplitude.toFixed(0)}, SNR ${fit.snrDb.toFixed(1)} dB over ${middle.length} samples`);
    assert.ok(fit.snrDb > 25, `SNR ${fit.snrDb.toFixed(1)} dB`);
  });
});
