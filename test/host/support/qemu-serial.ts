// The Cortex-M4 under QEMU with its provisioning UART (board ABI 4,
// docs/serial-agent.md): the boot stage and the slots of a BoardState
// (support/qemu-boot.ts), UART0 live on stdio (port.c's records) and UART1 a
// pseudo-terminal (`-serial pty`) opened with serialport and framed by
// host/serial/frame-port.ts. This driver is the board's clock: each time the
// boot stage starts an image it sends the 'B' record, then a 'T' record every
// TICK_MS, one at a time (the next waits for its "end"), so a trial image
// confirms itself after 1 s (boot/confirm.h). Before a request that reboots
// the board, quiet() stops the ticks, so no record is left half-read in
// QEMU's input across the reset.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { SerialPort } from "serialport";
import { QEMU_MACHINE } from "../../../host/tools/qemu-build.js";
import { Rec } from "../../../host/tools/qemu-records.js";
import { FramePort } from "../../../host/serial/frame-port.js";
import { Cmd, Kind, type Frame } from "../../../host/serial/frame.js";
import { builtImages, type BoardState } from "./qemu-boot.js";

const TICK_MS = 100;
/** A request unanswered this long is sent again (QEMU notices a newly opened pty within a second). */
const RETRY_MS = 1500;
const TRIES = 8;

export class QemuSerialBoard {
  /** Every line QEMU wrote on stdout (UART0: the boot stage's lines, the image's trace). */
  readonly lines: string[] = [];
  private stderr = "";
  private readonly t0 = Date.now();
  private ticking = false;
  private inFlight: Promise<void> | null = null;
  private recordDone: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private waiters: { re: RegExp; from: number; done: (line: string) => void }[] = [];
  private responses: ((f: Frame) => void)[] = [];
  private port!: SerialPort;
  private frames!: FramePort;
  /** UART1's pseudo-terminal (QEMU names a new one at each start). */
  pty = "";
  /**
   * With the pty left to another program, no tick may be sent while a request that may reboot the board is
   * on its way (quiet()'s rule, kept by whoever relays UART1): a tick waits while this says false.
   */
  clockGate: () => boolean = () => true;
  private readonly exit: Promise<number | null>;

  /** `ticks` false: only the 'B' record, no clock (a trial image then never confirms itself). */
  private constructor(private readonly proc: ChildProcess, private readonly ticks: boolean) {
    this.exit = new Promise((r) => proc.on("exit", (code) => r(code)));
    proc.stderr!.on("data", (d) => { this.stderr += d; });
    proc.stdin!.on("error", () => {}); // a write after QEMU ended: its exit says why
    createInterface({ input: proc.stdout! }).on("line", (line) => this.line(line));
  }

  /**
   * QEMU on the boot stage in the state's directory, its UART1 on a pty opened here (`open` false: left to
   * another program, e.g. the CLI behind a line; request() then has no port).
   */
  static async start(state: BoardState, o: { ticks?: boolean; open?: boolean } = {}): Promise<QemuSerialBoard> {
    const proc = spawn("qemu-system-arm", [...QEMU_MACHINE, "-monitor", "none", "-serial", "stdio", "-serial", "pty", "-kernel", builtImages().boot],
      { cwd: state.dir, stdio: ["pipe", "pipe", "pipe"] });
    const board = new QemuSerialBoard(proc, o.ticks ?? true);
    try {
      // QEMU names the pty on stdout or stderr depending on its version.
      const named = await board.waitFor(/char device redirected to (\/dev\/pts\/\d+) \(label serial1\)/, 0, 10_000, true);
      const pty = (board.pty = /(\/dev\/pts\/\d+)/.exec(named)![1]);
      if (o.open === false) return board;
      board.port = await new Promise<SerialPort>((ok, no) => {
        const p = new SerialPort({ path: pty, baudRate: 115200, autoOpen: false });
        p.open((err) => (err ? no(err) : ok(p)));
      });
      board.frames = new FramePort(board.port);
      board.frames.on("frame", (f) => {
        if (f.kind === Kind.Response) board.responses.forEach((r) => r(f));
      });
    } catch (err) {
      board.kill();
      throw err;
    }
    return board;
  }

  now(): number {
    return Date.now() - this.t0;
  }

  private line(line: string): void {
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => {
      if (!w.re.test(line)) return true;
      w.done(line);
      return false;
    });
    if (line.startsWith("end ") || line === "reboot") {
      this.recordDone?.();
      this.recordDone = null;
    }
    if (line === "reboot") this.ticking = false;
    if (/^boot: slot [AB]: starting version /.test(line)) void this.booted();
  }

  /** The image started: intercom_boot, then the clock. */
  private async booted(): Promise<void> {
    await this.record(Rec.boot(this.now(), "192.0.2.10"));
    this.ticking = this.ticks;
    this.tick();
  }

  private tick(): void {
    clearTimeout(this.timer);
    if (!this.ticking) return;
    this.timer = setTimeout(() => {
      if (!this.ticking) return;
      if (!this.clockGate()) return this.tick();
      void this.record(Rec.tick(this.now())).then(() => this.tick());
    }, TICK_MS);
  }

  /** One record, answered by its "end" line (or a "reboot", or QEMU's end). */
  private record(r: Buffer): Promise<void> {
    const run = new Promise<void>((done) => {
      this.recordDone = done;
      void this.exit.then(() => done());
      this.proc.stdin!.write(r);
    });
    this.inFlight = run.then(() => { this.inFlight = null; });
    return this.inFlight;
  }

  /** Resolves once no record is in flight (at once when none is). */
  async settled(): Promise<void> {
    await this.inFlight;
  }

  /** The ticks stop, and the record in flight is answered: QEMU's input is empty. */
  async quiet(): Promise<void> {
    this.ticking = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /**
   * The first line matching re from line index `from` on (already there, or within ms); with `stderr`, QEMU's
   * stderr counts too.
   */
  waitFor(re: RegExp, from: number, ms: number, stderr = false): Promise<string> {
    const seen = this.lines.slice(from).find((l) => re.test(l)) ?? (stderr ? this.stderr.split("\n").find((l) => re.test(l)) : undefined);
    if (seen) return Promise.resolve(seen);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no line ${re} within ${ms} ms; stdout: ${this.lines.slice(-6).join(" | ")}; stderr: ${this.stderr.trim()}`)), ms);
      const errPoll = stderr ? setInterval(() => {
        const l = this.stderr.split("\n").find((x) => re.test(x));
        if (l) { clearInterval(errPoll); clearTimeout(timer); done(l); }
      }, 20) : undefined;
      this.waiters.push({ re, from, done: (l) => { clearTimeout(timer); clearInterval(errPoll); done(l); } });
    });
  }

  /** A request and its response (same sequence and command), sent again after a NAK or a silence. */
  async request(cmd: number, payload: Buffer = Buffer.alloc(0)): Promise<Frame> {
    const seq = (this.seq = (this.seq + 1) & 0xff);
    for (let tries = 0; tries < TRIES; tries++) {
      const answer = new Promise<Frame | null>((done) => {
        const timer = setTimeout(() => finish(null), RETRY_MS);
        const listen = (f: Frame) => {
          if (f.cmd === Cmd.Nak) finish(null);
          else if (f.seq === seq && f.cmd === cmd) finish(f);
        };
        const finish = (f: Frame | null) => {
          clearTimeout(timer);
          this.responses = this.responses.filter((r) => r !== listen);
          done(f);
        };
        this.responses.push(listen);
      });
      this.frames.send({ kind: Kind.Request, seq, cmd, status: 0, payload });
      const f = await answer;
      if (f) return f;
    }
    throw new Error(`no response to command 0x${cmd.toString(16)} after ${TRIES} tries; stdout: ${this.lines.slice(-6).join(" | ")}; stderr: ${this.stderr.trim()}`);
  }

  /** QEMU killed at once (a power cut), the pty closed. */
  kill(): Promise<number | null> {
    this.ticking = false;
    clearTimeout(this.timer);
    this.proc.kill("SIGKILL");
    if (this.port?.isOpen) this.port.close();
    return this.exit;
  }
}
