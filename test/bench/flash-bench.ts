// Issue 17's flash figures: how long `intercom flash` takes, and how much of
// the line it uses, on each board that speaks the serial protocol (the
// simulated board takes wasm images, the native Linux board linux images, the
// Cortex-M4 under QEMU cortex-m images; test/host/support/boards-under-test.ts
// starts each), through a FaultyLine pacing each direction at 115200 and at
// 921600 baud (support/serial-line.ts). The share of the line rate counts 10
// bits an octet (8N1: a start bit, 8 data bits, a stop bit), so 1.0 would be
// a line that never waits for an answer. The image is written, verified, not
// activated (`--no-activate`), each time into the board's inactive slot.
// Then the serial agent's own cost on the Cortex-M4 (footprint-areas.ts).
// A script, not a timed test: the figures vary with the machine's load.
//
//   npm run bench:flash [-- sim native qemu]     (after npm run build)
import { readFileSync, statSync } from "node:fs";
import { defaultImagePath } from "../../host/firmware.js";
import { firstGlobalStart } from "../../host/wasm-binary.js";
import { areas } from "../../host/tools/footprint-areas.js";
import { BOARD_KINDS, boardSkip, startBoard, type BoardKind } from "../host/support/boards-under-test.js";
import { cli, jsonOf } from "../host/support/serial-board.js";

const BAUDS = [115200, 921600];

interface Row { kind: BoardKind; imageKind: string; octets: number; baud: number; write: number; command: number; resent: number }

async function measure(kind: BoardKind): Promise<Row[]> {
  const board = await startBoard(kind, { faults: { corrupt: 0, drop: 0, seed: 1, baud: BAUDS[0] } });
  const rows: Row[] = [];
  try {
    const image = await board.image("9.0.0");
    for (const baud of BAUDS) {
      board.line!.faults.baud = baud;
      const t0 = performance.now();
      const r = await cli(["flash", board.port, image, "--json", "--no-progress", "--no-activate", "--baud", String(baud)]);
      const command = (performance.now() - t0) / 1000;
      if (r.code !== 0) throw new Error(`${kind} at ${baud}: flash exited ${r.code}: ${r.stdout}${r.stderr}`);
      const j = jsonOf(r);
      rows.push({ kind, imageKind: board.imageKind, octets: Number(j.bytes), baud, write: Number(j.seconds), command, resent: Number(j.retries) });
      console.error(`${kind} at ${baud} baud: ${j.bytes} octets in ${Number(j.seconds).toFixed(2)} s`);
    }
    if (statSync(image).size !== rows[0].octets) throw new Error(`${kind}: the CLI wrote ${rows[0].octets} octets of a ${statSync(image).size}-octet image`);
  } finally {
    await board.close();
  }
  return rows;
}

const n = (v: number, digits = 0) => v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(rows: Row[]): void {
  console.log("| board | image | octets | baud | write (Begin to the last chunk) | flash command (connect, write, verify) | data rate (8 bits an octet, as `flash` prints it) | share of the line rate (10 bits an octet) | frames resent |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const bits = (r.octets * 10) / r.write;
    console.log(`| ${r.kind} | ${r.imageKind} | ${n(r.octets)} | ${n(r.baud)} | ${n(r.write, 2)} s | ${n(r.command, 2)} s | ${n((r.octets * 8) / r.write / 1000, 1)} kbit/s | ${n(bits / r.baud, 2)} | ${r.resent} |`);
  }
}

/** The release build's shadow stack (asconfig.json) and the static data the agent added (docs/serial-agent.md "Memory"). */
const SHADOW_STACK = 256;
const AGENT_DATA = 3840;

/** The agent's Cortex-M4 .text by area, and the module's static memory. */
function agentCost(): void {
  const rows = areas();
  const serial = rows.filter((r) => /assembly\/(app\/serial|serial|crypto)\)/.test(r.area));
  const total = rows.reduce((s, r) => s + r.text, 0);
  console.log("\nThe serial agent's cost, Cortex-M4 .text (host/tools/footprint-areas.ts: -Os -fno-inline, asc -O3 twin):");
  console.log("| area | .text octets | share of the firmware's .text |");
  console.log("|---|---:|---:|");
  for (const r of serial) console.log(`| ${r.area} | ${n(r.text)} | ${n((100 * r.text) / total, 1)} % |`);
  const sum = serial.reduce((s, r) => s + r.text, 0);
  console.log(`| the three together | ${n(sum)} | ${n((100 * sum) / total, 1)} % |`);
  const image = readFileSync(defaultImagePath());
  const stackTop = firstGlobalStart(image);
  if (stackTop === null) throw new Error("the module's first global is not asc's stack pointer");
  console.log(`Static memory: the module's data ends at ${n(stackTop - SHADOW_STACK)} of ${n(131072)} octets (the shadow stack, ${SHADOW_STACK} octets, above it; ${n(131072 - stackTop)} free).`);
  console.log(`The agent, its commands, SHA-256 and the refusal texts took ${n(AGENT_DATA)} of them when they landed (data end 126,812 before, 130,652 after; docs/serial-agent.md "Memory").`);
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const kinds = asked.length ? BOARD_KINDS.filter((k) => asked.includes(k)) : BOARD_KINDS;
  const rows: Row[] = [];
  for (const kind of kinds) {
    const skip = boardSkip(kind);
    if (skip) console.log(`${kind}: ${skip}`);
    else rows.push(...(await measure(kind)));
  }
  console.log(`intercom flash --no-activate through a FaultyLine paced at each baud rate in both directions (${new Date().toISOString().slice(0, 10)})`);
  table(rows);
  agentCost();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error((err as Error).message);
    process.exit(1);
  },
);
