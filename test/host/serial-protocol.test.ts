// The serial protocol itself (docs/serial-protocol.md, docs/serial-agent.md)
// over a socat pty, the firmware's agent answering: it refuses a hash that
// does not match, answers a repeated sequence number from its cache, drops
// damaged frames, and a trial image that is cut off before it confirms
// itself is not booted again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SerialPort } from "serialport";
import { missingTool } from "./support/tools.js";
import { directBench, tempDir, cli, jsonOf } from "./support/serial-board.js";
import { packed } from "./support/serial-images.js";
import { Client } from "../../host/serial/client.js";
import { BoardRefused } from "../../host/serial/link.js";
import { Cmd, Kind, Status, encodeFrame, decodeFrame, type Frame } from "../../host/serial/frame.js";
import { FramePort } from "../../host/serial/frame-port.js";
import { writeImage } from "../../host/serial/flasher.js";
import { beginFor, encodeBegin, encodeData, encodeSlot } from "../../host/serial/codec/flash.js";
import { encodePress, encodeSession } from "../../host/serial/codec/drive.js";

const skip = missingTool("socat", "socat") ?? false;

test("an image whose bytes do not match the announced SHA-256 is refused at verify and cannot be activated", { skip }, async () => {
  const bench = await directBench("hash");
  const c = await Client.open(bench.port);
  try {
    const image = readFileSync(await packed(tempDir("img"), "0.8.0"));
    const wrong = createHash("sha256").update("another image").digest();
    await c.request(Cmd.FlashBegin, encodeBegin({ ...beginFor(image, 1024), sha256: wrong }));
    for (let i = 0; i * 1024 < image.length; i++) await c.request(Cmd.FlashData, encodeData(i, image.subarray(i * 1024, (i + 1) * 1024)));
    await assert.rejects(c.request(Cmd.FlashVerify), (err: unknown) => err instanceof BoardRefused && err.status === Status.Refused);
    await assert.rejects(c.request(Cmd.FlashActivate, encodeSlot(1)), (err: unknown) => err instanceof BoardRefused && err.status === Status.NotReady);
    assert.equal((await c.hello()).firmware?.slot, "A");
  } finally {
    await c.close();
    await bench.close();
  }
});

/** Opens the port raw: frames by hand, to repeat a sequence number or damage a frame. */
async function rawPort(path: string): Promise<{ port: SerialPort; frames: FramePort; next: () => Promise<Frame> }> {
  const port = new SerialPort({ path, baudRate: 115200 });
  await new Promise((r) => port.once("open", r));
  const frames = new FramePort(port);
  const queue: Frame[] = [];
  frames.on("frame", (f) => queue.push(f));
  const next = async () => {
    for (let i = 0; i < 200 && queue.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    const f = queue.shift();
    if (!f) throw new Error("no frame from the board");
    return f;
  };
  return { port, frames, next };
}

test("a request repeated with the same sequence number is answered again, not done twice", { skip }, async () => {
  const bench = await directBench("dedupe");
  const config = path.join(tempDir("cfg"), "station.json");
  writeFileSync(config, JSON.stringify({ relays: [{ pulseMs: 300 }], accessCodes: [{ code: "9876", relay: 0 }] }));
  assert.equal((await cli(["provision", bench.port, config])).code, 0);
  const raw = await rawPort(bench.port);
  try {
    raw.frames.send({ kind: Kind.Request, seq: 9, cmd: Cmd.Hello, status: 0, payload: encodeSession(1) });
    assert.equal((await raw.next()).cmd, Cmd.Hello);
    const press: Frame = { kind: Kind.Request, seq: 10, cmd: Cmd.Press, status: 0, payload: encodePress("1111#") };
    raw.frames.send(press);
    const first = await raw.next();
    raw.frames.send(press);
    const again = await raw.next();
    assert.deepEqual(again, first);
    assert.equal(first.status, 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(bench.board.events.filter((e) => e.event === "code-wrong").length, 1, "the wrong code was entered once");
  } finally {
    await new Promise((r) => raw.port.close(r));
    await bench.close();
  }
});

test("a damaged frame is dropped and answered with a NAK, so the host resends at once", { skip }, async () => {
  const bench = await directBench("nak");
  const raw = await rawPort(bench.port);
  try {
    const bytes = encodeFrame({ kind: Kind.Request, seq: 3, cmd: Cmd.Hello, status: 0, payload: encodeSession(7) });
    bytes[6] ^= 0x10;
    raw.port.write(Buffer.concat([Buffer.from([0xc0]), bytes, Buffer.from([0xc0])]));
    const nak = await raw.next();
    assert.deepEqual([nak.kind, nak.cmd], [Kind.Response, Cmd.Nak]);
    assert.equal(typeof decodeFrame(bytes), "string", "the damaged frame fails its CRC");
  } finally {
    await new Promise((r) => raw.port.close(r));
    await bench.close();
  }
});

test("a board that restarts before its trial image confirmed itself boots the previous slot", { skip }, async () => {
  const bench = await directBench("unconfirmed", ["--confirm-ms", "600000"]);
  const image = readFileSync(await packed(tempDir("img"), "0.8.1"));
  const c = await Client.open(bench.port);
  try {
    await writeImage(c, image);
    await c.request(Cmd.FlashActivate, encodeSlot(1));
    await bench.board.waitFor((e) => e.event === "boot" && e.trial === true && e.version === "0.8.1");
    await assert.rejects(c.request(Cmd.FlashBegin, encodeBegin(beginFor(image, 1024))), (err: unknown) =>
      err instanceof BoardRefused && err.status === Status.NotReady && err.field === "trial");
  } finally {
    await c.close();
  }
  await bench.board.kill();
  await bench.board.start();
  try {
    await bench.board.waitFor((e) => e.event === "fallback" && e.slot === "A");
    const s = jsonOf(await cli(["status", bench.port, "--json"]));
    assert.deepEqual(s.firmware, { version: "0.1.0", slot: "A", trial: false });
    assert.match(String((s.lastBoot as { reason: string }).reason), /the trial image never confirmed itself/);
  } finally {
    await bench.close();
  }
});
