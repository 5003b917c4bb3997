// What the station's microphone hears, one 20 ms frame at a time (--mic):
//   tone:FREQ[,DBFS]  a sine of FREQ Hz (100-3900: below G.711's Nyquist
//                     limit of 4000 Hz) at DBFS decibels below full scale
//                     (default -10, between -60 and 0)
//   silence           nothing
//   FILE.wav          the file's samples (16-bit mono 8000 Hz), once, then silence
import { readFileSync } from "node:fs";
import { AUDIO_RATE, readWav, WavError } from "./wav.js";

export interface Microphone {
  /** What this source names itself, for logs (never a path's contents). */
  readonly label: string;
  /** Fills the next frame (160 samples at 8000 Hz). */
  next(frame: Int16Array): void;
}

export class MicError extends Error {}

/** How to give the option `option` (--mic, or --flat-mic for the demo's flat). */
const usage = (option: string) => `use ${option} tone:FREQ[,DBFS] (e.g. tone:1000 or tone:440,-20), ${option} silence or ${option} FILE.wav`;

/** A phase-continuous sine: frame after frame it is one unbroken tone. */
export class ToneMicrophone implements Microphone {
  readonly label: string;
  private phase = 0;
  private readonly step: number;
  private readonly amplitude: number;

  constructor(readonly frequency: number, readonly dbfs = -10) {
    this.label = `tone ${frequency} Hz at ${dbfs} dBFS`;
    this.step = (2 * Math.PI * frequency) / AUDIO_RATE;
    this.amplitude = 32767 * Math.pow(10, dbfs / 20);
  }

  next(frame: Int16Array): void {
    for (let i = 0; i < frame.length; i++) {
      frame[i] = Math.round(this.amplitude * Math.sin(this.phase));
      this.phase += this.step;
      if (this.phase >= 2 * Math.PI) this.phase -= 2 * Math.PI;
    }
  }
}

export class SilentMicrophone implements Microphone {
  readonly label = "silence";
  next(frame: Int16Array): void {
    frame.fill(0);
  }
}

export class FileMicrophone implements Microphone {
  readonly label: string;
  private at = 0;

  constructor(readonly samples: Int16Array, name: string) {
    this.label = `${name} (${(samples.length / AUDIO_RATE).toFixed(1)} s)`;
  }

  next(frame: Int16Array): void {
    frame.fill(0);
    const n = Math.max(0, Math.min(frame.length, this.samples.length - this.at));
    frame.set(this.samples.subarray(this.at, this.at + n));
    this.at += n;
  }
}

function number(text: string, what: string, min: number, max: number, option: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    throw new MicError(`${option}: ${what} "${text}" is not a number from ${min} to ${max}; ${usage(option)}`);
  }
  return n;
}

/** The source a --mic option (or `option`) names; a bad one throws MicError naming the option, the part at fault and the usage. */
export function microphone(spec: string, option = "--mic"): Microphone {
  if (spec === "silence") return new SilentMicrophone();
  if (spec.startsWith("tone:")) {
    const [freq, level, extra] = spec.slice(5).split(",");
    if (extra !== undefined) throw new MicError(`${option}: "${spec}" has more than a frequency and a level; ${usage(option)}`);
    const frequency = number(freq, "frequency", 100, 3900, option);
    const dbfs = level === undefined ? -10 : number(level, "level (dBFS)", -60, 0, option);
    return new ToneMicrophone(frequency, dbfs);
  }
  if (spec.toLowerCase().endsWith(".wav")) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(spec);
    } catch (err) {
      throw new MicError(`${option}: cannot read ${spec} (${(err as NodeJS.ErrnoException).code ?? "error"}); give the path of a WAV file`);
    }
    try {
      return new FileMicrophone(readWav(bytes, spec), spec);
    } catch (err) {
      if (err instanceof WavError) throw new MicError(`${option}: ${err.message}`);
      throw err;
    }
  }
  throw new MicError(`${option}: "${spec}" is neither a tone, silence nor a .wav file; ${usage(option)}`);
}
