// A small module of the board ABI that traps on demand, for the boards'
// restart paths (build/firmware.wasm never traps: the bench's million mutated
// datagrams). The same imports and export signatures as build/firmware.wasm
// (docs/board-abi.md; the voice path's and the serial agent's exports do nothing, unless the module is
// the HAL probe of hal-probe.ts). A datagram starting with "X" executes unreachable, "O"
// loads far outside the module's memory, "F" reports a fault through
// board.fault ("boom" at line 7, column 9) and then traps; any other is sent
// back to its source. boardStart reads the configuration block and reports it
// as event 12 (a: 0 loaded, 1 none), so each start of the module shows.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ABI_VERSION } from "../../../host/vocabulary.js";
import { HAL_PROBE_IMPORTS, HAL_PROBE_SERIAL } from "./hal-probe.js";

/** The serial agent's buffer (board ABI 4) at `at`, 128 octets, for a test module. */
export const serialBufferExports = (at: number) => `;; The serial agent (board ABI 4).
  (func (export "serialBuffer") (result i32) (i32.const ${at}))
  (func (export "serialCapacity") (result i32) (i32.const 128))`;
/** A boardSerial that takes the octets and answers nothing (the module's $events global cleared). */
export const IDLE_BOARD_SERIAL = `(func (export "boardSerial") (param i32 i32) (global.set $events (i32.const 0)))`;

const wat = (abi: number | null, halProbe: boolean) => `(module
  (import "board" "send" (func $send (param i32 i32 i32)))
  (import "board" "output" (func (param i32 i32)))
  (import "board" "log" (func (param i32 i32 i32)))
  (import "board" "random" (func (param i32 i32)))
  (import "board" "configRead" (func $configRead (param i32 i32) (result i32)))
  (import "board" "fault" (func $fault (param i32 i32 i32 i32)))${halProbe ? HAL_PROBE_IMPORTS : ""}
  (memory (export "memory") 2 2)
  ;; "boom" as the firmware's abort passes a message: ASCII octets and their count.
  (data (i32.const 2048) "boom")
  (global $events (mut i32) (i32.const 0))
  (global $configured (mut i32) (i32.const 0))
  (func (export "_initialize"))
  (func (export "rxBuffer") (result i32) (i32.const 4096))
  (func (export "rxCapacity") (result i32) (i32.const 1024))
  (func (export "rxPeer") (result i32) (i32.const 64))
  ${abi === null ? "" : `(func (export "abiVersion") (result i32) (i32.const ${abi}))`}
  (func (export "boardSetAddress") (result i32) (i32.const 1))
  (func (export "parse") (param i32) (result i32) (i32.const 0))
  (func (export "boardStart") (param i32)
    (global.set $configured (i32.gt_s (call $configRead (i32.const 8192) (i32.const 4096)) (i32.const 0)))
    (global.set $events (i32.const 1)))
  (func (export "boardDatagram") (param $len i32) (param i32) (result i32)
    (global.set $events (i32.const 0))
    (if (i32.eq (i32.load8_u (i32.const 4096)) (i32.const 0x58)) (then unreachable))
    ;; "O": a load far past the 2 pages of memory (an out-of-bounds access).
    (if (i32.eq (i32.load8_u (i32.const 4096)) (i32.const 0x4f)) (then
      (drop (i32.load (i32.const 0x7ffffff0)))))
    (if (i32.eq (i32.load8_u (i32.const 4096)) (i32.const 0x46)) (then
      (call $fault (i32.const 2048) (i32.const 4) (i32.const 7) (i32.const 9))
      unreachable))
    (call $send (i32.const 4096) (local.get $len) (i32.const 64))
    (i32.const 0))
  (func (export "boardTick") (param i32) (global.set $events (i32.const 0)))
  (func (export "boardNextDeadline") (param i32) (result i32) (i32.const -1))
  (func (export "boardKey") (param i32 i32 i32) (global.set $events (i32.const 0)))
  (func (export "boardInput") (param i32 i32 i32) (global.set $events (i32.const 0)))
  (func (export "boardShutdown") (param i32) (global.set $events (i32.const 0)))
  (func (export "boardShutdownPending") (result i32) (i32.const 0))
  (func (export "activeTransactions") (result i32) (i32.const 0))
  (func (export "droppedRequests") (result i32) (i32.const 0))
  (func (export "boardEventCount") (result i32) (global.get $events))
  ;; Event 12, configuration: a = 0 loaded, 1 none.
  (func (export "boardEventKind") (param i32) (result i32) (i32.const 12))
  (func (export "boardEventA") (param i32) (result i32) (select (i32.const 0) (i32.const 1) (global.get $configured)))
  (func (export "boardEventB") (param i32) (result i32) (i32.const 0))
  ;; The voice path (board ABI 3): a port asked, nothing sent, no audio.
  (func (export "boardMediaPort") (result i32) (i32.const 0))
  (func (export "boardSetMediaPort") (param i32) (result i32) (i32.const 1))
  (func (export "boardMedia") (param i32 i32 i32) (global.set $events (i32.const 0)))
  (func (export "micFrame") (result i32) (i32.const 12288))
  (func (export "speakerFrame") (result i32) (i32.const 12608))
  (func (export "boardAudio") (param i32) (result i32) (global.set $events (i32.const 0)) (i32.const 0))
  ${serialBufferExports(16384)}
  ${halProbe ? HAL_PROBE_SERIAL : IDLE_BOARD_SERIAL}
)
`;

/**
 * The module assembled by wabt's wat2wasm into dir/trapping.wasm; its path. `abi` is the board ABI
 * version it exports (this host's by default; null: no abiVersion export at all). `halProbe`: its
 * boardSerial probes the board's ABI 4 imports instead (hal-probe.ts; dir/probe.wasm).
 */
export function trappingModule(dir: string, abi: number | null = ABI_VERSION, halProbe = false): string {
  const name = halProbe ? "probe" : "trapping";
  const source = path.join(dir, `${name}.wat`), wasm = path.join(dir, `${name}.wasm`);
  writeFileSync(source, wat(abi, halProbe));
  const r = spawnSync("wat2wasm", [source, "-o", wasm], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wat2wasm: ${r.stderr}`);
  return wasm;
}
