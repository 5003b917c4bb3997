// --mic and --speaker on `intercom sim` and `npm start` (host/sim/audio-options.ts):
// a bad value is one message naming the option and its fix, exit 2, before
// the station starts; good values start it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { readWav } from "../../host/audio/wav.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, "../../host/cli.js");
const start = path.resolve(here, "../../host/start.js");
const dir = mkdtempSync(path.join(tmpdir(), "cli-audio-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const config = path.join(dir, "station.json");
writeFileSync(config, JSON.stringify({ user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0 }));

const sim = (...args: string[]) => spawnSync(process.execPath, [cli, "sim", "--config", config, "--host", "127.0.0.1", "--port", "0", ...args], { encoding: "utf8", timeout: 15_000 });

const refusals: [string[], RegExp][] = [
  [["--mic", "tone:abc"], /--mic: frequency "abc" is not a number from 100 to 3900; use --mic tone:FREQ\[,DBFS\]/],
  [["--mic", "tone:5000"], /--mic: frequency "5000" is not a number from 100 to 3900/],
  [["--mic", "tone:1000,-90"], /--mic: level \(dBFS\) "-90" is not a number from -60 to 0/],
  [["--mic", "loud"], /--mic: "loud" is neither a tone, silence nor a \.wav file/],
  [["--mic", "no-such-file.wav"], /--mic: cannot read no-such-file\.wav \(ENOENT\); give the path of a WAV file/],
  [["--speaker", "out.mp3"], /--speaker: "out\.mp3" does not end in \.wav; use --speaker FILE\.wav/],
  [["--speaker", "/no/such/dir/out.wav"], /--speaker: cannot write \/no\/such\/dir\/out\.wav \(ENOENT\); give a writable path/],
];

for (const [args, message] of refusals) {
  test(`intercom sim ${args.join(" ")}: refused naming the option and its fix, exit 2`, () => {
    const r = sim(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stdout, /"listening"/, "the station did not start");
  });
}

test("npm start --mic with a bad value: the same message, exit 2", () => {
  const r = spawnSync(process.execPath, [start, "--mic", "tone:abc"], { encoding: "utf8", timeout: 15_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--mic: frequency "abc" is not a number from 100 to 3900/);
});

test("intercom sim --mic and --speaker with a simulated board's store: refused, they run with --config alone, exit 2", () => {
  const r = spawnSync(process.execPath, [cli, "sim", "--state", path.join(dir, "state"), "--mic", "silence"], { encoding: "utf8", timeout: 15_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--mic and --speaker run with --config alone/);
});

test("intercom sim --mic tone:1000 --speaker FILE.wav starts the station, and the speaker file is a WAV file from the start", async () => {
  const file = path.join(dir, "speaker.wav");
  const child = spawn(process.execPath, [cli, "sim", "--config", config, "--host", "127.0.0.1", "--port", "0", "--mic", "tone:1000", "--speaker", file]);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  for (let waited = 0; waited < 10_000 && !/"listening"/.test(out); waited += 50) await new Promise((r) => setTimeout(r, 50));
  child.stdin.end("quit\n");
  const code = await new Promise((r) => child.on("exit", r));
  assert.match(out, /"event":"listening"/);
  assert.equal(code, 0);
  assert.ok(existsSync(file));
  assert.equal(readWav(readFileSync(file), file).length, 0, "no call, no audio: a valid empty WAV");
});
