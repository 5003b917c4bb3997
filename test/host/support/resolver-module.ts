// A small module of the board ABI that uses board.resolve (board ABI 5,
// docs/transports.md "Names"), for the native board's resolver while
// build/firmware.wasm does not import it: trapping-module.ts's module, with
//   boardDatagram  a datagram [type][name] asks board.resolve and sends the
//                  query id (i32 LE) back to its sender at once
//   boardResolved  sends id, status, count (i32 LE each) and the 1,024 octets
//                  at rxBuffer (the records) to the last sender
import { readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { trappingModule } from "./trapping-module.js";

/** Where the module keeps the last sender's 18-octet address, and its answer's header before rxBuffer (4096). */
const ASKER = 3072, QUERY_ID = 3100, HEADER = 4096 - 12;

const RESOLVE_IMPORT = `(import "board" "resolve" (func $resolve (param i32 i32 i32) (result i32)))`;

const RESOLVE_EXPORTS = `
  (func (export "boardDatagram") (param $len i32) (param i32) (result i32)
    (global.set $events (i32.const 0))
    (memory.copy (i32.const ${ASKER}) (i32.const 64) (i32.const 18))
    (i32.store (i32.const ${QUERY_ID})
      (call $resolve (i32.load8_u (i32.const 4096)) (i32.const 4097) (i32.sub (local.get $len) (i32.const 1))))
    (call $send (i32.const ${QUERY_ID}) (i32.const 4) (i32.const ${ASKER}))
    (i32.const 0))
  (func (export "boardResolved") (param $id i32) (param $status i32) (param $count i32) (param i32)
    (global.set $events (i32.const 0))
    (i32.store (i32.const ${HEADER}) (local.get $id))
    (i32.store (i32.const ${HEADER + 4}) (local.get $status))
    (i32.store (i32.const ${HEADER + 8}) (local.get $count))
    (call $send (i32.const ${HEADER}) (i32.const 1036) (i32.const ${ASKER})))`;

function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`resolver-module: the trapping module no longer has ${from}`);
  return text.replace(from, to);
}

/** The module assembled into dir/resolver.wasm; its path. */
export function resolverModule(dir: string): string {
  trappingModule(dir);
  let wat = readFileSync(path.join(dir, "trapping.wat"), "utf8");
  const fault = `(import "board" "fault" (func $fault (param i32 i32 i32 i32)))`;
  wat = replaced(wat, fault, `${fault}\n  ${RESOLVE_IMPORT}`);
  wat = replaced(wat, `(func (export "boardDatagram")`, `(func $echo`); // the trapping module's echo, no longer exported
  wat = `${wat.trimEnd().replace(/\)$/, "")}${RESOLVE_EXPORTS}\n)\n`;
  const source = path.join(dir, "resolver.wat"), wasm = path.join(dir, "resolver.wasm");
  writeFileSync(source, wat);
  const r = spawnSync("wat2wasm", [source, "-o", wasm], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wat2wasm: ${r.stderr}`);
  return wasm;
}
