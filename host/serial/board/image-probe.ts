// The one part of checking an image that runs its code, in a worker thread so
// that the board can stop it (image-check.ts): instantiate the module (its
// start function, if any, runs) and call _initialize, with a board that only
// records. Posts "started" when both returned; a trap is the worker's error.
import { parentPort, workerData } from "node:worker_threads";
import { Firmware, RecordingBoard } from "../../firmware.js";

await Firmware.load(workerData as Uint8Array<ArrayBuffer>, new RecordingBoard());
parentPort!.postMessage("started");
