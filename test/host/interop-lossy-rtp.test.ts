// The call's audio through a lossy network, proven against software we did
// not write. The door calls the flat (SIPp) through a media relay
// (support/media-relay.ts) that drops 5% or 20% of the flat's RTP, seeded so
// that every run drops the same packets. SIPp answers with PCMU and
// telephone-event and plays, from its media port, three seconds of SoX's
// 1000 Hz µ-law tone, then Debian's recorded RFC 4733 events for 1, 2, 3
// and 4 (sip-tester's dtmf_2833_N.pcap), and hangs up a few seconds later.
// At both rates: the call lasts until the flat hangs up (no RTP timeout),
// the door code opens relay 0 (an event survives the loss of its packets:
// any one of its start, updates or three end packets tells the key, RFC 4733
// §2.5.1.4, §2.5.2), the `media-loss` event counts the packets lost as
// RFC 3550 A.3 does and at least as many concealed frames, and the speaker
// still holds the tone (its SNR reported).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ev, CallState } from "../../host/intercom.js";
import { MediaState } from "../../host/vocabulary.js";
import { audible, dominantFrequency, fitTone } from "../../host/audio/analyse.js";
import { interopSkip } from "./support/interop.js";
import { doorCallsSipp } from "./support/door-calls-sipp.js";
import { STATION_KINDS, kindSkip, titled, type StationKind } from "./support/interop-station.js";
import { missingTool } from "./support/tools.js";
import { rtpCapture, soxUlaw, TONE_SSRC } from "./support/tone-capture.js";
import { flatScenario, playPcap } from "./support/sipp-flat.js";
import { MediaRelay } from "./support/media-relay.js";
import type { TestStation } from "./support/interop-sipp.js";

const EVENTS = "/usr/share/sip-tester/dtmf_2833_";
const TONE_SECONDS = 3;
/** From the ACK to the flat's BYE (the scenario's pauses). */
const CALL_MS = 3100 + 3 * 400 + 2000;
const RATES = [{ loss: 0.05, seed: 1605 }, { loss: 0.2, seed: 1620 }];

function eventsSkip(): string | null {
  if (existsSync(`${EVENTS}1.pcap`)) return null;
  const why = `skipped: ${EVENTS}1.pcap is missing (Debian package sip-tester ships it; .ci/run installs it)`;
  if (process.env.CI === "true") throw new Error(why);
  return why;
}

function scenario(tone: string): string {
  const inCall = [playPcap(tone), `<pause milliseconds="3100"/>`,
    ...[1, 2, 3, 4].flatMap((n) => [playPcap(`${EVENTS}${n}.pcap`), `<pause milliseconds="${n < 4 ? 400 : 2000}"/>`])];
  return flatScenario({ name: "flat talks and keys the door code through a lossy relay", tag: "lossy", telephoneEvent: true, inCall: inCall.map((l) => `  ${l}`).join("\n") });
}

/**
 * What RFC 3550 A.1 and A.3 count as lost of a stream whose packets `passed`
 * in this order (no wrap): a source is believed from the first packet that
 * follows its predecessor (MIN_SEQUENTIAL 2), and from there expected (up to
 * the highest) minus received are lost.
 */
function a3Lost(passed: number[]): number {
  let base = -1, max = -1, received = 0, previous = Number.NaN;
  for (const seq of passed) {
    if (base < 0) {
      if (seq === previous + 1) [base, max, received] = [seq, seq, 1];
      previous = seq;
      continue;
    }
    received++;
    max = Math.max(max, seq);
  }
  return base < 0 ? 0 : max - base + 1 - received;
}

interface Run {
  st: TestStation;
  relay: MediaRelay;
  played: Int16Array[];
}

async function lossyCall(t: import("node:test").TestContext, kind: StationKind, loss: number, seed: number): Promise<Run> {
  const dir = mkdtempSync(path.join(tmpdir(), "interop-lossy-rtp-"));
  const tone = path.join(dir, "tone.pcap");
  writeFileSync(tone, rtpCapture(soxUlaw(dir, 1000, TONE_SECONDS)));
  writeFileSync(path.join(dir, "flat-lossy.xml"), scenario(tone));
  const played: Int16Array[] = [];
  let relay: MediaRelay | undefined;
  let seen: TestStation | undefined;
  try {
    await doorCallsSipp(t, {
      scenario: path.join(dir, "flat-lossy.xml"), kind, media: true,
      target: async (flatPort) => {
        relay = new MediaRelay({ flat: { host: "127.0.0.1", port: flatPort }, loss, seed });
        const at = await relay.start();
        return `sip:flat@127.0.0.1:${at.port}`;
      },
      config: {
        relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 0 }], // the door stays in the call
        codeEntry: { confirmKey: "none", interDigitTimeoutMs: 1000 },
        media: { rtpPort: 0, rtpTimeoutSeconds: 5 },
        registrar: undefined,
      },
      audio: { speaker: { write: (f) => played.push(Int16Array.from(f)) } },
    }, (st) => {
      seen = st;
    });
  } finally {
    if (relay) t.diagnostic(relay.summary());
    relay?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { st: seen!, relay: relay!, played };
}

for (const kind of STATION_KINDS) {
  for (const { loss, seed } of RATES) {
    const pct = `${Math.round(loss * 100)}%`;
    test(titled(kind, `${pct} of the flat's RTP lost on the way (seeded): the call, the door code, the loss count and the tone hold`), async (t) => {
      const skip = interopSkip() ?? missingTool("sox", "sox") ?? eventsSkip() ?? kindSkip(kind);
      if (skip) return t.skip(skip);
      const { st, relay, played } = await lossyCall(t, kind, loss, seed);
      const tone = relay.packets.filter((p) => p.ssrc === TONE_SSRC);
      const events = relay.of(101);

      await t.test("the relay dropped packets of both the tone and the events", () => {
        assert.ok(tone.some((p) => p.dropped) && events.some((p) => p.dropped), relay.summary());
        // At 20% the seed drops the marked start of the event for 1: the key is told by its updates (RFC 4733 §2.5.2).
        if (loss >= 0.2) assert.ok(events.some((p) => p.marker && p.dropped), "an event's marked start among the dropped");
      });

      await t.test("the call lasts until the flat hangs up: no RTP timeout, no BYE from the door", () => {
        assert.equal(st.find("out", /^BYE /).length, 0, "the door sent no BYE");
        assert.equal(st.find("in", /^BYE /).length, 1, "the flat's BYE ended the call");
        const media = st.of(Ev.Media);
        assert.deepEqual(media.map((e) => [e.a, e.b]), [[MediaState.On, 0], [MediaState.Off, 0]], "audio on with PCMU, off because the call ended (not 1: RTP timeout)");
        const connected = st.of(Ev.Call).find((e) => e.a === CallState.Connected)!;
        const ended = st.of(Ev.Call).find((e) => e.a === CallState.Ended)!;
        assert.ok(ended.t - connected.t >= CALL_MS, `connected for ${ended.t - connected.t} ms, the scenario's ${CALL_MS} ms at least`);
      });

      await t.test("the door code keyed as RFC 4733 events opens relay 0, each key once (RFC 4733 §2.5.1.4)", () => {
        assert.equal(st.of(Ev.DtmfReceived).reduce((n, e) => n + e.a, 0), 4, "four keys, each once");
        assert.deepEqual(st.of(Ev.Relay).slice(0, 1).map((e) => [e.a, e.b]), [[0, 1]], "relay 0 opened");
        assert.equal(st.of(Ev.CodeWrong).length, 0);
      });

      await t.test("media-loss reports once the tone's packets lost, as RFC 3550 A.3 counts them", () => {
        const reports = st.of(Ev.MediaLoss);
        assert.equal(reports.length, 1, "one report, as the audio stopped");
        const expected = a3Lost(tone.filter((p) => !p.dropped).map((p) => p.seq));
        t.diagnostic(`media-loss: ${reports[0].a} lost (A.3 from the relay's record: ${expected}), ${reports[0].b} concealed`);
        assert.ok(expected > 0);
        assert.equal(reports[0].a, expected);
      });

      const report = () => st.of(Ev.MediaLoss)[0];
      if (kind === "cortex-m4") {
        // The serial bridge skips an audio tick that would queue (support/interop-qemu.ts): with
        // fewer ticks than packets the jitter buffer sheds frames for drift, holes among them.
        await t.test("media-loss counts concealed frames", () => {
          assert.ok(report().b > 0, `${report().b} concealed`);
        });
      } else {
        await t.test("media-loss counts a concealed frame for each packet lost (the audio clock keeping time)", () => {
          assert.ok(report().b >= report().a, `${report().b} concealed for ${report().a} lost`);
        });
      }

      if (kind !== "simulator") return; // the speaker's frames are the simulator's to record
      const heard = () => {
        const all = new Int16Array(played.length * 160);
        played.forEach((f, i) => all.set(f, i * 160));
        return audible(all);
      };
      await t.test("the speaker still holds the 1000 Hz tone", () => {
        assert.equal(dominantFrequency(heard()), 1000);
      });

      await t.test("concealment leaves the tone 3 dB clearer than silence in the lost frames would", () => {
        const samples = heard().subarray(800, -800); // not the onset, nor the fade of the underruns after the tone
        const fit = fitTone(samples, 1000);
        const lost = report().a;
        // A lost frame left silent is all error: SNR = frames heard / frames lost.
        const silent = 10 * Math.log10(samples.length / 160 / lost);
        t.diagnostic(`${pct} loss: tone amplitude ${fit.amplitude.toFixed(0)}, SNR ${fit.snrDb.toFixed(1)} dB over ${samples.length} samples (silent lost frames: ${silent.toFixed(1)} dB)`);
        assert.ok(fit.snrDb > silent + 3, `SNR ${fit.snrDb.toFixed(1)} dB, silence would leave ${silent.toFixed(1)} dB`);
      });
    });
  }
}
