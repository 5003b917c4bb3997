// What a board checks of a received image before it may be activated
// (docs/serial-protocol.md, "Flashing"): identity, board, module, ABI, fit.
// The hash is checked by the receiver; this is the rest.
import { Firmware, RecordingBoard } from "../../firmware.js";
import { checkFit, type Board } from "../../boards.js";
import { readIdentity, type ImageIdentity } from "../image.js";

/** The board ABI entry points a host calls (docs/board-abi.md). */
export const ABI_EXPORTS = [
  "memory", "_initialize", "boardSetAddress", "boardStart", "boardDatagram", "boardTick", "boardNextDeadline",
  "boardKey", "boardInput", "eventCount", "eventKind", "eventA", "eventB", "rxBuffer", "rxCapacity", "rxPeer",
];

/** The image's identity when `board` may run it, else the reason it is refused. */
export async function checkImage(image: Uint8Array<ArrayBuffer>, board: Board): Promise<ImageIdentity | string> {
  const id = readIdentity(image);
  if (typeof id === "string") return `image has no identity: ${id}`;
  if (!id.boards.includes(board.name)) return `image ${id.version} is built for ${id.boards.join(", ")}, not for ${board.name}`;
  if (!WebAssembly.validate(image)) return "image is not a valid WebAssembly module";
  const module = await WebAssembly.compile(image);
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  const missing = ABI_EXPORTS.filter((n) => !exported.has(n));
  if (missing.length) return `image does not export the board ABI: ${missing.join(", ")} missing`;
  const bad = WebAssembly.Module.imports(module).filter((i) => i.module !== "board");
  if (bad.length) return `image imports ${bad.map((i) => `${i.module}.${i.name}`).join(", ")}; a board gives only board.*`;
  let memory: number;
  try {
    const fw = await Firmware.load(image, new RecordingBoard());
    memory = fw.exports.memory.buffer.byteLength;
  } catch (err) {
    return `image cannot be loaded: ${(err as Error).message}`;
  }
  const problems = checkFit(board, image.length, memory);
  return problems.length ? `image does not fit: ${problems.join("; ")}` : id;
}
