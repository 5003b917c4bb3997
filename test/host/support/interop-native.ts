// The native board (boards/native-linux, built by host/tools/build-native.ts)
// as a door station for the tests: a child process speaking the JSON lines of
// `intercom sim` on stdout (with --trace, every datagram too) and its
// commands on stdin. Its configuration is the binary block, written by the
// host's encoder with the localPort the board will listen on.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createInterface } from "node:readline";
import path from "node:path";
import { Key, type IntercomEvent } from "../../../host/intercom.js";
import { eventFromJson } from "../../../host/sim/events.js";
import type { Address } from "../../../host/sip-engine.js";
import { blockOf } from "../../../host/tools/config-block.js";
import { buildNative } from "../../../host/tools/build-native.js";
import { missingTool } from "./tools.js";
import { freePort } from "./interop.js";

export { eventFromJson };


/** Why the native board cannot run here (a skip reason), or null; builds it when needed (a build failure throws). */
export function nativeSkip(): string | null {
  const missing = missingTool("wasm2c", "wabt") ?? missingTool("cc", "gcc");
  if (missing) return missing;
  buildNative();
  return null;
}

/** The command line for a key code (host/intercom.ts Key): call buttons and hang-up are presses, keypad keys their ASCII. */
export function keyCommand(code: number): string {
  if (code === Key.hangup) return "hangup";
  if (code >= Key.button(0) && code <= Key.button(7)) return `button ${code - Key.button(0)}`;
  return `key ${String.fromCharCode(code)}`;
}

export interface NativeOptions {
  config: unknown;
  /** The board's retained record file (--state); default: beside the block in the station's own directory. */
  state?: string;
  onEvent?: (e: IntercomEvent, t: number) => void;
  onSend?: (to: Address, data: Buffer, t: number) => void;
  onReceive?: (from: Address, data: Buffer, t: number) => void;
  /** The board's audio options as on its command line (--mic SPEC, --speaker FILE.wav). */
  audioArgs?: readonly string[];
  /** Every stdout line, parsed (listening, errors, traps included). */
  onLine?: (j: Record<string, unknown>) => void;
  /** The address the board binds and announces (--host; "::1" for IPv6, interop-ipv6.test.ts); default: its own choice (loopback towards a registrar there). */
  host?: string;
  /** The DNS server its resolver asks (--dns HOST:PORT, boards/native-linux/resolve.c); default: /etc/resolv.conf's first. */
  dnsServer?: string;
}

/** The native board as a running process; its clock is the board's (the "t" of its lines). */
export class NativeStation {
  readonly lines: Record<string, unknown>[] = [];
  stderr = "";
  /** close() or shutdown() was called. */
  private stopped = false;
  private constructor(private proc: ChildProcess, readonly wire: { address: Address }, private dir: string, private clockAt: { wall: number; t: number }) {}

  /** Starts the board on a free port of 127.0.0.1 or o.host (another free port when that one was taken meanwhile). */
  static async start(o: NativeOptions): Promise<NativeStation> {
    let last = "";
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const started = await NativeStation.tryStart(o, port);
      if (started instanceof NativeStation) return started;
      last = started;
      if (!/cannot bind/.test(started)) break;
    }
    throw new Error(`the native board did not start: ${last}`);
  }

  private static async tryStart(o: NativeOptions, port: number): Promise<NativeStation | string> {
    const dir = mkdtempSync(path.join(tmpdir(), "intercom-native-"));
    const block = path.join(dir, "config.bin");
    writeFileSync(block, blockOf(o.config, port));
    const { binary } = buildNative();
    const state = o.state ? ["--state", o.state] : [];
    const host = o.host ? ["--host", o.host] : [];
    const dns = o.dnsServer ? ["--dns", o.dnsServer] : [];
    const proc = spawn(binary, ["--config-block", block, ...state, ...host, ...dns, ...(o.audioArgs ?? []), "--trace"], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    proc.stderr!.on("data", (d) => (stderr += d));
    const clockAt = { wall: Date.now(), t: 0 };
    let station: NativeStation | undefined;
    const early: Record<string, unknown>[] = [];
    const handle = (j: Record<string, unknown>) => {
      const t = Number(j.t);
      const peer = { host: String(j.host), port: Number(j.port) };
      if (j.event === "datagram") {
        const data = Buffer.from(String(j.data), "latin1");
        if (j.dir === "out") o.onSend?.(peer, data, t);
        else o.onReceive?.(peer, data, t);
        return;
      }
      const e = eventFromJson(j);
      if (e) o.onEvent?.(e, t);
    };
    const listening = new Promise<Address | string>((resolve) => {
      proc.on("exit", (code) => resolve(`exit ${code}: ${stderr.trim()}`));
      createInterface({ input: proc.stdout! }).on("line", (text) => {
        let j: Record<string, unknown>;
        try {
          j = JSON.parse(text);
        } catch {
          j = { event: "not-json", text };
        }
        (station ? station.lines : early).push(j);
        o.onLine?.(j);
        if (j.event === "listening") {
          clockAt.wall = Date.now();
          clockAt.t = Number(j.t);
          resolve({ host: String(j.host), port: Number(j.port) });
        }
        handle(j);
      });
    });
    const address = await listening;
    if (typeof address === "string") {
      rmSync(dir, { recursive: true, force: true });
      return address;
    }
    // A write after the board ended (EPIPE) is not an error of the test: its exit says what happened.
    proc.stdin!.on("error", () => {});
    station = new NativeStation(proc, { address }, dir, clockAt);
    station.lines.push(...early);
    proc.stderr!.on("data", (d) => (station!.stderr += d));
    station.stderr = stderr;
    return station;
  }

  /** The board's clock now (ms since it started), from the wall clock at its "listening" line. */
  now(): number {
    return Date.now() - this.clockAt.wall + this.clockAt.t;
  }

  /** A press: call buttons and the hang-up key are released 60 ms later by the board; keypad keys act on press. */
  press(code: number): void {
    this.command(keyCommand(code));
  }

  input(input: number, level: number): void {
    this.command(`input ${input} ${level}`);
  }

  /** The firmware's transaction table and dropped requests: the `stats` command and the line it answers with. */
  async stats(ms = 5000): Promise<{ transactions: number; dropped: number }> {
    const from = this.lines.length;
    this.command("stats");
    const end = Date.now() + ms;
    for (;;) {
      const j = this.lines.slice(from).find((l) => typeof l.stats === "object" && l.stats !== null);
      if (j) return j.stats as { transactions: number; dropped: number };
      if (Date.now() > end || this.ended()) throw new Error(`the native board did not answer "stats" in ${ms} ms: ${this.stderr.trim()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  command(line: string): void {
    if (this.proc.exitCode === null) this.proc.stdin!.write(`${line}\n`);
  }

  close(): void {
    this.stopped = true;
    if (!this.ended()) this.proc.kill("SIGTERM");
    rmSync(this.dir, { recursive: true, force: true });
  }

  private ended(): boolean {
    return this.proc.exitCode !== null || this.proc.signalCode !== null;
  }

  /**
   * A clean stop: `quit` on stdin. The board runs the firmware's
   * boardShutdown, waits up to 1 s while boardShutdownPending says its
   * last words are unanswered (main.c shut_down) and exits 0; this waits for that and for its last
   * lines (stdout closed). Rejects, with its stderr, when it had already
   * ended, ends otherwise, or is still running after `ms`. close() after it does nothing.
   */
  async shutdown(ms = 5000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      if (this.ended()) throw new Error(`the native board had already ended (${this.proc.signalCode ?? `exit ${this.proc.exitCode}`}): ${this.stderr.trim()}`);
      const closed = new Promise<string>((r) => this.proc.once("close", (code, signal) => r(signal ?? `exit ${code}`)));
      this.command("quit");
      this.proc.stdin!.end();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((r) => (timer = setTimeout(() => r(`still running ${ms} ms after quit`), ms)));
      const how = await Promise.race([closed, late]);
      clearTimeout(timer);
      if (!this.ended()) this.proc.kill("SIGKILL");
      if (how !== "exit 0") throw new Error(`the native board did not stop cleanly on quit (${how}): ${this.stderr.trim()}`);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** Waits for the process to end after close(); its exit code. */
  exited(): Promise<number | null> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return Promise.resolve(this.proc.exitCode);
    return new Promise((r) => this.proc.on("exit", (code) => r(code)));
  }
}
