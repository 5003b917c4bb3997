// registrar.host and backupRegistrar.host as IPv6 literals (docs/config.md):
// written with or without brackets (RFC 3261 §25.1 IPv6reference), encoded as
// the address's 16 octets under tags 0x10 and 0x12, loaded by the firmware;
// a malformed literal and the unspecified address are refused naming the field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeConfig, decodeConfig } from "../../host/config.js";
import { valid, errors } from "./support/config-checks.js";
import { Intercom } from "../../host/intercom.js";

const WHO = { user: "door", domain: "example.com" };
const LOOPBACK = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

/** The value of the first record of `tag` in an encoded block (header 14 octets; records tag, u16 length, value). */
function record(block: Uint8Array, tag: number): number[] | null {
  for (let at = 14; at + 3 <= block.length;) {
    const size = block[at + 1] | (block[at + 2] << 8);
    if (block[at] === tag) return [...block.subarray(at + 3, at + 3 + size)];
    at += 3 + size;
  }
  return null;
}

for (const host of ["::1", "[::1]"]) {
  test(`registrar.host ${host}: the 16 octets of ::1 under tag 0x10`, () => {
    assert.deepEqual(record(encodeConfig(valid({ ...WHO, registrar: { host } })), 0x10), LOOPBACK);
  });
}

test("backupRegistrar.host 2001:db8::2 is 16 octets under tag 0x12, and reads back in its RFC 5952 form", () => {
  const block = encodeConfig(valid({ ...WHO, registrar: { host: "192.0.2.1" }, backupRegistrar: { host: "[2001:DB8:0::2]", port: 5070 } }));
  assert.deepEqual(record(block, 0x12), [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
  assert.deepEqual(record(block, 0x10), [192, 0, 2, 1], "an IPv4 registrar stays 4 octets");
  assert.deepEqual(decodeConfig(block).backupRegistrar, { host: "2001:db8::2", port: 5070 });
});

test("the firmware loads a block whose registrar is IPv6 and registers there", async () => {
  const block = encodeConfig(valid({ ...WHO, registrar: { host: "2001:db8::5", port: 5080 }, keepaliveInterval: 0 }));
  const station = await Intercom.create(block, "2001:db8::7");
  station.start(0);
  const sent = station.outbox().find((d) => d.data.toString("latin1").startsWith("REGISTER "));
  assert.ok(sent, "a REGISTER at start");
  assert.deepEqual(sent.to, { host: "2001:db8::5", port: 5080 });
});

for (const [host, why] of [["::g", "not hex"], ["1::2::3", "two ::"], ["[::1", "an open bracket"], ["::", "the unspecified address"], ["0.1.2.3", "0.0.0.0/8"]]) {
  test(`registrar.host ${JSON.stringify(host)} (${why}) is refused naming the field and the forms it takes`, () => {
    assert.deepEqual(errors({ ...WHO, registrar: { host } }), [
      "registrar.host: must be an IPv4 address a.b.c.d outside 0.0.0.0/8, an IPv6 address other than :: (2001:db8::1 or [2001:db8::1]), or a DNS name (letters, digits, - between dots)",
    ]);
  });
}
