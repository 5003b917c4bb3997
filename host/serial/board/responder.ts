// The board end of the link: requests are handled one at a time in order of
// arrival; a request repeating the last sequence number (its response was
// lost) gets the cached response again instead of being handled twice.
// Hello starts a session and clears that cache. A payload longer than one
// frame arrives, or leaves, in pieces (docs/serial-protocol.md, "Long
// payloads"). Events go out only while the host asked for them (Monitor).
import { Cmd, Kind, MAX_PAYLOAD, MAX_TRANSFER, PIECE_HEAD, Status, json, type Frame } from "../frame.js";
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
  /** A long request being assembled: its command, its length, the pieces so far. */
  private incoming: { cmd: number; total: number; parts: Buffer[]; size: number } | null = null;
  /** The last long response, read by PieceOut. */
  private outgoing: Buffer | null = null;
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
      this.incoming = null;
      this.outgoing = null;
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

  private reply(f: Frame): Promise<Reply> {
    if (f.cmd === Cmd.PieceIn) return this.pieceIn(f.payload);
    if (f.cmd === Cmd.PieceOut) return Promise.resolve(this.pieceOut(f.payload));
    return this.dispatch(f.cmd, f.payload);
  }

  private async dispatch(cmd: number, payload: Buffer): Promise<Reply> {
    const handler = this.handlers.get(cmd);
    if (!handler) return refuse(Status.UnknownCommand, `unknown command 0x${cmd.toString(16)}`);
    let reply: Reply;
    try {
      reply = await handler(payload);
    } catch (err) {
      if (err instanceof Refusal) return refuse(err.status, err.message, err.extra);
      if (err instanceof SyntaxError) return refuse(Status.BadRequest, `payload: ${err.message}`);
      return refuse(Status.BadRequest, (err as Error).message);
    }
    if (reply.payload.length <= MAX_PAYLOAD) return reply;
    this.outgoing = reply.payload;
    const total = Buffer.alloc(4);
    total.writeUInt32LE(reply.payload.length);
    return { status: Status.InPieces, payload: total, after: reply.after };
  }

  /** One piece of a long request, in order from offset 0; the last one runs the command on the whole payload. */
  private async pieceIn(p: Buffer): Promise<Reply> {
    if (p.length < PIECE_HEAD) return refuse(Status.BadRequest, `a piece starts with ${PIECE_HEAD} bytes: command, total, offset`);
    const cmd = p[0], total = p.readUInt32LE(1), offset = p.readUInt32LE(5), bytes = p.subarray(PIECE_HEAD);
    if (total > MAX_TRANSFER) return refuse(Status.TooLarge, `a request of ${total} bytes is more than the ${MAX_TRANSFER} bytes the board takes in pieces`);
    if (offset === 0) this.incoming = { cmd, total, parts: [], size: 0 };
    const into = this.incoming;
    if (!into || into.cmd !== cmd || into.total !== total || into.size !== offset || offset + bytes.length > total) {
      this.incoming = null;
      return refuse(Status.BadRequest, `piece at offset ${offset} does not follow the ${into?.size ?? 0} bytes received; send the request again from offset 0`);
    }
    into.parts.push(bytes);
    into.size += bytes.length;
    if (into.size < total) return ok({ received: into.size });
    this.incoming = null;
    return this.dispatch(cmd, Buffer.concat(into.parts));
  }

  /** The long response from an offset, as much as one frame holds. */
  private pieceOut(p: Buffer): Reply {
    if (!this.outgoing) return refuse(Status.NotReady, "no long response to read");
    if (p.length !== 4) return refuse(Status.BadRequest, "PieceOut takes the offset (u32)");
    const at = p.readUInt32LE(0);
    return { status: Status.Ok, payload: this.outgoing.subarray(at, at + MAX_PAYLOAD) };
  }
}
