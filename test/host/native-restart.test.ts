// The native board's restart path (boards/native-linux/station.c): a module
// that traps is reported, freed and started again from scratch, as a real
// board's watchdog would; one that traps again and again makes the board give
// up (exit 1) instead of spinning. build/firmware.wasm never traps (the
// bench's million mutated datagrams), so the board is built here around a
// small module of the same board ABI that traps on demand: a datagram
// starting with "X" traps, one starting with "F" reports a fault through
// board.fault first (as the firmware's abort does), any other is sent back
// to its source. Its boardStart reads the configuration block and reports
// it, so each start shows as a "config" line.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import dgram from "node:dgram";
import path from "node:path";
import { compileBoard } from "../../host/tools/build-native.js";
import { nativeSkip } from "./support/interop-native.js";
import { missingTool } from "./support/tools.js";
import { freePort } from "./support/interop.js";
import { blockOf } from "../../host/tools/config-block.js";

const dir = mkdtempSync(path.join(tmpdir(), "native-restart-"));
let skip: string | null = null;
let binary = "";

// The board ABI as the native board calls it (docs/board-abi.md): the same
// imports and export signatures as build/firmware.wasm.
const WAT = `(module
  (import "board" "send" (func $send (param i32 i32 i32)))
  (import "board" "output" (func (param i32 i32)))
  (import "board" "log" (func (param i32 i32 i32)))
  (import "board" "random" (func (param i32 i32)))
  (import "board" "configRead" (func $configRead (param i32 i32) (result i32)))
  (import "board" "fault" (func $fault (param i32 i32 i32)))
  (memory (export "memory") 2 2)
  ;; "boom" as the firmware's abort passes a message: UTF-16, its byte length in the u32 before it.
  (data (i32.const 2044) "\\08\\00\\00\\00b\\00o\\00o\\00m\\00")
  (global $events (mut i32) (i32.const 0))
  (global $configured (mut i32) (i32.const 0))
  (func (export "_initialize"))
  (func (export "rxBuffer") (result i32) (i32.const 4096))
  (func (export "rxCapacity") (result i32) (i32.const 1024))
  (func (export "rxPeer") (result i32) (i32.const 64))
  (func (export "boardSetAddress") (param i32))
  (func (export "boardStart") (param i32)
    (global.set $configured (i32.gt_s (call $configRead (i32.const 8192) (i32.const 4096)) (i32.const 0)))
    (global.set $events (i32.const 1)))
  (func (export "boardDatagram") (param $len i32) (param i32) (result i32)
    (global.set $events (i32.const 0))
    (if (i32.eq (i32.load8_u (i32.const 4096)) (i32.const 0x58)) (then unreachable))
    (if (i32.eq (i32.load8_u (i32.const 4096)) (i32.const 0x46)) (then
      (call $fault (i32.const 2048) (i32.const 7) (i32.const 9))
      unreachable))
    (call $send (i32.const 4096) (local.get $len) (i32.const 64))
    (i32.const 0))
  (func (export "boardTick") (param i32) (global.set $events (i32.const 0)))
  (func (export "boardNextDeadline") (param i32) (result i32) (i32.const -1))
  (func (export "boardKey") (param i32 i32 i32) (global.set $events (i32.const 0)))
  (func (export "boardInput") (param i32 i32 i32) (global.set $events (i32.const 0)))
  (func (export "boardShutdown") (param i32) (global.set $events (i32.const 0)))
  (func (export "eventCount") (result i32) (global.get $events))
  ;; Event 12, configuration: a = 0 loaded, 1 none.
  (func (export "eventKind") (param i32) (result i32) (i32.const 12))
  (func (export "eventA") (param i32) (result i32) (select (i32.const 0) (i32.const 1) (global.get $configured)))
  (func (export "eventB") (param i32) (result i32) (i32.const 0))
)
`;

before(() => {
  skip = nativeSkip() ?? missingTool("wat2wasm", "wabt");
  if (skip) return;
  const wat = path.join(dir, "trapping.wat"), wasm = path.join(dir, "trapping.wasm");
  writeFileSync(wat, WAT);
  const r = spawnSync("wat2wasm", [wat, "-o", wasm], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wat2wasm: ${r.stderr}`);
  binary = path.join(dir, "intercom-native-trapping");
  compileBoard(wasm, dir, binary);
});

type Line = Record<string, unknown>;

/** The trapping board on a free port with a configuration block: its lines as they come, a socket to talk to it. */
async function start(): Promise<{ child: ChildProcess; lines: Line[]; stderr: () => string; exit: Promise<number | null>; send: (text: string) => void; replies: string[]; close: () => void }> {
  const port = await freePort();
  const block = path.join(dir, `b${port}.bin`);
  writeFileSync(block, blockOf({ user: "door", domain: "example.com" }, port));
  const child = spawn(binary, ["--config-block", block]);
  const lines: Line[] = [];
  let out = "", err = "";
  child.stdout!.on("data", (d) => {
    out += d;
    const parts = out.split("\n");
    out = parts.pop()!;
    for (const l of parts) if (l) lines.push(JSON.parse(l));
  });
  child.stderr!.on("data", (d) => (err += d));
  const exit = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  const sock = dgram.createSocket("udp4");
  const replies: string[] = [];
  sock.on("message", (m) => replies.push(m.toString()));
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
  await until(() => lines.some((l) => l.event === "listening"), "the board listening");
  return {
    child, lines, stderr: () => err, exit, replies,
    send: (text) => sock.send(text, port, "127.0.0.1"),
    close: () => {
      sock.close();
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}

async function until(ok: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const starts = (lines: Line[]) => lines.filter((l) => l.event === "config").length;

type Board = Awaited<ReturnType<typeof start>>;

/** Runs `fn` with a fresh trapping board, stopped afterwards whatever happens. */
async function withBoard(t: { skip: (why: string) => void }, fn: (b: Board) => Promise<void>): Promise<void> {
  if (skip) return t.skip(skip);
  const b = await start();
  try {
    await fn(b);
  } finally {
    b.close();
  }
}

test("a trap in an entry point is reported, the module starts again from scratch (the block read again), and the station answers the next datagram", (t) => withBoard(t, async (b) => {
  assert.deepEqual(b.lines.filter((l) => l.event === "config").map((l) => l.state), ["loaded"]);
  b.send("hello");
  await until(() => b.replies.length === 1, "the echo before the trap");
  b.send("X marks the trap");
  await until(() => starts(b.lines) === 2, "the second start");
  const trap = b.lines.find((l) => l.event === "trap");
  assert.ok(trap, "a trap line");
  assert.match(String(trap.message), /unreachable/i);
  assert.ok(b.lines.indexOf(trap) < b.lines.map((l) => l.event).lastIndexOf("config"), "the restart follows the trap report");
  assert.equal(b.lines.at(-1)!.state, "loaded", "the restarted module read the configuration block again");
  b.send("again");
  await until(() => b.replies.length === 2, "the echo after the restart");
  assert.deepEqual(b.replies, ["hello", "again"]);
  assert.equal(b.child.exitCode, null, "the board runs on");
}));

test("a fault the module reports through board.fault is printed with its message and position before the trap that follows it", (t) => withBoard(t, async (b) => {
  b.send("F");
  await until(() => starts(b.lines) === 2, "the restart");
  const events = b.lines.map((l) => l.event);
  const fault = b.lines.find((l) => l.event === "fault");
  assert.deepEqual({ ...fault, t: 0 }, { t: 0, event: "fault", message: "boom", line: 7, column: 9 });
  assert.ok(events.indexOf("fault") < events.indexOf("trap"), `fault before trap: ${events.join(", ")}`);
}));

test("three traps in a row are restarted; a completed call resets the count; the fourth trap in a row makes the board give up with exit 1", (t) => withBoard(t, async (b) => {
  const trapThrice = async () => {
    for (let i = 0; i < 3; i++) {
      const before = starts(b.lines);
      b.send("X");
      await until(() => starts(b.lines) === before + 1, `restart ${before}`);
    }
  };
  await trapThrice();
  b.send("still there?");
  await until(() => b.replies.length === 1, "the answer after three restarts");
  await trapThrice();
  assert.equal(b.child.exitCode, null, "a completed call reset the count: six traps, never four in a row");
  b.send("ok");
  await until(() => b.replies.length === 2, "the second answer");
  for (let i = 0; i < 4; i++) b.send("X");
  const code = await Promise.race([b.exit, new Promise((r) => setTimeout(() => r("still running 5 s after the fourth trap"), 5000))]);
  assert.equal(code, 1);
  assert.match(b.stderr(), /trapped 4 times in a row; giving up/);
}));
