// A simulated board for the serial tests: `intercom sim --serial` on one end
// of a socat pair, its store in a temporary directory, its stdout read as
// JSON events; and the CLI run as a child process (never spawnSync: the
// faulty line lives in the test's own event loop).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { ptyPair, type PtyPair } from "./serial-line.js";

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../host/cli.js");

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `intercom-${prefix}-`));
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `intercom ARGS` and collects its output. */
export function cli(args: string[], input?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    if (input !== undefined) child.stdin.end(input);
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The one JSON object a --json command printed. */
export function jsonOf(r: CliRun): Record<string, unknown> {
  const line = r.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}${r.stderr}`);
  }
}

export class SimBoardProcess {
  events: Record<string, unknown>[] = [];
  out = "";
  private child!: ChildProcess;

  constructor(readonly serial: string, readonly state: string, private readonly extra: string[] = []) {}

  /** Starts the board and waits until it booted and opened its port. */
  async start(): Promise<this> {
    this.events = [];
    this.out = "";
    this.child = spawn(process.execPath, [CLI, "sim", "--serial", this.serial, "--state", this.state, "--port", "0", ...this.extra], { stdio: ["pipe", "pipe", "pipe"] });
    let lines = ""; // stdout alone: one JSON event per line (stderr's warnings, e.g. a taken RTP port, go only to out)
    this.child.stdout!.on("data", (d) => {
      this.out += d;
      lines += d;
      this.events = lines.split("\n").filter(Boolean).map((l) => JSON.parse(l));
    });
    this.child.stderr!.on("data", (d) => (this.out += d));
    await this.waitFor((e) => e.event === "serial", 15000);
    return this;
  }

  /** Waits for an event matching pred (among all so far); throws with the output after ms. */
  async waitFor(pred: (e: Record<string, unknown>) => boolean, ms = 10000): Promise<Record<string, unknown>> {
    for (const until = Date.now() + ms; Date.now() < until;) {
      const hit = this.events.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`board: no such event within ${ms} ms; output:\n${this.out}`);
  }

  command(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /** Stops the process: by default as a power cut would (no chance to tidy up); a board that ignores SIGTERM is killed after 3 s. */
  kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((r) => {
      const stuck = setTimeout(() => this.child.kill("SIGKILL"), 3000);
      this.child.once("exit", () => {
        clearTimeout(stuck);
        r();
      });
      this.child.kill(signal);
    });
  }
}

export interface Bench {
  /** The port the CLI opens. */
  port: string;
  board: SimBoardProcess;
  close(): Promise<void>;
}

/** A board on a plain pty pair: the CLI on one end, `intercom sim --serial` on the other. */
export async function directBench(name: string, extra: string[] = []): Promise<Bench> {
  const dir = tempDir(name);
  const pair: PtyPair = await ptyPair(dir, "line");
  const board = await new SimBoardProcess(pair.b, path.join(dir, "state"), extra).start();
  return {
    port: pair.a,
    board,
    close: async () => {
      await board.kill("SIGTERM");
      pair.close();
    },
  };
}
