// Driving every board over its serial port (docs/serial-agent.md Press, Input, Status, Monitor,
// Reboot): a door code pressed opens relay 0, seen in status and as a monitor event; an input
// sets the door sensor; a reboot restarts the firmware on its active slot. Each rule once, run on
// the simulated, native and QEMU Cortex-M4 boards (support/boards-under-test.ts); skipped where a
// board's tools are missing (mandatory in CI).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "../../host/serial/client.js";
import { Cmd, type Frame } from "../../host/serial/frame.js";
import { eventLine } from "../../host/serial/codec/events.js";
import { forEachBoard, type BoardUnderTest } from "./support/boards-under-test.js";
import { cli, jsonOf, tempDir } from "./support/serial-board.js";

/** A relay pulse long enough that status reads it closed on a loaded machine. */
const PULSE_MS = 20_000;
const CONFIG = {
  user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0,
  relays: [{ pulseMs: PULSE_MS }], accessCodes: [{ code: "9876", relay: 0 }], doorSensor: { enabled: true },
};

async function provision(b: BoardUnderTest): Promise<void> {
  const f = path.join(tempDir("cfg"), "station.json");
  writeFileSync(f, JSON.stringify(CONFIG));
  const r = await cli(["provision", b.port, f]);
  assert.equal(r.code, 0, r.stderr);
}

const status = async (port: string) => {
  const r = await cli(["status", port, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return jsonOf(r);
};

forEachBoard("driving", (withBoard) => {
  withBoard("press sends keypad keys: the access code closes relay 0, and status shows it", {}, async (b) => {
    const r = await cli(["press", b.port, "9876#"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Pressed 5 keys/);
    const s = await status(b.port);
    assert.deepEqual(s.relays, [true, false, false, false]);
    assert.deepEqual(s.leds, { status: false, call: false }, "not registered, no call");
  });

  withBoard("with monitoring on, the relay the access code closes comes as an event frame, and no frame holds the code", {}, async (b) => {
    const c = await Client.open(b.port, { timeoutMs: 1000, retries: 10 });
    const frames: Frame[] = [];
    c.link.events.on("event", (f: Frame) => frames.push(f));
    try {
      assert.equal(await c.monitor(true), true);
      assert.equal(await c.press("9876#"), 5);
      for (const until = Date.now() + 10_000; Date.now() < until && !frames.some((f) => f.cmd === Cmd.Event && eventLine(f.payload).event === "relay");) {
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await c.close();
    }
    const events = frames.filter((f) => f.cmd === Cmd.Event).map((f) => eventLine(f.payload));
    assert.ok(events.some((e) => e.event === "relay" && e.relay === 0 && e.on === true), JSON.stringify(events));
    for (const f of frames) assert.equal(f.payload.indexOf(Buffer.from("9876")), -1, `a ${f.cmd === Cmd.Log ? "log" : "event"} frame holds the code`);
  });

  withBoard("input sets the door sensor: status shows the door open", {}, async (b) => {
    const r = await cli(["input", b.port, "0", "1"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await status(b.port)).door, { open: true, heldOpen: false });
  });

  withBoard("reboot restarts the firmware on its active slot: it answers again, up again from zero", {}, async (b) => {
    await new Promise((r) => setTimeout(r, 2500));
    const up = Number((await status(b.port)).uptimeMs);
    assert.ok(up >= 2000, `up ${up} ms before the reboot`);
    const r = await cli(["reboot", b.port]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Rebooted: ${b.firstVersion.replaceAll(".", "\\.")} from slot A`));
    const again = Number((await status(b.port)).uptimeMs);
    assert.ok(again < up, `up ${again} ms after the reboot, ${up} before`);
  });
}, provision);
