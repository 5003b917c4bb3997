// The host's view of a board on a serial port: open the port, greet the
// board (Hello), then ask it things in protocol 4 (docs/serial-agent.md).
// Errors say which port and what failed; a board of an older protocol is
// refused at the greeting, saying so.
import { randomInt } from "node:crypto";
import type { Duplex } from "node:stream";
import { SerialPort } from "serialport";
import { Cmd, Status } from "./frame.js";
import { FramePort } from "./frame-port.js";
import { BoardRefused, Link, type RequestOptions } from "./link.js";
import { decodeHello, helloInfo, olderBoardMessage, olderProtocol, PROTOCOL } from "./codec/hello.js";
import { statusInfo, type StatusView } from "./codec/status.js";
import { decodeInput, decodeMonitor, decodePressed, encodeInput, encodeMonitor, encodePress, encodeSession } from "./codec/drive.js";
import { loadBoard } from "../boards.js";

/** The port cannot be opened (no such device, permissions, busy). */
export class PortError extends Error {}

/**
 * Why a port did not open, in words and with the fix. serialport opens with
 * `lock: true`: on Linux a flock(LOCK_EX | LOCK_NB) on the device, which fails
 * with EAGAIN ("Cannot lock port") while another program holds the lock
 * (another intercom, picocom); a program that set TIOCEXCL makes open() fail
 * with EBUSY. Both are the port in use.
 */
export function openError(path: string, err: Error): PortError {
  if (/Cannot lock port|Resource temporarily unavailable|Resource busy|EBUSY|EAGAIN/.test(err.message)) {
    return new PortError(`cannot open ${path}: the port is in use by another program (another intercom command such as monitor, or a terminal such as picocom or screen); stop that program, then try again`);
  }
  return new PortError(`cannot open ${path}: ${err.message}`);
}

export type { HelloInfo, SlotView } from "./codec/hello.js";
import type { HelloInfo } from "./codec/hello.js";

export interface ClientOptions extends RequestOptions {
  baudRate?: number;
}

/** The reset lines of a board's definition in boards/ (null: none, or a board this host has no definition of). */
function resetLinesOf(board: string): HelloInfo["resetLines"] {
  try {
    return loadBoard(board).resetLines ?? null;
  } catch {
    return null;
  }
}

/** What a client talks over: a serial port, or any byte stream that can be closed (an in-process board, for tests). */
export type ByteStream = Duplex & { close(cb: () => void): void; isOpen: boolean };

export class Client {
  private constructor(readonly path: string, readonly port: ByteStream, readonly link: Link, public info: HelloInfo) {}

  static async open(path: string, o: ClientOptions = {}): Promise<Client> {
    const port = await new Promise<SerialPort>((resolve, reject) => {
      const p = new SerialPort({ path, baudRate: o.baudRate ?? 115200, autoOpen: false });
      p.open((err) => (err ? reject(openError(path, err)) : resolve(p)));
    });
    return Client.over(path, port, o);
  }

  /** Greets the board on an open stream; closes it when the greeting fails. */
  static async over(path: string, port: ByteStream, o: ClientOptions = {}): Promise<Client> {
    const link = new Link(new FramePort(port), { timeoutMs: o.timeoutMs ?? 300, retries: o.retries ?? 10 }, o.baudRate ?? 115200);
    try {
      const info = await Client.greet(link);
      return new Client(path, port, link, info);
    } catch (err) {
      await new Promise<void>((r) => port.close(() => r()));
      throw err;
    }
  }

  /** Hello; the link then keeps to the frame size and the pieces the board announced. A board older than protocol 4 is refused. */
  private static async greet(link: Link, o: RequestOptions = {}): Promise<HelloInfo> {
    let payload: Uint8Array;
    try {
      payload = await link.request(Cmd.Hello, encodeSession(randomInt(2 ** 32)), o);
    } catch (err) {
      // A board of protocol 3 or older reads the session as JSON, and refuses it in JSON.
      const older = err instanceof BoardRefused ? olderProtocol(err.payload) : null;
      if (older !== null) throw new BoardRefused(olderBoardMessage(older), Status.Refused, "protocol");
      throw err;
    }
    const older = olderProtocol(payload);
    if (older !== null) throw new BoardRefused(olderBoardMessage(older), Status.Refused, "protocol");
    const record = decodeHello(payload);
    if (record.protocol < PROTOCOL) throw new BoardRefused(olderBoardMessage(record.protocol), Status.Refused, "protocol");
    const info = helloInfo(record, resetLinesOf(record.board));
    link.maxPayload = info.limits.maxPayload;
    link.maxTransfer = info.limits.maxTransfer ?? 0;
    return info;
  }

  /** Greets the board again (after it rebooted), waiting up to retries × timeout for it to answer. */
  async hello(o: RequestOptions = {}): Promise<HelloInfo> {
    this.info = await Client.greet(this.link, o);
    return this.info;
  }

  request(cmd: number, payload: Uint8Array = new Uint8Array(0), o: RequestOptions = {}): Promise<Buffer> {
    return this.link.request(cmd, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), o);
  }

  /** Hello's fields and the station's state (the Status record). */
  async status(): Promise<HelloInfo & StatusView> {
    return statusInfo(await this.request(Cmd.Status), resetLinesOf(this.info.board));
  }

  /** Keys pressed: the count the board took. */
  async press(keys: string): Promise<number> {
    return decodePressed(await this.request(Cmd.Press, encodePress(keys)));
  }

  async input(input: number, level: number): Promise<{ input: number; level: number }> {
    return decodeInput(await this.request(Cmd.Input, encodeInput(input, level)));
  }

  async monitor(on: boolean): Promise<boolean> {
    return decodeMonitor(await this.request(Cmd.Monitor, encodeMonitor(on)));
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.port.isOpen ? this.port.close(() => resolve()) : resolve()));
  }
}
