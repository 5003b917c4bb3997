// The board ABI's contract at its edges (docs/board-abi.md): a host runs only a
// module of its own ABI version, the board's address goes in the 18-octet form
// every address of the ABI takes, and a fault's message reaches the host as
// ASCII octets and their count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Firmware, FirmwareFault } from "../../host/firmware.js";
import { Intercom } from "../../host/intercom.js";
import { ABI_VERSION } from "../../host/vocabulary.js";
import { loadBoard } from "../../host/boards.js";
import { checkModule } from "../../host/serial/board/image-check.js";
import { readImage } from "../../host/image/format.js";
import { trappingModule } from "./support/trapping-module.js";
import { otherAbi } from "./support/serial-images.js";
import { missingTool } from "./support/tools.js";
import { BASE, block } from "./support/intercom-fixture.js";

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "abi-"));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}
const image = (file: string) => new Uint8Array(readFileSync(file));

test("the release module exports the ABI version this host speaks", async () => {
  const fw = await Firmware.load();
  assert.equal(fw.exports.abiVersion(), ABI_VERSION);
});

test("a host refuses a module of another board ABI version, naming both versions", async (t) => {
  const skip = missingTool("wat2wasm", "wabt");
  if (skip) return t.skip(skip);
  await withDir(async (dir) => {
    const other = image(trappingModule(dir, ABI_VERSION + 1));
    await assert.rejects(Intercom.create(null, "192.0.2.7", undefined, other), new RegExp(`board ABI ${ABI_VERSION + 1}, this host ABI ${ABI_VERSION}`));
  });
});

test("a host refuses a module that exports no ABI version at all", async (t) => {
  const skip = missingTool("wat2wasm", "wabt");
  if (skip) return t.skip(skip);
  await withDir(async (dir) => {
    await assert.rejects(Intercom.create(null, "192.0.2.7", undefined, image(trappingModule(dir, null))), /no abiVersion export/);
  });
});

test("a board's image check refuses an image of another ABI version before it may be activated", async (t) => {
  const skip = missingTool("wat2wasm", "wabt");
  if (skip) return t.skip(skip);
  await withDir(async (dir) => {
    const verdict = await checkModule(readImage(image(otherAbi(dir, "9.9.9", ABI_VERSION + 5))).payload, loadBoard("simulator"));
    assert.equal(typeof verdict, "string");
    assert.match(verdict as string, new RegExp(`image refused: the module speaks board ABI ${ABI_VERSION + 5}`));
  });
});

test("the board's IPv4 address, written as ::ffff:a.b.c.d where rxPeer() points, is what the station announces", async () => {
  const station = await Intercom.create(block(BASE), "192.0.2.7");
  station.start(0);
  const register = station.outbox().map((d) => d.data.toString("latin1")).find((m) => m.startsWith("REGISTER "));
  assert.ok(register, "a REGISTER at start");
  assert.match(register, /^Via: SIP\/2\.0\/UDP 192\.0\.2\.7:\d+;/m);
  assert.match(register, /^Contact: <sip:[^@>]+@192\.0\.2\.7:\d+/m);
});

test("boardSetAddress takes an IPv6 address (RFC 5118 §4): Via and Contact name it bracketed", async () => {
  const station = await Intercom.create(block(BASE), "2001:db8::7");
  station.start(0);
  const register = station.outbox().map((d) => d.data.toString("latin1")).find((m) => m.startsWith("REGISTER "));
  assert.ok(register, "a REGISTER at start");
  assert.match(register, /^Via: SIP\/2\.0\/UDP \[2001:db8::7\]:\d+;/m);
  assert.match(register, /^Contact: <sip:[^@>]+@\[2001:db8::7\]:\d+/m);
});

test("boardSetAddress refuses the unspecified address :: (0, RFC 4291 §2.5.2): it names no station", async () => {
  const fw = await Firmware.load();
  const x = fw.exports;
  new Uint8Array(x.memory.buffer).set(new Uint8Array(18), x.rxPeer());
  assert.equal(x.boardSetAddress(), 0);
  await assert.rejects(Intercom.create(null, "::"), /address ::: the station cannot announce it/);
});

test("a fault's message reaches the host as printable ASCII, another character as '?', with its line and column", async () => {
  const { compileWithFirmwareRuntime } = await import("./support/asc.js");
  const probe = await Firmware.load(await compileWithFirmwareRuntime(
    "export function fail(n: i32): i32 { if (n > 0) abort(\"door \\u00e9 open\", null, 3, 5); return n; }\n",
  ));
  assert.throws(() => (probe.exports.fail as (n: number) => number)(1), (err: unknown) => {
    assert.ok(err instanceof FirmwareFault);
    assert.match(err.message, /^firmware fault: door \? open \(line 3, column 5\)$/);
    return true;
  });
});
