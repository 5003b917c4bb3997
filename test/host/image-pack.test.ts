// `intercom pack` (docs/images.md, docs/serial-protocol.md "Images"): each
// kind of payload round-trips through the format, its kind read from its
// first octets; a file that is not what --kind says, or a bad argument, is
// refused with exit 2 naming the option and the fix, and nothing is written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { defaultImagePath } from "../../host/firmware.js";
import { listBoards } from "../../host/boards.js";
import { Kind } from "../../host/image/format.js";
import { cli, tempDir } from "./support/serial-board.js";
import { elf, file, packRoundTrip, vectorTable } from "./support/image-payloads.js";

const dir = tempDir("pack");
const TOP_OF_RAM = 0x20400000; // the QEMU port's stack top (boards/cortex-m/qemu-mps2-an386/mps2-an386.ld)

/** Runs pack on `input` expecting a usage error (exit 2) whose message matches `why`, and no output file. */
async function refused(input: string, args: string[], why: RegExp): Promise<void> {
  const out = `${input}.refused.img`;
  const r = await cli(["pack", input, out, ...args]);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, why);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  assert.equal(existsSync(out), false, "nothing written");
}

test("build/firmware.wasm packs as kind 1 (read from its magic) for every board in boards/ and reads back", async () => {
  const { image, out } = await packRoundTrip(defaultImagePath(), "1.2.3");
  assert.equal(image.header.kind, Kind.Wasm);
  assert.deepEqual(image.header.version, { major: 1, minor: 2, revision: 3, build: 0 });
  assert.deepEqual(image.boards, listBoards());
  assert.deepEqual([out.kind, out.version], ["wasm", "1.2.3"]);
});

test("an x86-64 ELF executable packs as kind 2 for native-linux", async () => {
  const { image, out } = await packRoundTrip(file(dir, "native", elf()), "0.2.0+17");
  assert.deepEqual([image.header.kind, image.boards, image.header.loadAddress], [Kind.Linux, ["native-linux"], 0]);
  assert.equal(out.version, "0.2.0+17");
});

test("a raw binary whose vector table is plausible packs as kind 3 for qemu-mps2-an386, loaded at its application area", async () => {
  const { image } = await packRoundTrip(file(dir, "cm.bin", vectorTable(TOP_OF_RAM, 0x00010041)), "0.3.0");
  assert.deepEqual([image.header.kind, image.boards, image.header.loadAddress], [Kind.CortexM, ["qemu-mps2-an386"], 0x00010000]);
});

test("--load-address places a Cortex-M binary elsewhere; its reset vector must lie inside it there", async () => {
  const input = file(dir, "cm-flash.bin", vectorTable(TOP_OF_RAM, 0x08000081));
  const { image } = await packRoundTrip(input, "0.3.1", ["--kind", "cortex-m", "--load-address", "0x08000000"]);
  assert.equal(image.header.loadAddress, 0x08000000);
  await refused(input, ["--version", "0.3.1", "--kind", "cortex-m"], /--kind: .*reset vector 0x08000081 lies outside the payload .*check --load-address/);
});

test("--board names the boards, replacing the default", async () => {
  const { image } = await packRoundTrip(defaultImagePath(), "1.0.0", ["--board", "simulator", "rp2040-w5500"]);
  assert.deepEqual(image.boards, ["simulator", "rp2040-w5500"]);
});

test("a module packed with --kind linux is refused naming --kind", async () => {
  await refused(defaultImagePath(), ["--version", "1.0.0", "--kind", "linux"], /^--kind: the input is a WebAssembly module \(kind 1, wasm\), not a Linux executable/);
});

test("a file with the WebAssembly magic that is not a valid module is refused", async () => {
  await refused(file(dir, "broken.wasm", Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0xff)), ["--version", "1.0.0"],
    /^IMAGE: the input is not a WebAssembly module .*not a valid module/);
});

test("an ELF packed with --kind wasm is refused naming --kind", async () => {
  await refused(file(dir, "native-as-wasm", elf()), ["--version", "1.0.0", "--kind", "wasm"], /^--kind: the input is a Linux executable \(kind 2, linux\), not a WebAssembly module/);
});

test("an ELF that is not 64-bit is refused: the native board runs x86-64", async () => {
  await refused(file(dir, "elf32", elf({ elfClass: 1 })), ["--version", "1.0.0"], /^IMAGE: the input is not a Linux executable .*32-bit ELF/);
});

test("an ELF for another machine is refused; an ARM one is told to become a raw binary", async () => {
  await refused(file(dir, "elf-riscv", elf({ machine: 243 })), ["--version", "1.0.0"], /e_machine is 243, not x86-64 \(62\)/);
  await refused(file(dir, "elf-arm", elf({ machine: 40 })), ["--version", "1.0.0"], /ARM ELF .*arm-none-eabi-objcopy -O binary/);
});

test("an ELF object file is not an executable", async () => {
  await refused(file(dir, "elf-rel", elf({ type: 1 })), ["--version", "1.0.0", "--kind", "linux"], /^--kind: .*e_type is 1, not an executable/);
});

test("a Cortex-M binary whose initial stack pointer is not in RAM is refused", async () => {
  await refused(file(dir, "cm-sp", vectorTable(0x00001000, 0x00010041)), ["--version", "1.0.0", "--kind", "cortex-m"], /initial stack pointer 0x00001000 is not a word-aligned address in RAM/);
});

test("a Cortex-M binary whose reset vector is not a Thumb address is refused", async () => {
  await refused(file(dir, "cm-arm", vectorTable(TOP_OF_RAM, 0x00010040)), ["--version", "1.0.0", "--kind", "cortex-m"], /reset vector 0x00010040 is not a Thumb address/);
});

test("a file of no kind it can tell is refused asking for --kind", async () => {
  await refused(file(dir, "text", new Uint8Array(Buffer.from("just some text, not firmware"))), ["--version", "1.0.0"], /^--kind: the input is not a WebAssembly module, not an ELF, .*give --kind wasm, linux or cortex-m/);
});

test("--load-address is refused for anything but a Cortex-M binary", async () => {
  await refused(defaultImagePath(), ["--version", "1.0.0", "--load-address", "0x1000"], /^--load-address: only a Cortex-M binary has one; the input is a WebAssembly module/);
});

test("a --load-address that VTOR cannot point at (not a multiple of 256) is refused", async () => {
  const input = file(dir, "cm-odd.bin", vectorTable(TOP_OF_RAM, 0x08000081));
  for (const bad of ["0x08000080", "0x123", "0x100000000", "somewhere"]) {
    await refused(input, ["--version", "1.0.0", "--load-address", bad], /--load-address must be a 32-bit address aligned for VTOR \(a multiple of 256\)/);
  }
});

test("a --version that does not fit the header's fields is refused with the form it takes", async () => {
  await refused(defaultImagePath(), ["--version", "1.2.3-rc1"], /^--version: "1\.2\.3-rc1" is not MAJOR\.MINOR\.REVISION\[\+BUILD\]/);
  await refused(defaultImagePath(), ["--version", "300.0.0"], /^--version: "300\.0\.0" is not .*MAJOR and MINOR 0\.\.255/);
});

test("an unknown --kind is refused with the kinds there are", async () => {
  await refused(defaultImagePath(), ["--version", "1.0.0", "--kind", "esp32"], /--kind.*'esp32' is invalid\. Allowed choices are wasm, linux, cortex-m/);
});

test("a --board that is not a board name is refused naming --board", async () => {
  await refused(defaultImagePath(), ["--version", "1.0.0", "--board", "Front Door"], /^--board: "Front Door" is not a board name/);
});

test("an input that cannot be read is refused naming IMAGE", async () => {
  await refused(path.join(dir, "missing.wasm"), ["--version", "1.0.0"], /^IMAGE: cannot read .*missing\.wasm/);
});
