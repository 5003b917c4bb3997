// The configuration on the host (docs/config.md): validateConfig applies the
// defaults and names every broken field with its fix, encodeConfig writes the
// documented block byte for byte, decodeConfig reads it back without the
// password (the schema's generated tables: config-table.test.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { validateConfig, encodeConfig, decodeConfig, crc32 } from "../../host/config.js";
import { valid, errors } from "./support/config-checks.js";
import { secretKeys } from "../../host/config-schema.js";

const FULL = {
  user: "door", authUser: "door-auth", password: "s3cret", domain: "example.com", displayName: "Front door",
  registrar: { host: "192.0.2.9" }, backupRegistrar: { host: "192.0.2.10", port: 5070 },
  localPort: 5062, registerExpiry: 900, keepaliveInterval: 0, keepaliveFailures: 5,
  buttons: [{ mode: "parallel", ringTimeout: 45, targets: ["sip:flat12@example.com", "sips:flat12b@example.com"] },
    { mode: "sequential", targets: ["sip:concierge@192.0.2.20"] }],
  relays: [{ pulseMs: 2500, doorCodes: ["1234", "9*9"] }, { hangupAfterOpenMs: 2000 }],
  codeEntry: { confirmKey: "#", interDigitTimeoutMs: 4000 },
  accessCodes: [{ code: "4711", relay: 1 }], lockout: { tries: 5, seconds: 120 },
  incoming: { mode: "ring", allowed: ["sip:concierge@example.com", "flat12"], refuseCode: 486 },
  dtmf: "application/dtmf", maxCallSeconds: 300, doorSensor: { enabled: true, heldOpenSeconds: 60 },
};



test("codeEntry.keypadInterDigitTimeoutMs is written only when it differs from the firmware's default (tag 0x25, u16) and reads back", () => {
  const moved = encodeConfig(valid({ codeEntry: { keypadInterDigitTimeoutMs: 2500 } }));
  const kept = encodeConfig(valid({}));
  assert.equal(moved.length, kept.length + 5); // one record: tag, 2-octet length, 2-octet value
  assert.equal(decodeConfig(moved).codeEntry.keypadInterDigitTimeoutMs, 2500);
  assert.equal(decodeConfig(kept).codeEntry.keypadInterDigitTimeoutMs, 10000);
});

test("an empty config is valid and gets the safe defaults", () => {
  const c = valid({});
  assert.equal(c.user, undefined);
  assert.equal(c.registrar, undefined);
  assert.deepEqual([c.localPort, c.registerExpiry, c.keepaliveInterval, c.keepaliveFailures], [5060, 600, 30, 3]);
  assert.deepEqual(c.codeEntry, { confirmKey: "#", interDigitTimeoutMs: 32000, keypadInterDigitTimeoutMs: 10000 });
  assert.deepEqual(c.lockout, { tries: 3, seconds: 60, callTries: 3 });
  assert.deepEqual(c.incoming, { mode: "reject", allowed: [], refuseCode: 603, direct: false, ringSeconds: 30, answerKey: "none" });
  assert.deepEqual([c.dtmf, c.maxCallSeconds], ["application/dtmf-relay", 120]);
  assert.deepEqual(c.doorSensor, { enabled: false, heldOpenSeconds: 30 });
  assert.deepEqual([c.buttons, c.relays, c.accessCodes], [[], [], []]);
});

test("list entries get their defaults: ringTimeout 30, pulseMs 3000, hangupAfterOpenMs 0; a registrar's port stays absent (the firmware uses 5060 for an address)", () => {
  const c = valid({ user: "d", domain: "example.com", registrar: { host: "192.0.2.9" },
    buttons: [{ mode: "sequential", targets: ["sip:a@b"] }], relays: [{}] });
  assert.equal(c.registrar?.port, undefined);
  assert.equal(c.buttons[0].ringTimeout, 30);
  assert.deepEqual(c.relays[0], { pulseMs: 3000, doorCodes: [], hangupAfterOpenMs: 0 });
});

test("authUser defaults to user", () => {
  assert.equal(valid({ user: "door", domain: "example.com" }).authUser, "door");
});

test("encode then decode gives the config back, without the password (write-only: passwordSet instead)", () => {
  const c = valid(FULL);
  const back = decodeConfig(encodeConfig(c));
  assert.equal(back.password, undefined);
  assert.equal(back.passwordSet, true);
  assert.deepEqual({ ...back, password: undefined, passwordSet: undefined }, { ...c, password: undefined, passwordSet: undefined });
});

test("an allowed caller's secret is write-only: encoded, decoded as secretSet only, and marked writeOnly in the schema", () => {
  const c = valid({ user: "door", domain: "example.com", incoming: { direct: true, allowed: ["flat12", { caller: "sip:concierge@example.com", secret: "c0ncierge" }] } });
  const block = encodeConfig(c);
  assert.ok(Buffer.from(block).includes(Buffer.from("c0ncierge")), "the secret is in the block");
  const back = decodeConfig(block);
  assert.deepEqual(back.incoming.allowed, ["flat12", { caller: "sip:concierge@example.com", secretSet: true }]);
  assert.ok(!JSON.stringify(back).includes("c0ncierge"), "never read back");
  assert.equal(schemaPaths(schema, "", new Map()).get("incoming.allowed[].secret")?.writeOnly, true);
});

test("incoming.direct, ringSeconds and answerKey are encoded (tags 0x28..0x2a) and read back", () => {
  const c = valid({ user: "door", domain: "example.com", buttons: [{ mode: "sequential", targets: ["sip:f@example.com"] }],
    incoming: { mode: "ring", direct: true, ringSeconds: 45, answerKey: 0 } });
  assert.deepEqual(decodeConfig(encodeConfig(c)).incoming, { mode: "ring", allowed: [], refuseCode: 603, direct: true, ringSeconds: 45, answerKey: 0 });
  assert.deepEqual(errors({ incoming: { ringSeconds: 2, answerKey: 8 } }).sort(), [
    "incoming.answerKey: must be \"none\" or 0 or 1 or 2 or 3 or 4 or 5 or 6 or 7", "incoming.ringSeconds: out of range 5..600, got 2"]);
});

test("a config without a password decodes with passwordSet false", () => {
  assert.equal(decodeConfig(encodeConfig(valid({ user: "d", domain: "example.com" }))).passwordSet, false);
});

test("decodeConfig refuses a block whose CRC does not match", () => {
  const block = encodeConfig(valid(FULL));
  block[20] ^= 1;
  assert.throws(() => decodeConfig(block), /CRC-32/);
});

test("the block of a small config is the documented layout, byte for byte", () => {
  const c = valid({ user: "d", domain: "e.f", relays: [{ pulseMs: 500, doorCodes: ["12"] }], accessCodes: [{ code: "1234", relay: 0 }] });
  const rec = (tag: number, ...value: number[]) => [tag, value.length & 0xff, value.length >> 8, ...value];
  const u16 = (v: number) => [v & 0xff, v >> 8];
  const body = [
    ...rec(0x01, 0x64), ...rec(0x04, 0x65, 0x2e, 0x66),                 // user "d", domain "e.f"
    ...rec(0x14, ...u16(5060)), ...rec(0x15, 0x58, 0x02, 0, 0),        // localPort, registerExpiry 600 (u32)
    ...rec(0x16, ...u16(30)), ...rec(0x17, 3),                         // keepaliveInterval, keepaliveFailures
    ...rec(0x18, 0x23), ...rec(0x19, ...u16(32000)),                   // confirmKey "#", interDigitTimeoutMs
    ...rec(0x1a, 3), ...rec(0x1b, ...u16(60)),                         // lockout
    ...rec(0x1c, 0), ...rec(0x1d, ...u16(603)), ...rec(0x1e, 0),       // incoming.mode reject, refuseCode, dtmf-relay
    ...rec(0x1f, ...u16(120)), ...rec(0x20, 0), ...rec(0x21, ...u16(30)), // maxCallSeconds, doorSensor
    ...rec(0x50), ...rec(0x51, ...u16(500)), ...rec(0x52, 0x31, 0x32), ...rec(0x53, 0, 0), // relays[0]
    ...rec(0x60), ...rec(0x61, 0x31, 0x32, 0x33, 0x34), ...rec(0x62, 0),                // accessCodes[0]
  ];
  const crc = crc32(Uint8Array.from(body));
  const header = [0x44, 0x49, 0x43, 0x31, 1, 0, body.length & 0xff, body.length >> 8, 0, 0,
    crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24];
  assert.deepEqual([...encodeConfig(c)], [...header, ...body]);
});

test("the block of the full config stays the same octets: 347 of them, CRC-32 0x121de7e3 in its header", () => {
  const block = Buffer.from(encodeConfig(valid(FULL)));
  assert.equal(block.length, 347);
  assert.equal(block.readUInt32LE(10), 0x121de7e3);
  assert.equal(createHash("sha256").update(block).digest("hex"), "b1e357ed4276181833c8306938783ed52e6c65550b7170b522d19dbf9ee17675");
});

test("CRC-32 is the IEEE 802.3 / zlib one (check value of \"123456789\" is 0xCBF43926)", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

const cases: [string, object, string][] = [
  ["a number out of range names its path and range", { relays: [{}, { pulseMs: 50 }] }, "relays[1].pulseMs: out of range 100..60000, got 50"],
  ["keepaliveInterval 1..4 is refused (0 or 5..3600)", { keepaliveInterval: 3 }, "keepaliveInterval: must be 0 (off) or 5..3600, got 3"],
  ["registerExpiry below 60", { registerExpiry: 30 }, "registerExpiry: out of range 60..86400, got 30"],
  ["a non-integer number", { maxCallSeconds: 12.5 }, "maxCallSeconds: must be an integer 10..3600"],
  ["a user too long", { user: "u".repeat(64), domain: "example.com" }, "user: length must be 1..63, got 64"],
  ["a door code with #", { relays: [{ doorCodes: ["12#"] }] }, "relays[0].doorCodes[0]: bad character; use only 0-9 and *"],
  ["an access code shorter than 4", { relays: [{}], accessCodes: [{ code: "12", relay: 0 }] }, "accessCodes[0].code: length must be 4..16, got 2"],
  ["an access code naming a missing relay", { relays: [{}], accessCodes: [{ code: "1234", relay: 2 }] },
    "accessCodes[0].relay: relay 2 does not exist; define relays[2] or name an existing relay"],
  ["too many buttons", { buttons: Array(9).fill({ mode: "sequential", targets: ["sip:a@b"] }) }, "buttons: more than 8; remove some"],
  ["a target without sip:", { buttons: [{ mode: "parallel", targets: ["flat12@example.com"] }] },
    "buttons[0].targets[0]: bad character; give a SIP URI starting with sip: or sips:, no spaces or <>\"`\\"],
  ["a button without targets", { buttons: [{ mode: "parallel", targets: [] }] }, "buttons[0].targets: none; give 1 to 4 entries"],
  ["an unknown mode", { incoming: { mode: "answer" } }, "incoming.mode: must be \"reject\" or \"auto-answer\" or \"ring\""],
  ["a registrar that is neither an IP address nor a DNS name", { user: "d", domain: "e", registrar: { host: "192.0.2.300" } },
    "registrar.host: must be an IPv4 address a.b.c.d outside 0.0.0.0/8, an IPv6 address other than :: (2001:db8::1 or [2001:db8::1]), or a DNS name (letters, digits, - between dots)"],
  ["a backup registrar without a registrar", { backupRegistrar: { host: "192.0.2.1" } }, "registrar: missing; backupRegistrar needs a registrar"],
  ["a user without a domain", { user: "door" }, "domain: missing; give the SIP domain of user"],
  ["an unknown field", { relays: [{ colour: 100 }] }, "relays[0].colour: unknown field; remove it"],
  ["an unknown field near a known one suggests it", { relays: [{ pulse: 100 }] }, "relays[0].pulse: unknown field; did you mean \"pulseMs\"?"],
  ["a misspelt top-level field suggests the known one", { keepaliveIntervall: 30 }, "keepaliveIntervall: unknown field; did you mean \"keepaliveInterval\"?"],
  ["a registrar without host says it is missing", { user: "d", domain: "e", registrar: { port: 5060 } }, "registrar.host: missing; give the registrar's address (IPv4 a.b.c.d, IPv6 such as 2001:db8::1) or its DNS name"],
  ["duplicate door codes across relays", { relays: [{ doorCodes: ["12"] }, { doorCodes: ["12"] }] }, "relays[1].doorCodes[0]: duplicate; door codes must differ"],
  ["a door code holding the confirm key *", { codeEntry: { confirmKey: "*" }, relays: [{ doorCodes: ["1*2"] }] },
    "relays[0].doorCodes[0]: contains the confirm key *; remove it or change codeEntry.confirmKey"],
  ["refuseCode other than 486/603", { incoming: { refuseCode: 404 } }, "incoming.refuseCode: must be 486 or 603"],
];
for (const [name, json, message] of cases) {
  test(`invalid: ${name}`, () => assert.ok(errors(json).includes(message), JSON.stringify(errors(json))));
}

test("every error of a config is reported, not only the first", () => {
  assert.equal(errors({ localPort: 0, registerExpiry: 1, lockout: { tries: 0 } }).length, 3);
});

type Schema = { properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; minimum?: number; maximum?: number; default?: unknown; writeOnly?: boolean };
const schema = JSON.parse(readFileSync(new URL("../../../../host/config.schema.json", import.meta.url), "utf8")) as Schema;

function schemaPaths(s: Schema, prefix: string, out: Map<string, Schema>): Map<string, Schema> {
  for (const [k, sub] of Object.entries(s.properties ?? {})) {
    const p = prefix ? `${prefix}.${k}` : k;
    out.set(p, sub);
    const item = sub.items?.properties ? sub.items : sub.items?.oneOf?.find((o) => o.properties); // an entry given as an object
    schemaPaths(item ?? sub, item ? `${p}[]` : p, out);
  }
  return out;
}

test("the schema declares the secrets once, as writeOnly: the password, the access codes and the door codes", () => {
  assert.deepEqual(secretKeys().sort(), ["accessCodes[].code", "password", "relays[].doorCodes[]"]);
});
