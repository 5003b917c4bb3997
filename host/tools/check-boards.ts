// Run after the build: does build/firmware.wasm fit every board in boards/?
// It reads the module's declared linear memory from its binary (memory and
// import sections) and its size, and checks each board's limits.
//
//   node build/js/host/tools/check-boards.js [--boards DIR] [--image FILE]
//
// Exit 0 with one line per board when all fit; exit 1 naming each board that
// does not (or whose definition is invalid) and why; exit 2 when it cannot run
// (a usage error, a missing file).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { checkFit, defaultBoardsDir, flashNeeded, listBoards, loadBoard } from "../boards.js";
import { defaultImagePath } from "../firmware.js";
import { readMemories, type DeclaredMemory } from "../wasm-binary.js";

export const PAGE_BYTES = 65536;

export { readMemories, type DeclaredMemory };

/** Linear memory the module can use: each memory's maximum (its initial size when it declares none). */
export function memoryNeeded(declared: DeclaredMemory[]): number {
  return declared.reduce((sum, m) => sum + (m.maximumPages ?? m.initialPages) * PAGE_BYTES, 0);
}

function describe(declared: DeclaredMemory[]): string {
  if (declared.length === 0) return "no linear memory";
  return declared.map((m) => {
    const max = m.maximumPages === null ? "no maximum" : `maximum ${m.maximumPages}`;
    return `${m.imported ? "imported" : "own"} memory: initial ${m.initialPages} pages, ${max}`;
  }).join("; ");
}

interface Options { boards: string; image: string }

function parseArgs(args: string[]): Options {
  const options: Partial<Options> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if ((flag === "--boards" || flag === "--image") && value !== undefined) {
      options[flag === "--boards" ? "boards" : "image"] = value;
      i++;
    } else {
      throw new Error(`unexpected argument ${JSON.stringify(flag)}: usage: check-boards [--boards DIR] [--image FILE]`);
    }
  }
  return { boards: options.boards ?? defaultBoardsDir(), image: options.image ?? defaultImagePath() };
}

/** Checks every board of options.boards against the module; returns the exit code. */
export function checkBoards(options: Options, out: (line: string) => void, err: (line: string) => void): number {
  const bytes = readFileSync(options.image);
  if (!WebAssembly.validate(bytes)) {
    err(`${options.image}: not a valid WebAssembly module`);
    return 1;
  }
  const declared = readMemories(bytes);
  const memory = memoryNeeded(declared);
  out(`${path.basename(options.image)}: ${bytes.length} bytes, ${memory} bytes of linear memory (${describe(declared)})`);
  if (declared.some((m) => m.maximumPages === null)) {
    err("warning: a memory declares no maximum: it may grow past what is counted here");
  }
  const names = listBoards(options.boards);
  if (names.length === 0) {
    err(`no boards in ${options.boards}`);
    return 1;
  }
  let failed = 0;
  for (const name of names) {
    try {
      const board = loadBoard(name, options.boards);
      const problems = checkFit(board, bytes.length, memory);
      if (problems.length > 0) {
        failed++;
        for (const p of problems) err(p);
        continue;
      }
      out(`${name}: fits (${board.runtime}): linear memory ${memory} of ${board.memoryLimitBytes} bytes, ` +
        `flash ${flashNeeded(board, bytes.length)} of ${board.imageLimitBytes} bytes`);
    } catch (e) {
      failed++;
      err(`${name}: ${(e as Error).message}`);
    }
  }
  if (failed > 0) err(`${failed} of ${names.length} boards do not fit or are invalid`);
  return failed > 0 ? 1 : 0;
}

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  let code: number;
  try {
    code = checkBoards(parseArgs(process.argv.slice(2)), console.log, console.error);
  } catch (e) {
    console.error((e as Error).message);
    code = 2;
  }
  process.exit(code);
}
