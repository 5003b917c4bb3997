// A simulated board on a serial device: the running image and its
// provisioning UART on one port (`intercom sim --serial PATH`). Octets from
// the port go to the firmware's serial agent (boardSerial); what the agent
// writes (board.serialWrite) goes to the port. The board knows nothing of the
// protocol (docs/serial-agent.md).
import { SerialPort } from "serialport";
import { SimBoard, type SimBoardOptions, type Notice } from "./sim-board.js";

export interface ServeOptions extends Omit<SimBoardOptions, "notice" | "onEvent" | "serialOut" | "serialDrained"> {
  /** The serial device; none runs the board without a link (the plain simulator on its store). */
  path?: string;
  baudRate?: number;
  /** Everything the board reports, for its own stdout: notices and firmware events. */
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
  const port = o.path ? await openPort(o.path, o.baudRate ?? 115200) : null;
  const board = new SimBoard({
    ...o,
    notice: (n: Notice) => o.report(n),
    onEvent: (e) => o.report(e),
    serialOut: port ? (octets) => void port.write(octets) : undefined,
    serialDrained: port ? () => new Promise<void>((resolve) => port.drain(() => resolve())) : undefined,
  });
  port?.on("data", (octets: Buffer) => board.serial(octets));
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
