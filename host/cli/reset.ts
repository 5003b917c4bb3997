// The reset line of a board definition (boards/*.json resetLines), pulsed
// before connecting when asked (--reset BOARD). It is only ever an option:
// a board without the lines, or a port without modem control (a
// pseudo-terminal), gets a warning and the command goes on.
import { SerialPort } from "serialport";
import { loadBoard } from "../boards.js";
import { openError } from "../serial/client.js";
import { CliFailure, Exit, type LinkOpts } from "./common.js";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setLines(port: SerialPort, lines: { dtr?: boolean; rts?: boolean }): Promise<void> {
  return new Promise((resolve, reject) => port.set(lines, (err) => (err ? reject(err) : resolve())));
}

/** Pulses the reset line of `boardName` on `path`; returns what happened, as one line. */
export async function resetBoard(path: string, boardName: string, o: LinkOpts): Promise<string> {
  let board;
  try {
    board = loadBoard(boardName);
  } catch (err) {
    throw new CliFailure(`--reset: ${(err as Error).message}`, Exit.Usage);
  }
  const lines = board.resetLines;
  if (!lines) return `Board ${board.name} has no reset lines: not reset.`;
  const port = new SerialPort({ path, baudRate: o.baud, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    throw new CliFailure(openError(path, err as Error).message, Exit.Port);
  }
  const key = lines.reset.toLowerCase() as "dtr" | "rts";
  try {
    await setLines(port, { [key]: true });
    await pause(100);
    await setLines(port, { [key]: false });
    await pause(200);
    return `Reset ${board.name} through ${lines.reset}.`;
  } catch (err) {
    return `Warning: cannot drive ${lines.reset} on ${path} (${(err as Error).message}; a pseudo-terminal has no modem lines): not reset.`;
  } finally {
    await new Promise<void>((r) => port.close(() => r()));
  }
}
