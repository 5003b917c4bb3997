// What the native board's supervisor refuses and survives (boards/native-linux/
// slots.c with boards/common/boot/): an image whose hash, kind or board does
// not match (docs/images.md "What a board checks"), a torn copy of the boot
// record, a kill -9 in the middle of a trial, and no bootable slot at all.
// Needs wasm2c and cc (skipped without them, mandatory in CI).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import { BINARY } from "../../host/tools/build-native.js";
import { HEADER_SIZE } from "../../host/image/format.js";
import { encodeCopy } from "./support/boot-record.js";
import { KIND, packImage } from "./support/image-pack.js";
import { SlotsDir, trialDir, booted, listening, packed, slotsSkip, stop, type Line } from "./support/native-slots.js";

let skip: string | null = null;
let v1: Buffer, v2: Buffer;

before(async () => {
  skip = slotsSkip();
  if (skip) return;
  v1 = await packed(BINARY, "1.0.0");
  v2 = await packed(BINARY, "2.0.0");
});

const strip = ({ t: _, ...l }: Line) => l;

/** Starts the supervisor with A (1.0.0) and B (`image`, on trial); returns its lines once A's board listens. */
async function refusedTrial(image: Buffer): Promise<{ lines: Line[]; d: SlotsDir }> {
  const d = trialDir(v1, image);
  const r = await d.start();
  await r.until(listening, "slot A listening");
  await stop(r);
  return { lines: r.lines, d };
}

test("a corrupt octet in B's payload is refused by its SHA-256, the trial is given up and A boots", async (t) => {
  if (skip) return t.skip(skip);
  const bad = Buffer.from(v2);
  bad[HEADER_SIZE + 1000] ^= 0x01;
  const { lines, d } = await refusedTrial(bad);
  assert.deepEqual(lines.filter((l) => l.event !== "config" && l.event !== "listening").map(strip), [
    { event: "slot", slot: "B", state: "trial" },
    { event: "refused", slot: "B", message: "hash mismatch" },
    { event: "fallback", from: "B", to: "A", why: "refused on trial" },
    { event: "boot", slot: "A", version: "1.0.0" },
  ]);
  assert.deepEqual(d.record(), { sequence: 3, active: "A", trial: false, tried: false });
});

test("an image of kind 3 (a Cortex-M binary) is refused by its header and A boots", async (t) => {
  if (skip) return t.skip(skip);
  const payload = readFileSync(BINARY);
  const { lines } = await refusedTrial(packImage(payload, { kind: KIND.cortexM, version: [2, 0, 0], loadAddress: 0x10000, boards: ["native-linux"] }));
  assert.deepEqual(strip(lines.find((l) => l.event === "refused")!), { event: "refused", slot: "B", message: "kind: not a Linux executable (kind 2)" });
  assert.ok(lines.some(booted("A")), JSON.stringify(lines));
});

test("an image whose board records name only another board is refused and A boots", async (t) => {
  if (skip) return t.skip(skip);
  const payload = readFileSync(BINARY);
  const { lines } = await refusedTrial(packImage(payload, { kind: KIND.linux, version: [2, 0, 0], loadAddress: 0, boards: ["qemu-mps2-an386"] }));
  assert.deepEqual(strip(lines.find((l) => l.event === "refused")!),
    { event: "refused", slot: "B", message: "board: the image is for another board, not native-linux" });
  assert.ok(lines.some(booted("A")), JSON.stringify(lines));
});

test("a torn second copy of the boot record is ignored with a warning and the first copy's slot boots", async (t) => {
  if (skip) return t.skip(skip);
  const d = new SlotsDir();
  d.slot("A", v1);
  d.slot("B", v2);
  d.writeRecord([{ sequence: 5, active: "B", trial: false, tried: false }, encodeCopy({ sequence: 6, active: "A", trial: false, tried: false }).subarray(0, 7)]);
  const r = await d.start();
  await r.until(listening, "listening line");
  await stop(r);
  assert.deepEqual(r.lines.slice(0, 3).map(strip), [
    { event: "warning", message: "boot record copy 2 is damaged, ignored" },
    { event: "slot", slot: "B", state: "active" },
    { event: "boot", slot: "B", version: "2.0.0" },
  ]);
});

/** Resolves once the UDP port can be bound again: the board that held it has ended. */
async function portFreed(port: number, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const s = dgram.createSocket("udp4");
    const bound = await new Promise<boolean>((r) => {
      s.once("error", () => r(false));
      s.bind(port, "127.0.0.1", () => r(true));
    });
    s.close();
    if (bound) return;
  }
  throw new Error(`port ${port} still held ${ms} ms after the supervisor was killed`);
}

test("kill -9 of the supervisor during a trial ends its board, leaves a valid record, and the restart falls back to A", async (t) => {
  if (skip) return t.skip(skip);
  const d = trialDir(v1, v2);
  const first = await d.start();
  await first.until(listening, "slot B listening");
  first.child.kill("SIGKILL");
  await first.exit;
  await portFreed(d.port);
  assert.deepEqual(d.record(), { sequence: 2, active: "B", trial: true, tried: true });
  const second = await d.start();
  await second.until(listening, "slot A listening");
  await stop(second);
  assert.deepEqual(strip(second.lines.find((l) => l.event === "fallback")!), { event: "fallback", from: "B", to: "A", why: "never confirmed" });
  assert.ok(second.lines.some(booted("A")), JSON.stringify(second.lines));
  assert.deepEqual(d.record(), { sequence: 3, active: "A", trial: false, tried: false });
});

test("with no bootable slot the supervisor says so on stderr, naming the directory and the fix, and exits 1", async (t) => {
  if (skip) return t.skip(skip);
  const d = new SlotsDir();
  d.slot("B", Buffer.from(v2.subarray(0, 100)));
  const r = await d.start();
  assert.equal(await r.exit, 1);
  assert.deepEqual(r.lines.filter((l) => l.event === "slot" || l.event === "refused").map(strip), [
    { event: "slot", slot: "A", state: "active" },
    { event: "slot", slot: "A", state: "empty" },
    { event: "slot", slot: "B", state: "trying" },
    { event: "refused", slot: "B", message: "size: truncated" },
  ]);
  assert.match(r.stderr(), new RegExp(`no bootable slot in ${d.dir}: put an image of kind 2 for native-linux \\(intercom pack`));
});
