// The Cortex-M shim's voice path (boards/cortex-m/shim.c, board ABI 3) on the
// Cortex-M4 under QEMU, around a small module that plays back what it gets
// (support/media-module.ts), through the QEMU port's records (port.c):
// the media port, datagrams in through intercom_media and out through
// hal_media_send on their channel, and a frame through intercom_audio.
// The release firmware, with no call up, asks for its port and has no audio.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildQemuImage } from "../../host/tools/qemu-build.js";
import { Rec, runScript } from "../../host/tools/qemu-records.js";
import { ToneMicrophone } from "../../host/audio/mic.js";
import { missingTool } from "./support/tools.js";
import { mediaModule } from "./support/media-module.js";

const dir = mkdtempSync(path.join(tmpdir(), "cortex-m-media-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
let skip: string | null = null;
let media = "";

before(() => {
  skip = missingTool("qemu-system-arm", "qemu-system-arm") ?? missingTool("arm-none-eabi-gcc", "gcc-arm-none-eabi") ?? missingTool("wasm2c", "wabt") ?? missingTool("wat2wasm", "wabt");
  if (!skip) media = buildQemuImage(mediaModule(dir, 4000), path.join(dir, "media"));
});

const run = (elf: string, records: Buffer[]) => runScript(elf, mkdtempSync(path.join(dir, "run-")), records, [], 60_000);
const PEER = { host: "192.0.2.9", port: 30000 };
const boot = Rec.boot(0, "192.0.2.7");

test("Cortex-M4: intercom_media_port gives the module's RTP port; intercom_set_media_port takes an even pair and refuses an odd port", (t) => {
  if (skip) return t.skip(skip);
  const r = run(media, [boot, Rec.mediaPort(1), Rec.setMediaPort(2, 4002), Rec.setMediaPort(3, 4003)]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.trace.slice(2), ["mediaport 4000", "end E", "setmediaport 1", "end F", "setmediaport 0", "end F"]);
});

test("Cortex-M4: an RTP and an RTCP datagram through intercom_media come back through hal_media_send on their own channel", (t) => {
  if (skip) return t.skip(skip);
  const rtp = Buffer.from("80000001000000a0deadbeef", "hex"), rtcp = Buffer.from("81c90001deadbeef", "hex");
  const r = run(media, [boot, Rec.media(10, 0, PEER, rtp), Rec.media(11, 1, PEER, rtcp)]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.trace.slice(2), [`media 0 192.0.2.9:30000 ${rtp.toString("hex")}`, "end R", `media 1 192.0.2.9:30000 ${rtcp.toString("hex")}`, "end R"]);
});

test("Cortex-M4: a microphone frame through intercom_mic_frame and intercom_audio comes out of intercom_speaker_frame", (t) => {
  if (skip) return t.skip(skip);
  const mic = new Int16Array(160);
  new ToneMicrophone(1000, -6).next(mic);
  const r = run(media, [boot, Rec.audio(20, mic)]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.trace.slice(0, 1), ["event 19 1 0"], "media on at boot");
  assert.deepEqual(r.trace.slice(2), ["audio 1", `speaker ${Buffer.from(mic.buffer).toString("hex")}`, "end A"]);
});

test("Cortex-M4: the release firmware with no call: media port 4000 (the default), intercom_audio 0, a stray media datagram dropped", (t) => {
  if (skip) return t.skip(skip);
  const r = run(buildQemuImage(), [boot, Rec.mediaPort(1), Rec.media(2, 0, PEER, Buffer.from("8000", "hex")), Rec.audio(3, new Int16Array(160))]);
  assert.equal(r.status, 0, r.stderr);
  const after = r.trace.slice(r.trace.indexOf("end B") + 1).filter((l) => !l.startsWith("send ") && !l.startsWith("event "));
  assert.deepEqual(after, ["mediaport 4000", "end E", "end R", "audio 0", "end A"]);
});
