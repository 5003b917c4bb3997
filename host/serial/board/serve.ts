// A simulated board on a serial device: the store, the running image and the
// board end of the protocol on one port (`intercom sim --serial PATH`).
import { SerialPort } from "serialport";
import { Cmd } from "../frame.js";
import { FramePort } from "../frame-port.js";
import { Responder, type Handler } from "./responder.js";
import { SimBoard, type SimBoardOptions, type Notice } from "./sim-board.js";
import { flashHandlers } from "./flash-handlers.js";
import { configHandlers } from "./config-handlers.js";
import { driveHandlers } from "./drive-handlers.js";

export interface ServeOptions extends Omit<SimBoardOptions, "notice" | "onEvent" | "onLog"> {
  /** The serial device; none runs the board without a link (the plain simulator on its store). */
  path?: string;
  baudRate?: number;
  /** Everything the board reports, for its own stdout: notices, firmware events, log lines. */
  report: (line: Record<string, unknown>) => void;
}

export interface Served {
  board: SimBoard;
  port: SerialPort | null;
  close(): Promise<void>;
}

function openPort(path: string, baudRate: number): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((err) => (err ? reject(new Error(`cannot open ${path}: ${err.message}`)) : resolve(port)));
  });
}

export async function serveBoard(o: ServeOptions): Promise<Served> {
  let responder: Responder | null = null;
  const board = new SimBoard({
    ...o,
    notice: (n: Notice) => {
      o.report(n);
      responder?.event(Cmd.Notice, n);
    },
    onEvent: (e) => {
      o.report(e);
      responder?.event(Cmd.Event, e);
    },
    // Log lines go to the link only: the firmware never logs a secret, and the board's stdout stays events.
    onLog: (l) => responder?.event(Cmd.Log, l),
  });
  const port = o.path ? await openPort(o.path, o.baudRate ?? 115200) : null;
  if (port) {
    const handlers = new Map<number, Handler>([
      ...flashHandlers(board), ...configHandlers(board), ...driveHandlers(board, () => responder!),
    ]);
    responder = new Responder(new FramePort(port), handlers);
  }
  await board.reboot();
  return {
    board,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        board.stop();
        if (port?.isOpen) port.close(() => resolve());
        else resolve();
      }),
  };
}
