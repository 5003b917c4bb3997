// From reset to the first REGISTER on the Cortex-M4 under QEMU mps2-an386,
// in instructions: the shipping boot stage (no bench code) checks slot A's
// image (its SHA-256) and jumps into it, the image's reset handler fills
// .data and clears .bss (the module's linear memory among it), main reads the
// script, and intercom_boot, with a configuration naming a registrar, hands
// the REGISTER to the network (hal_udp_send). Nothing is added to the board's
// code: a TCG plugin (insn-marks.c) counts the instructions QEMU executes and
// notes the count when the core first reaches the image's reset_handler, main
// and hal_udp_send. Deterministic: the same images give the same counts.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../host/tools/build-native.js";
import { blockOf } from "../../host/tools/config-block.js";
import { run } from "../../host/tools/footprint-build.js";
import { QEMU_DIR } from "../../host/tools/qemu-build.js";
import { Rec } from "../../host/tools/qemu-records.js";
import { BASE, DOOR } from "../host/support/intercom-fixture.js";
import { BoardState, builtImages, slotImage } from "../host/support/qemu-boot.js";

export interface BootToRegister {
  /** Instructions from reset to the image's reset handler (the boot stage: record, checks, SHA-256, copy). */
  bootStage: number;
  /** From the image's reset handler to main (.data copied, .bss cleared). */
  startup: number;
  /** From main to the REGISTER handed to hal_udp_send (script read, intercom_boot). */
  firmware: number;
  total: number;
  /** The REGISTER's length in octets. */
  registerOctets: number;
  /** The image's payload in octets (what the boot stage hashed and copied). */
  payload: number;
}

/** The slot image's function symbols by name (arm-none-eabi-nm). */
function symbols(elf: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of run("arm-none-eabi-nm", [elf], "reading the slot image's symbols").split("\n")) {
    const [address, kind, name] = line.trim().split(/\s+/);
    if (name && /^[tT]$/.test(kind)) out.set(name, parseInt(address, 16) & ~1);
  }
  return out;
}

/** The plugin, compiled by the host's C compiler into build/qemu/. */
function plugin(): string {
  const so = path.join(QEMU_DIR, "insn-marks.so");
  run("cc", ["-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-o", so, path.join(ROOT, "test/bench/insn-marks.c")], "compiling the QEMU plugin");
  return so;
}

const MARKS = ["reset_handler", "main", "hal_udp_send"] as const;

/** Runs the measurement once (the images built by bootSkip()). */
export function bootToRegister(): BootToRegister {
  const table = symbols(path.join(QEMU_DIR, "intercom-mps2-an386-slot.elf"));
  const board = new BoardState();
  board.slot("A", slotImage([1, 0, 0]));
  writeFileSync(board.file("config.bin"), blockOf(BASE, DOOR.port));
  const marks = board.file("marks.txt");
  const args = MARKS.map((m) => {
    const at = table.get(m);
    if (at === undefined) throw new Error(`the slot image has no function ${m}`);
    return `${m}=${at.toString(16)}`;
  });
  const r = board.boot([Rec.boot(0, DOOR.host), Rec.quit(1)], ["-plugin", [plugin(), `out=${marks}`, ...args].join(",")]);
  const at = new Map((existsSync(marks) ? readFileSync(marks, "utf8") : "").split("\n").filter(Boolean).map((l) => l.split(" ")).map(([n, c]) => [n, Number(c)]));
  const missing = MARKS.filter((m) => !at.has(m));
  if (r.status !== 0 || missing.length) throw new Error(`QEMU (exit ${r.status}) never reached ${missing.join(", ")}: ${r.lines.join(" | ")} ${r.stderr}`);
  const send = r.trace.find((l) => l.startsWith("send "));
  const datagram = Buffer.from(send?.split(" ")[2] ?? "", "hex");
  if (!datagram.toString("latin1").startsWith("REGISTER ")) throw new Error(`the first datagram sent is not a REGISTER: ${send}`);
  const bootStage = at.get("reset_handler")!, startup = at.get("main")! - bootStage, firmware = at.get("hal_udp_send")! - at.get("main")!;
  return { bootStage, startup, firmware, total: at.get("hal_udp_send")!, registerOctets: datagram.length, payload: builtImages().payload.length };
}
