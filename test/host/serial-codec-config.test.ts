// Protocol 4's configuration payloads (docs/serial-agent.md, "The
// configuration" and "Errors"): the masked block read back, KEEP records for
// the secrets the host cannot read, and refusals rendered as {error, field}.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeConfig, encodeConfig, validateConfig, Tag } from "../../host/config.js";
import { blockRecords, mask, unmask, withKeeps } from "../../host/serial/codec/config.js";
import { decodeRefusal, encodeRefusal, tagPath } from "../../host/serial/codec/refusal.js";

const JSON_FORM = {
  user: "door", domain: "example.org", password: "pw-secret-1", registrar: { host: "192.0.2.1", port: 5060 },
  relays: [{ pulseMs: 500, doorCodes: ["1234", "5678"] }, { pulseMs: 500, doorCodes: ["4321"] }],
  accessCodes: [{ code: "9876", relay: 0 }],
  incoming: { mode: "ring", allowed: ["sip:flat@example.org", { caller: "sip:desk@example.org", secret: "desk-secret" }] },
};
const valid = (j: unknown) => {
  const v = validateConfig(j);
  assert.ok(v.ok, JSON.stringify(!v.ok && v.errors));
  return v.config;
};
const block = encodeConfig(valid(JSON_FORM));

test("the masked block keeps each secret record at length 0 and every other record as it was", () => {
  const masked = blockRecords(mask(block));
  const secrets = masked.filter((r) => [Tag.Password, Tag.RelayDoorCode, Tag.AccessCode, Tag.AllowedSecret].includes(r.tag as never));
  assert.equal(secrets.length, 6);
  assert.ok(secrets.every((r) => r.value.length === 0));
  assert.equal(masked.length, blockRecords(block).length);
});

test("a masked block read back holds a placeholder for each hidden secret, named by tag, entry and item", () => {
  const u = unmask(mask(block))!;
  assert.deepEqual([...u.keeps.values()].sort((a, b) => a.tag - b.tag || a.entry - b.entry || a.item - b.item), [
    { tag: Tag.Password, entry: 0, item: 0 },
    { tag: Tag.RelayDoorCode, entry: 0, item: 0 }, { tag: Tag.RelayDoorCode, entry: 0, item: 1 }, { tag: Tag.RelayDoorCode, entry: 1, item: 0 },
    { tag: Tag.AccessCode, entry: 0, item: 0 },
    { tag: Tag.AllowedSecret, entry: 1, item: 0 },
  ]);
  assert.doesNotThrow(() => decodeConfig(u.block), "the block with placeholders is a valid block");
});

test("an empty ConfigGet answer is no configuration", () => {
  assert.equal(unmask(new Uint8Array(0)), null);
});

test("written back unchanged, every placeholder becomes a KEEP record: tag 0x7E, length 3, [secret tag][entry][item]", () => {
  const u = unmask(mask(block))!;
  const out = blockRecords(withKeeps(u.block, u.keeps));
  const keeps = out.filter((r) => r.tag === 0x7e).map((r) => [...r.value]);
  assert.deepEqual(keeps, [[0x03, 0, 0], [0x52, 0, 0], [0x52, 0, 1], [0x52, 1, 0], [0x61, 0, 0], [0x71, 1, 0]]);
  assert.ok(!out.some((r) => [0x03, 0x52, 0x61, 0x71].includes(r.tag)), "no secret record is left");
});

test("a secret the user gives goes as its record; the ones it does not stay KEEP records of their old place", () => {
  const u = unmask(mask(block))!;
  const config = valid({ ...JSON_FORM, password: "new-password", relays: [JSON_FORM.relays[1]] });
  // the first relay dropped: relay 1's door code is now in entry 0, yet it is kept from entry 1 of the block read
  const old = decodeConfig(u.block);
  config.relays[0].doorCodes = old.relays[1].doorCodes;
  config.accessCodes = [{ code: old.accessCodes[0].code, relay: 0 }];
  config.incoming.allowed = [JSON_FORM.incoming.allowed[0] as string];
  const out = blockRecords(withKeeps(encodeConfig(config), u.keeps));
  assert.deepEqual(Buffer.from(out.find((r) => r.tag === Tag.Password)!.value).toString(), "new-password");
  assert.deepEqual(out.filter((r) => r.tag === 0x7e).map((r) => [...r.value]), [[0x52, 1, 0], [0x61, 0, 0]]);
});

test("the written block's header carries the body's length and CRC-32 again", () => {
  const u = unmask(mask(block))!;
  const out = withKeeps(u.block, u.keeps);
  const view = Buffer.from(out);
  assert.equal(view.readUInt32LE(6), out.length - 14);
  assert.doesNotThrow(() => blockRecords(out));
});

test("a refused configuration names the JSON path of the tag at fault and what the firmware's code means", () => {
  const r = decodeRefusal(encodeRefusal(9, 0x1a, ""), 3);
  assert.equal(r.field, "lockout.tries");
  assert.match(r.error, /lockout\.tries: number or text length out of range/);
  assert.equal(tagPath(0x52), "relays[].doorCodes");
  assert.equal(tagPath(0x71), "incoming.allowed[].secret");
});

test("a refused KEEP record says the active configuration lacks that secret", () => {
  assert.match(decodeRefusal(encodeRefusal(14, 0x7e, ""), 3).error, /KEEP record names a secret/);
});

test("another refusal takes its field from the text's FIELD: prefix", () => {
  assert.deepEqual(decodeRefusal(encodeRefusal(0, 0, "kind: the board boots kind 1"), 3), { error: "kind: the board boots kind 1", field: "kind" });
  assert.deepEqual(decodeRefusal(encodeRefusal(0, 0, "no reason given"), 4), { error: "no reason given" });
});
