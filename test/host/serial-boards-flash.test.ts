// Flashing every board over its serial port with the `intercom` CLI (docs/serial-agent.md
// "Flashing"; docs/images.md "Trial boot"; issue 17 "Shown by tests"): each rule once, run
// on the simulated board, the native Linux board and the Cortex-M4 under QEMU
// (support/boards-under-test.ts). A board whose tools are missing is skipped (mandatory in CI).
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { defaultImagePath } from "../../host/firmware.js";
import { forEachBoard, type BoardUnderTest } from "./support/boards-under-test.js";
import { cli, jsonOf, tempDir } from "./support/serial-board.js";
import { packed } from "./support/serial-images.js";
import { elf, file } from "./support/image-payloads.js";

interface Firmware { version: string; slot: string; trial: boolean }
interface Slot { name: string; version?: string; empty?: boolean }

async function status(port: string): Promise<{ firmware: Firmware; slots: Slot[] }> {
  const r = await cli(["status", port, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return jsonOf(r) as unknown as { firmware: Firmware; slots: Slot[] };
}

/** Damage rates giving about `n` bit flips and `n` lost octets over an image of `bytes`: enough to be sure of some, few enough to finish. */
const faultsFor = (bytes: number, n: number) => ({ corrupt: n / bytes, drop: n / bytes, seed: 7 });

/** A payload of a kind this board does not run, packed for this board's name: only the kind is wrong. */
async function otherKindImage(b: BoardUnderTest, dir: string): Promise<string> {
  const payload = b.kind === "sim" ? file(dir, "native", elf()) : defaultImagePath();
  return packed(dir, "9.9.9", [b.boardName], payload);
}

forEachBoard("flashing", (withBoard) => {
  withBoard("a new image is flashed into the slot not running, boots on trial, confirms itself and status shows its version, also after a restart", {}, async (b) => {
    const r = await cli(["flash", b.port, await b.image("2.0.0"), "--no-progress"]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^Hash of data verified\.$/m);
    assert.match(r.stdout, /Confirmed: the board runs 2\.0\.0 from slot B/);
    assert.deepEqual((await status(b.port)).firmware, { version: "2.0.0", slot: "B", trial: false });
    await b.kill();
    await b.restart();
    assert.deepEqual((await status(b.port)).firmware, { version: "2.0.0", slot: "B", trial: false }, "the confirmed slot boots after a power cut");
  });

  withBoard("a line that corrupts and drops octets still flashes the exact image: damaged and lost frames are sent again", { line: true }, async (b) => {
    const image = await b.image("2.0.1");
    b.line!.faults = faultsFor(statSync(image).size, 12);
    const r = await cli(["flash", b.port, image, "--json", "--no-progress"]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = jsonOf(r);
    const { counts } = b.line!;
    assert.ok(counts.corrupted > 0 && counts.dropped > 0, JSON.stringify(counts));
    assert.ok(Number(out.retries) > 0, "frames were sent again");
    assert.deepEqual([out.version, out.confirmed], ["2.0.1", true]);
    b.line!.faults = faultsFor(1, 0);
    assert.equal((await status(b.port)).firmware.version, "2.0.1");
  });

  withBoard("a power cut in the middle of a flash leaves the old image booting, and the flash started again succeeds", { line: true }, async (b) => {
    const image = await b.image("2.0.2");
    const bytes = statSync(image).size;
    const flashing = cli(["flash", b.port, image, "--no-progress", "--timeout", "300"]);
    for (const start = b.line!.counts.passed; b.line!.counts.passed - start < bytes / 3;) await new Promise((r) => setTimeout(r, 20));
    await b.kill();
    const cut = await flashing;
    assert.equal(cut.code, 4, cut.stderr);
    assert.match(cut.stderr, /link lost/);
    await b.restart();
    const after = await status(b.port);
    assert.deepEqual([after.firmware.version, after.firmware.slot], [b.firstVersion, "A"]);
    const retry = await cli(["flash", b.port, image, "--no-progress"]);
    assert.equal(retry.code, 0, retry.stderr);
    assert.equal((await status(b.port)).firmware.version, "2.0.2");
  });

  withBoard("an image built for another board is refused naming the board field, before anything is written", {}, async (b) => {
    const r = await cli(["flash", b.port, await b.image("2.0.3", ["esp32-ethernet"]), "--json"]);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(jsonOf(r).field, "board");
    assert.match(r.stderr, /the board refused: board: /);
    const s = await status(b.port);
    assert.deepEqual([s.firmware.version, s.slots[1].empty], [b.firstVersion, true], "slot B untouched");
  });

  withBoard("an image of another kind is refused naming the kind field, before anything is written", {}, async (b) => {
    const r = await cli(["flash", b.port, await otherKindImage(b, tempDir("img")), "--json"]);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(jsonOf(r).field, "kind");
    assert.match(r.stderr, /the board refused: kind: /);
    assert.doesNotMatch(r.stderr + r.stdout, /Wrote/);
    const s = await status(b.port);
    assert.deepEqual([s.firmware.version, s.slots[1].empty], [b.firstVersion, true], "slot B untouched");
  });
});
