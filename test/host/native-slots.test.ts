// The native board's A/B slots (boards/native-linux/slots.c, docs/porting.md
// "Slots on the native Linux board"): `intercom-native --slots DIR` boots the
// image of kind 2 that the trial rules of docs/images.md "Trial boot" choose
// (the C of boards/common/boot/, shared with the Cortex-M4's boot stage), and
// runs its payload as a child that confirms itself after 1 s. Needs wasm2c
// and cc (skipped without them, mandatory in CI).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BINARY, compileBoard } from "../../host/tools/build-native.js";
import { SlotsDir, trialDir, booted, listening, packed, shortLived, slotsSkip, stop } from "./support/native-slots.js";
import { missingTool } from "./support/tools.js";
import { trappingModule } from "./support/trapping-module.js";

let skip: string | null = null;
let trapSkip: string | null = null;
let v1: Buffer, v2: Buffer, trapping: Buffer;

before(async () => {
  skip = slotsSkip();
  if (skip) return;
  v1 = await packed(BINARY, "1.0.0");
  v2 = await packed(BINARY, "2.0.0");
  trapSkip = missingTool("wat2wasm", "wabt");
  if (trapSkip) return;
  // The native board around a module that traps on demand (a datagram starting with "X"), as native-restart.test.ts builds it.
  const dir = mkdtempSync(path.join(tmpdir(), "native-slots-trap-"));
  const binary = path.join(dir, "intercom-native-trapping");
  compileBoard(trappingModule(dir), dir, binary);
  trapping = await packed(binary, "2.0.0");
});


test("with no boot record the supervisor boots slot A, whose board listens", async (t) => {
  if (skip) return t.skip(skip);
  const d = new SlotsDir();
  d.slot("A", v1);
  const r = await d.start();
  await r.until(listening, "listening line");
  assert.deepEqual(r.lines.slice(0, 3).map(({ t: _, ...l }) => l), [
    { event: "warning", message: "no boot record, slot A" },
    { event: "slot", slot: "A", state: "active" },
    { event: "boot", slot: "A", version: "1.0.0" },
  ]);
  assert.equal(await stop(r), 0);
});

test("a new image in B on trial boots, confirms itself after 1 s, and B stays active after a restart", async (t) => {
  if (skip) return t.skip(skip);
  const d = trialDir(v1, v2);
  const first = await d.start();
  await first.until(booted("B"), "boot of B");
  assert.ok(first.lines.some((l) => l.event === "slot" && l.slot === "B" && l.state === "trial"), JSON.stringify(first.lines));
  const confirmed = await first.until((l) => l.event === "confirmed", "confirmation");
  assert.ok((confirmed.t as number) >= 1000, `confirmed at ${confirmed.t} ms, not before the 1 s window`);
  assert.deepEqual(d.record(), { sequence: 3, active: "B", trial: false, tried: false });
  await stop(first);
  const second = await d.start();
  await second.until(listening, "listening line");
  assert.deepEqual(second.lines.filter((l) => l.event === "slot" || l.event === "boot").map(({ t: _, ...l }) => l),
    [{ event: "slot", slot: "B", state: "active" }, { event: "boot", slot: "B", version: "2.0.0" }]);
  await stop(second);
});

for (const how of ["exit", "crash"] as const) {
  test(`an image in B on trial that ends by ${how === "exit" ? "exit status 3" : "a crash (SIGABRT)"} before 1 s never confirms, and the supervisor falls back to A`, async (t) => {
    if (skip) return t.skip(skip);
    const d = trialDir(v1, await packed(shortLived(how), "2.0.0"));
    const r = await d.start();
    await r.until(listening, "slot A listening");
    const ended = r.lines.find((l) => l.event === "ended");
    assert.deepEqual(ended && { slot: ended.slot, status: ended.status, signal: ended.signal },
      how === "exit" ? { slot: "B", status: 3, signal: undefined } : { slot: "B", status: undefined, signal: 6 });
    const { t: _, ...fallback } = r.lines.find((l) => l.event === "fallback") ?? {};
    assert.deepEqual(fallback, { event: "fallback", from: "B", to: "A", why: "never confirmed" });
    assert.ok(r.lines.some(booted("A")), JSON.stringify(r.lines));
    assert.deepEqual(d.record(), { sequence: 3, active: "A", trial: false, tried: false });
    await stop(r);
  });
}

test("a board that ends with status 0 (quit) ends the supervisor with status 0, not a restart", async (t) => {
  if (skip) return t.skip(skip);
  const d = new SlotsDir();
  d.slot("A", v1);
  const r = await d.start();
  await r.until(listening, "listening line");
  r.child.kill("SIGINT");
  assert.equal(await r.exit, 0);
  assert.equal(r.lines.filter((l) => l.event === "boot").length, 1, JSON.stringify(r.lines));
});

test("a confirmed image that refuses the board's options (status 2) ends the supervisor with status 2 instead of restarting it", { timeout: 20_000 }, async (t) => {
  if (skip) return t.skip(skip);
  const d = new SlotsDir();
  d.slot("A", await packed(shortLived("exit", 0, 2), "1.0.0"));
  const r = await d.start();
  assert.equal(await r.exit, 2);
  assert.deepEqual(r.lines.filter((l) => l.event === "boot" || l.event === "ended").map((l) => l.event), ["boot"]);
});

test("a board on trial whose module traps before 1 s ends asking to boot again (status 75), and the supervisor falls back to A at once", async (t) => {
  if (skip || trapSkip) return t.skip((skip ?? trapSkip)!);
  const d = trialDir(v1, trapping);
  const r = await d.start();
  await r.until(listening, "slot B listening");
  const sock = dgram.createSocket("udp4");
  sock.send("X marks the trap", d.port, "127.0.0.1");
  try {
    const ended = await r.until((l) => l.event === "ended", "the end of B's board");
    assert.deepEqual([ended.slot, ended.status], ["B", 75]);
  } finally {
    sock.close();
  }
  await r.until(booted("A"), "boot of A");
  const events = r.lines.map((l) => l.event);
  assert.ok(events.indexOf("trap") < events.indexOf("ended") && events.indexOf("ended") < events.indexOf("fallback"), events.join(", "));
  const ended = r.lines.find((l) => l.event === "ended")!, fallback = r.lines.find((l) => l.event === "fallback")!;
  assert.ok((fallback.t as number) - (ended.t as number) < 500, `booted again at once, not after the 1 s pause: ${JSON.stringify([ended, fallback])}`);
  await stop(r);
});
