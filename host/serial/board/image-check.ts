// What the simulated board checks of an image (docs/images.md, "What a board
// checks"; board ABI 4's slotCheck, docs/serial-agent.md): the image's
// format, kind, board and SHA-256 record (openImage), then its WebAssembly
// payload: module, ABI (not the SIP engine of the test build, only the
// board's imports), fit, and that it starts (checkModule). Nothing here runs
// the image's code unbounded: the module is validated and compiled (no code
// runs), read, and only then started in a worker the board stops
// (start-check.ts).
import { checkFit, type Board } from "../../boards.js";
import { memoryNeeded, readMemories } from "../../tools/check-boards.js";
import { startsWithin } from "./start-check.js";
import { ImageError, Kind, checkTarget, readImage, type Image } from "../../image/format.js";
import { BOARD_IMPORTS, MEDIA_EXPORTS, SERIAL_EXPORTS } from "../../firmware.js";
import { ENGINE_EXPORTS } from "../../sip-engine.js";
import { STREAM_EXPORTS } from "../../sim/streams.js"; // board ABI 5: the release module has them, a board runs one without

/** The board ABI entry points a host calls (docs/board-abi.md). */
export const ABI_EXPORTS = [
  "memory", "_initialize", "abiVersion", "boardSetAddress", "boardStart", "boardDatagram", "boardTick", "boardNextDeadline",
  "boardKey", "boardInput", "boardEventCount", "boardEventKind", "boardEventA", "boardEventB", "rxBuffer", "rxCapacity", "rxPeer",
  ...MEDIA_EXPORTS, ...SERIAL_EXPORTS, "boardResolved", // ABI 5: the resolver's answer (docs/transports.md, "Names")
];

/** The parser's own ABI (docs/board-abi.md, "SIP datagrams"; docs/parser.md): benchmarks and outside checks call it. */
export const PARSER_EXPORTS = [
  "rxBuffer", "rxCapacity", "parse", "fieldStart", "fieldLength", "reasonStart", "reasonLength", "statusCode", "methodId",
  "cseqNumber", "contentLength", "expires", "maxForwards", "headerCount", "headerId", "headerNameStart", "headerNameLength",
  "headerValueStart", "headerValueLength", "txBuffer", "txCapacity", "respond", "selfCheckHashCollisions", "allocationAttempts",
];

/**
 * Everything the release module (build/firmware.wasm) exports, and nothing more: the board ABI (those a board must
 * have, the shutdown pair and the two counters a board's `stats` prints) and the parser's ABI. The SIP engine's
 * exports are the test build's only (host/sip-engine.ts, ENGINE_EXPORTS).
 */
export const RELEASE_EXPORTS = [...new Set([
  ...ABI_EXPORTS, ...STREAM_EXPORTS, "boardShutdown", "boardShutdownPending", "activeTransactions", "droppedRequests", ...PARSER_EXPORTS,
])];

export { BOARD_IMPORTS };

/** What is wrong with the module's exports and imports, read without running it; null when nothing. */
export function abiProblem(module: WebAssembly.Module): string | null {
  const exported = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  const missing = ABI_EXPORTS.filter((n) => exported.get(n) !== (n === "memory" ? "memory" : "function"));
  if (missing.length) return `image does not export the board ABI: ${missing.join(", ")} missing (or not of their kind)`;
  const engine = ENGINE_EXPORTS.filter((n) => exported.has(n));
  if (engine.length) return `image is a test build: it exports the SIP engine (${engine.slice(0, 3).join(", ")}${engine.length > 3 ? ", ..." : ""}), which would drive the station beside the board ABI; a board runs the release module (build/firmware.wasm)`;
  const bad = WebAssembly.Module.imports(module).filter((i) => i.module !== "board" || i.kind !== "function" || !(BOARD_IMPORTS as readonly string[]).includes(i.name));
  if (bad.length) return `image imports ${bad.map((i) => `${i.module}.${i.name} (${i.kind})`).join(", ")}; a board gives only the functions board.${BOARD_IMPORTS.join(", board.")}`;
  return null;
}

/**
 * The image a simulated board may hold (docs/images.md, "What a board checks", 1 and 2): well formed, its
 * SHA-256 record matching its header and payload, a WebAssembly module (kind 1), for this board. Throws
 * ImageError naming the field; the payload stays a view into `image`.
 */
export function openImage<B extends ArrayBufferLike>(image: Uint8Array<B>, board: Board): Image<B> {
  const opened = readImage(image);
  checkTarget(opened.header, opened.boards, Kind.Wasm, board.name);
  return opened;
}

/** Why `board` cannot run the WebAssembly payload `module` (docs/images.md, "What a board checks", 3); null when it can. */
export function checkModule(module: Uint8Array<ArrayBuffer>, board: Board): string | null {
  if (!WebAssembly.validate(module)) return "image is not a valid WebAssembly module";
  const problem = abiProblem(new WebAssembly.Module(module));
  if (problem) return problem;
  const problems = checkFit(board, module.length, memoryNeeded(readMemories(module)));
  if (problems.length) return `image does not fit: ${problems.join("; ")}`;
  return startsWithin(module);
}

/** Why `board` cannot boot a slot's image (its octets); null when it can: board.slotCheck. */
export function checkSlotImage(image: Uint8Array<ArrayBuffer>, board: Board): string | null {
  try {
    return checkModule(openImage(image, board).payload.slice(), board);
  } catch (err) {
    if (err instanceof ImageError) return err.message;
    throw err;
  }
}
