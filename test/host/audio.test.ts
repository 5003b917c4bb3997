// The host's audio files and sources (host/audio/), checked against SoX
// (Debian sox), which we did not write: what we write, SoX reads as 8000 Hz
// mono 16-bit with the tone we put in; what SoX writes, we read; what we
// cannot take, we refuse with the field at fault and the command that converts it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readWav, wavBytes, WavWriter, WavError, FRAME_SAMPLES } from "../../host/audio/wav.js";
import { microphone, MicError, ToneMicrophone } from "../../host/audio/mic.js";
import { dominantFrequency, fitTone, audible } from "../../host/audio/analyse.js";
import { missingTool, run } from "./support/tools.js";

const dir = mkdtempSync(path.join(tmpdir(), "audio-"));

function tone(frequency: number, frames: number, dbfs = -10): Int16Array {
  const mic = new ToneMicrophone(frequency, dbfs);
  const out = new Int16Array(frames * FRAME_SAMPLES);
  const frame = new Int16Array(FRAME_SAMPLES);
  for (let i = 0; i < frames; i++) {
    mic.next(frame);
    out.set(frame, i * FRAME_SAMPLES);
  }
  return out;
}

test("SoX reads the WAV we write as 8000 Hz, mono, 16-bit, one second long", { skip: missingTool("sox", "sox") ?? false }, () => {
  const file = path.join(dir, "ours.wav");
  writeFileSync(file, wavBytes(tone(1000, 50)));
  const info = run("soxi", [file]);
  assert.equal(info.code, 0, info.out);
  assert.match(info.out, /Channels\s*:\s*1/);
  assert.match(info.out, /Sample Rate\s*:\s*8000/);
  assert.match(info.out, /Precision\s*:\s*16-bit/);
  assert.match(info.out, /Duration\s*:\s*00:00:01\.00 = 8000 samples/);
});

test("SoX's spectrum of our tone generator peaks at its frequency", { skip: missingTool("sox", "sox") ?? false }, () => {
  const file = path.join(dir, "tone.wav");
  writeFileSync(file, wavBytes(tone(1000, 50)));
  const stat = run("sox", [file, "-n", "stat", "-freq"]);
  assert.equal(stat.code, 0, stat.out);
  // "-freq" prints "frequency power" pairs of its FFT windows (SoX's "Rough frequency" counts zero crossings: 974 for SoX's own 1000 Hz).
  let peak = { f: 0, p: -1 };
  for (const m of stat.out.matchAll(/^\s*(\d+\.\d+)\s+(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/gm)) {
    if (Number(m[2]) > peak.p) peak = { f: Number(m[1]), p: Number(m[2]) };
  }
  assert.ok(Math.abs(peak.f - 1000) <= 2, `sox's spectrum peaks at ${peak.f} Hz`);
});

test("a tone SoX synthesizes reads back with its frequency and a clean fit", { skip: missingTool("sox", "sox") ?? false }, () => {
  const file = path.join(dir, "sox-tone.wav");
  const made = run("sox", ["-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", file, "synth", "0.5", "sine", "1500", "vol", "0.3"]);
  assert.equal(made.code, 0, made.out);
  const samples = readWav(readFileSync(file), file);
  assert.equal(samples.length, 4000);
  assert.equal(dominantFrequency(samples), 1500);
  const fit = fitTone(samples, 1500);
  assert.ok(Math.abs(fit.amplitude - 0.3 * 32767) < 400, `amplitude ${fit.amplitude}`);
  assert.ok(fit.snrDb > 50, `snr ${fit.snrDb} dB`);
});

test("a 44.1 kHz stereo file is refused with the field at fault and the sox command that converts it", { skip: missingTool("sox", "sox") ?? false }, () => {
  const file = path.join(dir, "cd.wav");
  const made = run("sox", ["-n", "-r", "44100", "-c", "2", "-b", "16", file, "synth", "0.1", "sine", "440"]);
  assert.equal(made.code, 0, made.out);
  assert.throws(() => readWav(readFileSync(file), "cd.wav"), (e: Error) => e instanceof WavError && /cd\.wav: 2 channels/.test(e.message) && /sox IN\.wav -r 8000 -c 1/.test(e.message));
  const mono = path.join(dir, "cd-mono.wav");
  assert.equal(run("sox", [file, "-c", "1", mono]).code, 0);
  assert.throws(() => readWav(readFileSync(mono), "cd-mono.wav"), /cd-mono\.wav: 44100 Hz; the station's audio is 8000 Hz/);
});

test("a damaged WAV file is refused, never read past its end", () => {
  const good = wavBytes(tone(440, 2));
  assert.throws(() => readWav(good.subarray(0, 8), "short.wav"), /short\.wav: not a WAV file/);
  assert.throws(() => readWav(good.subarray(0, 30), "cut.wav"), /cut\.wav: the fmt chunk is 16 bytes, shorter than 16|cut\.wav: no data chunk/);
  const noData = good.slice(0, 36);
  assert.throws(() => readWav(noData, "nodata.wav"), /nodata\.wav: no data chunk/);
  // A data chunk claiming more than the file holds: the samples present, no more.
  const cut = good.slice(0, 44 + 100);
  assert.equal(readWav(cut, "cut.wav").length, 50);
  // A chunk size near 2^32 skips past the end and ends the search cleanly.
  const huge = good.slice();
  new DataView(huge.buffer).setUint32(16, 0xfffffff0, true);
  assert.throws(() => readWav(huge, "huge.wav"), /huge\.wav: no data chunk/);
});

test("the speaker's WAV file is whole after every frame (a station stopped mid-call leaves a readable file)", () => {
  const file = path.join(dir, "speaker.wav");
  const w = new WavWriter(file);
  const frames = tone(700, 3);
  w.write(frames.subarray(0, FRAME_SAMPLES));
  w.write(frames.subarray(FRAME_SAMPLES, 2 * FRAME_SAMPLES));
  const midway = readWav(readFileSync(file), file); // not closed yet
  assert.deepEqual(Array.from(midway), Array.from(frames.subarray(0, 2 * FRAME_SAMPLES)));
  w.write(frames.subarray(2 * FRAME_SAMPLES));
  w.close();
  assert.deepEqual(Array.from(readWav(readFileSync(file), file)), Array.from(frames));
});

test("--mic tone:FREQ is one unbroken sine across frames, at the level asked", () => {
  const samples = tone(1000, 25, -20);
  assert.equal(dominantFrequency(samples), 1000);
  const fit = fitTone(samples, 1000);
  assert.ok(Math.abs(fit.amplitude - 3277) < 2, `amplitude ${fit.amplitude}`);
  assert.ok(fit.snrDb > 60, `a phase jump at a frame edge would show as noise: ${fit.snrDb} dB`);
});

test("--mic FILE.wav plays the file once, then silence", () => {
  const file = path.join(dir, "mic.wav");
  writeFileSync(file, wavBytes(tone(500, 2)));
  const mic = microphone(file);
  const frame = new Int16Array(FRAME_SAMPLES);
  mic.next(frame);
  mic.next(frame);
  assert.ok(frame.some((s) => s !== 0));
  mic.next(frame);
  assert.ok(frame.every((s) => s === 0));
});

test("a bad --mic names the part at fault and the usage", () => {
  assert.throws(() => microphone("tone:5000"), (e: Error) => e instanceof MicError && /frequency "5000" is not a number from 100 to 3900/.test(e.message) && /--mic tone:FREQ/.test(e.message));
  assert.throws(() => microphone("tone:1000,3"), /level \(dBFS\) "3" is not a number from -60 to 0/);
  assert.throws(() => microphone("tone:"), /frequency "" is not a number/);
  assert.throws(() => microphone("noise"), /"noise" is neither a tone, silence nor a \.wav file/);
  assert.throws(() => microphone(path.join(dir, "absent.wav")), /cannot read .*absent\.wav \(ENOENT\)/);
});

test("audible() keeps the stretch between the first and the last loud frame", () => {
  const quiet = new Int16Array(3 * FRAME_SAMPLES);
  const loud = tone(1000, 4);
  const all = new Int16Array(quiet.length * 2 + loud.length);
  all.set(loud, quiet.length);
  assert.equal(audible(all).length, loud.length);
  assert.equal(audible(quiet).length, 0);
});
