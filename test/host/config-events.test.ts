// The configuration of what the station sends on its own (docs/config.md):
// alarms.uri for MESSAGE alarms and presence for PUBLISH, checked on the host with the firmware's
// rules (errors name the field and the fix), written as tags 0x06, 0x22 and
// 0x23 and read back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeConfig, decodeConfig } from "../../host/config.js";
import { valid, errors } from "./support/config-checks.js";

const BASE = { user: "door", domain: "example.com", registrar: { host: "192.0.2.20" } };



test("alarms.uri is optional: absent means no alarms", () => {
  assert.equal(valid(BASE).alarms, undefined);
});

test("alarms.uri is written as tag 0x06 (the URI's octets) and read back", () => {
  const c = valid({ ...BASE, alarms: { uri: "sip:concierge@example.com" } });
  const block = encodeConfig(c);
  const uri = Buffer.from("sip:concierge@example.com");
  const at = Buffer.from(block).indexOf(Buffer.from([0x06, uri.length, 0, ...uri]));
  assert.ok(at > 14, "a 0x06 record with the URI");
  assert.deepEqual(decodeConfig(block).alarms, { uri: "sip:concierge@example.com" });
});

test("presence: not published by default, an hour per publication", () => {
  assert.deepEqual(valid(BASE).presence, { publish: false, expires: 3600 });
});

test("presence is written as tags 0x22 (1 octet) and 0x23 (u32) only when it differs from the default, and read back", () => {
  const plain = encodeConfig(valid(BASE));
  const c = valid({ ...BASE, presence: { publish: true, expires: 600 } });
  const block = Buffer.from(encodeConfig(c));
  assert.ok(block.indexOf(Buffer.from([0x22, 1, 0, 1, 0x23, 4, 0, 0x58, 0x02, 0, 0])) > 14);
  assert.equal(block.length, plain.length + 11);
  assert.deepEqual(decodeConfig(block).presence, { publish: true, expires: 600 });
});

const cases: [string, object, string][] = [
  ["alarms without a registrar", { user: "door", domain: "example.com", alarms: { uri: "sip:concierge@example.com" } },
    "registrar: missing; alarms.uri needs a registrar (alarms go through it)"],
  ["alarms.uri that is not a SIP URI", { ...BASE, alarms: { uri: "concierge@example.com" } },
    "alarms.uri: bad character; give a SIP URI starting with sip: or sips:, no spaces or <>\"`\\"],
  ["alarms without its uri", { ...BASE, alarms: {} }, "alarms.uri: missing"],
  ["alarms.uri too long", { ...BASE, alarms: { uri: `sip:${"a".repeat(124)}` } }, "alarms.uri: length must be 1..127, got 128"],
  ["presence without a registrar", { user: "door", domain: "example.com", presence: { publish: true } },
    "registrar: missing; presence.publish needs a registrar (PUBLISH goes through it)"],
  ["presence.publish not a boolean", { ...BASE, presence: { publish: "yes" } }, "presence.publish: must be true or false"],
  ["presence.expires below 60", { ...BASE, presence: { publish: true, expires: 30 } }, "presence.expires: out of range 60..86400, got 30"],
  ["an unknown field under alarms", { ...BASE, alarms: { uri: "sip:c@example.com", to: "x" } }, "alarms.to: unknown field; remove it"],
];
for (const [name, json, message] of cases) {
  test(`invalid: ${name}`, () => assert.ok(errors(json).includes(message), JSON.stringify(errors(json))));
}
