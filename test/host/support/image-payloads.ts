// Payloads for the pack tests (docs/images.md): the first octets of an ELF
// executable (System V ABI, "ELF Header") and a Cortex-M vector table
// (ARMv7-M ARM B1.5.3), synthetic but shaped as the real ones; and the
// round trip of `intercom pack` over a file.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readImage, type Image } from "../../../host/image/format.js";
import { cli, jsonOf, tempDir } from "./serial-board.js";

/** An ELF header: class (1 32-bit, 2 64-bit), e_type (2 executable, 3 shared/PIE, 1 relocatable), e_machine (62 x86-64, 40 ARM). */
export function elf(o: { elfClass?: number; type?: number; machine?: number } = {}): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, o.elfClass ?? 2, 1, 1], 0);
  const d = new DataView(b.buffer);
  d.setUint16(16, o.type ?? 3, true);
  d.setUint16(18, o.machine ?? 62, true);
  return b;
}

/** A Cortex-M binary of `size` octets whose vector table starts with `sp` and `reset`, the rest a filler pattern. */
export function vectorTable(sp: number, reset: number, size = 256): Uint8Array {
  const b = new Uint8Array(size).map((_, i) => (i * 7) & 0xff);
  const d = new DataView(b.buffer);
  d.setUint32(0, sp, true);
  d.setUint32(4, reset, true);
  return b;
}

/** Writes `payload` to dir/name and returns the path. */
export function file(dir: string, name: string, payload: Uint8Array): string {
  const f = path.join(dir, name);
  writeFileSync(f, payload);
  return f;
}

/** Packs `input` with `intercom pack ... --json` and reads the image back; the payload must be the file, octet for octet. */
export async function packRoundTrip(input: string, version: string, args: string[] = []): Promise<{ image: Image; out: Record<string, unknown> }> {
  const outFile = path.join(tempDir("packed"), `${path.basename(input)}.img`);
  const r = await cli(["pack", input, outFile, "--version", version, "--json", ...args]);
  assert.equal(r.code, 0, r.stderr);
  const image = readImage(new Uint8Array(readFileSync(outFile)));
  assert.deepEqual(Buffer.from(image.payload), readFileSync(input));
  return { image, out: jsonOf(r) };
}
