// The one part of checking an image that runs its code, in a worker thread so
// that the board can stop it (start-check.ts): instantiate the module (its
// start function, if any, runs) and call _initialize, with a board that only
// records. Then it tells the board, which waits blocked (board.slotCheck is
// a synchronous import), through shared memory: the state word (1 started,
// 2 refused) and the reason's octets after it.
import { workerData } from "node:worker_threads";
import { Firmware, RecordingBoard } from "../../firmware.js";
import { abiMismatch } from "../../intercom.js";

const { image, shared } = workerData as { image: Uint8Array<ArrayBuffer>; shared: SharedArrayBuffer };
const state = new Int32Array(shared, 0, 1);
const text = new Uint8Array(shared, 4);

function answer(reason: string | null): void {
  if (reason !== null) text.set(Buffer.from(reason, "latin1").subarray(0, text.length - 1));
  Atomics.store(state, 0, reason === null ? 1 : 2);
  Atomics.notify(state, 0);
}

try {
  const mismatch = abiMismatch(await Firmware.load(image, new RecordingBoard()));
  answer(mismatch ? `image refused: ${mismatch}` : null);
} catch (err) {
  answer(`image cannot be loaded: ${(err as Error).message}`);
}
