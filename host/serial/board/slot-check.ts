// The simulated board's own check of a slot the firmware verified (board
// ABI 4's slotCheck, docs/serial-agent.md; docs/images.md "What a board
// checks", 3): the image is for this board and kind, its payload a valid
// WebAssembly module exporting the board ABI and not the SIP engine of the
// test build, importing only the board's functions, fitting the board's
// memory and slot; and it starts. Nothing runs the image's code unbounded:
// the module is compiled (no code runs) and read, and only then started in a
// worker thread the board stops after START_LIMIT_MS. slotCheck is a
// synchronous import, so the board waits for the worker blocked on shared
// memory (Atomics.wait), as a board's flash check blocks its loop.
import { Worker } from "node:worker_threads";
import { checkFit, type Board } from "../../boards.js";
import { memoryNeeded, readMemories } from "../../tools/check-boards.js";
import { ImageError } from "../../image/format.js";
import { abiProblem, openImage } from "./image-check.js";

/** How long the image may take to start (instantiate and _initialize) before it is refused. */
export const START_LIMIT_MS = 3000;
const REASON_MAX = 512;

/** Starts the module in a worker, waiting at most `limitMs`: null when it started, else why not. */
export function startsWithin(module: Uint8Array<ArrayBuffer>, limitMs = START_LIMIT_MS): string | null {
  const shared = new SharedArrayBuffer(4 + REASON_MAX);
  const state = new Int32Array(shared, 0, 1);
  const worker = new Worker(new URL("./image-probe.js", import.meta.url), { workerData: { image: module, shared } });
  try {
    Atomics.wait(state, 0, 0, limitMs);
    const answered = Atomics.load(state, 0);
    if (answered === 1) return null;
    if (answered === 2) return Buffer.from(new Uint8Array(shared, 4)).toString("latin1").replace(/\0+$/, "");
    return `image did not finish starting within ${limitMs} ms (its start function or _initialize does not return); the board keeps its current image`;
  } finally {
    void worker.terminate();
  }
}

/** Why `board` cannot boot the image `image` (a slot's octets); null when it can. */
export function checkSlotImage(image: Uint8Array<ArrayBuffer>, board: Board): string | null {
  let payload: Uint8Array<ArrayBuffer>;
  try {
    payload = openImage(image, board).payload.slice();
  } catch (err) {
    if (err instanceof ImageError) return err.message;
    throw err;
  }
  if (!WebAssembly.validate(payload)) return "image is not a valid WebAssembly module";
  const problem = abiProblem(new WebAssembly.Module(payload));
  if (problem) return problem;
  const problems = checkFit(board, payload.length, memoryNeeded(readMemories(payload)));
  if (problems.length) return `image does not fit: ${problems.join("; ")}`;
  return startsWithin(payload);
}
