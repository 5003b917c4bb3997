// The firmware's link layer (assembly/serial/) against the host's own
// (host/serial/frame.ts, frame-port.ts over serialport's SlipDecoder and
// SlipEncoder), on the same byte streams: random traffic, hostile noise and
// runs past the size guard, fed in random chunks. Both must decode the same
// frames, drop the same packets for the same reasons, and put the same bytes
// on the line. The layer is compiled into a small module with the release
// options (asconfig.json), as the firmware will hold it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { crc32 } from "node:zlib";
import path from "node:path";
import type { Duplex } from "node:stream";
import { FramePort } from "../../host/serial/frame-port.js";
import { Cmd, Kind, encodeFrame } from "../../host/serial/frame.js";
import { hostileStream, longestRun, longRunStream, pieces, randomFrame, slipHost, xorshift } from "./support/serial-streams.js";

const ENTRY = `import "../../assembly/board/fault";
import { SlipEncoder, slipEncodeStart, slipEncodeNext } from "../../assembly/serial/slip";
import { frameCapacity, frameSeal } from "../../assembly/serial/frame";
import { crc32 } from "../../assembly/serial/crc32";
import { Link, linkInit, linkReceive, linkOutput, LINK_SIZE, LINK_REQUEST, LINK_IGNORED, LINK_DROPPED } from "../../assembly/serial/link";
export const IO: usize = memory.data(16384, 8);
export const OUT: usize = memory.data(16384, 8);
const RX: usize = memory.data(4104, 8);
const TX: usize = memory.data(4104, 8);
const LINK: usize = memory.data(<i32>LINK_SIZE, 8);
const ENC: usize = memory.data(<i32>offsetof<SlipEncoder>(), 8);
export function start(maxPayload: i32): void { linkInit(LINK, RX, TX, maxPayload); }
/** Feeds IO[0..len) to the link; logs [1, length u16, frame] for a frame, [2, reason] for a drop. */
export function receive(len: i32): i32 {
  const l = changetype<Link>(LINK);
  let at = 0, log: usize = 0;
  while (at < len) {
    const r = linkReceive(l, IO + <usize>at, len - at);
    at += l.taken;
    if (r == LINK_REQUEST || r == LINK_IGNORED) {
      store<u8>(OUT + log, 1); store<u16>(OUT + log + 1, <u16>l.frame); memory.copy(OUT + log + 3, RX, l.frame); log += 3 + <usize>l.frame;
    } else if (r == LINK_DROPPED) {
      store<u8>(OUT + log, 2); store<u8>(OUT + log + 1, <u8>l.lastDrop); log += 2;
      while (linkOutput(l, OUT + 8192, 64) > 0) {}
    }
  }
  return <i32>log;
}
/** Seals the payload at IO + 4 as a frame and SLIP-encodes it in chunks of \`chunk\` into OUT: the length on the line. */
export function encode(kind: u8, seq: u8, cmd: u8, status: u8, payloadLength: i32, chunk: i32): i32 {
  const e = changetype<SlipEncoder>(ENC);
  slipEncodeStart(e, IO, frameSeal(IO, kind, seq, cmd, status, payloadLength));
  let n = 0, k = 0;
  while ((k = slipEncodeNext(e, OUT + <usize>n, chunk)) > 0) n += k;
  return n;
}
export function crc(len: i32): u32 { return crc32(IO, len); }
/** The NAK the link sends for a damaged packet, SLIP-framed in OUT: its length. */
export function nak(): i32 {
  const l = changetype<Link>(LINK);
  store<u8>(IO, 0xc0); store<u8>(IO, 0x01, 1); store<u8>(IO, 0xc0, 2);
  linkReceive(l, IO, 3);
  let n = 0, k = 0;
  while ((k = linkOutput(l, OUT + <usize>n, 5)) > 0) n += k;
  return n;
}
export function frameCap(maxPayload: i32): i32 { return frameCapacity(maxPayload); }
`;

interface Layer {
  IO: WebAssembly.Global; OUT: WebAssembly.Global; memory: WebAssembly.Memory;
  start(maxPayload: number): void; receive(len: number): number;
  encode(kind: number, seq: number, cmd: number, status: number, payloadLength: number, chunk: number): number;
  crc(len: number): number; nak(): number; frameCap(maxPayload: number): number;
}

/** The layer compiled with the firmware's release options (no heap, abort to board.fault): the module's bytes. */
function compileLayer(): Uint8Array<ArrayBuffer> {
  const dir = path.resolve("build/serial-link-agree");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "entry.ts"), ENTRY);
  const asc = path.join(path.dirname(createRequire(import.meta.url).resolve("assemblyscript/package.json")), "bin/asc.js");
  const r = spawnSync(process.execPath, [asc, path.join(dir, "entry.ts"), "--config", "asconfig.json", "--target", "release", "-o", path.join(dir, "entry.wasm")], { encoding: "utf8" });
  assert.equal(r.status, 0, `asc failed: ${r.stderr}${r.stdout}`);
  return new Uint8Array(readFileSync(path.join(dir, "entry.wasm")));
}

const wasm = compileLayer();
const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), {
  board: { fault: () => { throw new Error("the link layer faulted"); } },
});
const layer = instance.exports as unknown as Layer;
const bytes = (at: WebAssembly.Global, n: number): Buffer => Buffer.from(new Uint8Array(layer.memory.buffer, at.value as number, n));

interface Outcome { frames: string[]; drops: string[] }

/** What the firmware's layer makes of the chunks: each frame as hex, each drop's reason. */
function firmware(chunks: Buffer[], maxPayload: number): Outcome {
  layer.start(maxPayload);
  const out: Outcome = { frames: [], drops: [] };
  const REASON = ["", "short", "long", "crc", "kind"];
  for (const c of chunks) {
    new Uint8Array(layer.memory.buffer, layer.IO.value as number, c.length).set(c);
    const log = bytes(layer.OUT, layer.receive(c.length));
    for (let i = 0; i < log.length;) {
      if (log[i] === 1) { const n = log.readUInt16LE(i + 1); out.frames.push(log.subarray(i + 3, i + 3 + n).toString("hex")); i += 3 + n; }
      else { out.drops.push(REASON[log[i + 1]]); i += 2; }
    }
  }
  return out;
}

/** What the host's FramePort makes of the same chunks, its drop messages reduced to the same reasons. */
async function host(chunks: Buffer[], maxPayload: number): Promise<Outcome> {
  const line = Object.assign(new EventEmitter(), { destroyed: false, writable: true, write: () => true }) as unknown as Duplex;
  const port = new FramePort(line, maxPayload + 8);
  const out: Outcome = { frames: [], drops: [] };
  port.on("frame", (f) => out.frames.push(encodeFrame(f).toString("hex")));
  port.on("dropped", (why) => out.drops.push(/^short/.test(why) ? "short" : /exceeds|without a frame end/.test(why) ? "long" : /CRC/.test(why) ? "crc" : "kind"));
  for (const c of chunks) line.emit("data", c);
  await new Promise((done) => setImmediate(done));
  return out;
}

for (const maxPayload of [1028, 4096]) {
  test(`maxPayload ${maxPayload}: random frames of every kind decode to the same frames, cut into any chunks`, async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = xorshift(seed * 7919 + maxPayload);
      const frames = Array.from({ length: 20 }, () => randomFrame(r, maxPayload));
      const chunks = pieces(r, Buffer.concat(frames.map((f) => slipHost(encodeFrame(f)))), 1 + (seed % 5) * 300);
      const mine = firmware(chunks, maxPayload);
      assert.deepEqual(mine, await host(chunks, maxPayload), `seed ${seed}`);
      assert.deepEqual(mine.frames, frames.map((f) => encodeFrame(f).toString("hex")), `seed ${seed}: every frame sent arrives`);
    }
  });

  test(`maxPayload ${maxPayload}: hostile streams (noise, damaged, cut, bad kind, too long, invalid escapes) give the same frames and the same drops in order`, async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = xorshift(seed * 104729 + maxPayload);
      const stream = hostileStream(r, maxPayload, 30);
      assert.ok(longestRun(stream) <= 2 * (maxPayload + 8) + 2, "the stream stays under the host's guard");
      const chunks = pieces(r, stream, 1 + (seed % 4) * 97);
      const mine = firmware(chunks, maxPayload);
      assert.deepEqual(mine, await host(chunks, maxPayload), `seed ${seed}`);
      assert.ok(mine.drops.length > 0 && mine.frames.length > 0, `seed ${seed}: the stream has both frames and drops`);
    }
  });

  test(`maxPayload ${maxPayload}: runs past the size guard are dropped and the frame after each still arrives`, async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = xorshift(seed * 15485863 + maxPayload);
      const { stream, frames } = longRunStream(r, maxPayload, 4);
      const chunks = pieces(r, stream, 1 + (seed % 3) * 700);
      const mine = firmware(chunks, maxPayload), theirs = await host(chunks, maxPayload);
      assert.deepEqual(mine.frames, theirs.frames, `seed ${seed}`);
      assert.equal(mine.frames.length, frames, `seed ${seed}: the frame after every run arrives`);
      assert.deepEqual(mine.drops, Array(frames).fill("long"), `seed ${seed}: each run dropped once, as too long`);
      assert.ok(theirs.drops.length >= frames, `seed ${seed}: the host drops every run too`);
    }
  });

  test(`maxPayload ${maxPayload}: a frame sealed and SLIP-encoded in any chunk size is the host's encodeFrame through SlipEncoder`, () => {
    const r = xorshift(31337 + maxPayload);
    for (let i = 0; i < 300; i++) {
      const f = randomFrame(r, maxPayload);
      new Uint8Array(layer.memory.buffer, (layer.IO.value as number) + 4, f.payload.length).set(f.payload);
      const n = layer.encode(f.kind, f.seq, f.cmd, f.status, f.payload.length, 1 + (i % 9));
      assert.equal(bytes(layer.OUT, n).toString("hex"), slipHost(encodeFrame(f)).toString("hex"), `frame ${i}`);
    }
  });
}

test("CRC-32 equals zlib's over random runs of 0 to 5000 octets", () => {
  const r = xorshift(2024);
  for (let i = 0; i < 200; i++) {
    const data = Buffer.from(Array.from({ length: Math.floor(r() * 5001) }, () => Math.floor(r() * 256)));
    new Uint8Array(layer.memory.buffer, layer.IO.value as number, data.length).set(data);
    assert.equal(layer.crc(data.length) >>> 0, crc32(data), `run ${i} of ${data.length} octets`);
  }
});

test("the NAK on the line is the one the host's simulated board sends: kind response, sequence 0, command 0x7F", () => {
  layer.start(1028);
  const n = layer.nak();
  const hostNak = slipHost(encodeFrame({ kind: Kind.Response, seq: 0, cmd: Cmd.Nak, status: 0, payload: Buffer.alloc(0) }));
  assert.equal(bytes(layer.OUT, n).toString("hex"), hostNak.toString("hex"));
});

test("the layer's frame buffer holds the largest frame of the protocol: 4 + maxPayload + 4 octets", () => {
  assert.equal(layer.frameCap(4096), 4104);
  assert.equal(layer.frameCap(1028), 1036);
});
