// Ctrl-C during `intercom flash` (docs/serial-protocol.md, "The CLI"): the
// cursor the progress bar hid comes back, one message says the flash was
// interrupted and what the board kept, the exit code is 130, and the board
// still boots its old image (the protocol's guarantee before Activate).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { missingTool } from "./support/tools.js";
import { CLI, cli, jsonOf, tempDir, directBench } from "./support/serial-board.js";
import { padded } from "./support/serial-images.js";

const skip = missingTool("socat", "socat") ?? false;
const noScript = skip || (missingTool("script", "bsdutils") ?? false);
/** Large enough that writing it takes seconds over a pty pair, so the interruption lands mid-way. */
const BIG = 8_000_000;
const KEPT = /flash interrupted: the board keeps its active image 0\.1\.0 in slot A; slot B holds an incomplete image that will not boot/;

interface Running {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number>;
}

function start(cmd: string, args: string[]): Running {
  const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number>((r) => child.on("exit", (code) => r(code ?? -1)));
  return { child, out: () => out, exited };
}

async function until(done: () => boolean, what = () => "the flash under way", ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (done()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no sign of ${what()} within ${ms} ms`);
}

/** Waits until the progress shows some bytes written (and not all of them). */
const midWay = (run: Running) => until(() => /Writing \[[^\]]*\] \d+% [1-9]\d*\/\d+ bytes/.test(run.out()), () => `progress in:\n${run.out()}`);

async function statusOf(port: string): Promise<{ firmware: { version: string; slot: string }; slots: { name: string; active: boolean; empty?: boolean }[] }> {
  const r = await cli(["status", port, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return jsonOf(r) as never;
}

test("SIGINT mid-flash: exit 130, a message saying what the board kept, and the board still runs its old image", { skip }, async () => {
  const bench = await directBench("sigint");
  try {
    const image = padded(tempDir("img"), "3.0.0", "simulator", BIG);
    const run = start(process.execPath, [CLI, "flash", bench.port, image]);
    await midWay(run);
    run.child.kill("SIGINT");
    assert.equal(await run.exited, 130, run.out());
    assert.match(run.out(), KEPT);
    const s = await statusOf(bench.port);
    assert.deepEqual([s.firmware.version, s.firmware.slot], ["0.1.0", "A"]);
    assert.equal(s.slots.find((x) => x.name === "B")?.empty, true, "slot B holds nothing bootable");
  } finally {
    await bench.close();
  }
});

test("SIGINT mid-flash with --json: one object {ok: false, exit: 130, interrupted: true} naming what the board kept", { skip }, async () => {
  const bench = await directBench("sigint-json");
  try {
    const image = padded(tempDir("img"), "3.0.1", "simulator", BIG);
    const run = start(process.execPath, [CLI, "flash", bench.port, image, "--json"]);
    // --json has no progress: wait until the board has begun writing slot B (its file in the store grows).
    await until(() => (statSync(path.join(bench.board.state, "slot-b.img"), { throwIfNoEntry: false })?.size ?? 0) > 0);
    run.child.kill("SIGINT");
    assert.equal(await run.exited, 130, run.out());
    const out = JSON.parse(run.out().split("\n").find((l) => l.startsWith("{")) ?? "null") as Record<string, unknown>;
    assert.deepEqual([out.ok, out.exit, out.interrupted], [false, 130, true]);
    assert.match(String(out.error), /^flash interrupted.*the board keeps its active image 0\.1\.0 in slot A/);
  } finally {
    await bench.close();
  }
});

test("Ctrl-C at a terminal during flash gives back the cursor the progress bar hid", { skip: noScript }, async () => {
  const bench = await directBench("ctrl-c");
  try {
    const image = padded(tempDir("img"), "3.0.2", "simulator", BIG);
    // script(1) runs the CLI on a pseudo-terminal; ^C typed into it is the terminal's interrupt.
    const run = start("script", ["-qfec", `${process.execPath} ${CLI} flash ${bench.port} ${image}`, "/dev/null"]);
    await midWay(run);
    run.child.stdin!.write("\x03");
    assert.equal(await run.exited, 130, run.out());
    const out = run.out();
    const hidden = out.indexOf("\x1b[?25l");
    assert.ok(hidden >= 0, "the bar hid the cursor on a terminal");
    assert.ok(out.indexOf("\x1b[?25h", hidden) > hidden, "the cursor is shown again");
    assert.match(out, KEPT);
  } finally {
    await bench.close();
  }
});
