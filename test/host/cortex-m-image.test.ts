// The Cortex-M4 build for QEMU's MPS2 AN386 (host/tools/qemu-build.ts) as an
// image of kind 3 (docs/images.md): its ELF turned into the raw binary a
// flash holds (arm-none-eabi-objcopy -O binary) packs with the kind read from
// its vector table; the ELF itself is refused with that advice. Needs the Arm
// toolchain and wasm2c (skipped without them, mandatory in CI).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildQemuImage } from "../../host/tools/qemu-build.js";
import { Kind } from "../../host/image/format.js";
import { missingTool, run } from "./support/tools.js";
import { cli, tempDir } from "./support/serial-board.js";
import { packRoundTrip } from "./support/image-payloads.js";

const skip = missingTool("arm-none-eabi-gcc", "gcc-arm-none-eabi") ?? missingTool("arm-none-eabi-objcopy", "binutils-arm-none-eabi")
  ?? missingTool("wasm2c", "wabt") ?? false;

test("the QEMU port's raw binary packs as kind 3 for qemu-mps2-an386, loaded at 0, and reads back", { skip }, async () => {
  const bin = path.join(tempDir("qemu-bin"), "intercom-mps2-an386.bin");
  const objcopy = run("arm-none-eabi-objcopy", ["-O", "binary", buildQemuImage(), bin]);
  assert.equal(objcopy.code, 0, objcopy.out);
  const { image, out } = await packRoundTrip(bin, "0.1.0");
  assert.deepEqual([image.header.kind, image.boards, image.header.loadAddress], [Kind.CortexM, ["qemu-mps2-an386"], 0]);
  assert.equal(out.kind, "cortex-m");
});

test("the QEMU port's ELF is refused: a Cortex-M image holds the raw binary", { skip }, async () => {
  const out = path.join(tempDir("qemu-elf"), "elf.img");
  const r = await cli(["pack", buildQemuImage(), out, "--version", "0.1.0"]);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /^IMAGE: the input is not a Linux executable .*it is an ARM ELF .*arm-none-eabi-objcopy -O binary/);
  assert.equal(existsSync(out), false);
});
