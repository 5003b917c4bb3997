// The host end of the serial link: one request at a time (stop and wait, as
// esptool does), each retransmitted with the same sequence number until its
// response arrives. The board answers a repeated sequence number from its
// cache instead of acting twice, so a lost response costs a retry, never a
// second write. A payload longer than one frame travels in pieces, either
// way (docs/serial-protocol.md, "Long payloads"). Events from the board
// arrive on `events`. Payloads are protocol 4's binary records
// (docs/serial-agent.md; their codecs are host/serial/codec/).
import { EventEmitter } from "node:events";
import { randomInt } from "node:crypto";
import { Cmd, Kind, MAX_PAYLOAD, PIECE_HEAD, Status, type Frame } from "./frame.js";
import { decodeRefusal } from "./codec/refusal.js";
import type { FramePort } from "./frame-port.js";

/** No answer after every retry: the link is down (cable, port, board off). */
export class LinkDown extends Error {}

/** The board answered with an error: its reason and the field at fault; `payload`, the error payload as it came. */
export class BoardRefused extends Error {
  constructor(message: string, readonly status: number, readonly field?: string, readonly payload: Uint8Array = new Uint8Array(0)) {
    super(message);
  }
}

/** A request longer than the board assembles from pieces: nothing was sent. */
export class TooLong extends Error {}

export interface RequestOptions {
  /** How long to wait for an answer beyond the time the request takes on the wire. */
  timeoutMs?: number;
  retries?: number;
}

/** Time a frame of `bytes` takes on a UART at `baud` (10 bits a byte; SLIP escapes can double it). */
export const wireMs = (bytes: number, baud: number): number => Math.ceil((2 * (bytes + 16) * 10 * 1000) / baud);

export interface LinkStats {
  requests: number;
  retries: number;
  dropped: number;
}

export class Link {
  private seq = randomInt(256);
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: ((f: Frame) => void) | null = null;
  private resend: (() => void) | null = null;
  private stats = { requests: 0, retries: 0 };
  readonly events = new EventEmitter<{ event: [Frame] }>();
  /** The longest payload of one frame: the board's maxPayload, once it said it in Hello. */
  maxPayload = MAX_PAYLOAD;
  /** The longest payload the board assembles from pieces (Hello's limits.maxTransfer); 0: it takes none. */
  maxTransfer = 0;

  constructor(
    private readonly port: FramePort,
    private readonly defaults: Required<RequestOptions> = { timeoutMs: 300, retries: 10 },
    private readonly baudRate = 115200,
  ) {
    port.on("frame", (f) => {
      if (f.kind === Kind.Event) this.events.emit("event", f);
      else if (f.kind === Kind.Response && f.cmd === Cmd.Nak) this.resend?.();
      else if (f.kind === Kind.Response) this.waiting?.(f);
    });
    // A damaged packet while waiting was most likely the response: ask again now (the board answers from its cache).
    port.on("dropped", () => this.resend?.());
  }

  get counters(): LinkStats {
    return { ...this.stats, dropped: this.port.dropped };
  }

  /** Sends cmd with payload and resolves with the response's payload; throws LinkDown, BoardRefused or TooLong. */
  request(cmd: number, payload: Buffer = Buffer.alloc(0), o: RequestOptions = {}): Promise<Buffer> {
    const run = this.queue.then(() => this.transfer(cmd, payload, { ...this.defaults, ...o }));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async transfer(cmd: number, payload: Buffer, o: Required<RequestOptions>): Promise<Buffer> {
    const answer = payload.length <= this.maxPayload ? await this.exchange(cmd, payload, o) : await this.sendPieces(cmd, payload, o);
    if (answer.status !== Status.InPieces) return settle(answer);
    return this.readPieces(answer.payload.readUInt32LE(0), o);
  }

  /** A long request as PieceIn frames in order; the answer to the last is the command's. */
  private async sendPieces(cmd: number, payload: Buffer, o: Required<RequestOptions>): Promise<Frame> {
    if (payload.length > this.maxTransfer) {
      throw new TooLong(`the request is ${payload.length} bytes, more than one frame (${this.maxPayload}) and more than the ${this.maxTransfer} bytes the board takes in pieces`);
    }
    const step = this.maxPayload - PIECE_HEAD;
    for (let at = 0; ; at += step) {
      const head = Buffer.alloc(PIECE_HEAD);
      head[0] = cmd;
      head.writeUInt32LE(payload.length, 1);
      head.writeUInt32LE(at, 5);
      const answer = await this.exchange(Cmd.PieceIn, Buffer.concat([head, payload.subarray(at, at + step)]), o);
      if (at + step >= payload.length || answer.status !== Status.Ok) return answer;
    }
  }

  /** A long response, read with PieceOut from offset 0 until it is whole. */
  private async readPieces(total: number, o: Required<RequestOptions>): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let at = 0; at < total;) {
      const offset = Buffer.alloc(4);
      offset.writeUInt32LE(at);
      const piece = settle(await this.exchange(Cmd.PieceOut, offset, o));
      if (piece.length === 0) throw new BoardRefused(`the board's response ended at ${at} of ${total} bytes`, Status.BadRequest);
      parts.push(piece);
      at += piece.length;
    }
    return Buffer.concat(parts);
  }

  /** One frame out, its response back (whatever its status), resent until it comes. */
  private exchange(cmd: number, payload: Buffer, o: Required<RequestOptions>): Promise<Frame> {
    const seq = (this.seq = (this.seq + 1) & 0xff);
    const wait = o.timeoutMs + wireMs(payload.length, this.baudRate);
    this.stats.requests++;
    return new Promise<Frame>((resolve, reject) => {
      let tries = 0;
      let timer: NodeJS.Timeout;
      const done = () => {
        clearTimeout(timer);
        this.waiting = null;
        this.resend = null;
      };
      const send = () => {
        if (tries > o.retries) {
          done();
          reject(new LinkDown(`no answer from the board after ${tries} tries (${wait} ms each)`));
          return;
        }
        if (tries > 0) this.stats.retries++;
        tries++;
        this.port.send({ kind: Kind.Request, seq, cmd, status: 0, payload });
        timer = setTimeout(send, wait);
      };
      this.resend = () => {
        clearTimeout(timer);
        send();
      };
      this.waiting = (f) => {
        if (f.seq !== seq || f.cmd !== cmd) return; // a late answer to an earlier request
        done();
        resolve(f);
      };
      send();
    });
  }
}

/** A response's payload on success; else BoardRefused with the board's reason and field (docs/serial-agent.md, "Errors"). */
function settle(f: Frame): Buffer {
  if (f.status === Status.Ok) return f.payload;
  if (f.status === Status.UnknownCommand) throw new BoardRefused(`the board does not know command 0x${f.cmd.toString(16).padStart(2, "0")} (its features, in Hello, say what it does)`, f.status, undefined, f.payload);
  const r = decodeRefusal(f.payload, f.status);
  throw new BoardRefused(r.error, f.status, r.field, f.payload);
}
