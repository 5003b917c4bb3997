// The one part of checking an image that runs its code, in a worker thread so
// that the board can stop it (image-check.ts): instantiate the module (its
// start function, if any, runs) and call _initialize, with a board that only
// records. Posts what stands between the host and running it (the board ABI
// version it exports, image-check.ts) once both returned: null when nothing;
// a trap is the worker's error.
import { parentPort, workerData } from "node:worker_threads";
import { Firmware, RecordingBoard } from "../../firmware.js";
import { abiMismatch } from "../../intercom.js";

const fw = await Firmware.load(workerData as Uint8Array<ArrayBuffer>, new RecordingBoard());
parentPort!.postMessage(abiMismatch(fw));
