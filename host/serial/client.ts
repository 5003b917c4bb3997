// The host's view of a board on a serial port: open the port, greet the
// board (Hello), then ask it things. Errors say which port and what failed.
import { randomBytes } from "node:crypto";
import { SerialPort } from "serialport";
import { Cmd } from "./frame.js";
import { FramePort } from "./frame-port.js";
import { Link, type RequestOptions } from "./link.js";

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

export class Client {
  private constructor(readonly path: string, readonly port: SerialPort, readonly link: Link, public info: HelloInfo) {}

  static async open(path: string, o: ClientOptions = {}): Promise<Client> {
    const port = await new Promise<SerialPort>((resolve, reject) => {
      const p = new SerialPort({ path, baudRate: o.baudRate ?? 115200, autoOpen: false });
      p.open((err) => (err ? reject(openError(path, err)) : resolve(p)));
    });
    const link = new Link(new FramePort(port), { timeoutMs: o.timeoutMs ?? 300, retries: o.retries ?? 10 }, o.baudRate ?? 115200);
    try {
      const info = await Client.greet(link);
      return new Client(path, port, link, info);
    } catch (err) {
      await new Promise<void>((r) => port.close(() => r()));
      throw err;
    }
  }

  /** Hello; the link then keeps to the frame size and the pieces the board announced. */
  private static async greet(link: Link, o: RequestOptions = {}): Promise<HelloInfo> {
    const info = (await link.call(Cmd.Hello, { session: randomBytes(4).toString("hex") }, o)) as unknown as HelloInfo;
    link.maxPayload = info.limits.maxPayload;
    link.maxTransfer = info.limits.maxTransfer ?? 0;
    return info;
  }

  /** Greets the board again (after it rebooted), waiting up to retries × timeout for it to answer. */
  async hello(o: RequestOptions = {}): Promise<HelloInfo> {
    this.info = await Client.greet(this.link, o);
    return this.info;
  }

  call(cmd: number, body: unknown = {}, o: RequestOptions = {}): Promise<Record<string, unknown>> {
    return this.link.call(cmd, body, o);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.port.isOpen ? this.port.close(() => resolve()) : resolve()));
  }
}
