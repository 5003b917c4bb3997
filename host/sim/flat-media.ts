// The demo flat's audio: an RTP endpoint (RFC 3550) on the host. It binds an
// RTP/RTCP pair, plays what the door sends into a speaker (G.711 decoded on
// the host, host/audio/g711.ts) and, every 20 ms while the call is up, sends
// its microphone's frame to the door as G.711 in RTP.
import dgram from "node:dgram";
import { randomBytes } from "node:crypto";
import { decodeG711, encodeG711 } from "../audio/g711.js";
import { FRAME_SAMPLES, AUDIO_RATE } from "../audio/wav.js";
import type { Microphone } from "../audio/mic.js";
import { AUDIO_PERIOD_MS, freePair, type Speaker } from "./media.js";
import type { AgreedMedia } from "./flat-sdp.js";
import type { Clock } from "./udp.js";

/** RFC 3550 §5.1: the fixed header's 12 octets, version 2. */
const RTP_HEADER = 12;
const RTP_VERSION = 2;
/** A jump in the timestamp beyond this (1 s) is a new start, not a loss to fill with silence. */
const MAX_GAP = AUDIO_RATE;

/** An RTP packet's fields the flat reads (RFC 3550 §5.1), or null for what is not RTP version 2. */
export function parseRtp(d: Uint8Array): { pt: number; seq: number; ts: number; ssrc: number; payload: Uint8Array } | null {
  if (d.length < RTP_HEADER || d[0] >> 6 !== RTP_VERSION) return null;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let at = RTP_HEADER + 4 * (d[0] & 0x0f); // the CSRC list
  if (d[0] & 0x10) {
    // §5.3.1: a header extension, 4 octets and its length in 32-bit words
    if (at + 4 > d.length) return null;
    at += 4 + 4 * view.getUint16(at + 2);
  }
  let end = d.length;
  if (d[0] & 0x20) end -= d[d.length - 1]; // §5.1: padding, its count in the last octet
  if (at > end) return null;
  return { pt: d[1] & 0x7f, seq: view.getUint16(2), ts: view.getUint32(4), ssrc: view.getUint32(8), payload: d.subarray(at, end) };
}

export interface FlatMediaOptions {
  host: string;
  clock: Clock;
  mic: Microphone;
  speaker?: Speaker;
}

export class FlatMedia {
  private agreed: AgreedMedia | null = null;
  private stopClock: (() => void) | null = null;
  /** The receiving side: the source heard and the timestamp its next sample has (RFC 3550 §5.1). */
  private heard: { ssrc: number; nextTs: number } | null = null;
  /** Room for a packet of up to 80 ms (four 20 ms frames); a longer one is cut there, and the rest counts as lost. */
  private readonly decoded = new Int16Array(FRAME_SAMPLES * 4);
  private readonly micFrame = new Int16Array(FRAME_SAMPLES);
  /** The sending side: random SSRC, sequence and timestamp starts (RFC 3550 §5.1, §8). */
  private readonly ssrc: number;
  private seq: number;
  private ts: number;
  private first = true;
  /** This call's RTP packets taken in and G.711 frames sent: what the demo tells at the call's end. */
  received = 0;
  sent = 0;

  private constructor(private sockets: [dgram.Socket, dgram.Socket], readonly port: number, private o: FlatMediaOptions) {
    const r = randomBytes(10);
    this.ssrc = r.readUInt32BE(0);
    this.seq = r.readUInt16BE(4);
    this.ts = r.readUInt32BE(6);
    sockets[0].on("message", (msg) => this.receive(msg));
    // RTCP (the port above) is taken in and not read: the flat keeps no statistics.
    for (const s of sockets) s.on("error", () => {});
  }

  /** The flat's RTP pair on `host` (RTP even, RTCP the next port: RFC 3550 §11). */
  static async start(o: FlatMediaOptions): Promise<FlatMedia> {
    const pair = await freePair(o.host);
    return new FlatMedia(pair, pair[0].address().port, o);
  }

  /** The call is answered with `agreed`: its audio flows from now on until stop(). */
  begin(agreed: AgreedMedia): void {
    this.stop();
    this.agreed = agreed;
    this.heard = null;
    this.first = true;
    this.received = this.sent = 0;
    if (agreed.send) this.stopClock = this.o.clock.every(AUDIO_PERIOD_MS, () => this.sendFrame());
  }

  /** The call ended: nothing more is sent or played. */
  stop(): void {
    this.stopClock?.();
    this.stopClock = null;
    this.agreed = null;
  }

  private receive(d: Buffer): void {
    const a = this.agreed;
    if (!a || !a.receive) return;
    const p = parseRtp(d);
    const law = p ? a.g711.get(p.pt) : undefined;
    if (!p || law === undefined) return; // telephone-events and other types are not audio for the speaker
    this.received++;
    const n = decodeG711(law, p.payload, this.decoded);
    if (this.heard && this.heard.ssrc === p.ssrc) {
      const ahead = (p.ts - this.heard.nextTs) | 0; // timestamps wrap (RFC 3550 §5.1): their difference as a signed 32-bit number
      if (ahead < 0) return; // late or a duplicate: its place in the recording has passed
      if (ahead > 0 && ahead <= MAX_GAP) this.o.speaker?.write(new Int16Array(ahead)); // lost packets: silence in their place
    }
    this.o.speaker?.write(this.decoded.subarray(0, n));
    this.heard = { ssrc: p.ssrc, nextTs: (p.ts + n) >>> 0 };
  }

  private sendFrame(): void {
    const a = this.agreed;
    if (!a) return;
    this.o.mic.next(this.micFrame);
    const packet = new Uint8Array(RTP_HEADER + FRAME_SAMPLES);
    const view = new DataView(packet.buffer);
    packet[0] = RTP_VERSION << 6;
    packet[1] = (this.first ? 0x80 : 0) | a.sendPt; // the marker on the first packet of a talk spurt (RFC 3551 §4.1)
    view.setUint16(2, this.seq);
    view.setUint32(4, this.ts);
    view.setUint32(8, this.ssrc);
    encodeG711(a.g711.get(a.sendPt)!, this.micFrame, packet.subarray(RTP_HEADER));
    this.first = false;
    this.seq = (this.seq + 1) & 0xffff;
    this.ts = (this.ts + FRAME_SAMPLES) >>> 0;
    this.sent++;
    this.sockets[0].send(packet, a.remote.port, a.remote.host, () => {});
  }

  close(): void {
    this.stop();
    for (const s of this.sockets) s.close();
    this.o.speaker?.close?.();
  }
}
