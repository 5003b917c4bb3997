// The native board's voice path (boards/native-linux/media.c, audio.c),
// proved on the board built around a small module that plays back what it
// gets (support/media-module.ts): the RTP/RTCP pair, datagrams through
// boardMedia and board.mediaSend, the 20 ms audio clock from --mic to
// --speaker, and the same messages as the simulator for bad --mic/--speaker.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compileBoard } from "../../host/tools/build-native.js";
import { blockOf } from "../../host/tools/config-block.js";
import { audioOptions } from "../../host/sim/audio-options.js";
import { readWav } from "../../host/audio/wav.js";
import { dominantFrequency, fitTone } from "../../host/audio/analyse.js";
import { missingTool, run } from "./support/tools.js";
import { mediaModule } from "./support/media-module.js";
import { freeEvenPair, MEDIA_CHANNELS, roundTrip, socketAt } from "./support/media-net.js";
import { freePort } from "./support/interop.js";

const dir = mkdtempSync(path.join(tmpdir(), "native-media-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
let skip: string | null = null;
let binary = "";
/** The even RTP port the module asks for (free when the suite began). */
let asked = 0;

before(async () => {
  skip = missingTool("wasm2c", "wabt") ?? missingTool("cc", "gcc") ?? missingTool("wat2wasm", "wabt");
  if (skip) return;
  asked = await freeEvenPair();
  binary = path.join(dir, "intercom-native-media");
  compileBoard(mediaModule(dir, asked), dir, binary);
});

type Line = Record<string, unknown>;

async function until(ok: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The board on a free SIP port, listening; its lines as they come. */
async function board(...args: string[]): Promise<{ child: ChildProcess; lines: Line[]; exit: Promise<number | null>; stop: () => Promise<void> }> {
  const port = await freePort();
  const block = path.join(dir, `b${port}.bin`);
  writeFileSync(block, blockOf({ user: "door", domain: "example.com" }, port));
  const child = spawn(binary, ["--config-block", block, "--host", "127.0.0.1", ...args]);
  const lines: Line[] = [];
  let out = "";
  child.stdout!.on("data", (d) => {
    out += d;
    const parts = out.split("\n");
    out = parts.pop()!;
    for (const l of parts) if (l) lines.push(JSON.parse(l));
  });
  const exit = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  await until(() => lines.some((l) => l.event === "listening"), "the board listening");
  return { child, lines, exit, stop: async () => { if (child.exitCode === null) child.kill("SIGTERM"); await exit; } };
}

test("the native board binds the RTP port boardMediaPort asks for and RTCP at the next one (RFC 3550 §11)", async (t) => {
  if (skip) return t.skip(skip);
  const b = await board();
  try {
    assert.equal(await socketAt(asked), null, "the RTP port is bound");
    assert.equal(await socketAt(asked + 1), null, "the RTCP port is bound");
    assert.equal(b.lines.filter((l) => l.event === "warning").length, 0);
  } finally {
    await b.stop();
  }
});

for (const [name, offset, bytes] of MEDIA_CHANNELS) {
  test(`native board: ${name} to the RTP port + ${offset} comes back through boardMedia and board.mediaSend from that port`, async (t) => {
    if (skip) return t.skip(skip);
    const b = await board();
    try {
      const data = Buffer.from(bytes, "hex");
      assert.deepEqual(await roundTrip(asked + offset, data), { data, from: asked + offset });
    } finally {
      await b.stop();
    }
  });
}

test("native board: a taken RTP port gives a free even pair, a warning line naming both, and the media still flows there", async (t) => {
  if (skip) return t.skip(skip);
  const squatter = await socketAt(asked);
  assert.ok(squatter, "the asked port was free to take");
  const b = await board();
  try {
    const warning = b.lines.find((l) => l.event === "warning");
    assert.ok(warning, "a warning line");
    const m = String(warning.message).match(new RegExp(`^media: UDP ${asked}-${asked + 1} \\(media\\.rtpPort\\) is not free on 127\\.0\\.0\\.1: RTP on (\\d+), RTCP on (\\d+) instead$`));
    assert.ok(m, String(warning.message));
    const got = Number(m[1]);
    assert.equal(got % 2, 0);
    assert.equal(Number(m[2]), got + 1);
    const data = Buffer.from("80000002000000a0deadbeef", "hex");
    assert.deepEqual(await roundTrip(got, data), { data, from: got });
  } finally {
    await b.stop();
    squatter!.close();
  }
});

test("native board: --mic tone:1000 reaches --speaker as a 1000 Hz tone, 20 ms frames, and a killed board leaves a file SoX reads", async (t) => {
  if (skip) return t.skip(skip);
  const file = path.join(dir, "speaker.wav");
  const b = await board("--mic", "tone:1000", "--speaker", file);
  await new Promise((r) => setTimeout(r, 1000));
  b.child.kill("SIGKILL");
  await b.exit;
  const heard = readWav(readFileSync(file), file);
  assert.equal(heard.length % 160, 0, "whole frames of 160 samples");
  // About a second of audio: the timerfd's pace, with room for a loaded machine.
  assert.ok(heard.length >= 25 * 160 && heard.length <= 60 * 160, `${heard.length / 160} frames in about 1 s`);
  assert.equal(dominantFrequency(heard), 1000);
  assert.ok(fitTone(heard, 1000).snrDb > 60, "a clean copy of the tone");
  const soxSkip = missingTool("soxi", "sox");
  if (soxSkip) return t.skip(soxSkip);
  const info = run("soxi", [file]);
  assert.equal(info.code, 0, info.out);
  assert.match(info.out, new RegExp(`Sample Rate\\s*:\\s*8000[\\s\\S]*= ${heard.length} samples`));
});

test("native board: `media` off stops the audio clock: the speaker file grows no more", async (t) => {
  if (skip) return t.skip(skip);
  const file = path.join(dir, "off.wav");
  const b = await board("--mic", "tone:440", "--speaker", file);
  try {
    await new Promise((r) => setTimeout(r, 200));
    b.child.stdin!.write("key 1\n"); // the module reports media off on any key
    await until(() => b.lines.some((l) => l.event === "media" && l.state === "off"), "media off");
    await new Promise((r) => setTimeout(r, 100));
    const before = readWav(readFileSync(file), file).length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(readWav(readFileSync(file), file).length, before);
    assert.ok(before > 0, "it played while media was on");
  } finally {
    await b.stop();
  }
});

// The simulator's messages (host/sim/audio-options.ts), word for word.
for (const [option, value] of [["--mic", "tone:abc"], ["--mic", "tone:440,-90"], ["--mic", "tone:1,2,3"], ["--mic", "loud"], ["--mic", "no-such-file.wav"], ["--speaker", "out.mp3"], ["--speaker", "/no/such/dir/out.wav"]]) {
  test(`native board ${option} ${value}: the simulator's message, exit 2`, (t) => {
    if (skip) return t.skip(skip);
    let expected = "";
    try {
      audioOptions(option === "--mic" ? value : undefined, option === "--speaker" ? value : undefined);
    } catch (err) {
      expected = (err as Error).message;
    }
    assert.notEqual(expected, "", "the simulator refuses it too");
    const r = spawnSync(binary, [option, value], { encoding: "utf8", timeout: 10_000 });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `${expected}\n`);
  });
}

test("native board --mic FILE.wav in another format: the simulator's message naming the field and the conversion", (t) => {
  if (skip) return t.skip(skip);
  const stereo = path.join(dir, "stereo.wav");
  const h = Buffer.alloc(44);
  h.write("RIFF", 0); h.writeUInt32LE(36, 4); h.write("WAVEfmt ", 8); h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); h.writeUInt16LE(2, 22); h.writeUInt32LE(8000, 24); h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(4, 32); h.writeUInt16LE(16, 34); h.write("data", 36); h.writeUInt32LE(0, 40);
  writeFileSync(stereo, h);
  const r = spawnSync(binary, ["--mic", stereo], { encoding: "utf8", timeout: 10_000 });
  assert.equal(r.status, 2);
  assert.throws(() => audioOptions(stereo, undefined), (err: Error) => r.stderr === `${err.message}\n`);
  assert.match(r.stderr, /2 channels; the station's audio is mono: convert it with: sox/);
});

test("native board: a module with only part of the media exports does not become a board (board ABI 3 requires them all: the link names the missing one)", (t) => {
  if (skip) return t.skip(skip);
  const partial = path.join(dir, "intercom-native-partial");
  assert.throws(() => compileBoard(mediaModule(dir, 0, "boardAudio"), path.join(dir, "partial"), partial), /Z_firmwareZ_boardAudio/);
  assert.equal(existsSync(partial), false, "no binary left behind");
});
