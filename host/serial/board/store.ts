// The simulated board's flash, kept in a directory so that it survives
// restarts as a real board's does: two image slots, the boot record and the
// configuration block (docs/serial-protocol.md, "The simulated board"). The
// firmware's serial agent reaches them through board ABI 4 (hal.ts).
//   slot-a.img, slot-b.img     the images (docs/images.md), written chunk by chunk at their offsets
//   boot.json                  the boot record: active slot, trial flags
//   config.bin                 the configuration block (docs/config.md), as the firmware reads it
//   retained.bin               the firmware's retained record (board.retainedWrite: the lockout)
// The block holds the password and the codes: the directory is created 0700
// and every file in it 0600, readable by the board's user only.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

export type SlotName = "A" | "B";
export const otherSlot = (s: SlotName): SlotName => (s === "A" ? "B" : "A");

export interface BootRecord {
  active: SlotName;
  /** The active image runs on trial: it has not confirmed itself yet. */
  trial: boolean;
  /** A trial boot was started: a second boot still on trial means the first never confirmed. */
  tried: boolean;
}

export class BoardStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Replaces a file as one step (write aside, rename), as a board's flash journal would. */
  private replace(name: string, data: Uint8Array | string): void {
    const tmp = this.file(`${name}.new`);
    rmSync(tmp, { force: true }); // a file left from a cut write keeps its mode: start anew
    writeFileSync(tmp, data, { mode: PRIVATE_FILE });
    renameSync(tmp, this.file(name));
  }

  record(): BootRecord | null {
    if (!existsSync(this.file("boot.json"))) return null;
    const r = JSON.parse(readFileSync(this.file("boot.json"), "utf8")) as BootRecord;
    return { active: r.active === "B" ? "B" : "A", trial: r.trial === true, tried: r.tried === true };
  }

  saveRecord(r: BootRecord): void {
    this.replace("boot.json", `${JSON.stringify({ active: r.active, trial: r.trial, tried: r.tried }, null, 2)}\n`);
  }

  slotPath(s: SlotName): string {
    return this.file(`slot-${s.toLowerCase()}.img`);
  }

  readSlot(s: SlotName): Uint8Array<ArrayBuffer> | null {
    return existsSync(this.slotPath(s)) ? new Uint8Array(readFileSync(this.slotPath(s))) : null;
  }

  /** Erases a slot: empty file, ready for chunks. */
  eraseSlot(s: SlotName): void {
    rmSync(this.slotPath(s), { force: true });
    writeFileSync(this.slotPath(s), new Uint8Array(0), { mode: PRIVATE_FILE });
  }

  /** Up to `len` octets of a slot from `offset`: fewer (none) past what it holds. */
  readSlotRange(s: SlotName, offset: number, len: number): Uint8Array {
    if (!existsSync(this.slotPath(s))) return new Uint8Array(0);
    const size = statSync(this.slotPath(s)).size;
    const n = Math.max(0, Math.min(len, size - offset));
    const out = new Uint8Array(n);
    if (n === 0) return out;
    const fd = openSync(this.slotPath(s), "r");
    try {
      readSync(fd, out, 0, n, offset);
    } finally {
      closeSync(fd);
    }
    return out;
  }

  /** Writes one chunk at its offset, as flash is programmed page by page. */
  writeSlot(s: SlotName, offset: number, data: Uint8Array): void {
    const fd = openSync(this.slotPath(s), "r+");
    try {
      writeSync(fd, data, 0, data.length, offset);
    } finally {
      closeSync(fd);
    }
  }

  installSlot(s: SlotName, image: Uint8Array): void {
    this.replace(`slot-${s.toLowerCase()}.img`, image);
  }

  configBlock(): Uint8Array | null {
    return existsSync(this.file("config.bin")) ? new Uint8Array(readFileSync(this.file("config.bin"))) : null;
  }

  /** The retained record the firmware reads on start (board.retainedRead), and where it writes it. */
  readonly retained = {
    read: (): Uint8Array | null => (existsSync(this.file("retained.bin")) ? new Uint8Array(readFileSync(this.file("retained.bin"))) : null),
    write: (data: Uint8Array): void => this.replace("retained.bin", data),
  };

  saveConfigBlock(block: Uint8Array | null): void {
    if (block) this.replace("config.bin", block);
    else rmSync(this.file("config.bin"), { force: true });
  }
}
