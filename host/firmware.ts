// Loads a firmware module and wraps its exports for the host: the simulator,
// the CLI, the tests and the benchmarks all use this one loader. It talks to
// the module only through the board ABI (docs/board-abi.md). The release
// module, build/firmware.wasm, is what boards run; the test build,
// build/engine.wasm, adds the SIP engine's exports (host/sip-engine.ts).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { serialImports, type SerialHal } from "./board-serial.js";

export { BOOT_INFO_SIZE, OUTSIDE_SLOTS, SERIAL_EXPORTS, bootInfoWithoutSlots, type SerialExports, type SerialHal } from "./board-serial.js";

/** Field ids of fieldStart()/fieldLength() (docs/parser.md). */
export const Field = {
  Method: 0,
  RequestUri: 1,
  StatusCode: 2,
  ReasonPhrase: 3,
  CallId: 4,
  CSeqNumber: 5,
  CSeqMethod: 6,
  ViaBranch: 7,
  FromTag: 8,
  ToTag: 9,
  Body: 10,
} as const;

/** The release module's exports (build/firmware.wasm): the board ABI and the parser's ABI (docs/board-abi.md). */
export interface FirmwareExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  rxBuffer(): number;
  rxCapacity(): number;
  parse(len: number): number;
  fieldStart(id: number): number;
  fieldLength(id: number): number;
  reasonStart(): number;
  reasonLength(): number;
  statusCode(): number;
  methodId(): number;
  cseqNumber(): number;
  contentLength(): number;
  expires(): number;
  maxForwards(): number;
  headerCount(): number;
  headerId(i: number): number;
  headerNameStart(i: number): number;
  headerNameLength(i: number): number;
  headerValueStart(i: number): number;
  headerValueLength(i: number): number;
  txBuffer(): number;
  txCapacity(): number;
  respond(code: number): number;
  selfCheckHashCollisions(): number;
  allocationAttempts(): number;
  rxPeer(): number;
  activeTransactions(): number;
  droppedRequests(): number;
  abiVersion(): number;
  boardSetAddress(): number;
  boardStart(now: number): void;
  boardDatagram(len: number, now: number): number;
  boardTick(now: number): void;
  boardShutdown(now: number): void;
  boardShutdownPending(): number;
  boardNextDeadline(now: number): number;
  boardKey(key: number, down: number, now: number): void;
  boardInput(input: number, level: number, now: number): void;
  boardEventCount(): number;
  boardEventKind(i: number): number;
  boardEventA(i: number): number;
  boardEventB(i: number): number;
  [name: string]: unknown;
}

/**
 * The voice path's exports (board ABI 3, docs/board-abi.md "Audio and media"):
 * a module of ABI 2 has none of them. host/intercom.ts checks for them in one
 * place (mediaExports).
 */
export interface MediaExports {
  boardMediaPort(): number;
  boardSetMediaPort(port: number): number;
  boardMedia(len: number, channel: number, now: number): void;
  micFrame(): number;
  speakerFrame(): number;
  boardAudio(now: number): number;
}

/** Their names, for the presence check. */
export const MEDIA_EXPORTS = ["boardMediaPort", "boardSetMediaPort", "boardMedia", "micFrame", "speakerFrame", "boardAudio"] as const;

/** board.mediaSend's channel: the RTP socket, or the RTCP one at the RTP port + 1 (RFC 3550 §11). */
export const Channel = { Rtp: 0, Rtcp: 1 } as const;

/** What a host gives the firmware through the board ABI's imports (docs/board-abi.md). */
export interface BoardHost extends SerialHal, Partial<StreamHal> {
  send(data: Buffer, peer: Uint8Array): void;
  output(id: number, on: boolean): void;
  log(level: number, text: string): void;
  random(n: number): Uint8Array;
  configRead(): Uint8Array | null;
  /** The retained record (board.retainedRead): what retainedWrite last stored, null when nothing. */
  retainedRead(): Uint8Array | null;
  /** Keeps `data` (at most RETAINED_MAX octets) across restarts of the firmware (board.retainedWrite). */
  retainedWrite(data: Uint8Array): void;
  /** One datagram from the station's media sockets (board.mediaSend): channel 0 RTP, 1 RTCP. A board without media drops it. */
  mediaSend?(data: Buffer, peer: Uint8Array, channel: number): void;
  /**
   * board.resolve (ABI 5, docs/transports.md "Names"): start a query for the records of `type` (1 A, 28 AAAA, 33 SRV,
   * 35 NAPTR) of `name`; a query id 1..255 answered later through boardResolved. A board without it answers -1.
   */
  resolve?(type: number, name: string): number;
}

/** Board ABI 5 streams (docs/transports.md; the simulator's are host/sim/streams.ts): a board without them answers -1. */
export interface StreamHal {
  /** Opens TCP (secure false) or TLS to the 18-octet `peer`, the certificate checked against `name`: a handle 1..255, or -1. */
  streamOpen(peer: Uint8Array, secure: boolean, name: string): number;
  /** Queues `data` on the stream: its length, or -1 when the stream is gone. */
  streamSend(handle: number, data: Buffer): number;
  /** Closes the stream; no boardStreamClosed follows. */
  streamClose(handle: number): void;
}


/** The most octets of the retained record a board keeps (docs/board-abi.md). */
export const RETAINED_MAX = 64;

/** The functions a board gives the module, all in module "board" (docs/board-abi.md, "Imports"): declared once, here. */
export const BOARD_IMPORTS = [
  "send", "output", "log", "random", "configRead", "fault", "retainedRead", "retainedWrite", "mediaSend",
  "serialWrite", "bootInfo", "slotRead", "slotErase", "slotWrite", "slotCheck", "bootActivate", "configWrite", "reboot",
  "streamOpen", "streamSend", "streamClose",
  "resolve",
] as const;
type BoardImports = Record<(typeof BOARD_IMPORTS)[number], (...args: number[]) => number | void>;

/** Where a board keeps its retained record: the simulator's memory, or its state directory (serial/board/store.ts). */
export interface Retained {
  read(): Uint8Array | null;
  write(data: Uint8Array): void;
}

/** A retained record in memory: it outlives a firmware instance, not the process (a board's RAM kept through a reset). */
export class MemoryRetained implements Retained {
  private data: Uint8Array | null = null;
  read(): Uint8Array | null {
    return this.data;
  }
  write(data: Uint8Array): void {
    this.data = Uint8Array.from(data);
  }
}

/** A board that keeps what the firmware does, for tests: datagrams, outputs, log lines. */
export class RecordingBoard implements BoardHost {
  sent: { data: Buffer; peer: Uint8Array }[] = [];
  outputs: { id: number; on: boolean }[] = [];
  logs: { level: number; text: string }[] = [];
  config: Uint8Array | null = null;
  retained: Retained = new MemoryRetained();
  private counter = 1;
  send(data: Buffer, peer: Uint8Array): void {
    this.sent.push({ data, peer });
  }
  output(id: number, on: boolean): void {
    this.outputs.push({ id, on });
  }
  log(level: number, text: string): void {
    this.logs.push({ level, text });
  }
  random(n: number): Uint8Array {
    // Deterministic for tests: a counter, so runs repeat exactly.
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = (this.counter++ * 151) & 0xff;
    return b;
  }
  configRead(): Uint8Array | null {
    return this.config;
  }
  retainedRead(): Uint8Array | null {
    return this.retained.read();
  }
  retainedWrite(data: Uint8Array): void {
    this.retained.write(data);
  }
}

/** Raised when the firmware reports a fault through board.fault (an abort). */
export class FirmwareFault extends Error {}

const here = path.dirname(fileURLToPath(import.meta.url));

/** A module of build/ (firmware.wasm, engine.wasm), found from both host/ and build/js/host/. */
function builtModule(name: string): string {
  for (const up of ["..", "../../.."]) {
    const candidate = path.resolve(here, up, "build", name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`build/${name} is missing: run \`npm run build\` first`);
}

/** build/firmware.wasm: the release module, what boards run. */
export function defaultImagePath(): string {
  return builtModule("firmware.wasm");
}

/** build/engine.wasm: the test build, the release module's sources with the SIP engine's exports too. */
export function engineImagePath(): string {
  return builtModule("engine.wasm");
}

export class Firmware {
  readonly exports: FirmwareExports;
  readonly imageBytes: number;

  private constructor(instance: WebAssembly.Instance, imageBytes: number) {
    this.exports = instance.exports as unknown as FirmwareExports;
    this.imageBytes = imageBytes;
    this.exports._initialize();
  }

  /**
   * Instantiates `image` over `board`. `boardName` is what BootInfo says of a board that gives no bootInfo
   * (the simulator's name unless told).
   */
  static async load(image: string | Uint8Array<ArrayBuffer> = defaultImagePath(), board: BoardHost = new RecordingBoard(), boardName = "simulator"): Promise<Firmware> {
    const bytes: Uint8Array<ArrayBuffer> = typeof image === "string" ? new Uint8Array(readFileSync(image)) : image;
    let memory: WebAssembly.Memory | undefined;
    const view = () => new Uint8Array(memory!.buffer);
    const imports: { board: BoardImports } = {
      board: {
        fault(message: number, len: number, line: number, column: number): void {
          const text = memory ? Buffer.from(view().subarray(message, message + Math.min(len, 256))).toString("latin1") : `#${message}`;
          throw new FirmwareFault(`firmware fault: ${text} (line ${line}, column ${column})`);
        },
        send(data: number, len: number, peer: number): void {
          board.send(Buffer.from(view().subarray(data, data + len)), view().slice(peer, peer + 18));
        },
        output(id: number, on: number): void {
          board.output(id, on !== 0);
        },
        log(level: number, text: number, len: number): void {
          board.log(level, Buffer.from(view().subarray(text, text + len)).toString("latin1"));
        },
        random(dst: number, len: number): void {
          view().set(board.random(len).subarray(0, len), dst);
        },
        configRead(dst: number, cap: number): number {
          const block = board.configRead();
          if (!block) return 0;
          const n = Math.min(block.length, cap);
          view().set(block.subarray(0, n), dst);
          return block.length;
        },
        retainedRead(dst: number, cap: number): number {
          const kept = board.retainedRead();
          if (!kept) return 0;
          view().set(kept.subarray(0, Math.min(kept.length, cap)), dst);
          return kept.length;
        },
        retainedWrite(src: number, len: number): void {
          board.retainedWrite(view().slice(src, src + Math.max(0, Math.min(len, RETAINED_MAX))));
        },
        // Given to every module: one of ABI 2 does not import it, and an import it does not declare is ignored.
        mediaSend(data: number, len: number, peer: number, channel: number): void {
          board.mediaSend?.(Buffer.from(view().subarray(data, data + len)), view().slice(peer, peer + 18), channel);
        },
        // Board ABI 5 streams (docs/transports.md): a board without them answers as one with no TCP (-1).
        streamOpen(peer: number, secure: number, name: number, nameLen: number): number {
          const text = Buffer.from(view().subarray(name, name + Math.max(0, nameLen))).toString("latin1");
          return board.streamOpen?.(view().slice(peer, peer + 18), secure !== 0, text) ?? -1;
        },
        streamSend(handle: number, data: number, len: number): number {
          return board.streamSend?.(handle, Buffer.from(view().slice(data, data + Math.max(0, len)))) ?? -1;
        },
        streamClose(handle: number): void {
          board.streamClose?.(handle);
        },
        // Board ABI 5 resolver (docs/transports.md "Names"): a board without one answers -1.
        resolve(type: number, name: number, len: number): number {
          return board.resolve ? board.resolve(type, Buffer.from(view().subarray(name, name + Math.max(0, len))).toString("latin1")) : -1;
        },
        ...serialImports(board, view, boardName),
      },
    };
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, imports);
    memory = (instance.exports as unknown as FirmwareExports).memory;
    return new Firmware(instance, bytes.length);
  }

  get memory(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  /** Copies a datagram into the receive buffer and parses it: the verdict (0 or a status code). */
  parse(datagram: Uint8Array): number {
    const cap = this.exports.rxCapacity();
    const n = Math.min(datagram.length, cap);
    this.memory.set(datagram.subarray(0, n), this.exports.rxBuffer());
    return this.exports.parse(datagram.length > cap ? cap + 1 : n);
  }

  /** The bytes of a parsed field, or null when the message has none. */
  field(id: number): Buffer | null {
    const start = this.exports.fieldStart(id);
    if (start < 0) return null;
    const len = this.exports.fieldLength(id);
    const base = this.exports.rxBuffer();
    return Buffer.from(this.exports.memory.buffer, base + start, len);
  }

  /** The stateless response `code` to the parsed request (RFC 3261 §8.2.6), or null when none can be sent. */
  respond(code: number): Buffer | null {
    const n = this.exports.respond(code);
    if (n < 0) return null;
    return Buffer.from(new Uint8Array(this.exports.memory.buffer, this.exports.txBuffer(), n));
  }

  /** The reason phrase of the last verdict ("" when the message was valid). */
  reason(): string {
    const e = this.exports;
    return Buffer.from(e.memory.buffer, e.reasonStart(), e.reasonLength()).toString("latin1");
  }

  /** A field as text (latin1 keeps every byte), or null. */
  text(id: number): string | null {
    const b = this.field(id);
    return b === null ? null : b.toString("latin1");
  }
}
