// A door station: the firmware hosted through the board ABI's entry points
// and imports (docs/board-abi.md). Datagrams it sends, outputs it drives and
// lines it logs are collected for the caller (the simulator, the tests).
import { Firmware, MemoryRetained, MEDIA_EXPORTS, SERIAL_EXPORTS, type BoardHost, type MediaExports, type Retained, type SerialExports, type SerialHal, type StreamHal } from "./firmware.js";
import { SERIAL_HAL } from "./board-serial.js";

export type { SerialHal };
import type { Address, Datagram } from "./sip-engine.js";
import { ABI_VERSION, KeyCode } from "./vocabulary.js";
import { decodePeer, encodePeer } from "./address.js";
import { FRAME_SAMPLES } from "./audio/wav.js";

export interface IntercomEvent {
  kind: number;
  a: number;
  b: number;
}

export { Ev, CallState } from "./vocabulary.js";

/** Key codes of boardKey: keypad keys are their ASCII code; call button i is KEY_BUTTON_0 + i; the hang-up key (assembly/board/vocabulary.json). */
export const Key = { button: (i: number) => KeyCode.Button0 + i, hangup: KeyCode.Hangup } as const;

/** Why a host cannot run this module through the board ABI (it exports another abiVersion, or none); null when it can. */
export function abiMismatch(fw: Firmware): string | null {
  const version = typeof fw.exports.abiVersion === "function" ? fw.exports.abiVersion() : null;
  if (version === ABI_VERSION) return null;
  return `the module speaks board ABI ${version ?? "(none: no abiVersion export)"}, this host ABI ${ABI_VERSION}: build the firmware from the same checkout (npm run build) or use a matching image`;
}

/** The module's media exports (board ABI 3, docs/board-abi.md "Audio and media"); a module that lacks one is refused. */
export function mediaExports(fw: Firmware): MediaExports {
  const missing = MEDIA_EXPORTS.filter((name) => typeof fw.exports[name] !== "function");
  if (missing.length === 0) return fw.exports as unknown as MediaExports;
  throw new Error(`the module lacks the media export${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (board ABI 3): build the firmware from the same checkout (npm run build)`);
}

/** The module's serial agent exports (board ABI 4, docs/serial-agent.md); a module that lacks one is refused. */
export function serialExports(fw: Firmware): SerialExports {
  const missing = SERIAL_EXPORTS.filter((name) => typeof fw.exports[name] !== "function");
  if (missing.length === 0) return fw.exports as unknown as SerialExports;
  throw new Error(`the module lacks the serial export${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (board ABI 4): build the firmware from the same checkout (npm run build)`);
}

/** A datagram the station sends from its media sockets: channel 0 RTP, 1 RTCP. */
export interface MediaDatagram extends Datagram {
  channel: number;
}

class CollectingBoard implements BoardHost {
  sent: Datagram[] = [];
  mediaSent: MediaDatagram[] = [];
  outputs: { id: number; on: boolean }[] = [];
  logs: { level: number; text: string }[] = [];
  /** board.resolve (ABI 5): absent until the host gives a resolver (Intercom.setResolver); the firmware then meets a board without one. */
  resolve?: (type: number, name: string) => number;
  private n = 7;
  constructor(private block: Uint8Array | null, private entropy?: (n: number) => Uint8Array, private retained: Retained = new MemoryRetained(), hal: SerialHal = {}, streams?: StreamHal) {
    // What the HAL gives, the board has; what it lacks stays absent, and the firmware meets a board without that part.
    const self = this as Record<string, unknown>;
    for (const name of SERIAL_HAL) if (typeof hal[name] === "function") self[name] = (hal[name] as (...a: unknown[]) => unknown).bind(hal);
    // Board ABI 5 streams (docs/transports.md): a board without them answers -1 to every open.
    if (streams) for (const name of ["streamOpen", "streamSend", "streamClose"] as const) self[name] = streams[name].bind(streams);
  }
  send(data: Buffer, peer: Uint8Array): void {
    this.sent.push({ data, to: decodePeer(peer) });
  }
  mediaSend(data: Buffer, peer: Uint8Array, channel: number): void {
    this.mediaSent.push({ data, to: decodePeer(peer), channel });
  }
  output(id: number, on: boolean): void {
    this.outputs.push({ id, on });
  }
  log(level: number, text: string): void {
    this.logs.push({ level, text });
  }
  random(n: number): Uint8Array {
    if (this.entropy) return this.entropy(n);
    // Tests: a fixed sequence, so runs repeat exactly.
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = (this.n = (this.n * 1103515245 + 12345) >>> 0) >>> 24;
    return b;
  }
  configRead(): Uint8Array | null {
    return this.block;
  }
  retainedRead(): Uint8Array | null {
    return this.retained.read();
  }
  retainedWrite(data: Uint8Array): void {
    this.retained.write(data);
  }
}

export class Intercom {
  /** The voice path's exports; null for a module without them (ABI 2). */
  readonly media: MediaExports;
  private constructor(readonly fw: Firmware, private board: CollectingBoard) {
    this.media = mediaExports(fw);
  }

  /**
   * A station with `config` (the binary block; null for none) at `address`.
   * `entropy` feeds board.random (a simulator passes crypto.randomBytes; tests
   * leave it out and get the same Call-IDs and tags every run). `image` is the
   * module to run (default build/firmware.wasm). `retained` is the record the
   * board keeps across restarts of the firmware (a new one in memory when
   * left out): pass the same one to a station that replaces this one, as a
   * board restarting its module does. `hal` is the board's serial agent HAL (board ABI 4: its UART,
   * slots, boot record, configuration store, reboot; a part left out answers as a board without it).
   * `streams` are its TCP and TLS connections (board ABI 5; none: every open answers -1). Call start() next.
   */
  static async create(config: Uint8Array | null, address: string, entropy?: (n: number) => Uint8Array, image?: Uint8Array<ArrayBuffer>, retained?: Retained, hal?: SerialHal, streams?: StreamHal): Promise<Intercom> {
    const board = new CollectingBoard(config, entropy, retained, hal, streams);
    const fw = await Firmware.load(image, board);
    const problem = abiMismatch(fw);
    if (problem) throw new Error(problem);
    const x = fw.exports;
    new Uint8Array(x.memory.buffer).set(encodePeer({ host: address, port: 0 }, "address"), x.rxPeer());
    if (x.boardSetAddress() !== 1) throw new Error(`address ${address}: the station cannot announce it (the unspecified address, or a module older than IPv6 support); give the board's own IPv4 or IPv6 address`);
    return new Intercom(fw, board);
  }

  private get x() {
    return this.fw.exports;
  }

  start(now: number): void {
    this.x.boardStart(now >>> 0);
  }
  /** The transaction table's slots in use and the requests dropped since start (no answer could be built or sent). */
  stats(): { transactions: number; dropped: number } {
    return { transactions: this.x.activeTransactions(), dropped: this.x.droppedRequests() >>> 0 };
  }
  receive(data: Uint8Array, from: Address, now: number): number {
    const cap = this.x.rxCapacity();
    this.fw.memory.set(encodePeer(from, "from"), this.x.rxPeer());
    const n = Math.min(data.length, cap);
    this.fw.memory.set(data.subarray(0, n), this.x.rxBuffer());
    return this.x.boardDatagram(data.length > cap ? cap + 1 : n, now >>> 0);
  }
  tick(now: number): void {
    this.x.boardTick(now >>> 0);
  }
  /** The station is about to stop: it withdraws its presence (PUBLISH Expires: 0); keep it running while shutdownPending(). */
  shutdown(now: number): void {
    this.x.boardShutdown(now >>> 0);
  }
  /** After shutdown(): its last words (the removal, or a PUBLISH the removal follows) are still unanswered. */
  shutdownPending(): boolean {
    return this.x.boardShutdownPending() !== 0;
  }
  nextDeadline(now: number): number {
    return this.x.boardNextDeadline(now >>> 0);
  }
  key(code: number, down: boolean, now: number): void {
    this.x.boardKey(code, down ? 1 : 0, now >>> 0);
  }
  input(input: number, level: number, now: number): void {
    this.x.boardInput(input, level, now >>> 0);
  }
  /**
   * Octets received on the provisioning UART, to the serial agent (boardSerial) at most serialCapacity() a
   * call: it answers through the HAL's serialWrite within these calls.
   */
  serial(octets: Uint8Array, now: number): void {
    const x = serialExports(this.fw);
    const cap = x.serialCapacity();
    for (let at = 0; at < octets.length; at += cap) {
      const part = octets.subarray(at, at + cap);
      this.fw.memory.set(part, x.serialBuffer());
      x.boardSerial(part.length, now >>> 0);
    }
  }
  /** The board's resolver (board.resolve, ABI 5): a query id 1..255 whose answer the host passes to resolved(). */
  setResolver(resolve: (type: number, name: string) => number): void {
    this.board.resolve = resolve;
  }
  /** The answer to query `id` (boardResolved): status 0 with `count` records (docs/transports.md, "Names") written to the receive buffer. */
  resolved(id: number, status: number, count: number, records: Uint8Array, now: number): void {
    const boardResolved = this.x.boardResolved as (id: number, status: number, count: number, now: number) => void;
    if (records.length > this.x.rxCapacity()) throw new Error(`resolver answer of ${records.length} octets: more than rxCapacity`);
    this.fw.memory.set(records, this.x.rxBuffer());
    boardResolved(id, status, count, now >>> 0);
  }
  /** The even UDP port the station wants for RTP (0: any). */
  mediaPort(): number {
    return this.media.boardMediaPort();
  }
  /** The board bound another RTP port than mediaPort() asked: the station announces `port` (RFC 3550 §11: even, RTCP at + 1). */
  setMediaPort(port: number): boolean {
    return this.media.boardSetMediaPort(port) === 1;
  }
  /** A datagram on the RTP (0) or RTCP (1) socket; one longer than rxCapacity() is dropped here, as the ABI says. */
  receiveMedia(data: Uint8Array, from: Address, channel: number, now: number): void {
    if (data.length > this.x.rxCapacity()) return;
    this.fw.memory.set(encodePeer(from, "from"), this.x.rxPeer());
    this.fw.memory.set(data, this.x.rxBuffer());
    this.media.boardMedia(data.length, channel, now >>> 0);
  }
  /**
   * One 20 ms tick of the audio clock: `mic` (160 samples) goes in at micFrame(), boardAudio runs, and the
   * speaker frame comes out into `speaker` (silence when boardAudio returns 0). Returns what boardAudio did.
   */
  audio(now: number, mic: Int16Array, speaker: Int16Array): number {
    // Little-endian 16-bit samples, wherever the module put its frames (a DataView needs no alignment).
    const into = new DataView(this.x.memory.buffer, this.media.micFrame(), 2 * FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) into.setInt16(2 * i, mic[i] ?? 0, true);
    const on = this.media.boardAudio(now >>> 0);
    const from = new DataView(this.x.memory.buffer, this.media.speakerFrame(), 2 * FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) speaker[i] = on === 1 ? from.getInt16(2 * i, true) : 0;
    return on;
  }
  /** Datagrams sent from the media sockets since the last call (taken). */
  mediaOutbox(): MediaDatagram[] {
    const out = this.board.mediaSent;
    this.board.mediaSent = [];
    return out;
  }
  /** Datagrams sent since the last call (taken). */
  outbox(): Datagram[] {
    const out = this.board.sent;
    this.board.sent = [];
    return out;
  }
  /** The events of the last call into the firmware. */
  events(): IntercomEvent[] {
    const ev: IntercomEvent[] = [];
    for (let i = 0; i < this.x.boardEventCount(); i++) ev.push({ kind: this.x.boardEventKind(i), a: this.x.boardEventA(i), b: this.x.boardEventB(i) });
    return ev;
  }
  /** Outputs driven since the last call (taken). */
  outputs(): { id: number; on: boolean }[] {
    const out = this.board.outputs;
    this.board.outputs = [];
    return out;
  }
  logs(): { level: number; text: string }[] {
    return this.board.logs;
  }
}
