// The one step of the simulated board's image check that runs the image's
// code (image-check.ts, checkModule): the module is started (instantiated,
// _initialize called) in a worker thread the board stops after
// START_LIMIT_MS, so an image that never returns is refused and the board
// goes on. board.slotCheck is a synchronous import, so the board waits for
// the worker blocked on shared memory (Atomics.wait), as a board's flash
// check blocks its loop.
import { Worker } from "node:worker_threads";

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
