// `npm start -- --demo` with audio both ways (issue 16: "the demo's flat
// hears the door"): the door's microphone plays a tone to the flat, the
// flat's plays another back, and each side's WAV holds the other's tone.
// A short real run (the demo is a process on a real clock, about 8 s).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { readWav, FRAME_SAMPLES } from "../../host/audio/wav.js";
import { audible, dominantFrequency, fitTone } from "../../host/audio/analyse.js";

const start = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../host/start.js");
const dir = mkdtempSync(path.join(tmpdir(), "demo-audio-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

/** G.711 alone leaves about 38 dB (host/audio/analyse.ts); 25 dB still takes a frame concealed by the door's jitter buffer on a loaded machine. */
const MIN_SNR_DB = 25;
/** Frames left out at each end of what was heard: the call's first and last moments. */
const EDGE_FRAMES = 10;

const flatWav = path.join(dir, "flat.wav");
const doorWav = path.join(dir, "door.wav");
const demo: Promise<{ code: number | null; out: string }> = new Promise((resolve) => {
  const child = spawn(process.execPath, [start, "--demo", "--quiet", "--mic", "tone:1000", "--speaker", doorWav, "--flat-mic", "tone:440", "--flat-speaker", flatWav]);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  child.on("exit", (code) => {
    clearTimeout(timer);
    resolve({ code, out });
  });
});

/** The tone a WAV file holds, judged on its audible part without its edges. */
function heard(file: string, frequency: number): { seconds: number; dominant: number; snrDb: number } {
  const all = audible(readWav(readFileSync(file), file));
  const middle = all.subarray(EDGE_FRAMES * FRAME_SAMPLES, Math.max(EDGE_FRAMES * FRAME_SAMPLES, all.length - EDGE_FRAMES * FRAME_SAMPLES));
  return { seconds: middle.length / 8000, dominant: middle.length ? dominantFrequency(middle) : 0, snrDb: fitTone(middle, frequency).snrDb };
}

const directions = [
  { title: "the demo's flat hears the door: with the door's --mic tone:1000, the flat's --flat-speaker WAV holds 1000 Hz", who: "flat", file: flatWav, frequency: 1000 },
  { title: "the door hears the flat: with --flat-mic tone:440, the door's --speaker WAV holds 440 Hz", who: "door", file: doorWav, frequency: 440 },
];

for (const d of directions) {
  test(`${d.title} (SNR above ${MIN_SNR_DB} dB)`, async (t) => {
    const r = await demo;
    assert.equal(r.code, 0, r.out);
    const h = heard(d.file, d.frequency);
    t.diagnostic(`${d.who} heard ${h.seconds.toFixed(2)} s, dominant ${h.dominant} Hz, SNR ${h.snrDb.toFixed(1)} dB`);
    assert.ok(h.seconds >= 1, `only ${h.seconds} s of audio:\n${r.out}`);
    assert.ok(Math.abs(h.dominant - d.frequency) <= 2, `dominant ${h.dominant} Hz`);
    assert.ok(h.snrDb > MIN_SNR_DB, `SNR ${h.snrDb.toFixed(1)} dB`);
  });
}

const refusals: [string[], RegExp][] = [
  [["--flat-mic", "tone:abc"], /^--flat-mic: frequency "abc" is not a number from 100 to 3900; use --flat-mic tone:FREQ\[,DBFS\]/m],
  [["--flat-mic", "loud"], /^--flat-mic: "loud" is neither a tone, silence nor a \.wav file/m],
  [["--flat-speaker", "out.mp3"], /^--flat-speaker: "out\.mp3" does not end in \.wav; use --flat-speaker FILE\.wav/m],
  [["--flat-speaker", "/no/such/dir/out.wav"], /^--flat-speaker: cannot write \/no\/such\/dir\/out\.wav \(ENOENT\)/m],
];

for (const [args, message] of refusals) {
  test(`npm start ${args.join(" ")}: refused naming the option and its fix, exit 2`, () => {
    const r = spawnSync(process.execPath, [start, ...args], { encoding: "utf8", timeout: 15_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
  });
}

test("npm start --flat-mic with --config: refused, the flat is the embedded demo's, exit 2", () => {
  const config = path.join(dir, "station.json");
  writeFileSync(config, JSON.stringify({ user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 } }));
  const r = spawnSync(process.execPath, [start, "--config", config, "--flat-mic", "silence"], { encoding: "utf8", timeout: 15_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^--flat-mic and --flat-speaker: only without --config/m);
});
