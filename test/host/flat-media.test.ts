// The demo flat's RTP endpoint (host/sim/flat-media.ts) on loopback UDP, its
// 20 ms clock virtual: what it sends (RFC 3550 §5.1, RFC 3551 §4.1) and how
// what it hears reaches its speaker.
import { test } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { FlatMedia, parseRtp } from "../../host/sim/flat-media.js";
import { VirtualClock } from "../../host/sim/clock.js";
import { ToneMicrophone } from "../../host/audio/mic.js";
import { linearToUlaw, ulawToLinear } from "../../host/audio/g711.js";
import type { AgreedMedia } from "../../host/sim/flat-sdp.js";

async function door(): Promise<{ socket: dgram.Socket; port: number; got: Buffer[]; wait: (n: number) => Promise<void> }> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
  const got: Buffer[] = [];
  socket.on("message", (m) => got.push(m));
  const wait = async (n: number) => {
    for (let i = 0; i < 200 && got.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };
  return { socket, port: socket.address().port, got, wait };
}

const agreed = (port: number, extra: Partial<AgreedMedia> = {}): AgreedMedia => ({
  remote: { host: "127.0.0.1", port }, sendPt: 0, g711: new Map([[0, 0]]), eventPt: 101, send: true, receive: true, ...extra,
});

function rtp(pt: number, seq: number, ts: number, payload: Uint8Array, ssrc = 0x1234): Buffer {
  const b = Buffer.alloc(12 + payload.length);
  b[0] = 0x80;
  b[1] = pt;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(ts, 4);
  b.writeUInt32BE(ssrc, 8);
  b.set(payload, 12);
  return b;
}

/** A flat (a 440 Hz microphone, a speaker into `heard`) and a door socket; closed after `fn`. */
async function withFlat(fn: (f: { clock: VirtualClock; d: Awaited<ReturnType<typeof door>>; flat: FlatMedia; heard: number[] }) => Promise<void>): Promise<void> {
  const clock = new VirtualClock();
  const d = await door();
  const heard: number[] = [];
  const flat = await FlatMedia.start({ host: "127.0.0.1", clock, mic: new ToneMicrophone(440), speaker: { write: (f) => heard.push(...f) } });
  try {
    await fn({ clock, d, flat, heard });
  } finally {
    flat.close();
    d.socket.close();
  }
}

test("every 20 ms of the call the flat sends one RTP packet: version 2, the agreed type, sequence +1, timestamp +160, the marker on the first only", () =>
  withFlat(async ({ clock, d, flat }) => {
    flat.begin(agreed(d.port));
    clock.advance(100);
    await d.wait(5);
    assert.equal(d.got.length, 5);
    const p = d.got.map((b) => ({ ...parseRtp(b)!, marker: b[1] >> 7, version: b[0] >> 6, length: b.length }));
    assert.deepEqual(p.map((x) => [x.version, x.pt, x.length]), Array(5).fill([2, 0, 172]));
    assert.deepEqual(p.map((x) => x.marker), [1, 0, 0, 0, 0]);
    assert.deepEqual(p.map((x) => (x.seq - p[0].seq) & 0xffff), [0, 1, 2, 3, 4]);
    assert.deepEqual(p.map((x) => (x.ts - p[0].ts) >>> 0), [0, 160, 320, 480, 640]);
    assert.equal(new Set(p.map((x) => x.ssrc)).size, 1);
    flat.stop();
    clock.advance(100);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(d.got.length, 5, "nothing is sent after the call");
  }));

test("a recvonly answer (the door's offer was sendonly): the flat sends nothing (RFC 3264 §6.1)", () =>
  withFlat(async ({ clock, d, flat }) => {
    flat.begin(agreed(d.port, { send: false }));
    clock.advance(100);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(d.got.length, 0);
  }));

test("what the door sends reaches the speaker decoded, in timestamp order: a lost packet is silence, a late one is dropped, telephone-events are not audio", () =>
  withFlat(async ({ d, flat, heard }) => {
    flat.begin(agreed(d.port, { send: false }));
    const frame = (v: number) => new Uint8Array(160).fill(linearToUlaw(v));
    const send = (b: Buffer) => new Promise((r) => d.socket.send(b, flat.port, "127.0.0.1", r));
    await send(rtp(0, 1, 1000, frame(1000)));
    await send(rtp(101, 2, 1160, new Uint8Array([1, 0x0a, 0, 160]))); // an RFC 4733 event: not for the speaker
    await send(rtp(0, 3, 1320, frame(-2000))); // 1160 .. 1319 never came as audio
    await send(rtp(0, 2, 1160, frame(500))); // late: its place has passed
    for (let i = 0; i < 200 && flat.received < 3; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 30));
    const expected = [...Array(160).fill(ulawToLinear(linearToUlaw(1000))), ...Array(160).fill(0), ...Array(160).fill(ulawToLinear(linearToUlaw(-2000)))];
    assert.deepEqual(heard, expected);
  }));

test("an RTP packet's payload starts after its CSRCs and header extension and ends before its padding (RFC 3550 §5.1, §5.3.1)", () => {
  const b = Buffer.from([0xb1, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, /* CSRC */ 0, 0, 0, 7, /* extension */ 0xbe, 0xde, 0, 1, 1, 2, 3, 4, /* payload */ 0xaa, 0xbb, /* padding */ 0, 2]);
  assert.deepEqual([...parseRtp(b)!.payload], [0xaa, 0xbb]);
  assert.equal(parseRtp(Buffer.from([0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9])), null, "version 1 is not RTP");
});
