// Frames over a byte stream (a serial port, either end): SLIP packets
// (RFC 1055, serialport's SlipEncoder/SlipDecoder) carrying the frames of
// frame.ts. Every packet is preceded by an END as RFC 1055 advises, so line
// noise before it ends up in a packet of its own that fails its CRC. A run of
// bytes without END longer than the largest frame restarts the decoder: noise
// never grows the buffer past one frame.
import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import { SlipDecoder, SlipEncoder } from "serialport";
import { decodeFrame, encodeFrame, MAX_FRAME, type Frame } from "./frame.js";

const END = 0xc0;

export interface FramePortEvents {
  frame: [Frame];
  dropped: [string];
}

export class FramePort extends EventEmitter<FramePortEvents> {
  private readonly encoder = new SlipEncoder({ bluetoothQuirk: true });
  private decoder!: SlipDecoder;
  private run = 0;
  /** Packets dropped (bad CRC, too short or long): the link's error count. */
  dropped = 0;

  constructor(private readonly stream: Duplex, private readonly maxFrame = MAX_FRAME) {
    super();
    this.resync();
    this.encoder.on("data", (b: Buffer) => {
      if (!this.stream.destroyed && this.stream.writable) this.stream.write(b);
    });
    this.stream.on("data", (chunk: Buffer) => this.receive(chunk));
  }

  send(f: Frame): void {
    this.encoder.write(encodeFrame(f));
  }

  private resync(): void {
    this.decoder?.removeAllListeners("data");
    this.decoder = new SlipDecoder();
    this.decoder.on("data", (packet: Buffer) => this.packet(packet));
  }

  private receive(chunk: Buffer): void {
    const end = chunk.lastIndexOf(END);
    this.run = end < 0 ? this.run + chunk.length : chunk.length - end - 1;
    this.decoder.write(chunk);
    // Escapes may double a frame on the wire.
    if (this.run > 2 * this.maxFrame + 2) {
      this.drop(`${this.run} bytes without a frame end`);
      this.run = 0;
      this.resync();
    }
  }

  private packet(packet: Buffer): void {
    if (packet.length === 0) return; // the END that opens every packet
    const f = decodeFrame(packet, this.maxFrame);
    if (typeof f === "string") this.drop(f);
    else this.emit("frame", f);
  }

  private drop(reason: string): void {
    this.dropped++;
    this.emit("dropped", reason);
  }
}
