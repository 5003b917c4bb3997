// The simulated board's voice path (docs/board-abi.md, "Audio and media"):
// the RTP socket and the RTCP socket at the next port (RFC 3550 §11), their
// datagrams into boardMedia and board.mediaSend's out, and the 20 ms audio
// clock that runs while the firmware reports `media` on or held: the
// microphone's frame in, boardAudio, the speaker's frame out.
import dgram from "node:dgram";
import type { Address } from "../sip-engine.js";
import type { Intercom, IntercomEvent } from "../intercom.js";
import type { Microphone } from "../audio/mic.js";
import { FRAME_SAMPLES } from "../audio/wav.js";
import { Channel } from "../firmware.js";
import { Ev, MediaState } from "../vocabulary.js";
import { bindFailure, udpSocket, type Clock } from "./udp.js";

/** 20 ms: one frame of 160 samples at 8000 Hz (RFC 3551 §4.5, G.711's default packet time). */
export const AUDIO_PERIOD_MS = 20;

/** Where the speaker's frames go (a WavWriter for --speaker). */
export interface Speaker {
  write(frame: Int16Array): void;
  close?(): void;
}

/** Tries at picking a free even pair before giving up. */
const PAIR_TRIES = 32;

/** A socket bound to host:port, or null when the port is taken; any other failure throws with its fix. */
function bindOne(host: string, port: number): Promise<dgram.Socket | null> {
  const socket = udpSocket(host);
  return new Promise((resolve, reject) => {
    socket.once("error", (err: NodeJS.ErrnoException) => {
      socket.close();
      if (err.code === "EADDRINUSE") resolve(null);
      else reject(new Error(bindFailure(host, port, err)));
    });
    socket.bind(port, host, () => resolve(socket));
  });
}

/** The RTP socket at the even `port` and the RTCP socket at port + 1, or null when either is taken. */
async function bindPair(host: string, port: number): Promise<[dgram.Socket, dgram.Socket] | null> {
  if (port <= 0 || port % 2 !== 0 || port > 65534) return null;
  const rtp = await bindOne(host, port);
  if (!rtp) return null;
  const rtcp = await bindOne(host, port + 1).catch((err) => { rtp.close(); throw err; });
  if (rtcp) return [rtp, rtcp];
  rtp.close();
  return null;
}

/** A free even pair: the system picks a free port, and the pair starting at the even port at or below it is tried. */
export async function freePair(host: string): Promise<[dgram.Socket, dgram.Socket]> {
  for (let i = 0; i < PAIR_TRIES; i++) {
    const probe = await bindOne(host, 0);
    const port = probe!.address().port & ~1;
    probe!.close();
    const pair = await bindPair(host, port);
    if (pair) return pair;
  }
  throw new Error(`cannot bind UDP ${host}: no free even port pair for RTP and RTCP after ${PAIR_TRIES} tries`);
}

export interface MediaOptions {
  host: string;
  clock: Clock;
  mic: Microphone;
  speaker?: Speaker;
  /** Runs a call into the firmware (the station's fault guard). */
  guard: <T>(fn: () => T) => T | undefined;
  /** After every call into the firmware: its events, its SIP datagrams and its media datagrams go out. */
  flush: () => void;
  warn: (text: string) => void;
}

export class StationMedia {
  private stopClock: (() => void) | null = null;
  private readonly micFrame = new Int16Array(FRAME_SAMPLES);
  private readonly speakerFrame = new Int16Array(FRAME_SAMPLES);
  /** Datagrams the operating system refused to send: counted, never fatal (UDP is best effort). */
  sendErrors = 0;

  private constructor(private door: Intercom, private sockets: [dgram.Socket, dgram.Socket], readonly port: number, private o: MediaOptions) {
    sockets.forEach((socket, channel) => {
      socket.on("error", () => { this.sendErrors++; });
      socket.on("message", (msg, rinfo) => {
        o.guard(() => door.receiveMedia(msg, { host: rinfo.address, port: rinfo.port }, channel, o.clock.now()));
        o.flush();
      });
    });
  }

  /**
   * Binds the pair the firmware asks for (boardMediaPort, after boardStart). When it asks 0 (any), or its
   * pair is taken, a free even pair is bound and announced to it with boardSetMediaPort; a taken one is
   * also a warning.
   */
  static async start(door: Intercom, o: MediaOptions): Promise<StationMedia> {
    const want = door.mediaPort();
    let pair = want === 0 ? null : await bindPair(o.host, want);
    if (!pair) {
      pair = await freePair(o.host);
      const got = pair[0].address().port;
      if (want !== 0) o.warn(`media: UDP ${want}-${want + 1} (media.rtpPort) is not free on ${o.host}: RTP on ${got}, RTCP on ${got + 1} instead`);
      o.guard(() => door.setMediaPort(got)); // a query: no events, nothing sent
    }
    return new StationMedia(door, pair, pair[0].address().port, o);
  }

  /** The station's events after a call: `media` on or held starts the audio clock, off stops it. Then its media datagrams go out. */
  afterCall(events: IntercomEvent[]): void {
    for (const e of events) {
      if (e.kind !== Ev.Media) continue;
      if (e.a === MediaState.Off) this.stopAudio();
      else if (!this.stopClock) this.stopClock = this.o.clock.every(AUDIO_PERIOD_MS, (now) => this.audioTick(now));
    }
    for (const d of this.door.mediaOutbox()) this.send(d.data, d.to, d.channel);
  }

  /** Whether the 20 ms audio clock runs. */
  get audioOn(): boolean {
    return this.stopClock !== null;
  }

  private audioTick(now: number): void {
    this.o.mic.next(this.micFrame);
    this.o.guard(() => this.door.audio(now, this.micFrame, this.speakerFrame));
    this.o.speaker?.write(this.speakerFrame);
    this.o.flush();
  }

  private send(data: Buffer, to: Address, channel: number): void {
    if (channel !== Channel.Rtp && channel !== Channel.Rtcp) return; // no such socket: dropped
    const socket = this.sockets[channel];
    try {
      socket.send(data, to.port, to.host, (err) => { if (err) this.sendErrors++; });
    } catch {
      this.sendErrors++;
    }
  }

  private stopAudio(): void {
    this.stopClock?.();
    this.stopClock = null;
  }

  close(): void {
    this.stopAudio();
    for (const socket of this.sockets) socket.close();
    this.o.speaker?.close?.();
  }
}
