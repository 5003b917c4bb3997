// Audio both ways between the door station and a real phone
// (interop-phones-audio.test.ts): the tone file the phone plays as its
// microphone, and the judgement of a recording: which tone it holds, for how long, and how clean it is
// (host/audio/analyse.ts: the strongest frequency, and the signal-to-noise
// ratio of a sine fitted at the expected one).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { audible, dominantFrequency, fitTone } from "../../../host/audio/analyse.js";
import { ToneMicrophone } from "../../../host/audio/mic.js";
import { AUDIO_RATE, FRAME_SAMPLES, readWav, wavBytes } from "../../../host/audio/wav.js";

/** Writes `seconds` of a `hz` tone at `dbfs` as a 16-bit mono 8000 Hz WAV file in `dir`; its path. */
export function toneFile(dir: string, hz: number, seconds: number, dbfs = -10): string {
  const tone = new ToneMicrophone(hz, dbfs);
  const samples = new Int16Array(Math.round(seconds * AUDIO_RATE));
  for (let at = 0; at < samples.length; at += FRAME_SAMPLES) tone.next(samples.subarray(at, at + FRAME_SAMPLES));
  const file = path.join(dir, `tone-${hz}.wav`);
  writeFileSync(file, wavBytes(samples));
  return file;
}

/** The samples of a WAV file a phone wrote (16-bit mono 8000 Hz, as host/audio/wav.ts reads them). */
export function recorded(file: string): Int16Array {
  return readWav(readFileSync(file), file);
}

export interface Heard {
  /** How long the recording is audible, from its first to its last loud frame (s). */
  seconds: number;
  /** The strongest frequency in the audible part's middle (Hz). */
  frequency: number;
  /** The signal-to-noise ratio of a sine fitted at the expected frequency there (dB). */
  snrDb: number;
  /** That sine's amplitude (full scale 32767). */
  amplitude: number;
}

/** What `samples` hold, judged against the tone of `hz`: the audible part less 100 ms at each end (its onset and its cut). */
export function heard(samples: Int16Array, hz: number): Heard {
  const loud = audible(samples);
  const trim = Math.round(0.1 * AUDIO_RATE);
  const middle = loud.length > 4 * trim ? loud.subarray(trim, loud.length - trim) : loud;
  const fit = fitTone(middle, hz);
  return { seconds: loud.length / AUDIO_RATE, frequency: middle.length ? dominantFrequency(middle) : 0, snrDb: fit.snrDb, amplitude: fit.amplitude };
}

/** One line for the test's diagnostics. */
export function describe(what: string, h: Heard): string {
  return `${what}: ${h.seconds.toFixed(2)} s audible, strongest ${h.frequency} Hz, SNR ${h.snrDb.toFixed(1)} dB, amplitude ${h.amplitude.toFixed(0)}`;
}
