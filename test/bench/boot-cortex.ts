// The Cortex-M4 boot stage's cost: QEMU mps2-an386 with -icount shift=0 (one
// instruction, one nanosecond of the board's time) runs the bench build of
// boards/cortex-m/qemu-mps2-an386/boot/ (BOOT_BENCH), which counts SysTick
// ticks from its reset to the jump into the image and then over a loop of
// 2,000,000 instructions; the ratio gives instructions. Deterministic: the
// same images give the same counts on any machine. Semihosting file reads are
// one instruction each (the host does them), so the counts are the boot
// stage's own work: the record, the checks, the SHA-256 and the copy.
// Then the whole way from reset to the first REGISTER, through the shipping
// boot stage and the image's start, with no bench code at all (boot-register.ts).
//
//   node build/js/test/bench/boot-cortex.js
import { buildQemuBoot } from "../../host/tools/qemu-build.js";
import { run } from "../../host/tools/footprint-build.js";
import { missingTool } from "../host/support/tools.js";
import { bootToRegister } from "./boot-register.js";
import { BoardState, CONFIRMING, UNCONFIRMED, bootSkip, builtImages, slotImage } from "../host/support/qemu-boot.js";

const CALIBRATION_INSTRUCTIONS = 2_000_000;
const ICOUNT = ["-icount", "shift=0,align=off"];

interface Case { name: string; prepare: (b: BoardState) => void; script: Buffer[]; runs: number }

const CASES: Case[] = [
  { name: "slot A, no boot record", prepare: (b) => b.slot("A", slotImage([1, 0, 0])), script: CONFIRMING, runs: 1 },
  {
    name: "slot B on trial (writes `tried`)",
    prepare: (b) => {
      b.slot("A", slotImage([1, 0, 0]));
      b.slot("B", slotImage([2, 0, 0]));
      b.writeRecord([{ sequence: 1, active: "B", trial: true, tried: false }]);
    },
    script: UNCONFIRMED,
    runs: 1,
  },
  {
    name: "slot B never confirmed, back to A (second boot)",
    prepare: (b) => {
      b.slot("A", slotImage([1, 0, 0]));
      b.slot("B", slotImage([2, 0, 0]));
      b.writeRecord([{ sequence: 1, active: "B", trial: true, tried: false }]);
    },
    script: UNCONFIRMED,
    runs: 2,
  },
  {
    name: "slot B hash mismatch, then A (two hashes)",
    prepare: (b) => {
      const bad = slotImage([2, 0, 0]);
      bad[32 + builtImages().payload.length - 1] ^= 1; // the last octet of the payload: found only once it is all hashed
      b.slot("A", slotImage([1, 0, 0]));
      b.slot("B", bad);
      b.writeRecord([{ sequence: 1, active: "B", trial: true, tried: false }]);
    },
    script: CONFIRMING,
    runs: 1,
  },
];

function main(): void {
  const skip = bootSkip();
  if (skip) {
    console.log(skip);
    return;
  }
  const kernel = buildQemuBoot(undefined, true);
  const payload = builtImages().payload.length;
  // The boot stage as it ships (without the bench's counting code): arm-none-eabi-size's Berkeley columns.
  const [text, data, bss] = run("arm-none-eabi-size", ["-B", buildQemuBoot()], "arm-none-eabi-size").trim().split("\n")[1].trim().split(/\s+/).map(Number);
  console.log(`boot stage: .text ${text.toLocaleString("en-US")} .data ${data} .bss ${bss} octets`);
  console.log(`Cortex-M4 boot stage, QEMU mps2-an386 ${ICOUNT.join(" ")}; payload ${payload} octets (${(payload / 1024).toFixed(1)} KiB)`);
  console.log("| case | instructions, reset to jump | per KiB of payload hashed |");
  console.log("|---|---:|---:|");
  for (const c of CASES) {
    const board = new BoardState(kernel);
    c.prepare(board);
    let line = "";
    for (let i = 0; i < c.runs; i++) {
      const run = board.boot(c.script, ICOUNT);
      line = run.lines.find((l) => l.startsWith("boot: bench ")) ?? "";
      if (!line) throw new Error(`${c.name}: no bench line (exit ${run.status}): ${run.lines.join(" | ")} ${run.stderr}`);
    }
    const m = /ticks (\d+) calibrate (\d+)/.exec(line);
    if (!m) throw new Error(`${c.name}: unexpected line ${line}`);
    const instructions = Math.round((Number(m[1]) * CALIBRATION_INSTRUCTIONS) / Number(m[2]));
    const hashes = c.name.includes("two hashes") ? 2 : 1;
    console.log(`| ${c.name} | ${instructions.toLocaleString("en-US")} | ${Math.round(instructions / hashes / (payload / 1024)).toLocaleString("en-US")} |`);
  }
  const noCompiler = missingTool("cc", "gcc"); // the plugin is built for the host
  if (noCompiler) {
    console.log(`reset to the first REGISTER: ${noCompiler}`);
    return;
  }
  const r = bootToRegister();
  const n = (v: number) => v.toLocaleString("en-US");
  console.log(`\nReset to the first REGISTER (${r.registerOctets} octets) handed to hal_udp_send: the shipping boot stage, slot A, a configuration with a registrar; instructions counted by a QEMU plugin (test/bench/insn-marks.c)`);
  console.log("| step | instructions |");
  console.log("|---|---:|");
  console.log(`| boot stage: boot record, image checks, SHA-256 and copy of ${n(r.payload)} octets, jump | ${n(r.bootStage)} |`);
  console.log(`| image start: .data copied, .bss cleared (linear memory among it) | ${n(r.startup)} |`);
  console.log(`| main to REGISTER: script read, intercom_boot (configuration, registration) | ${n(r.firmware)} |`);
  console.log(`| reset to first REGISTER | ${n(r.total)} |`);
}

try {
  main();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
