// The door's speaker plays what a phone sends, proven against software we
// did not write: SoX makes two seconds of a 1000 Hz tone as G.711 µ-law, the
// test packs it into RTP (20 ms, payload type 0, RFC 3551) in a capture file,
// and SIPp, answering the door's call as the flat, plays that capture from
// its media port (play_pcap_audio) to the RTP port of the door's offer. The
// door's speaker must hold the tone: found by its frequency, with its
// signal-to-noise ratio (G.711 alone leaves about 38 dB; the test asks 30).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ev } from "../../host/intercom.js";
import { MediaState } from "../../host/vocabulary.js";
import { audible, dominantFrequency, fitTone } from "../../host/audio/analyse.js";
import { interopSkip } from "./support/interop.js";
import { doorCallsSipp } from "./support/door-calls-sipp.js";
import { missingTool } from "./support/tools.js";
import { rtpCapture, soxUlaw } from "./support/tone-capture.js";
import { flatScenario, playPcap } from "./support/sipp-flat.js";

function scenario(capture: string): string {
  return flatScenario({ name: "flat plays a tone to the door", tag: "tone", telephoneEvent: false, inCall: `  ${playPcap(capture)}\n  <pause milliseconds="2600"/>` });
}

test("SIPp plays two seconds of SoX's 1000 Hz µ-law tone as RTP: the door's speaker holds the tone (SNR above 30 dB)", async (t) => {
  const skip = interopSkip() ?? missingTool("sox", "sox");
  if (skip) return t.skip(skip);
  const dir = mkdtempSync(path.join(tmpdir(), "interop-audio-"));
  const capture = path.join(dir, "tone.pcap");
  writeFileSync(capture, rtpCapture(soxUlaw(dir, 1000, 2)));
  writeFileSync(path.join(dir, "flat-tone.xml"), scenario(capture));
  const played: Int16Array[] = [];
  try {
    await doorCallsSipp(t, {
      scenario: path.join(dir, "flat-tone.xml"), media: true,
      config: { registrar: undefined, media: { rtpPort: 0 } },
      audio: { speaker: { write: (f) => played.push(Int16Array.from(f)) } },
    }, (st) => {
      assert.deepEqual(st.of(Ev.Media).map((e) => e.a), [MediaState.On, MediaState.Off]);
      const all = new Int16Array(played.length * 160);
      played.forEach((f, i) => all.set(f, i * 160));
      const heard = audible(all);
      assert.ok(heard.length >= 14_400 && heard.length <= 16_800, `about two seconds of tone (${heard.length} samples)`);
      const middle = heard.subarray(800, heard.length - 800);
      assert.equal(dominantFrequency(middle), 1000);
      const fit = fitTone(middle, 1000);
      t.diagnostic(`played tone: amplitude ${fit.amplitude.toFixed(0)}, SNR ${fit.snrDb.toFixed(1)} dB over ${middle.length} samples`);
      assert.ok(fit.snrDb > 30, `SNR ${fit.snrDb.toFixed(1)} dB`);
      assert.ok(Math.abs(fit.amplitude - 0.316 * 32767) < 600, `the level SoX made (-10 dBFS): ${fit.amplitude.toFixed(0)}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
