// The simulated board's HAL for the firmware's serial agent (board ABI 4,
// docs/serial-agent.md "Board ABI 4: what a board provides"): its UART, its
// two slots and boot record over the store's files, its own check of a
// verified slot, its configuration store, and a reboot asked for once the
// current entry point has returned. Nothing of the protocol is here: the
// firmware frames, decodes and answers.
import type { Board } from "../../boards.js";
import type { SerialHal } from "../../intercom.js";
import { Kind } from "../../image/format.js";
import { activate } from "./boot.js";
import { checkSlotImage } from "./image-check.js";
import type { BoardStore, SlotName } from "./store.js";

export const BOOT_INFO_SIZE = 48;
const NAME_MAX = 32;
const U32_MAX = 0xffffffff;

/** What the board booted: the slot it runs (null: none), whether on trial, and how the boot went (BootInfo's last boot). */
export interface BootState {
  slot: SlotName | null;
  trial: boolean;
  lastBoot: number;
}

const slotOf = (n: number): SlotName | null => (n === 0 ? "A" : n === 1 ? "B" : null);

/** The largest image a slot takes: the board's flash for images, less the host's share, over the runtime's expansion. */
export const slotCapacity = (def: Board): number => Math.min(U32_MAX, Math.floor((def.imageLimitBytes - def.hostImageBytes) / def.imageExpansion));

export class SimHal implements SerialHal {
  private rebootAsked = false;

  constructor(
    private readonly store: BoardStore,
    private readonly def: Board,
    private readonly booted: () => BootState,
    private readonly write: (octets: Buffer) => void,
  ) {}

  serialWrite(data: Buffer): void {
    this.write(data);
  }

  bootInfo(): Uint8Array {
    const b = Buffer.alloc(BOOT_INFO_SIZE);
    const s = this.booted();
    b[0] = s.slot === null ? 0xff : s.slot === "A" ? 0 : 1;
    b[1] = s.trial ? 1 : 0;
    b[2] = s.lastBoot;
    b[3] = Kind.Wasm;
    b.writeUInt32LE(slotCapacity(this.def), 4);
    b.writeUInt32LE(Math.min(U32_MAX, this.def.memoryLimitBytes), 8); // the simulator gives 4 GiB: read as 4 GiB − 1
    const name = Buffer.from(this.def.name, "latin1").subarray(0, NAME_MAX);
    b[12] = name.length;
    name.copy(b, 13);
    return b;
  }

  slotRead(slot: number, offset: number, len: number): Uint8Array | null {
    const name = slotOf(slot);
    return name ? this.store.readSlotRange(name, offset, len) : null;
  }

  /** Never the slot the board runs. */
  slotErase(slot: number): boolean {
    const name = slotOf(slot);
    if (!name || name === this.booted().slot) return false;
    this.store.eraseSlot(name);
    return true;
  }

  slotWrite(slot: number, offset: number, data: Uint8Array): boolean {
    const name = slotOf(slot);
    if (!name || name === this.booted().slot || offset + data.length > slotCapacity(this.def)) return false;
    try {
      this.store.writeSlot(name, offset, data);
      return true;
    } catch {
      return false; // not erased, or the file cannot be written: a write error
    }
  }

  slotCheck(slot: number): string | null {
    const name = slotOf(slot);
    if (!name) return `slot: no slot ${slot}`;
    const image = this.store.readSlot(name);
    return image ? checkSlotImage(image, this.def) : `slot: slot ${name} is empty`;
  }

  bootActivate(slot: number): boolean {
    const name = slotOf(slot);
    const r = this.store.record();
    if (!name || !r) return false;
    this.store.saveRecord(activate(r, name));
    return true;
  }

  configWrite(block: Uint8Array): boolean {
    try {
      this.store.saveConfigBlock(block);
      return true;
    } catch {
      return false;
    }
  }

  reboot(): void {
    this.rebootAsked = true;
  }

  /** Whether the firmware asked for a reboot since the last call; clears the request. */
  takeReboot(): boolean {
    const asked = this.rebootAsked;
    this.rebootAsked = false;
    return asked;
  }
}
