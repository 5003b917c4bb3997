// A Cortex-M4 board under QEMU with the boot stage (boards/cortex-m/
// qemu-mps2-an386/boot/): a state directory holding slot-a.img, slot-b.img and
// boot-record.bin, which is QEMU's working directory, so the semihosting files
// outlive each run and every boot() is a real restart. What the boot stage
// said (its "boot: ..." lines on UART0) comes back with the image's trace.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { QEMU_MACHINE, buildQemuBoot, buildQemuSlotPayload, buildSha256Check } from "../../../host/tools/qemu-build.js";
import { Rec } from "../../../host/tools/qemu-records.js";
import { SlotDirectory } from "./boot-record.js";
import { KIND, packImage, type PackOptions } from "./image-pack.js";
import { missingTool } from "./tools.js";

export interface Built { boot: string; payload: Buffer; loadAddress: number; sha256Check: string }
let built: Built | null = null;

/** Why the boot stage cannot be tested here (a skip reason), or null; builds it and the slot payload once. */
export function bootSkip(): string | null {
  const missing = missingTool("qemu-system-arm", "qemu-system-arm") ?? missingTool("arm-none-eabi-gcc", "gcc-arm-none-eabi") ?? missingTool("wasm2c", "wabt");
  if (missing) return missing;
  if (!built) {
    const slot = buildQemuSlotPayload();
    built = { boot: buildQemuBoot(), payload: readFileSync(slot.bin), loadAddress: slot.loadAddress, sha256Check: buildSha256Check() };
  }
  return null;
}

export function builtImages(): Built {
  if (!built) throw new Error("bootSkip() builds the images first");
  return built;
}

/** The intercom as a kind-3 image for this board, with these changes to the packing. */
export function slotImage(version: [number, number, number], o: Partial<PackOptions> = {}): Buffer {
  const b = builtImages();
  return packImage(b.payload, { kind: KIND.cortexM, version, loadAddress: b.loadAddress, boards: ["qemu-mps2-an386"], ...o });
}

/** A run of the image that confirms itself: boot, a tick past the 1 s window (boot/confirm.h), end. */
export const CONFIRMING = [Rec.boot(0, "192.0.2.10"), Rec.tick(1000), Rec.quit(1001)];
/** A run that ends before the confirmation window: as a board that lost power or hung on trial. */
export const UNCONFIRMED = [Rec.boot(0, "192.0.2.10"), Rec.quit(10)];

export interface BootRun {
  status: number | null;
  /** The boot stage's lines, "boot: " and all. */
  lines: string[];
  /** The image's trace (port.c's trace.txt), empty when no image ran. */
  trace: string[];
  stderr: string;
}

export class BoardState extends SlotDirectory {
  /** The boot stage's ELF QEMU starts (default: buildQemuBoot's). */
  constructor(private kernel?: string) {
    super(mkdtempSync(path.join(tmpdir(), "cortex-m-boot-")));
  }

  /** Starts QEMU on the boot stage in this directory, the image playing `script`; waits for its end. */
  boot(script: Buffer[], qemuArgs: string[] = []): BootRun {
    writeFileSync(this.file("script.bin"), Buffer.concat(script));
    writeFileSync(this.file("trace.txt"), "");
    const r = spawnSync("qemu-system-arm", [...QEMU_MACHINE, ...qemuArgs, "-serial", "stdio", "-kernel", this.kernel ?? builtImages().boot], { cwd: this.dir, encoding: "utf8", timeout: 60_000 });
    const trace = readFileSync(this.file("trace.txt"), "utf8").split("\n").filter(Boolean);
    return { status: r.status, lines: (r.stdout ?? "").split("\n").filter((l) => l.startsWith("boot: ")), trace, stderr: `${r.error?.message ?? ""}${r.stderr ?? ""}` };
  }
}
