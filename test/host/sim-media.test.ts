// The simulator's voice path (docs/board-abi.md, "Audio and media"), proved
// against a small module that plays back what it gets (support/media-module.ts):
// the RTP/RTCP pair it binds, the datagrams through boardMedia and
// board.mediaSend, and the 20 ms audio clock on a virtual clock (no sleeps).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Station } from "../../host/sim/station.js";
import { VirtualClock } from "../../host/sim/clock.js";
import { microphone } from "../../host/audio/mic.js";
import { readWav, WavWriter } from "../../host/audio/wav.js";
import { dominantFrequency, fitTone } from "../../host/audio/analyse.js";
import { mediaModule } from "./support/media-module.js";
import { trappingModule } from "./support/trapping-module.js";
import { missingTool, run } from "./support/tools.js";
import { freeEvenPair, MEDIA_CHANNELS, roundTrip, socketAt } from "./support/media-net.js";

const dir = mkdtempSync(path.join(tmpdir(), "sim-media-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const image = (file: string) => new Uint8Array(readFileSync(file));

type Extra = Partial<Parameters<typeof Station.start>[0]>;
async function station(mediaPort: number, extra: Extra = {}) {
  const clock = new VirtualClock();
  const warnings: string[] = [];
  const s = await Station.start({
    block: () => null, image: image(mediaModule(dir, mediaPort)), host: "127.0.0.1", port: 0, clock, onWarning: (w) => warnings.push(w), ...extra,
  });
  return { s, clock, warnings, x: s.door.fw.exports as unknown as Record<string, () => number> };
}

const skip = () => missingTool("wat2wasm", "wabt");

test("the station binds the RTP port boardMediaPort asks for and RTCP at the next one (RFC 3550 §11)", async (t) => {
  if (skip()) return t.skip(skip()!);
  const want = await freeEvenPair();
  const { s, warnings } = await station(want);
  try {
    assert.equal(s.media?.port, want);
    assert.equal(await socketAt(want), null, "the RTP port is bound");
    assert.equal(await socketAt(want + 1), null, "the RTCP port is bound");
    assert.deepEqual(warnings, []);
  } finally {
    s.close();
  }
});

test("a taken RTP port: the station binds a free even pair, warns naming both, and announces it with boardSetMediaPort", async (t) => {
  if (skip()) return t.skip(skip()!);
  const want = await freeEvenPair();
  const squatter = (await socketAt(want))!;
  const { s, warnings, x } = await station(want);
  try {
    const got = s.media!.port;
    assert.notEqual(got, want);
    assert.equal(got % 2, 0, "RTP on an even port");
    assert.equal(x.announcedPort(), got);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], new RegExp(`UDP ${want}-${want + 1} \\(media\\.rtpPort\\) is not free.*RTP on ${got}, RTCP on ${got + 1}`));
  } finally {
    s.close();
    squatter.close();
  }
});

test("a module asking for any RTP port (0) gets a free even pair announced, without a warning", async (t) => {
  if (skip()) return t.skip(skip()!);
  const { s, warnings, x } = await station(0);
  try {
    assert.equal(s.media!.port % 2, 0);
    assert.equal(x.announcedPort(), s.media!.port);
    assert.deepEqual(warnings, []);
  } finally {
    s.close();
  }
});

// RFC 3550 §11: RTP on the even port, RTCP on the next; each answer leaves from the socket its channel names.
for (const [name, offset, bytes] of MEDIA_CHANNELS) {
  test(`${name} to the RTP port + ${offset} reaches boardMedia on channel ${offset} and board.mediaSend's answer leaves from that port`, async (t) => {
    if (skip()) return t.skip(skip()!);
    const { s } = await station(0);
    try {
      const data = Buffer.from(bytes, "hex");
      assert.deepEqual(await roundTrip(s.media!.port + offset, data), { data, from: s.media!.port + offset });
    } finally {
      s.close();
    }
  });
}

test("the audio clock calls boardAudio every 20 ms while media is on", async (t) => {
  if (skip()) return t.skip(skip()!);
  const { s, clock, x } = await station(0);
  try {
    assert.equal(s.media!.audioOn, true, "media on at boardStart starts the clock");
    clock.advance(19);
    assert.equal(x.audioTicks(), 0);
    clock.advance(1);
    assert.equal(x.audioTicks(), 1);
    clock.advance(980);
    assert.equal(x.audioTicks(), 50);
  } finally {
    s.close();
  }
});

test("`media` off stops the audio clock: no boardAudio after it", async (t) => {
  if (skip()) return t.skip(skip()!);
  const { s, clock, x } = await station(0);
  try {
    clock.advance(100);
    s.key(0x31, true); // the module reports media off on any key
    clock.advance(1000);
    assert.equal(x.audioTicks(), 5);
    assert.equal(s.media!.audioOn, false);
    assert.equal(clock.running, 0);
  } finally {
    s.close();
  }
});

test("--mic tone:1000 reaches the --speaker WAV file as a 1000 Hz tone", async (t) => {
  if (skip()) return t.skip(skip()!);
  const file = path.join(dir, "tone.wav");
  const { s, clock } = await station(0, { mic: microphone("tone:1000"), speaker: new WavWriter(file) });
  clock.advance(1000);
  s.close();
  const heard = readWav(readFileSync(file), file);
  assert.equal(heard.length, 50 * 160, "fifty 20 ms frames of 160 samples");
  assert.equal(dominantFrequency(heard), 1000);
  const fit = fitTone(heard, 1000);
  assert.ok(fit.snrDb > 60, `a clean copy of the tone: SNR ${fit.snrDb.toFixed(1)} dB`);
  assert.ok(Math.abs(fit.amplitude - 32767 * 10 ** (-10 / 20)) < 2, `at -10 dBFS: amplitude ${fit.amplitude.toFixed(1)}`);
});

test("the --speaker file is a WAV file SoX reads as 16-bit mono 8000 Hz of the length played", async (t) => {
  if (skip()) return t.skip(skip()!);
  const soxSkip = missingTool("soxi", "sox");
  if (soxSkip) return t.skip(soxSkip);
  const file = path.join(dir, "speaker.wav");
  const { s, clock } = await station(0, { mic: microphone("tone:440,-20"), speaker: new WavWriter(file) });
  clock.advance(500);
  // Read while the station runs: the header is current after every frame, as for a board that is killed.
  const info = run("soxi", [file]);
  s.close();
  assert.equal(info.code, 0, info.out);
  assert.match(info.out, /Channels\s*:\s*1\b/);
  assert.match(info.out, /Sample Rate\s*:\s*8000\b/);
  assert.match(info.out, /Precision\s*:\s*16-bit/);
  assert.match(info.out, /= 4000 samples/);
});

test("a module whose audio never starts (no `media` on event) gets its media sockets but no audio clock", async (t) => {
  if (skip()) return t.skip(skip()!);
  const clock = new VirtualClock();
  const s = await Station.start({ block: () => null, image: image(trappingModule(dir)), host: "127.0.0.1", port: 0, clock });
  try {
    assert.notEqual(s.media, null);
    assert.equal(clock.running, 0);
  } finally {
    s.close();
  }
});

test("a module with only part of the media exports is refused, naming what it lacks", async (t) => {
  if (skip()) return t.skip(skip()!);
  const clock = new VirtualClock();
  await assert.rejects(Station.start({ block: () => null, image: image(mediaModule(dir, 0, "speakerFrame")), host: "127.0.0.1", port: 0, clock }),
    /the module lacks the media export speakerFrame \(board ABI 3\): build the firmware from the same checkout/);
});
