// The Cortex-M4 build for QEMU's MPS2 AN386 as an image of kind 3
// (docs/images.md): the slot payload host/tools/qemu-build.ts links at the
// application area, packed by `intercom pack` with the kind read from its
// vector table and the load address the boot stage expects, boots under the
// boot stage (boards/cortex-m/qemu-mps2-an386/boot/); its ELF is refused with
// the advice to make it a raw binary. Needs QEMU, the Arm toolchain and
// wasm2c (skipped without them, mandatory in CI).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { QEMU_DIR, SLOT_LOAD_ADDRESS } from "../../host/tools/qemu-build.js";
import { Kind } from "../../host/image/format.js";
import { QEMU_LOAD_ADDRESS } from "../../host/image/payloads.js";
import { BoardState, CONFIRMING, bootSkip, builtImages } from "./support/qemu-boot.js";
import { cli, tempDir } from "./support/serial-board.js";
import { packRoundTrip } from "./support/image-payloads.js";

let skip: string | null = null;
before(() => {
  skip = bootSkip();
});

test("pack's default load address is the application area the QEMU build links the slot payload at", () => {
  assert.equal(QEMU_LOAD_ADDRESS, SLOT_LOAD_ADDRESS);
});

test("the QEMU slot payload packs as kind 3 for qemu-mps2-an386 and the boot stage boots the packed image", async (t) => {
  if (skip) return t.skip(skip);
  const bin = path.join(tempDir("qemu-bin"), "intercom-mps2-an386-slot.bin");
  writeFileSync(bin, builtImages().payload);
  const { image, out } = await packRoundTrip(bin, "3.4.5");
  assert.deepEqual([image.header.kind, image.boards, image.header.loadAddress], [Kind.CortexM, ["qemu-mps2-an386"], SLOT_LOAD_ADDRESS]);
  assert.equal(out.kind, "cortex-m");
  const board = new BoardState();
  board.slot("A", readFileSync(String(out.out)));
  const run = board.boot(CONFIRMING);
  assert.equal(run.status, 0, `QEMU exit ${run.status}: ${run.lines.join(" | ")} ${run.stderr}`);
  assert.deepEqual(run.lines, ["boot: no boot record, slot A", "boot: slot A active", "boot: slot A: starting version 3.4.5"]);
});

test("the slot payload's ELF is refused: a Cortex-M image holds the raw binary", async (t) => {
  if (skip) return t.skip(skip);
  const elf = path.join(QEMU_DIR, "intercom-mps2-an386-slot.elf");
  const out = path.join(tempDir("qemu-elf"), "elf.img");
  const r = await cli(["pack", elf, out, "--version", "0.1.0"]);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /^IMAGE: the input is not a Linux executable .*it is an ARM ELF .*arm-none-eabi-objcopy -O binary/);
  assert.equal(existsSync(out), false);
});
