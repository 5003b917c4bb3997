// The Cortex-M4 build as a door station for the interop tests: the image of
// host/tools/qemu-build.ts under qemu-system-arm (MPS2 AN386), its records
// taken live over UART0 (QEMU's -serial stdio; boards/cortex-m/qemu-mps2-an386/
// port.c). This bridge owns the station's UDP socket and its clock: each
// datagram that arrives becomes a 'D' record, each "send" line of the trace a
// datagram sent, and the one timer the firmware asks for (intercom_next_deadline)
// a 'T' record when it is due. One record at a time, in order. The voice path
// too (board ABI 3): the bridge binds the RTP/RTCP pair the station asks for
// ('E'; a taken one is replaced by a free pair, 'F'), each media datagram
// becomes an 'R' record, each "media" line a datagram sent from its socket,
// and while the station's `media` event says audio is on, an 'A' record of
// silence goes every 20 ms (the board's audio clock).
import { spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createInterface } from "node:readline";
import path from "node:path";
import { Key } from "../../../host/intercom.js";
import type { Address } from "../../../host/sip-engine.js";
import { blockOf } from "../../../host/tools/config-block.js";
import { QEMU_MACHINE, buildQemuImage } from "../../../host/tools/qemu-build.js";
import { Rec } from "../../../host/tools/qemu-records.js";
import { Ev } from "../../../host/vocabulary.js";
import type { DoorControl, DoorOptions } from "./interop-station.js";
import { missingTool } from "./tools.js";

let image: string | null = null;

/** How long a record may wait for its answer ("end" or "trap") before the station counts as hung. */
const RECORD_LIMIT_MS = 15_000;

/** Why the Cortex-M4 station cannot run here (a skip reason), or null; builds its image when needed. */
export function qemuSkip(): string | null {
  const missing = missingTool("qemu-system-arm", "qemu-system-arm") ?? missingTool("arm-none-eabi-gcc", "gcc-arm-none-eabi") ?? missingTool("wasm2c", "wabt");
  if (missing) return missing;
  image ??= buildQemuImage();
  return null;
}


export class QemuStation implements DoorControl {
  readonly trace: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: { lines: string[]; done: (lines: string[]) => void; fail: (e: Error) => void } | null = null;
  /** What QEMU printed on stderr (its reason when it ends early). */
  private stderr = "";
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly t0 = Date.now();
  private exit: Promise<number | null>;
  /** The RTP and RTCP sockets (channels 0 and 1), once bound. */
  private media: dgram.Socket[] = [];
  private audioClock: NodeJS.Timeout | undefined;

  private constructor(private proc: ChildProcess, private sock: dgram.Socket, readonly wire: { address: Address }, private dir: string, private o: DoorOptions) {
    this.exit = new Promise((r) => proc.on("exit", (code) => r(code)));
    proc.stderr!.on("data", (d) => { this.stderr += d; });
    // A record waiting for its answer when QEMU ends gets an error, not an endless wait.
    proc.on("close", (code, signal) => {
      const w = this.waiting;
      this.waiting = null;
      if (this.stopped) w?.done([]);
      else w?.fail(new Error(`qemu-system-arm ended (${signal ?? `exit ${code}`}) before answering a record: ${this.stderr.trim() || this.trace.slice(-3).join(" | ")}`));
    });
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      this.trace.push(line);
      if (!this.waiting) return;
      this.waiting.lines.push(line);
      if (line.startsWith("end ") || line.startsWith("trap ")) {
        const w = this.waiting;
        this.waiting = null;
        w.done(w.lines);
      }
    });
    // A write after QEMU ended (EPIPE) is not an error of the test: its exit says what happened.
    proc.stdin!.on("error", () => {});
    sock.on("message", (data, from) => {
      const peer = { host: from.address, port: from.port };
      this.o.onReceive?.(peer, data, this.now());
      this.call(() => Rec.datagram(this.now(), peer, data));
    });
  }

  /** Starts the Cortex-M4 station on a free port of 127.0.0.1 with the block of `o.config`. */
  static async start(o: DoorOptions): Promise<QemuStation> {
    const elf = image ?? buildQemuImage();
    const sock = dgram.createSocket("udp4");
    await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
    const address = { host: "127.0.0.1", port: sock.address().port };
    const dir = mkdtempSync(path.join(tmpdir(), "intercom-qemu-"));
    writeFileSync(path.join(dir, "config.bin"), blockOf(o.config, address.port));
    const proc = spawn("qemu-system-arm", [...QEMU_MACHINE, "-monitor", "none", "-serial", "stdio", "-kernel", elf], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    const station = new QemuStation(proc, sock, { address }, dir, o);
    try {
      await station.call(() => Rec.boot(station.now(), address.host));
      await station.bindMedia();
    } catch (err) {
      station.close(); // no QEMU, socket or folder outlives a failed start
      throw err;
    }
    return station;
  }

  /** The RTP/RTCP pair the station asks for (intercom_media_port), or a free even pair it is told of. */
  private async bindMedia(): Promise<void> {
    const [answer] = await this.ask(() => Rec.mediaPort(this.now()));
    const wanted = Number(answer?.split(" ")[1] ?? 0);
    const bindPair = async (port: number): Promise<dgram.Socket[] | null> => {
      const pair = [dgram.createSocket("udp4"), dgram.createSocket("udp4")];
      try {
        for (const [i, s] of pair.entries()) {
          await new Promise<void>((ok, no) => { s.once("error", no); s.bind(port + i, "127.0.0.1", () => ok()); });
        }
        return pair;
      } catch {
        for (const s of pair) s.close();
        return null;
      }
    };
    let pair = wanted > 0 ? await bindPair(wanted) : null;
    for (let tries = 0; !pair && tries < 20; tries++) pair = await bindPair(20000 + 2 * Math.floor(Math.random() * 20000));
    if (!pair) throw new Error("no free RTP/RTCP port pair on 127.0.0.1");
    this.media = pair;
    const port = pair[0].address().port;
    if (port !== wanted) await this.ask(() => Rec.setMediaPort(this.now(), port));
    for (const [channel, s] of pair.entries()) {
      s.on("message", (data, from) => this.call(() => Rec.media(this.now(), channel, { host: from.address, port: from.port }, data)));
    }
  }

  /** A record answered in its turn among the others, its lines returned (not carried out). */
  private ask(record: () => Buffer): Promise<string[]> {
    let lines: string[] = [];
    const next = this.queue.then(async () => { lines = await this.send(record()); });
    this.queue = next.catch(() => {});
    return next.then(() => lines);
  }

  /** The station's clock (ms since it started): the `now` of every record. */
  now(): number {
    return Date.now() - this.t0;
  }

  /**
   * A press: keypad keys act on press; call buttons and the hang-up key are
   * released 100 ms after the firmware took the press. Records wait their turn
   * behind the UART's traffic: a release timed from the moment the press was
   * queued could reach the firmware before its 30 ms debounce had settled the
   * press, and the press would be lost.
   */
  press(code: number): void {
    const key = (down: boolean) => this.call(() => Rec.key(this.now(), code, down));
    const pressed = key(true);
    if (code >= Key.button(0)) void pressed.then(() => setTimeout(() => void key(false), 100));
  }

  input(input: number, level: number): void {
    this.call(() => Rec.input(this.now(), input, level));
  }

  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.audioClock);
    this.proc.kill("SIGKILL");
    this.sock.close();
    for (const m of this.media) m.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * A clean stop, as the native board's shut_down does it: intercom_shutdown,
   * then up to 1 s while intercom_shutdown_pending says its last words are
   * unanswered (datagrams and the timer keep running meanwhile), then the end
   * of the run (QEMU exits 0).
   */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    await this.call(() => Rec.shutdown(this.now()));
    const until = Date.now() + 1000;
    while ((await this.pending()) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.audioClock);
    await this.call(() => Rec.quit(this.now()), true);
    // QEMU ends the run on the quit record; one that has not within the record limit is stopped.
    const late = setTimeout(() => this.proc.kill("SIGKILL"), RECORD_LIMIT_MS);
    const code = await this.exit;
    clearTimeout(late);
    this.sock.close();
    for (const m of this.media) m.close();
    rmSync(this.dir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`the Cortex-M4 station did not stop cleanly (exit ${code}): ${this.trace.slice(-3).join(" | ")}`);
  }

  /**
   * Queues a record (built when its turn comes, so its `now` is current),
   * carries out what the firmware did in it, then asks for the next deadline.
   */
  private call(record: () => Buffer, last = false): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null || (this.stopped && !last)) return;
      const lines = await this.send(record());
      if (last) return;
      this.carryOut(lines);
      const [deadline] = await this.send(Rec.deadline(this.now()));
      this.schedule(Number(deadline.split(" ")[1]));
    };
    const next = this.queue.then(run);
    this.queue = next.catch(() => {});
    return next;
  }

  /** intercom_shutdown_pending, asked in its turn among the records. */
  private async pending(): Promise<boolean> {
    let answer = false;
    const ask = async (): Promise<void> => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
      answer = (await this.send(Rec.pending(this.now()))).includes("pending 1");
    };
    const next = this.queue.then(ask);
    this.queue = next.catch(() => {});
    await next;
    return answer;
  }

  private send(record: Buffer): Promise<string[]> {
    return new Promise((done, fail) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
        fail(new Error(`qemu-system-arm has ended: ${this.stderr.trim()}`));
        return;
      }
      if (record[0] === 0x51 /* Q */) {
        this.proc.stdin!.write(record);
        done([]);
        return;
      }
      // A record is answered within milliseconds; a station silent for 15 s has hung, and the test says so.
      const silent = setTimeout(() => {
        this.waiting = null;
        fail(new Error(`the Cortex-M4 station gave no answer in ${RECORD_LIMIT_MS} ms to a '${String.fromCharCode(record[0])}' record: ${this.stderr.trim() || this.trace.slice(-3).join(" | ")}`));
      }, RECORD_LIMIT_MS);
      const settle = <T>(f: (v: T) => void) => (v: T) => { clearTimeout(silent); f(v); };
      this.waiting = { lines: [], done: settle(done), fail: settle(fail) };
      this.proc.stdin!.write(record);
    });
  }

  private carryOut(lines: string[]): void {
    const t = this.now();
    for (const line of lines) {
      const [what, a, b, c] = line.split(" ");
      if (what === "send") {
        const at = a.lastIndexOf(":");
        const to = { host: a.slice(0, at), port: Number(a.slice(at + 1)) };
        const data = Buffer.from(b, "hex");
        this.sock.send(data, to.port, to.host);
        this.o.onSend?.(to, data, t);
      } else if (what === "media") {
        const at = b.lastIndexOf(":");
        this.media[Number(a)]?.send(Buffer.from(c, "hex"), Number(b.slice(at + 1)), b.slice(0, at));
      } else if (what === "event") {
        this.o.onEvent?.({ kind: Number(a), a: Number(b), b: Number(c) }, t);
        if (Number(a) === Ev.Media) this.audio(Number(b) !== 0);
      } else if (what === "trap") {
        throw new Error(`the Cortex-M4 station trapped: ${line}`);
      }
    }
  }

  /** The board's audio clock: a frame of silence every 20 ms while the `media` event says audio is on. */
  private audio(on: boolean): void {
    clearInterval(this.audioClock);
    this.audioClock = undefined;
    const silence = new Int16Array(160);
    // A tick waits behind the records before it; while one waits, the next is skipped rather than queued,
    // so the station's SIP never falls behind a backlog of audio (a board's DMA drops a late frame the same way).
    let waiting = false;
    const tick = () => {
      if (waiting) return;
      waiting = true;
      void this.call(() => Rec.audio(this.now(), silence)).catch(() => {}).finally(() => { waiting = false; });
    };
    if (on && !this.stopped) this.audioClock = setInterval(tick, 20);
  }

  /** The one timer: a tick when the firmware's next deadline is due. */
  private schedule(d: number): void {
    clearTimeout(this.timer);
    if (d < 0 || this.stopped) return;
    this.timer = setTimeout(() => this.call(() => Rec.tick(this.now())), d);
  }
}
