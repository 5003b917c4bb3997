// Board ABI 4 on the Node host (docs/serial-agent.md): the serial agent's HAL
// as optional methods of a board (its UART, slots, boot record, configuration
// store, reboot), the module's imports over them, and the exports that feed the
// agent. A board that lacks a part answers as a board without it: nothing
// written, no such slot (-1), BootInfo running 0xFF (outside its slots).

/** What a board may give the serial agent (every method optional: host/firmware.ts BoardHost extends it). */
export interface SerialHal {
  /** Octets for the provisioning UART (board.serialWrite), in order; never blocks. */
  serialWrite?(data: Buffer): void;
  /** The 48-octet BootInfo record (board.bootInfo, docs/serial-agent.md "BootInfo"). */
  bootInfo?(): Uint8Array;
  /** Up to `len` octets of slot 0 (A) or 1 (B) from `offset` (fewer, or none, past what it holds); null for no such slot. */
  slotRead?(slot: number, offset: number, len: number): Uint8Array | null;
  /** Empties a slot the board does not run: true, or false when it cannot. */
  slotErase?(slot: number): boolean;
  /** Writes `data` at `offset` of an erased slot: true, or false (past its capacity, a write error). */
  slotWrite?(slot: number, offset: number, data: Uint8Array): boolean;
  /** The board's own check of a verified slot: null when it can boot it, else why not (ASCII). */
  slotCheck?(slot: number): string | null;
  /** Makes `slot` the active slot on trial in the boot record: true, or false. */
  bootActivate?(slot: number): boolean;
  /** Stores the configuration block configRead returns from now on, whole: true, or false. */
  configWrite?(block: Uint8Array): boolean;
  /** Reboots through the boot stage once the current entry point has returned and the serial octets are out. */
  reboot?(): void;
}

/** The parts of the HAL by name. */
export const SERIAL_HAL = ["serialWrite", "bootInfo", "slotRead", "slotErase", "slotWrite", "slotCheck", "bootActivate", "configWrite", "reboot"] as const;

/** BootInfo's size and its "runs outside its slots" value (docs/serial-agent.md "BootInfo"). */
export const BOOT_INFO_SIZE = 48;
export const OUTSIDE_SLOTS = 0xff;

/** The BootInfo of a board without slots: running 0xFF (flashing refused), the board's name, the rest 0. */
export function bootInfoWithoutSlots(boardName: string, memoryBytes = 0): Uint8Array {
  const b = new Uint8Array(BOOT_INFO_SIZE);
  const name = Buffer.from(boardName.slice(0, 32), "latin1");
  b[0] = OUTSIDE_SLOTS;
  new DataView(b.buffer).setUint32(8, memoryBytes >>> 0, true);
  b[12] = name.length;
  b.set(name, 13);
  return b;
}

/** The board ABI 4 exports (docs/serial-agent.md): the provisioning UART into the serial agent. */
export interface SerialExports {
  serialBuffer(): number;
  serialCapacity(): number;
  boardSerial(len: number, now: number): void;
}

/** Their names, for the presence check. */
export const SERIAL_EXPORTS = ["serialBuffer", "serialCapacity", "boardSerial"] as const;

type View = () => Uint8Array;

/** Board ABI 4's imports over `board`'s optional HAL (docs/serial-agent.md): what a board lacks answers as "no such part". */
export function serialImports(board: SerialHal, view: View, boardName: string) {
  return {
    serialWrite(data: number, len: number): void {
      board.serialWrite?.(Buffer.from(view().slice(data, data + len)));
    },
    bootInfo(dst: number): void {
      const info = board.bootInfo?.() ?? bootInfoWithoutSlots(boardName, view().length);
      view().fill(0, dst, dst + BOOT_INFO_SIZE);
      view().set(info.subarray(0, BOOT_INFO_SIZE), dst);
    },
    slotRead(slot: number, offset: number, dst: number, len: number): number {
      const got = board.slotRead?.(slot, offset >>> 0, Math.max(0, len)) ?? null;
      if (!got) return -1;
      const n = Math.min(got.length, Math.max(0, len));
      view().set(got.subarray(0, n), dst);
      return n;
    },
    slotErase(slot: number): number {
      return board.slotErase?.(slot) ? 0 : -1;
    },
    slotWrite(slot: number, offset: number, src: number, len: number): number {
      if (len < 0) return -1;
      return board.slotWrite?.(slot, offset >>> 0, view().slice(src, src + len)) ? len : -1;
    },
    slotCheck(slot: number, dst: number, cap: number): number {
      if (!board.slotCheck) return writeReason(view, dst, cap, "slot: this board has no slots");
      const reason = board.slotCheck(slot);
      return reason === null ? 0 : writeReason(view, dst, cap, reason);
    },
    bootActivate(slot: number): number {
      return board.bootActivate?.(slot) ? 0 : -1;
    },
    configWrite(src: number, len: number): number {
      if (len < 0) return -1;
      return board.configWrite?.(view().slice(src, src + len)) ? 0 : -1;
    },
    reboot(): void {
      board.reboot?.();
    },
  };
}

/** An ASCII reason at `dst` (at most `cap` octets): its length, never 0 (0 reads "the board can boot it"). */
function writeReason(view: View, dst: number, cap: number, reason: string): number {
  const text = Buffer.from(reason.replace(/[^\x20-\x7e]/g, "?") || "refused", "latin1").subarray(0, Math.max(0, cap));
  view().set(text, dst);
  return Math.max(1, text.length);
}

