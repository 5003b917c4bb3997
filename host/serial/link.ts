// The host end of the serial link: one request at a time (stop and wait, as
// esptool does), each retransmitted with the same sequence number until its
// response arrives. The board answers a repeated sequence number from its
// cache instead of acting twice, so a lost response costs a retry, never a
// second write. Events from the board arrive on `events`.
import { EventEmitter } from "node:events";
import { randomInt } from "node:crypto";
import { Cmd, Kind, json, parseJson, type Frame } from "./frame.js";
import type { FramePort } from "./frame-port.js";

/** No answer after every retry: the link is down (cable, port, board off). */
export class LinkDown extends Error {}

/** The board answered with an error: its reason and, for configuration, the field. */
export class BoardRefused extends Error {
  constructor(message: string, readonly status: number, readonly field?: string) {
    super(message);
  }
}

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

  /** Sends cmd with payload and resolves with the response's payload; throws LinkDown or BoardRefused. */
  request(cmd: number, payload: Buffer = Buffer.alloc(0), o: RequestOptions = {}): Promise<Buffer> {
    const run = this.queue.then(() => this.exchange(cmd, payload, { ...this.defaults, ...o }));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A JSON request with a JSON answer. */
  async call(cmd: number, body: unknown = {}, o: RequestOptions = {}): Promise<Record<string, unknown>> {
    return parseJson(await this.request(cmd, json(body), o));
  }

  private exchange(cmd: number, payload: Buffer, o: Required<RequestOptions>): Promise<Buffer> {
    const seq = (this.seq = (this.seq + 1) & 0xff);
    const wait = o.timeoutMs + wireMs(payload.length, this.baudRate);
    this.stats.requests++;
    return new Promise<Buffer>((resolve, reject) => {
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
        if (f.status === 0) return resolve(f.payload);
        let body: Record<string, unknown> = {};
        try {
          body = parseJson(f.payload);
        } catch {
          /* the status alone */
        }
        reject(new BoardRefused(String(body.error ?? `error status ${f.status}`), f.status, body.field as string | undefined));
      };
      send();
    });
  }
}
