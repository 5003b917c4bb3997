// A lossy media relay on loopback between the door and the flat (SIPp), as a
// session border controller with a media proxy stands between two phones.
// The door's call goes to the relay's SIP socket, which forwards it to the
// flat with the offer's audio port changed to the relay's RTP socket (c=
// stays: everything is 127.0.0.1), so the flat sends its RTP to the relay;
// the relay passes it on to the RTP port the door offered, dropping a
// fraction of it. The door answers where its RTP came from (symmetric RTP,
// RFC 4961), so its own RTP comes back through the relay to the flat. SIP
// passes whole; so do the door's RTCP and the flat's (they go direct).
//
// Each drop is decided by a seeded hash of the packet's SSRC, its sequence
// number and how many copies of it came before, not by the order of
// arrival: a run drops the same packets however the tone and the events
// interleave, and each of an event's three end packets (which recordings
// send with one sequence number, RFC 4733 §2.5.1.4) has its own chance.
import dgram from "node:dgram";
import type { Address } from "../../../host/sip-engine.js";
import { mulberry32 } from "./lossy-relay.js";

/** One RTP packet from the flat, as the relay treated it. */
export interface RelayedPacket {
  ssrc: number;
  seq: number;
  payloadType: number;
  marker: boolean;
  dropped: boolean;
}

export interface MediaRelayOptions {
  /** The flat's SIP address (SIPp). */
  flat: Address;
  /** Fraction of the flat's RTP packets dropped (0.2: 20%). */
  loss: number;
  seed: number;
}

/** A number in [0, 1) that depends on nothing but the seed and the packet's identity. */
export function dropDraw(seed: number, ssrc: number, seq: number, copy: number): number {
  const key = seed ^ Math.imul(ssrc, 0x9e3779b1) ^ Math.imul(seq + 1, 0x85ebca6b) ^ Math.imul(copy + 1, 0xc2b2ae35);
  return mulberry32(key >>> 0)();
}

/** `text` (a SIP message) with its body's m=audio port set to `port` and Content-Length made right; null when it has no audio line. */
export function withAudioPort(text: string, port: number): { text: string; offered: number } | null {
  const split = text.indexOf("\r\n\r\n");
  if (split < 0) return null;
  const head = text.slice(0, split);
  const body = text.slice(split + 4);
  const m = /^m=audio (\d+) /m.exec(body);
  if (!m) return null;
  const newBody = body.replace(/^m=audio \d+ /m, `m=audio ${port} `);
  const newHead = head.replace(/^(Content-Length|l)[ \t]*:[ \t]*\d+/im, (_all, name: string) => `${name}: ${Buffer.byteLength(newBody, "latin1")}`);
  return { text: `${newHead}\r\n\r\n${newBody}`, offered: Number(m[1]) };
}

export class MediaRelay {
  private sipDoor = dgram.createSocket("udp4"); // the door's call target
  private sipFlat = dgram.createSocket("udp4"); // what the flat sees the call come from
  private rtpFlat = dgram.createSocket("udp4"); // the audio port the flat is offered
  private rtpDoor = dgram.createSocket("udp4"); // where the door's RTP comes from and goes back to
  private door: Address | null = null;
  private doorRtp: Address | null = null;
  private flatRtp: Address | null = null;
  private copies = new Map<string, number>();
  /** The flat's RTP packets in the order they came, each with what the relay did. */
  readonly packets: RelayedPacket[] = [];
  /** The door's RTP packets passed back to the flat. */
  returned = 0;
  /** The door's SIP address for the flat: the relay's SIP socket, once started. */
  address: Address = { host: "127.0.0.1", port: 0 };

  constructor(private o: MediaRelayOptions) {}

  async start(): Promise<Address> {
    await Promise.all([this.sipDoor, this.sipFlat, this.rtpFlat, this.rtpDoor].map((s) => new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.bind(0, "127.0.0.1", () => resolve());
    })));
    this.address = { host: "127.0.0.1", port: this.sipDoor.address().port };
    this.sipDoor.on("message", (msg, from) => {
      this.door = { host: from.address, port: from.port };
      const rewritten = withAudioPort(msg.toString("latin1"), this.rtpFlat.address().port);
      if (rewritten) this.doorRtp = { host: "127.0.0.1", port: rewritten.offered };
      this.sipFlat.send(rewritten ? Buffer.from(rewritten.text, "latin1") : msg, this.o.flat.port, this.o.flat.host);
    });
    this.sipFlat.on("message", (msg, from) => {
      if (from.port === this.o.flat.port && this.door) this.sipDoor.send(msg, this.door.port, this.door.host);
    });
    this.rtpFlat.on("message", (msg, from) => {
      this.flatRtp = { host: from.address, port: from.port };
      if (this.doorRtp && this.keep(msg)) this.rtpDoor.send(msg, this.doorRtp.port, this.doorRtp.host);
    });
    this.rtpDoor.on("message", (msg) => {
      if (!this.flatRtp) return;
      this.returned++;
      this.rtpFlat.send(msg, this.flatRtp.port, this.flatRtp.host);
    });
    return this.address;
  }

  /** Whether the flat's datagram goes on (anything too short to be RTP, RFC 3550 §5.1, does). */
  private keep(msg: Buffer): boolean {
    if (msg.length < 12) return true;
    const ssrc = msg.readUInt32BE(8), seq = msg.readUInt16BE(2);
    const id = `${ssrc}/${seq}`;
    const copy = this.copies.get(id) ?? 0;
    this.copies.set(id, copy + 1);
    const dropped = dropDraw(this.o.seed, ssrc, seq, copy) < this.o.loss;
    this.packets.push({ ssrc, seq, payloadType: msg[1] & 0x7f, marker: (msg[1] & 0x80) !== 0, dropped });
    return !dropped;
  }

  /** The flat's packets of one payload type. */
  of(payloadType: number): RelayedPacket[] {
    return this.packets.filter((p) => p.payloadType === payloadType);
  }

  /** One line for the diagnostics: what passed and what was dropped, per payload type. */
  summary(): string {
    const types = [...new Set(this.packets.map((p) => p.payloadType))];
    const parts = types.map((pt) => {
      const all = this.of(pt), dropped = all.filter((p) => p.dropped).length;
      return `payload type ${pt}: ${all.length - dropped} passed, ${dropped} dropped`;
    });
    return `media relay flat -> door: ${parts.join("; ") || "nothing"}; door -> flat: ${this.returned} passed`;
  }

  close(): void {
    for (const s of [this.sipDoor, this.sipFlat, this.rtpFlat, this.rtpDoor]) s.close();
  }
}
