// Image identity (docs/serial-protocol.md, "Images"): a custom section that
// names the version and the boards, leaving the module's code as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { defaultImagePath } from "../../host/firmware.js";
import { readIdentity, writeIdentity } from "../../host/serial/image.js";

const firmware = new Uint8Array(readFileSync(defaultImagePath()));

test("packing appends the identity and keeps every byte of the module before it", () => {
  const image = writeIdentity(firmware, { version: "1.2.3", boards: ["simulator"] });
  assert.deepEqual(image.subarray(0, firmware.length), firmware);
  assert.deepEqual(readIdentity(image), { version: "1.2.3", boards: ["simulator"] });
  assert.ok(WebAssembly.validate(image));
});

test("packing again replaces the identity instead of adding a second one", () => {
  const first = { version: "1.0.0", boards: ["simulator"] }, second = { version: "2.0.0", boards: ["esp32-ethernet"] };
  const once = writeIdentity(firmware, first);
  const twice = writeIdentity(once, second);
  assert.equal(twice.length - once.length, JSON.stringify(second).length - JSON.stringify(first).length);
  assert.deepEqual(readIdentity(twice), { version: "2.0.0", boards: ["esp32-ethernet"] });
});

test("an image without identity, or not a module at all, says why", () => {
  assert.match(String(readIdentity(firmware)), /no "intercom\.image" section/);
  assert.match(String(readIdentity(new Uint8Array([1, 2, 3]))), /not a WebAssembly module/);
});

test("a bad identity is refused when packing, naming what is wrong", () => {
  assert.throws(() => writeIdentity(firmware, { version: "has space", boards: ["simulator"] }), /version must be 1\.\.64 visible ASCII/);
  assert.throws(() => writeIdentity(firmware, { version: "1", boards: [] }), /boards must list 1\.\.16 board names/);
});
