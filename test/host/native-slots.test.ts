// The native board's A/B slots (boards/native-linux/slots.c, docs/porting.md
// "Slots on the native Linux board"): `intercom-native --slots DIR` boots the
// image of kind 2 that the trial rules of docs/images.md "Trial boot" choose
// (the C of boards/common/boot/, shared with the Cortex-M4's boot stage), and
// runs its payload as a child that confirms itself after 1 s. Needs wasm2c
// and cc (skipped without them, mandatory in CI).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { BINARY } from "../../host/tools/build-native.js";
import { SlotsDir, booted, listening, packed, shortLived, slotsSkip, stop } from "./support/native-slots.js";

let skip: string | null = null;
let v1: Buffer, v2: Buffer;

before(async () => {
  skip = slotsSkip();
  if (skip) return;
  v1 = await packed(BINARY, "1.0.0");
  v2 = await packed(BINARY, "2.0.0");
});

const onTrial = { sequence: 1, active: "B", trial: true, tried: false } as const;
const confirmedA = { sequence: 0, active: "A", trial: false, tried: false } as const;

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
  const d = new SlotsDir();
  d.slot("A", v1);
  d.slot("B", v2);
  d.writeRecord([onTrial, confirmedA]);
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
    const d = new SlotsDir();
    d.slot("A", v1);
    d.slot("B", await packed(shortLived(how), "2.0.0"));
    d.writeRecord([onTrial, confirmedA]);
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
