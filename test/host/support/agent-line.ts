// The host's end of a board's serial agent for the tests (docs/serial-agent.md,
// protocol 4), spoken directly: frames of host/serial/frame.ts in SLIP packets
// (host/serial/frame-port.ts) over a SerialPort, one request at a time with
// its retransmissions (docs/serial-protocol.md "Acknowledgements and
// retries"), and the binary records read as the contract lays them out.
import { createHash } from "node:crypto";
import { SerialPort } from "serialport";
import { Cmd, Kind, Status, type Frame } from "../../../host/serial/frame.js";
import { FramePort } from "../../../host/serial/frame-port.js";

export class AgentLine {
  private seq = Math.floor(Math.random() * 256);
  private waiting: { seq: number; cmd: number; resend: () => void; done: (f: Frame) => void } | null = null;
  /** Event and log frames, as they came. */
  readonly events: Frame[] = [];
  private readonly frames: FramePort;

  private constructor(private readonly port: SerialPort) {
    this.frames = new FramePort(port);
    this.frames.on("frame", (f) => this.frame(f));
    this.frames.on("dropped", () => this.waiting?.resend());
  }

  static open(path: string): Promise<AgentLine> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
      port.open((err) => (err ? reject(err) : resolve(new AgentLine(port))));
    });
  }

  private frame(f: Frame): void {
    if (f.kind === Kind.Event) this.events.push(f);
    else if (f.cmd === Cmd.Nak) this.waiting?.resend();
    else if (this.waiting && f.seq === this.waiting.seq && f.cmd === this.waiting.cmd) this.waiting.done(f);
  }

  /** One request and its response; sent again after `ms` without one, `tries` times in all. */
  request(cmd: number, payload: Buffer = Buffer.alloc(0), ms = 500, tries = 10): Promise<Frame> {
    const seq = (this.seq = (this.seq + 1) & 0xff);
    return new Promise((resolve, reject) => {
      let left = tries;
      let timer: NodeJS.Timeout;
      const send = () => {
        clearTimeout(timer);
        if (left-- === 0) {
          this.waiting = null;
          reject(new Error(`no response to command 0x${cmd.toString(16)} after ${tries} tries`));
          return;
        }
        this.frames.send({ kind: Kind.Request, seq, cmd, status: 0, payload });
        timer = setTimeout(send, ms);
      };
      this.waiting = { seq, cmd, resend: send, done: (f) => {
        clearTimeout(timer);
        this.waiting = null;
        resolve(f);
      } };
      send();
    });
  }

  close(): Promise<void> {
    return new Promise((r) => (this.port.isOpen ? this.port.close(() => r()) : r()));
  }
}

export interface SlotRecord { state: number; version: string; size: number; sha256: string }

/** "MAJOR.MINOR.REVISION" (+BUILD when not 0) of the 8-octet version (docs/images.md "Header"). */
export function versionAt(b: Buffer, at: number): string {
  const build = b.readUInt32LE(at + 4);
  return `${b[at]}.${b[at + 1]}.${b.readUInt16LE(at + 2)}${build ? `+${build}` : ""}`;
}

/** The Hello record (docs/serial-agent.md "Hello record"); `end` where the Status record follows. */
export function helloRecord(p: Buffer) {
  const n = p[18];
  const slot = (at: number): SlotRecord => ({ state: p[at], version: versionAt(p, at + 1), size: p.readUInt32LE(at + 9), sha256: p.subarray(at + 13, at + 45).toString("hex") });
  const slots = 19 + n;
  return {
    protocol: p[0], features: p[1], maxPayload: p.readUInt16LE(2), maxTransfer: p.readUInt16LE(4),
    running: p[6], trial: p[7], lastBoot: p[8], kind: p[9], slotCapacity: p.readUInt32LE(10), memory: p.readUInt32LE(14),
    board: p.subarray(19, 19 + n).toString("latin1"), slots: [slot(slots), slot(slots + 45)], end: slots + 90,
  };
}

/** The Status record (docs/serial-agent.md "Status record") at `at`. */
export function statusRecord(p: Buffer, at: number) {
  return {
    uptime: p.readUInt32LE(at), relays: p[at + 4], leds: p[at + 5], registration: p[at + 6], call: p[at + 14], door: p[at + 17],
    lockout: p[at + 18], config: p[at + 19],
  };
}

/** An image's FlashBegin payload (docs/serial-agent.md "Protocol 4"): size, chunk size, SHA-256, header, trailer. */
export function flashBegin(image: Buffer, chunkSize: number): Buffer {
  const payloadSize = image.readUInt32LE(8);
  const trailer = image.subarray(32 + Math.ceil(payloadSize / 4) * 4);
  const head = Buffer.alloc(6);
  head.writeUInt32LE(image.length, 0);
  head.writeUInt16LE(chunkSize, 4);
  return Buffer.concat([head, createHash("sha256").update(image).digest(), image.subarray(0, 32), trailer]);
}

/** A response that must succeed: its payload, or an error with its status and text. */
export function ok(f: Frame, what: string): Buffer {
  if (f.status === Status.UnknownCommand) throw new Error(`${what}: unknown command (status 2): the firmware's agent does not answer it`);
  if (f.status !== Status.Ok) throw new Error(`${what}: status ${f.status}: ${f.payload.subarray(2).toString("latin1")}`);
  return f.payload;
}

/**
 * Flashes `image` into the slot the board does not run: Begin, every chunk (`onChunk` after each, with its
 * number and the count), Verify; the slot. Activation is the caller's.
 */
export async function flashWrite(line: AgentLine, image: Buffer, onChunk: (n: number, chunks: number) => void = () => {}): Promise<number> {
  const begun = ok(await line.request(Cmd.FlashBegin, flashBegin(image, 1024), 2000), "FlashBegin");
  const slot = begun[0], chunkSize = begun.readUInt16LE(1), chunks = begun.readUInt32LE(3);
  for (let n = 0; n < chunks; n++) {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(n);
    ok(await line.request(Cmd.FlashData, Buffer.concat([head, image.subarray(n * chunkSize, (n + 1) * chunkSize)])), `FlashData ${n}`);
    onChunk(n, chunks);
  }
  ok(await line.request(Cmd.FlashVerify, Buffer.alloc(0), 10_000), "FlashVerify");
  return slot;
}
