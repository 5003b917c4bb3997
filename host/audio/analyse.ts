// How the tests judge audio that went through the station: which tone a
// recording holds and how clean it is. The figure is the signal-to-noise
// ratio of a sine fitted at the tone's frequency: the fitted sine is the
// signal, everything left over (G.711 quantization, concealment, clicks,
// other sounds) is the noise. G.711 alone leaves about 38 dB for a tone near
// full scale (ITU-T G.711's companding keeps the ratio near constant over
// its range).
import { AUDIO_RATE } from "./wav.js";

/** Power of `samples` at `frequency` (Goertzel's recurrence: one DFT bin, any frequency). */
export function powerAt(samples: Int16Array, frequency: number, rate = AUDIO_RATE): number {
  const w = (2 * Math.PI * frequency) / rate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (samples.length * samples.length);
}

/** The strongest frequency from 100 to 3900 Hz, found to 1 Hz (a 10 Hz scan, then 1 Hz around its peak). */
export function dominantFrequency(samples: Int16Array, rate = AUDIO_RATE): number {
  let best = 100;
  let bestPower = -1;
  for (let f = 100; f <= 3900; f += 10) {
    const p = powerAt(samples, f, rate);
    if (p > bestPower) { best = f; bestPower = p; }
  }
  const coarse = best;
  for (let f = coarse - 10; f <= coarse + 10; f++) {
    const p = powerAt(samples, f, rate);
    if (p > bestPower) { best = f; bestPower = p; }
  }
  return best;
}

export interface ToneFit {
  /** The fitted sine's amplitude (full scale 32767). */
  amplitude: number;
  /** 10 log10(signal power / residual power); Infinity when nothing is left over. */
  snrDb: number;
}

/** Least-squares fit of a sine (and an offset) at `frequency`; the residual is the noise. */
export function fitTone(samples: Int16Array, frequency: number, rate = AUDIO_RATE): ToneFit {
  const n = samples.length;
  if (n === 0) return { amplitude: 0, snrDb: -Infinity };
  const w = (2 * Math.PI * frequency) / rate;
  // Normal equations for x ≈ a cos + b sin + c (3x3, solved directly).
  let cc = 0, ss = 0, cs = 0, c1 = 0, s1 = 0, xc = 0, xs = 0, x1 = 0;
  for (let i = 0; i < n; i++) {
    const c = Math.cos(w * i);
    const s = Math.sin(w * i);
    const x = samples[i];
    cc += c * c; ss += s * s; cs += c * s; c1 += c; s1 += s;
    xc += x * c; xs += x * s; x1 += x;
  }
  const m = [[cc, cs, c1], [cs, ss, s1], [c1, s1, n]];
  const v = [xc, xs, x1];
  const [a, b, c] = solve3(m, v);
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < n; i++) {
    const fit = a * Math.cos(w * i) + b * Math.sin(w * i);
    const r = samples[i] - fit - c;
    signal += fit * fit;
    noise += r * r;
  }
  return { amplitude: Math.hypot(a, b), snrDb: noise === 0 ? Infinity : 10 * Math.log10(signal / noise) };
}

function solve3(m: number[][], v: number[]): number[] {
  const det = (a: number[][]) =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const d = det(m);
  if (Math.abs(d) < 1e-9) return [0, 0, 0];
  return [0, 1, 2].map((k) => det(m.map((row, i) => row.map((x, j) => (j === k ? v[i] : x)))) / d);
}

/** The part of a recording louder than `floor` (RMS per 20 ms frame), from its first such frame to its last. */
export function audible(samples: Int16Array, floor = 100, frame = 160): Int16Array {
  let first = -1;
  let last = -1;
  for (let at = 0; at + frame <= samples.length; at += frame) {
    let sum = 0;
    for (let i = at; i < at + frame; i++) sum += samples[i] * samples[i];
    if (Math.sqrt(sum / frame) >= floor) {
      if (first < 0) first = at;
      last = at + frame;
    }
  }
  return first < 0 ? new Int16Array(0) : samples.subarray(first, last);
}
