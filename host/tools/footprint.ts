// `npm run footprint`: the firmware on Cortex-M. For each target
// (cortex-m4, and the RP2040's cortex-m0plus) it cross-compiles wasm2c's
// translation of build/firmware.wasm with the board shim (boards/cortex-m)
// and reports .text/.data/.bss of the image and of each part, the linear
// memory the module declares and the deepest C stack; then it checks every
// wasm2c board in boards/ against the target of its MCU:
//   flash: .text + .data + hostImageBytes <= imageLimitBytes
//   RAM:   .data + .bss (the linear memory included) + C stack <= memoryLimitBytes
//
//   node build/js/host/tools/footprint.js [--boards DIR] [--image FILE] [--json]
//
// Exit 0 when every board fits; 1 naming each board that does not, an OS call
// left in the image, or recursion; 2 when it cannot run (usage, tools).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { defaultBoardsDir, listBoards, loadBoard, type Board } from "../boards.js";
import { defaultImagePath } from "../firmware.js";
import { memoryNeeded, readMemories } from "./check-boards.js";
import { NATIVE_DIR, ROOT, sha256 } from "./build-native.js";
import { HAL, TARGETS, measure, type Measure } from "./footprint-build.js";

/** The target whose figures stand for a board's MCU, and whether they are its own or a stand-in. */
export function targetFor(board: Board): { target: string; proxy: string | null } | null {
  if (/RP2040|Cortex-M0\+/i.test(board.mcu)) return { target: "cortex-m0plus", proxy: null };
  if (/Cortex-M4|Cortex-M7|Cortex-M33/i.test(board.mcu)) return { target: "cortex-m4", proxy: null };
  // Debian ships no Xtensa compiler: Thumb-2 code density stands in for the LX6's (both dense 16/24-bit encodings).
  if (/ESP32|Xtensa/i.test(board.mcu)) return { target: "cortex-m4", proxy: "Xtensa not compiled here; the Cortex-M4 figures stand in" };
  return null;
}

export interface BoardFit {
  board: string;
  target: string | null;
  proxy: string | null;
  flash?: { need: number; limit: number };
  ram?: { need: number; limit: number };
  problems: string[];
  skipped?: string;
}

/** Whether one board holds the image measured for its target. */
export function fitBoard(board: Board, measures: Measure[]): BoardFit {
  if (board.runtime !== "wasm2c") return { board: board.name, target: null, proxy: null, problems: [], skipped: `runtime ${board.runtime}: not a wasm2c build` };
  const t = targetFor(board);
  const m = t && measures.find((x) => x.target === t.target);
  if (!t || !m) return { board: board.name, target: null, proxy: null, problems: [`${board.name}: no Cortex-M target for its MCU (${board.mcu}); add one to host/tools/footprint.ts`] };
  const flash = { need: m.image.text + m.image.data + board.hostImageBytes, limit: board.imageLimitBytes };
  const ram = { need: m.image.data + m.image.bss + m.stack.bytes, limit: board.memoryLimitBytes };
  const problems: string[] = [];
  if (flash.need > flash.limit) {
    problems.push(`${board.name}: flash ${flash.need} bytes (${m.image.text} .text + ${m.image.data} .data on ${m.target} + ${board.hostImageBytes} for the host) exceeds the image slot, imageLimitBytes ${flash.limit}`);
  }
  if (ram.need > ram.limit) {
    problems.push(`${board.name}: RAM ${ram.need} bytes (${m.image.data} .data + ${m.image.bss} .bss with the linear memory + ${m.stack.bytes} of C stack) exceeds memoryLimitBytes ${ram.limit}`);
  }
  return { board: board.name, target: t.target, proxy: t.proxy, flash, ram, problems };
}

export interface Report {
  image: { file: string; bytes: number; sha256: string; linearMemory: number };
  targets: Measure[];
  boards: BoardFit[];
  problems: string[];
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = (s: { text: number; data: number; bss: number }) => `.text ${s.text} .data ${s.data} .bss ${s.bss}`;

/** Measures every target and checks every board of `boardsDir`. */
export function footprint(imagePath: string, boardsDir: string): Report {
  const bytes = readFileSync(imagePath);
  const linearMemory = memoryNeeded(readMemories(bytes));
  const targets = TARGETS.map((t) => measure(imagePath, t, path.join(NATIVE_DIR, "..", "footprint", t.name)));
  const boards = listBoards(boardsDir).map((name) => {
    try {
      return fitBoard(loadBoard(name, boardsDir), targets);
    } catch (e) {
      return { board: name, target: null, proxy: null, problems: [`${name}: ${(e as Error).message}`] };
    }
  });
  const problems: string[] = [];
  for (const m of targets) {
    if (m.osCalls.length) problems.push(`${m.target}: the image calls outside the HAL (${m.osCalls.join(", ")}): the firmware part must make no OS calls`);
    if (m.stack.recursive.length) problems.push(`${m.target}: recursion (${m.stack.recursive.join(", ")}): the C stack has no static bound; build with WASM_RT_USE_STACK_DEPTH_COUNT=1`);
  }
  for (const b of boards) problems.push(...b.problems);
  return { image: { file: imagePath, bytes: bytes.length, sha256: sha256(bytes), linearMemory }, targets, boards, problems };
}

export function printReport(r: Report, out: (line: string) => void): void {
  out(`${path.relative(ROOT, r.image.file) || r.image.file}: ${r.image.bytes} bytes (sha256 ${r.image.sha256}), linear memory ${r.image.linearMemory} bytes (${kib(r.image.linearMemory)}, a static array on the MCU)`);
  for (const m of r.targets) {
    out(`${m.target} (${m.flags.join(" ")}): image ${sizes(m.image)}`);
    out(`  firmware (wasm2c output) ${sizes(m.parts.firmware)}; shim and runtime ${sizes(m.parts.shim)}; newlib (memcpy, memset) ${sizes(m.parts.libc)}`);
    out(`  RAM: linear memory ${r.image.linearMemory} + other .data/.bss ${m.image.data + m.image.bss - r.image.linearMemory} + C stack ${m.stack.bytes} (deepest: ${m.stack.path.slice(0, 4).join(" > ")}${m.stack.path.length > 4 ? " > ..." : ""})`);
    out(`  undefined symbols: ${m.undefinedSymbols.join(", ") || "none"} (the HAL: ${HAL.length} functions)`);
  }
  for (const b of r.boards) {
    if (b.skipped) out(`${b.board}: skipped (${b.skipped})`);
    else if (b.flash && b.ram) {
      const verdict = b.problems.length ? "does NOT fit" : "fits";
      out(`${b.board}: ${verdict} on ${b.target}${b.proxy ? ` (${b.proxy})` : ""}: flash ${b.flash.need} of ${b.flash.limit} bytes, RAM ${b.ram.need} of ${b.ram.limit} bytes`);
    }
  }
}

function parseArgs(args: string[]): { boards: string; image: string; json: boolean } {
  const o = { boards: "", image: "", json: false };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--json") o.json = true;
    else if ((args[i] === "--boards" || args[i] === "--image") && args[i + 1] !== undefined) o[args[i] === "--boards" ? "boards" : "image"] = args[++i];
    else throw new Error(`unexpected argument ${JSON.stringify(args[i])}: usage: footprint [--boards DIR] [--image FILE] [--json]`);
  }
  return { boards: o.boards || defaultBoardsDir(), image: o.image || defaultImagePath(), json: o.json };
}

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  let o: ReturnType<typeof parseArgs>;
  let r: Report;
  try {
    o = parseArgs(process.argv.slice(2));
    r = footprint(o.image, o.boards);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (o.json) console.log(JSON.stringify(r, null, 2));
  else printReport(r, console.log);
  for (const p of r.problems) console.error(p);
  process.exit(r.problems.length ? 1 : 0);
}
