// The Cortex-M4 build of the firmware as a bootable image for QEMU's MPS2
// AN386 board (boards/cortex-m/qemu-mps2-an386): the very objects `npm run
// footprint` measures (wasm2c's translation of build/firmware.wasm, the shim
// and its static runtime, compiled by arm-none-eabi-gcc -mcpu=cortex-m4
// -Os), linked with a port whose HAL is semihosting and whose network is a
// script. test/host/cortex-m-qemu.test.ts runs it.
//
// The boot stage (boot/) and the intercom as a slot's payload are built here
// too (test/host/cortex-m-boot.test.ts).
//
//   node build/js/host/tools/qemu-build.js     prints the image's path
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { defaultImagePath } from "../firmware.js";
import { NATIVE_DIR } from "./build-native.js";
import { SHIM_DIR, TARGETS, measure, run, type Target } from "./footprint-build.js";

export const PORT_DIR = path.join(SHIM_DIR, "qemu-mps2-an386");
export const QEMU_DIR = path.join(NATIVE_DIR, "..", "qemu");
export const QEMU_MACHINE = ["-M", "mps2-an386", "-display", "none", "-semihosting-config", "enable=on,target=native"];

/**
 * Builds dir/intercom-mps2-an386.elf (default build/qemu/) from `wasm`
 * (default build/firmware.wasm, whose objects are the footprint's; another
 * module's are compiled in dir/objects); returns its path.
 */
export function buildQemuImage(wasm = defaultImagePath(), dir = QEMU_DIR): string {
  const elf = path.join(dir, "intercom-mps2-an386.elf");
  const objects = [...portObjects(dir, []), ...compile(SLOT_STORE_SOURCES, dir, [])];
  linkImage(firmwareObjects(wasm, dir), objects, path.join(PORT_DIR, "mps2-an386.ld"), elf, "linking the QEMU image");
  return elf;
}

/** What the port's slots.c (board ABI 4: slots, boot record, vector check) needs of the boot code, in every image. */
const SLOT_STORE_SOURCES = ["common/bootrec.c", "boot/bootfs-semihost.c", "boot/target.c"];

/** The boot stage's sources (boards/cortex-m/qemu-mps2-an386/boot/), and the port's it shares. */
export const BOOT_DIR = path.join(PORT_DIR, "boot");
/** The boot code every board with A/B slots shares (boards/common/boot/): sources named "common/..." below. */
export const COMMON_BOOT_DIR = path.join(SHIM_DIR, "..", "common", "boot");
const BOOT_SOURCES = ["boot/boot.c", "boot/target.c", "boot/bootfs-semihost.c", "common/choose.c", "common/image.c", "common/bootrec.c", "common/sha256.c",
  "startup.c", "semihost.c", "uart.c"];

/**
 * Builds dir/mps2-an386-boot.elf: the boot stage (boot/boot.c), linked at
 * address 0 (boot/boot.ld), which checks and starts the image of slot-a.img
 * or slot-b.img in QEMU's working directory; returns its path. `bench`: the
 * build that also prints the SysTick ticks from reset to the jump
 * (dir/mps2-an386-boot-bench.elf, test/bench/boot-cortex.ts).
 */
export function buildQemuBoot(dir = QEMU_DIR, bench = false): string {
  const name = bench ? "mps2-an386-boot-bench" : "mps2-an386-boot";
  const objects = compile(BOOT_SOURCES, path.join(dir, name), bench ? ["-DBOOT_BENCH"] : []);
  const elf = path.join(dir, `${name}.elf`);
  linkImage([], objects, path.join(BOOT_DIR, "boot.ld"), elf, "linking the boot stage");
  return elf;
}

/** Builds dir/sha256-check.elf, the Cortex-M4 test program of the boot stage's SHA-256 (boot/sha256-check.c). */
export function buildSha256Check(dir = QEMU_DIR): string {
  const elf = path.join(dir, "sha256-check.elf");
  const sources = ["boot/sha256-check.c", "common/sha256.c", "startup.c", "semihost.c", "uart.c"];
  linkImage([], compile(sources, path.join(dir, "sha256-check"), []), path.join(BOOT_DIR, "boot.ld"), elf, "linking the SHA-256 check");
  return elf;
}

/** Builds dir/slots-check.elf, the Cortex-M4 test program of the port's board ABI 4 store (boot/slots-check.c over slots.c). */
export function buildSlotsCheck(dir = QEMU_DIR): string {
  const elf = path.join(dir, "slots-check.elf");
  const sources = ["boot/slots-check.c", "slots.c", ...SLOT_STORE_SOURCES, "startup.c", "semihost.c", "uart.c"];
  linkImage([], compile(sources, path.join(dir, "slots-check"), []), path.join(BOOT_DIR, "boot.ld"), elf, "linking the slots check");
  return elf;
}

/** The slot image's payload: the raw binary, where it runs, and the ELF it came from. */
export interface SlotPayload { bin: string; elf: string; loadAddress: number }

/** The application area's start: boot/slot.ld's CODE origin, boot/target.h APP_BASE. */
export const SLOT_LOAD_ADDRESS = 0x00010000;

/**
 * Builds the intercom as a slot's payload (docs/images.md kind 3): the port of
 * buildQemuImage with its confirm step (INTERCOM_BOOT_CONFIRM, boards/common/boot/confirm.c),
 * linked at the application area (boot/slot.ld) and copied out as a raw binary
 * (dir/intercom-mps2-an386-slot.bin) whose first words are the vector table.
 */
export function buildQemuSlotPayload(wasm = defaultImagePath(), dir = QEMU_DIR): SlotPayload {
  const elf = path.join(dir, "intercom-mps2-an386-slot.elf");
  const slotDir = path.join(dir, "slot");
  const objects = [...portObjects(slotDir, ["-DINTERCOM_BOOT_CONFIRM"]), ...compile(["common/confirm.c", ...SLOT_STORE_SOURCES], slotDir, [])];
  linkImage(firmwareObjects(wasm, dir), objects, path.join(BOOT_DIR, "slot.ld"), elf, "linking the slot image");
  const bin = path.join(dir, "intercom-mps2-an386-slot.bin");
  run("arm-none-eabi-objcopy", ["-O", "binary", elf, bin], "copying the slot image out as a binary");
  return { bin, elf, loadAddress: SLOT_LOAD_ADDRESS };
}

function cortexM4(): Target {
  const target = TARGETS.find((t) => t.name === "cortex-m4");
  if (!target) throw new Error("no cortex-m4 target in host/tools/footprint-build.ts");
  return target;
}

/** The module, the shim and the runtime, compiled (or reused) exactly as the footprint measures them. */
function firmwareObjects(wasm: string, dir: string): string[] {
  const target = cortexM4();
  const objectsDir = wasm === defaultImagePath() ? path.join(NATIVE_DIR, "..", "footprint", target.name) : path.join(dir, "objects");
  measure(wasm, target, objectsDir);
  return ["firmware.o", "shim.o", "wasm-rt-static.o"].map((o) => path.join(objectsDir, o));
}

/** The port's own C files (the top of PORT_DIR), compiled into dir with these extra flags. */
function portObjects(dir: string, defines: string[]): string[] {
  return compile(readdirSync(PORT_DIR).filter((f) => f.endsWith(".c")).sort(), dir, defines);
}

/** Compiles sources (relative to PORT_DIR, or "common/" for COMMON_BOOT_DIR) into dir, one object per source named after its file. */
function compile(sources: string[], dir: string, defines: string[]): string[] {
  mkdirSync(dir, { recursive: true });
  return sources.map((source) => {
    const object = path.join(dir, `${path.basename(source, ".c")}.o`);
    run("arm-none-eabi-gcc", [...cortexM4().flags, "-std=gnu11", "-Wall", "-Wextra", "-ffunction-sections", "-fdata-sections", ...defines,
      "-I", SHIM_DIR, "-I", PORT_DIR, "-I", BOOT_DIR, "-I", COMMON_BOOT_DIR, "-I", path.dirname(COMMON_BOOT_DIR), "-c", sourcePath(source), "-o", object],
    `compiling ${source}`);
    return object;
  });
}

function sourcePath(source: string): string {
  return source.startsWith("common/") ? path.join(COMMON_BOOT_DIR, source.slice("common/".length)) : path.join(PORT_DIR, source);
}

function linkImage(firmware: string[], objects: string[], script: string, elf: string, what: string): void {
  mkdirSync(path.dirname(elf), { recursive: true });
  // No start files and no system calls: newlib gives memcpy and memset only; any other symbol left undefined fails the link.
  // -L PORT_DIR: the scripts INCLUDE mps2-an386-sections.ld from there.
  run("arm-none-eabi-gcc", [...cortexM4().flags, "-nostartfiles", "-specs=nano.specs", "-Wl,--gc-sections", "-L", PORT_DIR, "-T", script,
    "-o", elf, ...firmware, ...objects], what);
}

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  try {
    console.log(buildQemuImage());
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
