// The board end of the link: requests are handled one at a time in order of
// arrival; a request repeating the last sequence number (its response was
// lost) gets the cached response again instead of being handled twice.
// Hello starts a session and clears that cache. Events go out only while the
// host asked for them (Monitor).
import { Cmd, Kind, Status, json, type Frame } from "../frame.js";
import type { FramePort } from "../frame-port.js";

export interface Reply {
  status: number;
  payload: Buffer;
  /** Runs once the response is on its way (a reboot after Activate or Reboot). */
  after?: () => void;
}

export type Handler = (payload: Buffer) => Reply | Promise<Reply>;

export const ok = (body: unknown = {}, after?: () => void): Reply => ({ status: Status.Ok, payload: json(body), after });
export const refuse = (status: number, error: string, extra: Record<string, unknown> = {}): Reply => ({ status, payload: json({ error, ...extra }) });

/** Thrown by a handler for bad input: answered with its status and message. */
export class Refusal extends Error {
  constructor(readonly status: number, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export class Responder {
  private queue: Promise<void> = Promise.resolve();
  private last: { seq: number; cmd: number; frame: Frame } | null = null;
  private eventSeq = 0;
  monitoring = false;

  constructor(private readonly port: FramePort, private readonly handlers: Map<number, Handler>) {
    port.on("frame", (f) => {
      if (f.kind === Kind.Request) this.queue = this.queue.then(() => this.handle(f));
    });
    // A damaged packet was most likely a request: ask for it again at once instead of letting the host time out.
    port.on("dropped", () => port.send({ kind: Kind.Response, seq: 0, cmd: Cmd.Nak, status: 0, payload: Buffer.alloc(0) }));
  }

  /** Sends an event frame when the host is monitoring (cmd: Event, Log or Notice). */
  event(cmd: number, body: unknown): void {
    if (!this.monitoring) return;
    this.port.send({ kind: Kind.Event, seq: (this.eventSeq = (this.eventSeq + 1) & 0xff), cmd, status: 0, payload: json(body) });
  }

  private async handle(f: Frame): Promise<void> {
    if (f.cmd === Cmd.Hello) {
      this.last = null;
      this.monitoring = false;
    } else if (this.last && this.last.seq === f.seq && this.last.cmd === f.cmd) {
      this.port.send(this.last.frame);
      return;
    }
    const reply = await this.reply(f);
    const frame: Frame = { kind: Kind.Response, seq: f.seq, cmd: f.cmd, status: reply.status, payload: reply.payload };
    this.last = { seq: f.seq, cmd: f.cmd, frame };
    this.port.send(frame);
    reply.after?.();
  }

  private async reply(f: Frame): Promise<Reply> {
    const handler = this.handlers.get(f.cmd);
    if (!handler) return refuse(Status.UnknownCommand, `unknown command 0x${f.cmd.toString(16)}`);
    try {
      return await handler(f.payload);
    } catch (err) {
      if (err instanceof Refusal) return refuse(err.status, err.message, err.extra);
      if (err instanceof SyntaxError) return refuse(Status.BadRequest, `payload: ${err.message}`);
      return refuse(Status.BadRequest, (err as Error).message);
    }
  }
}
