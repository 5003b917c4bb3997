// The native board's real executable (build/native/intercom-native, built by
// host/tools/build-native.ts) as an image of kind 2 (docs/images.md): pack
// reads its kind from the ELF header, and the payload reads back octet for
// octet. Needs wasm2c and cc (skipped without them, mandatory in CI).
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildNative } from "../../host/tools/build-native.js";
import { Kind } from "../../host/image/format.js";
import { missingTool } from "./support/tools.js";
import { packRoundTrip } from "./support/image-payloads.js";

const skip = missingTool("wasm2c", "wabt") ?? missingTool("cc", "gcc") ?? false;

test("the native board's executable packs as kind 2 for native-linux and reads back", { skip }, async () => {
  const { binary } = buildNative();
  const { image, out } = await packRoundTrip(binary, "0.1.0");
  assert.deepEqual([image.header.kind, image.boards, image.header.loadAddress], [Kind.Linux, ["native-linux"], 0]);
  assert.equal(out.kind, "linux");
});
