// ajv checks the JSON form against host/config.schema.json; each of its
// errors is said as the project's message: the field's path, what is wrong
// and the fix. These cases name the mapping from ajv's keywords; the rules
// across fields are config.test.ts's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { errors } from "./support/config-checks.js";
import { schemaErrors } from "../../host/config-schema-errors.js";

const has = (json: object, message: string) => assert.ok(errors(json).includes(message), JSON.stringify(errors(json)));

test("a configuration that is not an object is refused as a whole", () => {
  assert.deepEqual(errors([]), ["(config): must be an object"]);
});

test("type: a list given as something else says it must be a list", () => {
  has({ relays: {} }, "relays: must be a list");
});

test("type: a text given as a number says it must be a string", () => {
  has({ user: 5, domain: "example.com" }, "user: must be a string");
});

test("required: a list entry's choice that is absent lists its values", () => {
  has({ buttons: [{ targets: ["sip:a@b"] }] }, "buttons[0].mode: must be \"sequential\" or \"parallel\"");
});

test("required: an absent field quotes the schema's x-missing fix", () => {
  has({ relays: [{}], accessCodes: [{ code: "1234" }] }, "accessCodes[0].relay: missing; give the index of a relay");
});

test("required: an absent list says how many entries it takes", () => {
  has({ buttons: [{ mode: "parallel" }] }, "buttons[0].targets: missing; give 1 to 4 entries");
});

test("uniqueItems: the later of two equal targets is named, with what must differ", () => {
  has({ buttons: [{ mode: "parallel", targets: ["sip:a@b", "sip:a@b"] }] }, "buttons[0].targets[1]: duplicate; targets of a button must differ");
});

test("a duplicate allowed caller is said once, though the schema and the caller check both see it", () => {
  assert.deepEqual(errors({ incoming: { allowed: ["flat1", "flat1"] } }), ["incoming.allowed[1]: duplicate; allowed callers must differ"]);
});

test("an allowed entry neither a string nor an object says both forms", () => {
  has({ incoming: { allowed: [5] } }, "incoming.allowed[0]: must be a SIP URI, a bare user part, or { caller, secret }");
});

test("an allowed entry's unknown field suggests the near one, once (not once per oneOf alternative)", () => {
  assert.deepEqual(errors({ incoming: { allowed: [{ caller: "flat1", secrte: "x" }] } }), ["incoming.allowed[0].secrte: unknown field; did you mean \"secret\"?"]);
});

test("a text's length is counted in octets, as the block stores it: 32 two-octet letters are 64", () => {
  has({ user: "door", domain: "example.com", displayName: "é".repeat(32) }, "displayName: length must be 0..63, got 64");
});

test("what ajv leaves to host/config.ts (lengths, patterns, rules across fields) gives no message of its own", () => {
  assert.deepEqual(schemaErrors({ user: "", alarms: { uri: "x" } }), []);
});
