// One program at a time on a board's port (docs/serial-protocol.md, "The
// CLI"): the CLI opens its port exclusively (serialport's lock, a flock on
// the device), so while `intercom monitor` holds it another command is told
// the port is in use and what to do, with the port's exit code (3), instead
// of two programs reading each other's answers until the link is lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { missingTool } from "./support/tools.js";
import { CLI, cli, jsonOf, directBench } from "./support/serial-board.js";

const skip = missingTool("socat", "socat") ?? false;

test("while monitor holds the port, status says the port is in use by another program and names the fix, exit 3", { skip }, async () => {
  const bench = await directBench("in-use");
  const monitor = spawn(process.execPath, [CLI, "monitor", bench.port, "--for", "30"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = "";
      monitor.stdout.on("data", (d) => {
        out += d;
        if (/^Monitoring /m.test(out)) resolve();
      });
      monitor.on("exit", () => reject(new Error(`monitor ended: ${out}`)));
    });
    const r = await cli(["status", bench.port, "--json"]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, new RegExp(`cannot open ${bench.port}: the port is in use by another program .*; stop that program, then try again`));
    assert.equal(jsonOf(r).exit, 3);
  } finally {
    monitor.kill("SIGINT");
    await bench.close();
  }
});

test("once the other program let go of the port, the same command succeeds", { skip }, async () => {
  const bench = await directBench("released");
  try {
    const holder = await cli(["monitor", bench.port, "--for", "1"]);
    assert.equal(holder.code, 0, holder.stderr);
    const r = await cli(["status", bench.port]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^firmware +0\.1\.0 \(slot A\)$/m);
  } finally {
    await bench.close();
  }
});
