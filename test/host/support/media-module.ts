// A small module of the board ABI with the voice path's exports (board ABI 3,
// docs/board-abi.md "Audio and media"), for the hosts' media plumbing while
// build/firmware.wasm does not have them. It plays back what it gets:
//   boardMedia      sends each datagram back to its source (rxPeer) on the
//                   channel it came in on, through board.mediaSend
//   boardAudio      copies the microphone frame to the speaker frame, returns 1,
//                   and counts its calls (the export audioTicks)
//   boardStart      reports `media` on (event 19, a = 1, b = 0: PCMU), so the host
//                   starts its audio clock; boardKey reports `media` off (a = 0)
//   boardMediaPort  the port the test asks for; boardSetMediaPort keeps an even
//                   non-zero port (1) and refuses 0 or an odd one (0); the export
//                   announcedPort tells the last port kept
//   boardSerial     (board ABI 4) takes the octets and answers nothing
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ABI_VERSION } from "../../../host/vocabulary.js";
import { IDLE_BOARD_SERIAL, serialBufferExports } from "./trapping-module.js";

const RX = 4096;
const PEER = 64;
const MIC = 16384;
const SERIAL = 24576;
const SPEAKER = MIC + 320;

const wat = (mediaPort: number) => `(module
  (import "board" "send" (func (param i32 i32 i32)))
  (import "board" "output" (func (param i32 i32)))
  (import "board" "log" (func (param i32 i32 i32)))
  (import "board" "random" (func (param i32 i32)))
  (import "board" "configRead" (func (param i32 i32) (result i32)))
  (import "board" "fault" (func (param i32 i32 i32 i32)))
  (import "board" "mediaSend" (func $mediaSend (param i32 i32 i32 i32)))
  (memory (export "memory") 2 2)
  (global $events (mut i32) (i32.const 0))
  (global $state (mut i32) (i32.const 0))
  (global $announced (mut i32) (i32.const 0))
  (global $ticks (mut i32) (i32.const 0))
  (func (export "_initialize"))
  (func (export "rxBuffer") (result i32) (i32.const ${RX}))
  (func (export "rxCapacity") (result i32) (i32.const 1024))
  (func (export "rxPeer") (result i32) (i32.const ${PEER}))
  (func (export "abiVersion") (result i32) (i32.const ${ABI_VERSION}))
  (func (export "boardSetAddress") (result i32) (i32.const 1))
  (func (export "parse") (param i32) (result i32) (i32.const 0))
  ;; Event 19, media: on (1) at start.
  (func (export "boardStart") (param i32)
    (global.set $state (i32.const 1))
    (global.set $events (i32.const 1)))
  (func (export "boardDatagram") (param i32 i32) (result i32) (global.set $events (i32.const 0)) (i32.const 0))
  (func (export "boardTick") (param i32) (global.set $events (i32.const 0)))
  (func (export "boardNextDeadline") (param i32) (result i32) (i32.const -1))
  ;; Any key: event 19, media off (0).
  (func (export "boardKey") (param i32 i32 i32)
    (global.set $state (i32.const 0))
    (global.set $events (i32.const 1)))
  (func (export "boardInput") (param i32 i32 i32) (global.set $events (i32.const 0)))
  (func (export "boardShutdown") (param i32) (global.set $events (i32.const 0)))
  (func (export "boardShutdownPending") (result i32) (i32.const 0))
  (func (export "activeTransactions") (result i32) (i32.const 0))
  (func (export "droppedRequests") (result i32) (i32.const 0))
  (func (export "boardEventCount") (result i32) (global.get $events))
  (func (export "boardEventKind") (param i32) (result i32) (i32.const 19))
  (func (export "boardEventA") (param i32) (result i32) (global.get $state))
  (func (export "boardEventB") (param i32) (result i32) (i32.const 0))
  (func (export "boardMediaPort") (result i32) (i32.const ${mediaPort}))
  (func (export "boardSetMediaPort") (param $port i32) (result i32)
    (if (i32.or (i32.eqz (local.get $port)) (i32.and (local.get $port) (i32.const 1))) (then (return (i32.const 0))))
    (global.set $announced (local.get $port))
    (i32.const 1))
  (func (export "announcedPort") (result i32) (global.get $announced))
  (func (export "boardMedia") (param $len i32) (param $channel i32) (param i32)
    (global.set $events (i32.const 0))
    (call $mediaSend (i32.const ${RX}) (local.get $len) (i32.const ${PEER}) (local.get $channel)))
  (func (export "micFrame") (result i32) (i32.const ${MIC}))
  (func (export "speakerFrame") (result i32) (i32.const ${SPEAKER}))
  (func (export "boardAudio") (param i32) (result i32)
    (global.set $events (i32.const 0))
    (global.set $ticks (i32.add (global.get $ticks) (i32.const 1)))
    (memory.copy (i32.const ${SPEAKER}) (i32.const ${MIC}) (i32.const 320))
    (i32.const 1))
  (func (export "audioTicks") (result i32) (global.get $ticks))
  ${serialBufferExports(SERIAL)}
  ${IDLE_BOARD_SERIAL}
)
`;

/**
 * The module assembled by wabt's wat2wasm into dir/media.wasm, asking for RTP port `mediaPort` (0: any); its
 * path. `without` names an export to leave out (its function stays, unexported): a module with part of the voice path.
 */
export function mediaModule(dir: string, mediaPort: number, without?: string): string {
  const name = without ? `media-without-${without}` : "media";
  const source = path.join(dir, `${name}.wat`), wasm = path.join(dir, `${name}.wasm`);
  writeFileSync(source, without ? wat(mediaPort).replace(`(export "${without}")`, "") : wat(mediaPort));
  const r = spawnSync("wat2wasm", [source, "-o", wasm], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wat2wasm: ${r.stderr}`);
  return wasm;
}
