// Flashing the native board over its serial port (docs/serial-agent.md
// "Flashing"; issue 17 "Shown by tests"): a new native image made by
// `intercom pack` goes chunk by chunk over a socat pseudo-terminal into the
// slot the board does not run, is verified and activated; the board reboots
// into it on trial through its supervisor and confirms it. A power cut in the
// middle (kill -9 of the board and its supervisor) leaves the old image
// booting, and the flash started again succeeds. Needs wasm2c, cc and socat
// (skipped without them, mandatory in CI).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Cmd, Status } from "../../host/serial/frame.js";
import { BINARY } from "../../host/tools/build-native.js";
import { flashWrite, helloRecord, ok } from "./support/agent-line.js";
import { booted, packed } from "./support/native-slots.js";
import { agentBoard, closeAll, powerCut, restart } from "./support/native-serial.js";
import { nativeSkip } from "./support/interop-native.js";
import { missingTool } from "./support/tools.js";

let skip: string | null = null;
let v1: Buffer, v2: Buffer;

before(async () => {
  skip = nativeSkip() ?? missingTool("socat", "socat");
  if (skip) return;
  v1 = await packed(BINARY, "1.0.0");
  v2 = await packed(BINARY, "2.0.0");
});

after(closeAll);

test("a new native image flashed over the serial port boots on trial after activation, confirms itself, and Hello shows it running in slot B", { timeout: 180_000 }, async (t) => {
  if (skip) return t.skip(skip);
  const { run, line, d } = await agentBoard(v1);
  assert.equal(await flashWrite(line, v2), 1, "written into slot B, the one not running");
  const activated = await line.request(Cmd.FlashActivate, Buffer.of(1));
  assert.deepEqual([activated.status, [...activated.payload]], [Status.Ok, [1]]);
  const ended = await run.until((l) => l.event === "ended", "the end of A's board");
  assert.deepEqual([ended.slot, ended.status], ["A", 75], "a reboot asked of the supervisor");
  await run.until((l) => l.event === "slot" && l.slot === "B" && l.state === "trial", "B booted on trial");
  await run.until((l) => l.event === "boot" && l.slot === "B" && l.version === "2.0.0", "2.0.0 booting");
  await run.until((l) => l.event === "confirmed", "B's confirmation");
  const hello = helloRecord(ok(await line.request(Cmd.Hello, Buffer.alloc(4)), "Hello"));
  assert.deepEqual([hello.running, hello.trial, hello.slots[1].state, hello.slots[1].version], [1, 0, 1, "2.0.0"]);
  assert.deepEqual(d.record() && { active: d.record()!.active, trial: d.record()!.trial }, { active: "B", trial: false });
});

test("a power cut (kill -9) in the middle of a flash leaves the old image booting, and the flash started again verifies", { timeout: 180_000 }, async (t) => {
  if (skip) return t.skip(skip);
  const { run, line, d, pty } = await agentBoard(v1);
  const cut = new Error("cut");
  await assert.rejects(flashWrite(line, v2, (n) => {
    if (n === 200) throw cut;
  }), cut);
  await powerCut(run);
  const again = await restart(d, pty);
  assert.ok(again.lines.some(booted("A")), JSON.stringify(again.lines));
  assert.equal(again.lines.find(booted("A"))!.version, "1.0.0");
  const hello = helloRecord(ok(await line.request(Cmd.Hello, Buffer.alloc(4)), "Hello"));
  assert.deepEqual([hello.running, hello.slots[0].version, hello.slots[1].state], [0, "1.0.0", 0], "slot B's half image is no image");
  assert.equal(await flashWrite(line, v2), 1);
});
