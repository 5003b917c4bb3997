// What every serial command shares: exit codes, the link options, opening a
// board and turning failures into one message and one exit code.
import { InvalidArgumentError, type Command } from "commander";
import { Client, PortError } from "../serial/client.js";
import { BoardRefused, LinkDown } from "../serial/link.js";

/** Exit codes (docs/serial-protocol.md, "The CLI"). */
export const Exit = { Ok: 0, Refused: 1, Usage: 2, Port: 3, Link: 4, Interrupted: 130 } as const;

export interface LinkOpts {
  baud: number;
  timeout: number;
  json?: boolean;
}

/** A failure with its exit code; `field` names the configuration field at fault. */
export class CliFailure extends Error {
  constructor(message: string, readonly code: number, readonly field?: string) {
    super(message);
  }
}

export function integer(name: string, min: number, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer ${min}..${max}`);
    return n;
  };
}

/** Adds --baud, --timeout and --json to a command that talks to a board. */
export function linkOptions(cmd: Command): Command {
  return cmd
    .option("--baud <rate>", "serial speed (a pseudo-terminal ignores it)", integer("--baud", 300, 4_000_000), 115200)
    .option("--timeout <ms>", "wait this long for each answer before retrying (10 retries)", integer("--timeout", 20, 60_000), 300)
    .option("--json", "print one JSON object (one per line for monitor) for scripts");
}

/** Runs fn with a greeted board on `path`; closes the port whatever happens. */
export async function withBoard<T>(path: string, o: LinkOpts, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await Client.open(path, { baudRate: o.baud, timeoutMs: o.timeout });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

/** The exit code and message of any failure of a serial command. */
export function failure(err: unknown): CliFailure {
  if (err instanceof CliFailure) return err;
  if (err instanceof PortError) return new CliFailure(err.message, Exit.Port);
  if (err instanceof LinkDown) return new CliFailure(`link lost: ${err.message}; check the cable and that the board is powered, then try again`, Exit.Link);
  if (err instanceof BoardRefused) return new CliFailure(`the board refused: ${err.message}`, Exit.Refused, err.field);
  return new CliFailure((err as Error).message, Exit.Refused);
}

/** Prints a result: JSON for --json, else the text lines. */
export function print(o: { json?: boolean }, result: Record<string, unknown>, text: () => string): void {
  if (o.json) console.log(JSON.stringify({ ok: true, ...result }));
  else console.log(text());
}

/** Wraps a command's action: failures print once (JSON too with --json) and set the exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const cmd = args[args.length - 1] as Command;
      report(failure(err), cmd.opts?.().json === true);
    }
  };
}

/** Prints a failure once on stderr (and as JSON on stdout for --json) and sets the exit code. */
export function report(f: CliFailure, json: boolean, extra: Record<string, unknown> = {}): void {
  if (json) console.log(JSON.stringify({ ok: false, error: f.message, exit: f.code, ...(f.field ? { field: f.field } : {}), ...extra }));
  console.error(f.message);
  process.exitCode = f.code;
}
