// --mic and --speaker, as `intercom sim` and `npm start` take them (the native
// board takes the same, boards/native-linux/audio.c): what the station's
// microphone hears in a call and the WAV file its speaker plays into. A bad
// value is one message naming the option and its fix (exit 2 in both).
import { microphone, MicError, SilentMicrophone, type Microphone } from "../audio/mic.js";
import { WavWriter } from "../audio/wav.js";

export class AudioOptionError extends Error {}

export const MIC_HELP = "what the microphone hears in a call: tone:FREQ[,DBFS] (e.g. tone:1000), silence, or FILE.wav (16-bit mono 8000 Hz); default silence";
export const SPEAKER_HELP = "write what the speaker plays in calls to FILE.wav (16-bit mono 8000 Hz, readable even if the station is killed)";

/** The microphone and speaker these options name (--mic and --speaker, or the names in `names`); throws AudioOptionError with the option and the fix. */
export function audioOptions(mic: string | undefined, speaker: string | undefined, names = { mic: "--mic", speaker: "--speaker" }): { mic: Microphone; speaker?: WavWriter } {
  let source: Microphone;
  try {
    source = mic === undefined ? new SilentMicrophone() : microphone(mic, names.mic);
  } catch (err) {
    if (err instanceof MicError) throw new AudioOptionError(err.message);
    throw err;
  }
  if (speaker === undefined) return { mic: source };
  if (!speaker.toLowerCase().endsWith(".wav")) throw new AudioOptionError(`${names.speaker}: "${speaker}" does not end in .wav; use ${names.speaker} FILE.wav`);
  try {
    return { mic: source, speaker: new WavWriter(speaker) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new AudioOptionError(`${names.speaker}: cannot write ${speaker} (${code}); give a writable path in a directory that exists`);
  }
}
