// The native board's restart path (boards/native-linux/station.c): a module
// that traps is reported, freed and started again from scratch, as a real
// board's watchdog would; one that traps again and again makes the board give
// up (exit 1) instead of spinning. build/firmware.wasm never traps, so the
// board is built here around a small module of the same board ABI that traps
// on demand (support/trapping-module.ts): each of its starts shows as a
// "config" line, and it sends any other datagram back.
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
import { trappingModule } from "./support/trapping-module.js";
import { freePort } from "./support/interop.js";
import { blockOf } from "../../host/tools/config-block.js";

const dir = mkdtempSync(path.join(tmpdir(), "native-restart-"));
let skip: string | null = null;
let binary = "";

before(() => {
  skip = nativeSkip() ?? missingTool("wat2wasm", "wabt");
  if (skip) return;
  binary = path.join(dir, "intercom-native-trapping");
  compileBoard(trappingModule(dir), dir, binary);
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

test("an access outside the module's memory is a trap like any other: reported, and the module restarted", (t) => withBoard(t, async (b) => {
  b.send("O");
  await until(() => starts(b.lines) === 2, "the restart");
  assert.match(String(b.lines.find((l) => l.event === "trap")?.message), /out-of-bounds/i);
  b.send("after");
  await until(() => b.replies.length === 1, "the echo after the restart");
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
