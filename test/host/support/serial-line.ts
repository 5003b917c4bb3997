// Serial lines for the tests: socat pseudo-terminal pairs, and a faulty line
// between two pairs that corrupts, drops or cuts bytes in flight (both ends
// opened with serialport, as the CLI and the simulated board open theirs),
// paced, if asked, at a baud rate in each direction.
//   host (CLI) <-> pty pair 1 <-> FaultyLine <-> pty pair 2 <-> board (intercom sim)
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { SerialPort } from "serialport";
import { mulberry32 } from "./lossy-relay.js";

export interface PtyPair {
  /** The two device paths (symlinks socat made). */
  a: string;
  b: string;
  close(): void;
}

/** A socat pseudo-terminal pair: what is written on one end is read on the other. */
export async function ptyPair(dir: string, name: string): Promise<PtyPair> {
  const a = path.join(dir, `${name}-a`), b = path.join(dir, `${name}-b`);
  const socat: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: "ignore" });
  for (let i = 0; i < 100 && !(existsSync(a) && existsSync(b)); i++) await new Promise((r) => setTimeout(r, 20));
  if (!existsSync(a) || !existsSync(b)) throw new Error("socat made no pseudo-terminals");
  return { a, b, close: () => socat.kill() };
}

function open(p: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path: p, baudRate: 115200, autoOpen: false });
    // An end whose board died (QEMU killed: its pty gone) fails its reads; the line then carries nothing that way.
    port.on("error", () => {});
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}

export interface Faults {
  /** Chance per byte that one bit of it flips. */
  corrupt: number;
  /** Chance per byte that it is lost. */
  drop: number;
  seed: number;
  /** Paces each direction at this line rate, 8N1 (10 bits an octet); none: as fast as the ptys go. */
  baud?: number;
}

export interface LineCounts {
  passed: number;
  corrupted: number;
  dropped: number;
}

/** Forwards bytes between two ports, damaging them on the way; cut() stops all traffic until mend(). */
export class FaultyLine {
  readonly counts: LineCounts = { passed: 0, corrupted: 0, dropped: 0 };
  /** Every octet the right end (the board) sent, as sent: what a scan of the board's answers reads. */
  readonly fromRight: Buffer[] = [];
  /** When octets last went right (toward the board) and came from the right (Date.now()). */
  lastToRight = 0;
  lastFromRight = 0;
  /** Waited on before octets go right (e.g. a board's clock record in flight); they keep their order. */
  holdRight: (() => Promise<void>) | null = null;
  private rightQueue = Promise.resolve();
  private cutAfter = Infinity;
  private random: () => number;
  /** Per direction, octets on the wire: each chunk is written when its last octet would have arrived. */
  private readonly wire = new Map<SerialPort, { queue: { at: number; data: Buffer }[]; free: number; timer?: NodeJS.Timeout }>();

  private constructor(private readonly left: SerialPort, private right: SerialPort, public faults: Faults) {
    this.random = mulberry32(faults.seed);
    left.on("data", (d: Buffer) => {
      this.rightQueue = this.rightQueue.then(async () => {
        await this.holdRight?.();
        this.lastToRight = Date.now();
        this.forward(d, this.right);
      });
    });
    right.on("data", (d: Buffer) => this.forward(d, left));
  }

  /** Joins the inner ends of two pty pairs. */
  static async join(left: string, right: string, faults: Faults = { corrupt: 0, drop: 0, seed: 1 }): Promise<FaultyLine> {
    return new FaultyLine(await open(left), await open(right), faults);
  }

  /** The right end moved (a board restarted on a new pty, as QEMU's): the line goes on to `right`, its faults and counts kept. */
  async reconnect(right: string): Promise<void> {
    const old = this.right;
    await new Promise<void>((r) => (old.isOpen ? old.close(() => r()) : r()));
    this.right = await open(right);
    this.right.on("data", (d: Buffer) => this.forward(d, this.left));
  }

  /** The line goes dead once `bytes` more bytes have passed (0: now). */
  cut(bytes = 0): void {
    this.cutAfter = this.counts.passed + bytes;
  }

  mend(): void {
    this.cutAfter = Infinity;
  }

  get isCut(): boolean {
    return this.counts.passed >= this.cutAfter;
  }

  private forward(data: Buffer, to: SerialPort): void {
    if (to === this.left) {
      this.fromRight.push(data);
      this.lastFromRight = Date.now();
    }
    const out: number[] = [];
    for (const byte of data) {
      if (this.isCut) break;
      if (this.random() < this.faults.drop) {
        this.counts.dropped++;
        continue;
      }
      let b = byte;
      if (this.random() < this.faults.corrupt) {
        b ^= 1 << Math.floor(this.random() * 8);
        this.counts.corrupted++;
      }
      out.push(b);
      this.counts.passed++;
    }
    if (out.length && to.isOpen) this.send(Buffer.from(out), to);
  }

  private send(data: Buffer, to: SerialPort): void {
    const baud = this.faults.baud;
    if (!baud) {
      to.write(data);
      return;
    }
    let w = this.wire.get(to);
    if (!w) this.wire.set(to, (w = { queue: [], free: 0 }));
    w.free = Math.max(performance.now(), w.free) + (data.length * 10 * 1000) / baud;
    w.queue.push({ at: w.free, data });
    if (!w.timer) this.drain(to);
  }

  /** Writes the chunks whose time has come, in order, and waits for the next one. */
  private drain(to: SerialPort): void {
    const w = this.wire.get(to)!;
    w.timer = undefined;
    const now = performance.now();
    while (w.queue.length && w.queue[0].at <= now) {
      const data = w.queue.shift()!.data;
      if (to.isOpen) to.write(data); // a board's old pty, closed by reconnect(): its octets are lost, as on a cut line
    }
    if (w.queue.length) w.timer = setTimeout(() => this.drain(to), w.queue[0].at - now);
  }

  close(): Promise<void> {
    for (const w of this.wire.values()) clearTimeout(w.timer);
    const shut = (p: SerialPort) => new Promise<void>((r) => (p.isOpen ? p.close(() => r()) : r()));
    return Promise.all([shut(this.left), shut(this.right)]).then(() => undefined);
  }
}
