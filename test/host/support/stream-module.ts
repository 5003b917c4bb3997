// A small module of board ABI 5's streams (docs/transports.md "Streams"),
// for proving what a board does, without the firmware: it imports
// board.streamOpen/streamSend/streamClose and exports the four stream
// callbacks with rxBuffer/rxPeer/rxCapacity. Its framing is lines: of the
// octets offered it takes everything through the last LF and sends those
// back on the same stream (an echo of whole lines), leaving a partial line
// with the board; an offer starting with "!" answers -1 (close), and so does
// a full buffer without an LF (a message longer than rxCapacity). Controls
// for the test: open(secure, nameLen) with the peer's 18 octets at PEER_AT
// and the name at NAME_AT, send(handle, len) from SEND_AT, close(handle),
// setCapacity(n), setAccept(answer). With `station` it also has the rest of
// the board ABI's exports (doing nothing: no events, no timer), so that a
// simulated station (host/sim/station.ts) runs it.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ABI_EXPORTS } from "../../../host/serial/board/image-check.js";
import { ABI_VERSION } from "../../../host/vocabulary.js";

export const PEER_AT = 256, NAME_AT = 512, SEND_AT = 1024, RX_AT = 4096, RX_PEER_AT = 64;

/** The module's test controls, beside the stream exports. */
export interface StreamModuleControls {
  open(secure: number, nameLen: number): number;
  send(handle: number, len: number): number;
  close(handle: number): void;
  setCapacity(n: number): void;
  setAccept(answer: number): void;
}

/** The board ABI's other exports, each answering a constant: its version, the address taken, no timer, nothing else. */
function stationExports(): string {
  const own = new Set(["memory", "_initialize", "rxBuffer", "rxCapacity", "rxPeer"]);
  const answer = (n: string) => (n === "abiVersion" ? ABI_VERSION : n === "boardSetAddress" ? 1 : n === "boardNextDeadline" ? -1 : 0);
  return [...ABI_EXPORTS, "boardShutdown", "boardShutdownPending"].filter((n) => !own.has(n))
    .map((n) => `(func (export "${n}") (param i32 i32 i32) (result i32) (i32.const ${answer(n)}))`).join("\n  ");
}

const wat = (station: boolean) => `(module
  (import "board" "streamOpen" (func $open (param i32 i32 i32 i32) (result i32)))
  (import "board" "streamSend" (func $send (param i32 i32 i32) (result i32)))
  (import "board" "streamClose" (func $close (param i32)))
  (memory (export "memory") 1 1)
  (global $accept (mut i32) (i32.const 1))
  (global $cap (mut i32) (i32.const 1024))
  (func (export "_initialize"))
  (func (export "rxBuffer") (result i32) (i32.const ${RX_AT}))
  (func (export "rxCapacity") (result i32) (global.get $cap))
  (func (export "rxPeer") (result i32) (i32.const ${RX_PEER_AT}))
  (func (export "setCapacity") (param i32) (global.set $cap (local.get 0)))
  (func (export "setAccept") (param i32) (global.set $accept (local.get 0)))
  (func (export "open") (param $secure i32) (param $nameLen i32) (result i32)
    (call $open (i32.const ${PEER_AT}) (local.get $secure) (i32.const ${NAME_AT}) (local.get $nameLen)))
  (func (export "send") (param $h i32) (param $len i32) (result i32)
    (call $send (local.get $h) (i32.const ${SEND_AT}) (local.get $len)))
  (func (export "close") (param $h i32) (call $close (local.get $h)))
  (func (export "boardStreamOpened") (param i32 i32 i32))
  (func (export "boardStreamAccepted") (param i32 i32 i32) (result i32) (global.get $accept))
  (func (export "boardStreamClosed") (param i32 i32))
  (func (export "boardStreamData") (param $h i32) (param $len i32) (param $now i32) (result i32)
    (local $i i32) (local $took i32)
    ;; "!" first: close the stream.
    (if (i32.and (i32.gt_s (local.get $len) (i32.const 0)) (i32.eq (i32.load8_u (i32.const ${RX_AT})) (i32.const 33)))
      (then (return (i32.const -1))))
    ;; Whole lines: everything through the last LF.
    (block $done (loop $scan
      (br_if $done (i32.ge_s (local.get $i) (local.get $len)))
      (if (i32.eq (i32.load8_u (i32.add (i32.const ${RX_AT}) (local.get $i))) (i32.const 10))
        (then (local.set $took (i32.add (local.get $i) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $scan)))
    ;; A full buffer and no line in it: longer than this module can take.
    (if (i32.and (i32.eqz (local.get $took)) (i32.ge_s (local.get $len) (global.get $cap)))
      (then (return (i32.const -1))))
    (if (local.get $took) (then (drop (call $send (local.get $h) (i32.const ${RX_AT}) (local.get $took)))))
    (local.get $took))
  ${station ? stationExports() : ""}
)
`;

/** The module assembled by wabt's wat2wasm into dir/streams.wasm (with `station`: dir/station-streams.wasm): its octets. */
export function streamModule(dir: string, station = false): Uint8Array<ArrayBuffer> {
  const name = station ? "station-streams" : "streams";
  const source = path.join(dir, `${name}.wat`), wasm = path.join(dir, `${name}.wasm`);
  writeFileSync(source, wat(station));
  const r = spawnSync("wat2wasm", [source, "-o", wasm], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wat2wasm: ${r.stderr}`);
  return new Uint8Array(readFileSync(wasm));
}
