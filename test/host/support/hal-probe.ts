// A probe of a board's ABI 4 HAL (docs/serial-agent.md "Board ABI 4"),
// independent of the firmware's serial agent: the trapping module
// (trapping-module.ts) with `halProbe` set imports bootInfo, the slot, boot
// record, configuration and reboot imports, and its boardSerial runs one
// command per call from the raw octets it is given (no framing), answering
// [result i32 LE][data] through serialWrite:
//   I                       bootInfo: result 0, the 48-octet record
//   E slot                  slotErase
//   W slot offset:u32 data  slotWrite of the data
//   R slot offset:u32 n:u8  slotRead of n octets: the result, then n octets (the first `result` of them read)
//   C slot                  slotCheck: the result (0, or the reason's length), then 96 octets (the reason first)
//   A slot                  bootActivate
//   G block                 configWrite of the block
//   B                       reboot: result 0
//   F n                     serialWrite n times 1024 octets, each starting with its index (u32): result 0 after them
import { SerialPort } from "serialport";

export const HAL_PROBE_IMPORTS = `
  (import "board" "serialWrite" (func $serialWrite (param i32 i32)))
  (import "board" "bootInfo" (func $bootInfo (param i32)))
  (import "board" "slotRead" (func $slotRead (param i32 i32 i32 i32) (result i32)))
  (import "board" "slotErase" (func $slotErase (param i32) (result i32)))
  (import "board" "slotWrite" (func $slotWrite (param i32 i32 i32 i32) (result i32)))
  (import "board" "slotCheck" (func $slotCheck (param i32 i32 i32) (result i32)))
  (import "board" "bootActivate" (func $bootActivate (param i32) (result i32)))
  (import "board" "configWrite" (func $configWrite (param i32 i32) (result i32)))
  (import "board" "reboot" (func $reboot))`;

const is = (op: string) => `(i32.eq (local.get $op) (i32.const ${op.charCodeAt(0)}))`;

/** boardSerial of the probe: the command at 16384 (serialBuffer), the answer from 20000. */
export const HAL_PROBE_SERIAL = `
  (func (export "boardSerial") (param $len i32) (param i32)
    (local $op i32) (local $slot i32) (local $r i32) (local $out i32)
    (global.set $events (i32.const 0))
    (local.set $op (i32.load8_u (i32.const 16384)))
    (local.set $slot (i32.load8_u (i32.const 16385)))
    (local.set $out (i32.const 4))
    (if ${is("I")} (then (call $bootInfo (i32.const 20004)) (local.set $out (i32.const 52))))
    (if ${is("E")} (then (local.set $r (call $slotErase (local.get $slot)))))
    (if ${is("W")} (then (local.set $r (call $slotWrite (local.get $slot) (i32.load (i32.const 16386)) (i32.const 16390)
      (i32.sub (local.get $len) (i32.const 6))))))
    (if ${is("R")} (then
      (local.set $out (i32.add (i32.const 4) (i32.load8_u (i32.const 16390))))
      (local.set $r (call $slotRead (local.get $slot) (i32.load (i32.const 16386)) (i32.const 20004) (i32.load8_u (i32.const 16390))))))
    (if ${is("C")} (then (local.set $r (call $slotCheck (local.get $slot) (i32.const 20004) (i32.const 96))) (local.set $out (i32.const 100))))
    (if ${is("A")} (then (local.set $r (call $bootActivate (local.get $slot)))))
    (if ${is("G")} (then (local.set $r (call $configWrite (i32.const 16385) (i32.sub (local.get $len) (i32.const 1))))))
    (if ${is("B")} (then (call $reboot)))
    (if ${is("F")} (then
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $slot)))
        (i32.store (i32.const 24576) (local.get $r))
        (call $serialWrite (i32.const 24576) (i32.const 1024))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next)))
      (local.set $r (i32.const 0))))
    (i32.store (i32.const 20000) (local.get $r))
    (call $serialWrite (i32.const 20000) (local.get $out)))`;

/** The host's end of the probe's serial line. */
export class ProbeLine {
  private received = Buffer.alloc(0);
  private waiter: (() => void) | null = null;

  private constructor(private readonly port: SerialPort) {
    port.on("data", (d: Buffer) => {
      this.received = Buffer.concat([this.received, d]);
      this.waiter?.();
    });
  }

  static open(path: string): Promise<ProbeLine> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
      port.open((err) => (err ? reject(err) : resolve(new ProbeLine(port))));
    });
  }

  /** Sends one command and waits for its answer of `4 + data` octets: the result and the data. */
  async ask(command: Buffer, data = 0, ms = 5000): Promise<{ result: number; data: Buffer }> {
    this.received = Buffer.alloc(0);
    this.port.write(command);
    const want = 4 + data;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the probe answered ${this.received.length} of ${want} octets to ${command.subarray(0, 1)}`)), ms);
      this.waiter = () => {
        if (this.received.length < want) return;
        clearTimeout(timer);
        resolve();
      };
      this.waiter();
    });
    this.waiter = null;
    return { result: this.received.readInt32LE(0), data: this.received.subarray(4, want) };
  }

  close(): Promise<void> {
    return new Promise((r) => (this.port.isOpen ? this.port.close(() => r()) : r()));
  }
}

const op = (c: string, ...rest: Buffer[]) => Buffer.concat([Buffer.from(c, "latin1"), ...rest]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/** The probe's commands as octets. */
export const probe = {
  bootInfo: () => op("I"),
  erase: (slot: number) => op("E", Buffer.of(slot)),
  write: (slot: number, offset: number, data: Buffer) => op("W", Buffer.of(slot), u32(offset), data),
  read: (slot: number, offset: number, n: number) => op("R", Buffer.of(slot), u32(offset), Buffer.of(n)),
  check: (slot: number) => op("C", Buffer.of(slot)),
  activate: (slot: number) => op("A", Buffer.of(slot)),
  configWrite: (block: Buffer) => op("G", block),
  reboot: () => op("B"),
  flood: (blocks: number) => op("F", Buffer.of(blocks)),
};
