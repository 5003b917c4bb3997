// The media.* fields (docs/config.md): what the host refuses, naming the field,
// and what reaches the board's block and reads back from it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateConfig, encodeConfig } from "../../host/config.js";
import { decodeConfig } from "../../host/config-binary.js";

const BASE = { user: "door", domain: "example.com" };

function errorsOf(json: unknown): string[] {
  const v = validateConfig(json);
  return v.ok ? [] : v.errors.map((e) => e.message);
}

test("media.rtpPort must be even (RTCP takes the next port, RFC 3550 §11): an odd one is refused naming the field", () => {
  const errors = errorsOf({ ...BASE, media: { rtpPort: 4001 } });
  assert.ok(errors.some((m) => m.startsWith("media.rtpPort")), errors.join("\n"));
});

test("media.rtpPort 0 (any free pair) and an even port are taken", () => {
  assert.deepEqual(errorsOf({ ...BASE, media: { rtpPort: 0 } }), []);
  assert.deepEqual(errorsOf({ ...BASE, media: { rtpPort: 40000 } }), []);
});

test("media.rtpTimeoutSeconds is 0 (off) or 5..3600, and media.jitterMs 40..120", () => {
  assert.ok(errorsOf({ ...BASE, media: { rtpTimeoutSeconds: 3 } }).some((m) => m.startsWith("media.rtpTimeoutSeconds")));
  assert.ok(errorsOf({ ...BASE, media: { jitterMs: 200 } }).some((m) => m.startsWith("media.jitterMs")));
  assert.ok(errorsOf({ ...BASE, media: { codecs: "G722" } }).some((m) => m.startsWith("media.codecs")));
  assert.ok(errorsOf({ ...BASE, media: { volume: 3 } }).some((m) => m.includes("media")));
});

test("the defaults: port 4000, PCMU then PCMA, 60 ms, 60 s, telephone-events received", () => {
  const v = validateConfig(BASE);
  assert.ok(v.ok);
  assert.deepEqual(v.config.media, { rtpPort: 4000, codecs: "PCMU PCMA", jitterMs: 40, rtpTimeoutSeconds: 60, telephoneEvents: "receive" });
});

test("media.* go into the block only when they differ from the firmware's defaults, and read back the same", () => {
  const plain = validateConfig(BASE);
  const custom = validateConfig({ ...BASE, media: { rtpPort: 0, codecs: "PCMA", jitterMs: 100, rtpTimeoutSeconds: 0, telephoneEvents: "send and receive" } });
  assert.ok(plain.ok && custom.ok);
  const a = encodeConfig(plain.config), b = encodeConfig(custom.config);
  assert.equal(b.length - a.length, 5 * 3 + 2 + 1 + 1 + 2 + 1, "five records (tag and length: 3 octets each) and their values");
  assert.deepEqual(decodeConfig(b).media, custom.config.media);
  assert.deepEqual(decodeConfig(a).media, plain.config.media);
});
