// The Cortex-M4 build of the firmware as a bootable image for QEMU's MPS2
// AN386 board (boards/cortex-m/qemu-mps2-an386): the very objects `npm run
// footprint` measures (wasm2c's translation of build/firmware.wasm, the shim
// and its static runtime, compiled by arm-none-eabi-gcc -mcpu=cortex-m4
// -Os), linked with a port whose HAL is semihosting and whose network is a
// script. test/host/cortex-m-qemu.test.ts runs it.
//
//   node build/js/host/tools/qemu-build.js     prints the image's path
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { defaultImagePath } from "../firmware.js";
import { NATIVE_DIR } from "./build-native.js";
import { SHIM_DIR, TARGETS, measure, run } from "./footprint-build.js";

export const PORT_DIR = path.join(SHIM_DIR, "qemu-mps2-an386");
export const QEMU_DIR = path.join(NATIVE_DIR, "..", "qemu");
export const QEMU_MACHINE = ["-M", "mps2-an386", "-display", "none", "-semihosting-config", "enable=on,target=native"];

/**
 * Builds dir/intercom-mps2-an386.elf (default build/qemu/) from `wasm`
 * (default build/firmware.wasm, whose objects are the footprint's; another
 * module's are compiled in dir/objects); returns its path.
 */
export function buildQemuImage(wasm = defaultImagePath(), dir = QEMU_DIR): string {
  const target = TARGETS.find((t) => t.name === "cortex-m4");
  if (!target) throw new Error("no cortex-m4 target in host/tools/footprint-build.ts");
  const objectsDir = wasm === defaultImagePath() ? path.join(NATIVE_DIR, "..", "footprint", target.name) : path.join(dir, "objects");
  // Compiles (or reuses) the module, the shim and the runtime exactly as measured.
  measure(wasm, target, objectsDir);
  mkdirSync(dir, { recursive: true });
  const objects = ["firmware.o", "shim.o", "wasm-rt-static.o"].map((o) => path.join(objectsDir, o));
  for (const source of readdirSync(PORT_DIR).filter((f) => f.endsWith(".c")).sort()) {
    const object = path.join(dir, `${path.basename(source, ".c")}.o`);
    run("arm-none-eabi-gcc", [...target.flags, "-std=gnu11", "-Wall", "-Wextra", "-ffunction-sections", "-fdata-sections",
      "-I", SHIM_DIR, "-I", PORT_DIR, "-c", path.join(PORT_DIR, source), "-o", object], `compiling ${source}`);
    objects.push(object);
  }
  const elf = path.join(dir, "intercom-mps2-an386.elf");
  // No start files and no system calls: newlib gives memcpy and memset only; any other symbol left undefined fails the link.
  run("arm-none-eabi-gcc", [...target.flags, "-nostartfiles", "-specs=nano.specs", "-Wl,--gc-sections", "-T", path.join(PORT_DIR, "mps2-an386.ld"),
    "-o", elf, ...objects], "linking the QEMU image");
  return elf;
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
