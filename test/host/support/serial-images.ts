// Images for the flashing tests (docs/images.md): the firmware packed under
// another version or for other boards (by `intercom pack`, as an integrator
// would), one padded past a board's slot, and modules that export the board
// ABI but fault or never return when they start (assembled by wabt's wat2wasm).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { defaultImagePath } from "../../../host/firmware.js";
import { Kind } from "../../../host/image/format.js";
import { packImage, parseVersion } from "../../../host/image/writer.js";
import { customSection } from "../../../host/wasm-binary.js";
import { ABI_EXPORTS } from "../../../host/serial/board/image-check.js";
import { ABI_VERSION } from "../../../host/vocabulary.js";
import { cli } from "./serial-board.js";

/** `payload`, a WebAssembly module, packed as `version` (MAJOR.MINOR.REVISION) for `boards`. */
export function packModule(payload: Uint8Array, version: string, boards: string[]): Uint8Array<ArrayBuffer> {
  const v = parseVersion(version);
  if (typeof v === "string") throw new Error(v);
  return packImage(payload, { kind: Kind.Wasm, version: v, boards });
}

/** `input` (default build/firmware.wasm) packed by the CLI as `version` for `boards` (its kind's default when none). */
export async function packed(dir: string, version: string, boards: string[] = [], input = defaultImagePath()): Promise<string> {
  const out = path.join(dir, `${path.basename(input)}-${version}.img`);
  const r = await cli(["pack", input, out, "--version", version, ...(boards.length ? ["--board", ...boards] : [])]);
  if (r.code !== 0) throw new Error(`intercom pack failed: ${r.stderr}`);
  return out;
}

/** The firmware with a custom section of `bytes` filler at its end, packed: same code, a larger image. */
export function padded(dir: string, version: string, board: string, bytes: number): string {
  const section = customSection("padding", Buffer.alloc(bytes));
  const image = packModule(Buffer.concat([readFileSync(defaultImagePath()), section]), version, [board]);
  const out = path.join(dir, `big-${version}.img`);
  writeFileSync(out, image);
  return out;
}

/** A module with every board ABI export, each a function of `body(name)`, plus `extra` fields, assembled and packed for the simulator. */
function abiModule(dir: string, name: string, version: string, body: (entry: string) => string, extra = "", abi = ABI_VERSION): string {
  // abiVersion answers this host's version (unless `abi` says) and boardSetAddress takes the address, so that
  // each image is refused (or not) for what it is built to show.
  const entry = (n: string) => (n === "abiVersion" ? `i32.const ${abi}` : n === "boardSetAddress" ? "i32.const 1" : body(n));
  const funcs = ABI_EXPORTS.filter((n) => n !== "memory").map((n) => `(func (export "${n}") (param i32 i32 i32) (result i32) ${entry(n)})`);
  const wat = path.join(dir, `${name}.wat`), wasm = path.join(dir, `${name}.wasm`);
  writeFileSync(wat, `(module (memory (export "memory") 2 2) ${funcs.join(" ")} ${extra})\n`);
  const r = spawnSync("wat2wasm", [wat, "-o", wasm], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wat2wasm: ${r.stderr}`);
  const out = path.join(dir, `${name}-${version}.img`);
  writeFileSync(out, packModule(readFileSync(wasm), version, ["simulator"]));
  return out;
}

/** A module that runs cleanly but exports board ABI version `abi` (not this host's). */
export function otherAbi(dir: string, version: string, abi: number): string {
  return abiModule(dir, `abi-${abi}`, version, (n) => (n === "boardNextDeadline" ? "i32.const -1" : "i32.const 0"), "", abi);
}

/**
 * A module whose `trap` entry point (boardStart or boardTick) traps (unreachable); it asks for no timer
 * (boardNextDeadline -1), so a trapping boardTick first runs in the board's confirmation tick.
 */
export function faulting(dir: string, version: string, trap: "boardStart" | "boardTick"): string {
  return abiModule(dir, `faulting-${trap}`, version, (n) => (n === trap ? "unreachable" : n === "boardNextDeadline" ? "i32.const -1" : "i32.const 0"));
}

/** A module that never returns as it starts: from its start function (run when it is instantiated), or from _initialize. */
export function hanging(dir: string, version: string, where: "start" | "_initialize"): string {
  const forever = "(loop $again (br $again)) i32.const 0";
  if (where === "_initialize") return abiModule(dir, "hanging-init", version, (n) => (n === "_initialize" ? forever : "i32.const 0"));
  return abiModule(dir, "hanging-start", version, () => "i32.const 0", "(func $forever (loop $again (br $again))) (start $forever)");
}
