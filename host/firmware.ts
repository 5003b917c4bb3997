// Loads build/firmware.wasm and wraps its exports for the host: the
// simulator, the CLI, the tests and the benchmarks all use this one loader.
// It talks to the module only through the board ABI (docs/board-abi.md).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

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
  sipReceive(len: number, now: number): number;
  sipTick(now: number): void;
  sipNextDeadline(now: number): number;
  outboxCount(): number;
  outboxData(i: number): number;
  outboxLength(i: number): number;
  outboxPeer(i: number): number;
  uaEventCount(): number;
  uaEventKind(i: number): number;
  uaEventCall(i: number): number;
  uaEventCode(i: number): number;
  uaEventExtra(i: number): number;
  uaEventData(i: number): number;
  uaEventDataLength(i: number): number;
  configBuffer(): number;
  setIdentityField(id: number, len: number): number;
  setLocalPort(port: number): void;
  setOutboundProxy(): void;
  setSessionDescription(len: number): number;
  seed(a: number, b: number, c: number, d: number): void;
  setTimers(t1: number, t2: number, t4: number): void;
  callStart(uriLen: number, now: number): number;
  callHangup(c: number, now: number): void;
  callRing(c: number, earlyMedia: number, now: number): number;
  callAnswer(c: number, now: number): number;
  callReject(c: number, code: number, now: number): number;
  callInfo(c: number, len: number, now: number): number;
  callReinvite(c: number, now: number): number;
  callUpdate(c: number, now: number): number;
  callStateOf(c: number): number;
  activeCalls(): number;
  activeTransactions(): number;
  registerSend(expires: number, now: number): number;
  optionsPing(now: number): number;
  [name: string]: unknown;
}

/** Raised when the firmware reports a fault through board.fault (an abort). */
export class FirmwareFault extends Error {}

const here = path.dirname(fileURLToPath(import.meta.url));

/** build/firmware.wasm, found from both host/ and build/js/host/. */
export function defaultImagePath(): string {
  for (const up of ["..", "../../.."]) {
    const candidate = path.resolve(here, up, "build/firmware.wasm");
    try {
      readFileSync(candidate, { flag: "r" }).subarray(0, 0);
      return candidate;
    } catch {
      /* try the next */
    }
  }
  throw new Error("build/firmware.wasm is missing: run `npm run build` first");
}

function readUtf16(memory: WebAssembly.Memory, ptr: number): string {
  if (ptr === 0) return "";
  const bytes = new DataView(memory.buffer).getUint32(ptr - 4, true);
  return Buffer.from(memory.buffer, ptr, bytes).toString("utf16le");
}

export class Firmware {
  readonly exports: FirmwareExports;
  readonly imageBytes: number;

  private constructor(instance: WebAssembly.Instance, imageBytes: number) {
    this.exports = instance.exports as unknown as FirmwareExports;
    this.imageBytes = imageBytes;
    this.exports._initialize();
  }

  static async load(image: string | Uint8Array<ArrayBuffer> = defaultImagePath()): Promise<Firmware> {
    const bytes: Uint8Array<ArrayBuffer> = typeof image === "string" ? new Uint8Array(readFileSync(image)) : image;
    let memory: WebAssembly.Memory | undefined;
    const imports = {
      board: {
        fault(message: number, line: number, column: number): void {
          const text = memory ? readUtf16(memory, message) : `#${message}`;
          throw new FirmwareFault(`firmware fault: ${text} (line ${line}, column ${column})`);
        },
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
