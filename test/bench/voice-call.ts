// The voice bench's call: the door station (build/firmware.wasm, or a copy of
// it, through host/intercom.ts: the board ABI the simulator uses) on the
// virtual network of the host tests, calls flat1, which answers with PCMU; from
// then on the bench plays the flat's side of the media itself: one RTP packet
// (RFC 3550 §5.1) per 20 ms frame, and a compound RTCP report (an SR and an
// SDES CNAME, RFC 3550 §6.1) every 5 s (the minimum interval of §6.2).
import { readFileSync } from "node:fs";
import { Intercom, Ev } from "../../host/intercom.js";
import { MediaState } from "../../host/vocabulary.js";
import { Channel } from "../../host/firmware.js";
import { Key } from "../../host/intercom.js";
import { FRAME_SAMPLES } from "../../host/audio/wav.js";
import { Net, type Node } from "../host/support/net.js";
import { BASE, FLAT1, DOOR, REGISTRAR, Registrar, block, flat, flatSdp, press, UaEvent } from "../host/support/intercom-fixture.js";
import type { IntercomEvent } from "../../host/intercom.js";
import { Rec } from "../../host/tools/qemu-records.js";
import { IMAGE } from "./settings.js";

export const FRAME_MS = 20;
/** RFC 3550 §6.2: the minimum interval between RTCP reports. */
export const RTCP_INTERVAL_MS = 5000;
/** Where the flat's RTP and RTCP come from: its SDP's port and the next (RFC 3550 §11). */
export const FLAT_RTP = { host: FLAT1.host, port: 4002 };
export const FLAT_RTCP = { host: FLAT1.host, port: 4003 };
const FLAT_SSRC = 0x464c4154;

export interface Call {
  net: Net;
  door: Node<Intercom, IntercomEvent>;
  /** The virtual time when the call's media went on (ms). */
  start: number;
}

export interface CallOptions {
  /** The module to run (default build/firmware.wasm). */
  image?: Uint8Array<ArrayBuffer>;
  /** The configuration's media.* (docs/config.md). */
  media?: Record<string, unknown>;
  /** board.random's octets (default: the host's test sequence). */
  entropy?: (n: number) => Uint8Array;
  /** When given, every call into the station is also written here as a record of the QEMU port (host/tools/qemu-records.ts). */
  records?: Buffer[];
}

/** The configuration block of the bench's door: the host tests' station, registered at flat1, which it calls. */
export const callConfig = (media: Record<string, unknown> = {}): Uint8Array => block({ ...BASE, registrar: FLAT1, keepaliveInterval: 0, media });

/** Each call the network makes into `door` also pushed onto `records`, as port.c replays it. */
function recordInto(door: Intercom, records: Buffer[]): void {
  const { receive, tick, key, nextDeadline } = { receive: door.receive.bind(door), tick: door.tick.bind(door), key: door.key.bind(door), nextDeadline: door.nextDeadline.bind(door) };
  door.receive = (data, from, now) => { records.push(Rec.datagram(now, from, data)); return receive(data, from, now); };
  door.tick = (now) => { records.push(Rec.tick(now)); tick(now); };
  door.key = (code, down, now) => { records.push(Rec.key(now, code, down)); key(code, down, now); };
  door.nextDeadline = (now) => { records.push(Rec.deadline(now)); return nextDeadline(now); };
}

/** The door in a call with flat1, media on. */
export async function answeredCall(o: CallOptions = {}): Promise<Call> {
  const net = new Net(1);
  net.add("registrar", REGISTRAR, new Registrar());
  const station = await Intercom.create(callConfig(o.media), DOOR.host, o.entropy, o.image ?? new Uint8Array(readFileSync(IMAGE)));
  if (o.records) {
    recordInto(station, o.records);
    o.records.push(Rec.boot(0, DOOR.host));
  }
  const door = net.add("door", DOOR, station);
  door.engine.start(0);
  net.collect(door);
  const f1 = await flat({ net, door } as never, FLAT1, "flat1", 5, flatSdp(FLAT1));
  f1.onEvent = (ev) => {
    if (ev.kind !== UaEvent.Incoming) return;
    f1.engine.answer(ev.call, net.now);
    net.collect(f1);
  };
  press({ net, door } as never, Key.button(0), 1000);
  net.run(2000);
  const on = door.log.find((e) => e.kind === Ev.Media && e.a === MediaState.On);
  if (!on) throw new Error("voice bench: the call's media did not go on (no `media` on event): is build/firmware.wasm the voice path's (board ABI 3)?");
  door.engine.mediaOutbox(); // what was sent before the frames start
  return { net, door, start: net.now };
}

/** The flat's RTP packet number `seq` (from 0) carrying `payload` (160 G.711 octets): RFC 3550 §5.1, payload type 0 (PCMU). */
export function rtpPacket(seq: number, payload: Uint8Array): Buffer {
  const p = Buffer.alloc(12 + payload.length);
  p[0] = 0x80; // V=2, no padding, no extension, no CSRC
  p[1] = seq === 0 ? 0x80 : 0x00; // the marker on the first packet of the talkspurt, PT 0
  p.writeUInt16BE(seq & 0xffff, 2);
  p.writeUInt32BE((seq * FRAME_SAMPLES) >>> 0, 4);
  p.writeUInt32BE(FLAT_SSRC, 8);
  p.set(payload, 12);
  return p;
}

/** The flat's compound RTCP report after `packets` packets: an SR (§6.4.1) without report blocks, then an SDES CNAME (§6.5). */
export function rtcpReport(packets: number, nowMs: number): Buffer {
  const sr = Buffer.alloc(28);
  sr[0] = 0x80; sr[1] = 200; sr.writeUInt16BE(6, 2);
  sr.writeUInt32BE(FLAT_SSRC, 4);
  sr.writeUInt32BE(Math.floor(nowMs / 1000) + 2_208_988_800, 8); // NTP seconds (§4)
  sr.writeUInt32BE(packets * FRAME_SAMPLES, 16);
  sr.writeUInt32BE(packets, 20);
  sr.writeUInt32BE(packets * FRAME_SAMPLES, 24);
  const cname = Buffer.from("flat1@192.0.2.31");
  const items = Buffer.concat([Buffer.from([1, cname.length]), cname, Buffer.alloc(1)]); // CNAME, then the end of the list
  const chunk = Buffer.concat([Buffer.alloc(4), items, Buffer.alloc((4 - ((4 + items.length) % 4)) % 4)]);
  chunk.writeUInt32BE(FLAT_SSRC, 0);
  const sdes = Buffer.concat([Buffer.from([0x81, 202, 0, 0]), chunk]);
  sdes.writeUInt16BE(sdes.length / 4 - 1, 2);
  return Buffer.concat([sr, sdes]);
}

/** The payloads of the door's RTP sent since the last call (channel 0), in order. */
export function sentPayloads(call: Call): { rtp: Uint8Array[]; rtcp: number } {
  const out = call.door.engine.mediaOutbox();
  return {
    rtp: out.filter((d) => d.channel === Channel.Rtp).map((d) => d.data.subarray(12)),
    rtcp: out.filter((d) => d.channel === Channel.Rtcp).length,
  };
}
