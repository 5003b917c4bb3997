// The boot record as boards/common/boot/bootrec.c keeps it in boot-record.bin: two copies of 16 octets (magic "ICBR",
// sequence, active slot, trial, tried, reserved, CRC-32 of the first 12), the
// valid copy with the higher sequence winning. The tests write records as the
// flashing side would (activate: the new slot on trial) and read back what
// the boot stage and the image wrote.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";

export const BOOT_RECORD_MAGIC = 0x52424349;
export const COPY_SIZE = 16;

export interface BootRecordCopy {
  sequence: number;
  active: "A" | "B";
  trial: boolean;
  tried: boolean;
}

export function encodeCopy(r: BootRecordCopy): Buffer {
  const b = Buffer.alloc(COPY_SIZE);
  b.writeUInt32LE(BOOT_RECORD_MAGIC, 0);
  b.writeUInt32LE(r.sequence >>> 0, 4);
  b[8] = r.active === "B" ? 1 : 0;
  b[9] = r.trial ? 1 : 0;
  b[10] = r.tried ? 1 : 0;
  b.writeUInt32LE(crc32(b.subarray(0, 12)), 12);
  return b;
}

/** A copy's record, or null when its octets are not a whole valid copy. */
export function decodeCopy(b: Buffer): BootRecordCopy | null {
  if (b.length < COPY_SIZE || b.readUInt32LE(0) !== BOOT_RECORD_MAGIC || b.readUInt32LE(12) !== crc32(b.subarray(0, 12))) return null;
  if (b[8] > 1 || b[9] > 1 || b[10] > 1 || b[11] !== 0) return null;
  return { sequence: b.readUInt32LE(4), active: b[8] ? "B" : "A", trial: b[9] === 1, tried: b[10] === 1 };
}

/** The newest valid copy of a boot-record.bin, or null when neither is valid. */
export function readBootRecord(file: Buffer): BootRecordCopy | null {
  const copies = [0, 1].map((i) => decodeCopy(file.subarray(i * COPY_SIZE, (i + 1) * COPY_SIZE))).filter((c) => c !== null);
  return copies.reduce<BootRecordCopy | null>((best, c) => (best === null || ((c.sequence - best.sequence) | 0) > 0 ? c : best), null);
}

/**
 * A board's state directory as the shared boot code reads it (boards/common/boot):
 * slot-a.img, slot-b.img and boot-record.bin. The native board's supervisor
 * (native-slots.ts) and the QEMU boot stage (qemu-boot.ts) both run on one.
 */
export class SlotDirectory {
  constructor(readonly dir: string) {}

  file(name: string): string {
    return path.join(this.dir, name);
  }

  slot(name: "A" | "B", image: Buffer): void {
    writeFileSync(this.file(name === "A" ? "slot-a.img" : "slot-b.img"), image);
  }

  /** boot-record.bin from two copies (a Buffer is written as is: a damaged copy). */
  writeRecord(copies: (BootRecordCopy | Buffer)[]): void {
    writeFileSync(this.file("boot-record.bin"), Buffer.concat(copies.map((c) => (Buffer.isBuffer(c) ? c : encodeCopy(c)))));
  }

  record(): BootRecordCopy | null {
    return existsSync(this.file("boot-record.bin")) ? readBootRecord(readFileSync(this.file("boot-record.bin"))) : null;
  }
}
