// A registrar given by DNS name (RFC 3263; docs/transports.md "Names"): the
// JSON form takes an IPv4 address or a name in registrar.host and
// backupRegistrar.host; the block holds a name as a text record (0x07, 0x08)
// instead of the address's number (0x10, 0x12), and the port only when given.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateConfig, encodeConfig, decodeConfig, type Config } from "../../host/config.js";
import { Tag } from "../../host/config-table.js";

const base = { user: "door", domain: "example.com" };

function valid(json: unknown): Config {
  const v = validateConfig(json);
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join("; "));
  return v.config;
}

/** The tags of a block's records, in order. */
function tags(block: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = 14; at < block.length; at += 3 + (block[at + 1] | (block[at + 2] << 8))) out.push(block[at]);
  return out;
}

test("a registrar name is written as text record 0x07, without the address record 0x10", () => {
  const t = tags(encodeConfig(valid({ ...base, registrar: { host: "pbx.example.com" } })));
  assert.ok(t.includes(Tag.RegistrarName));
  assert.ok(!t.includes(Tag.RegistrarHost));
});

test("a backup registrar name is written as text record 0x08", () => {
  const t = tags(encodeConfig(valid({ ...base, registrar: { host: "192.0.2.9" }, backupRegistrar: { host: "backup.example.com" } })));
  assert.ok(t.includes(Tag.BackupName));
  assert.ok(!t.includes(Tag.BackupHost));
});

test("without a port no port record is written (a name is then located through SRV, RFC 3263 §4.2)", () => {
  const t = tags(encodeConfig(valid({ ...base, registrar: { host: "pbx.example.com" } })));
  assert.ok(!t.includes(Tag.RegistrarPort));
});

test("a given port is written (a name with a port is looked up as A only)", () => {
  const t = tags(encodeConfig(valid({ ...base, registrar: { host: "pbx.example.com", port: 5080 } })));
  assert.ok(t.includes(Tag.RegistrarPort));
});

test("a name and its port read back from the block", () => {
  const c = decodeConfig(encodeConfig(valid({ ...base, registrar: { host: "pbx.example.com", port: 5080 }, backupRegistrar: { host: "b.example.com" } })));
  assert.deepEqual([c.registrar, c.backupRegistrar], [{ host: "pbx.example.com", port: 5080 }, { host: "b.example.com", port: undefined }]);
});

for (const bad of ["pbx..example.com", "-pbx.example.com", "pbx_1.example.com", "192.0.2.300"]) {
  test(`${JSON.stringify(bad)} is refused, naming the field and what it takes`, () => {
    const v = validateConfig({ ...base, registrar: { host: bad } });
    assert.equal(v.ok, false);
    assert.deepEqual(!v.ok && v.errors.map((e) => e.message), ["registrar.host: must be an IPv4 address a.b.c.d outside 0.0.0.0/8, an IPv6 address other than :: (2001:db8::1 or [2001:db8::1]), or a DNS name (letters, digits, - between dots)"]);
  });
}
