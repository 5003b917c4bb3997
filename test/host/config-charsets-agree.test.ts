// The host and the firmware agree on every character set. Each set is declared
// once (host/config.schema.json, "x-charsets") and each side writes its
// structure rules once (host/config.ts, assembly/app/config/charset.ts): for
// every set and every octet 0..255, alone and inside a text the set's structure
// admits around it (in a label, after "sip:", after a "%"), the host's check
// (charsetAdmits, what validateConfig applies) and the firmware's block
// validator (configLoad in build/firmware.wasm, reached by boardStart reading
// the block through board.configRead) give the same verdict. The block is
// host/config.ts's encoding of a valid configuration with the text under test
// patched into its field's record: the host's validation is bypassed.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { Firmware, RecordingBoard, defaultImagePath } from "../../host/firmware.js";
import { encodeConfig, charsetAdmits } from "../../host/config.js";
import { CHARSET_OF, CHARSET_RULES, CHARSETS, LENGTHS } from "../../host/config-table.js";
import { blockFields, readSchema } from "../../host/tools/config-table.js";
import { valid } from "./support/config-checks.js";

let image: Uint8Array<ArrayBuffer>;
before(() => { image = new Uint8Array(readFileSync(defaultImagePath())); });

/** A configuration with every text field given, each valid. */
const BASE = encodeConfig(valid({
  user: "door", authUser: "gate", password: "pw", domain: "example.com", displayName: "Door",
  registrar: { host: "192.0.2.9" }, alarms: { uri: "sip:alarm@example.com" },
  buttons: [{ mode: "sequential", targets: ["sip:flat@example.com"] }], relays: [{ doorCodes: ["12"] }],
  accessCodes: [{ code: "9876", relay: 0 }], incoming: { allowed: ["concierge"] },
}));
const FIELDS = blockFields(readSchema(path.resolve("."))).fields;

/** BASE with the value of the first record tagged `tag` replaced by `text`: new body length and CRC. */
function withText(tag: number, text: number[]): Uint8Array {
  const body: number[] = [];
  let done = false;
  for (let at = 14; at < BASE.length;) {
    const len = BASE[at + 1] | (BASE[at + 2] << 8), value = [...BASE.subarray(at + 3, at + 3 + len)];
    const mine: boolean = BASE[at] === tag && !done;
    done ||= mine;
    const v = mine ? text : value;
    body.push(BASE[at], v.length & 0xff, v.length >> 8, ...v);
    at += 3 + len;
  }
  assert.ok(done, `the base block has a record 0x${tag.toString(16)}`);
  const block = new Uint8Array(14 + body.length), view = new DataView(block.buffer);
  block.set(BASE.subarray(0, 6));
  view.setUint32(6, body.length, true);
  view.setUint32(10, crc32(Uint8Array.from(body)), true);
  block.set(body, 14);
  return block;
}

/** The firmware's verdict on a block: true loaded, false refused for a bad character (any other refusal fails). */
async function firmwareAdmits(block: Uint8Array, rule: string): Promise<boolean> {
  const board = new RecordingBoard();
  board.config = block;
  const fw = await Firmware.load(image, board);
  fw.exports.boardStart(0);
  const refusal = board.logs.find((l) => l.level === 0);
  if (refusal) assert.ok(refusal.text.endsWith(`bad character; ${rule}`), `refused for another reason: ${refusal.text}`);
  return refusal === undefined;
}

const ch = (s: string) => [...s].map((c) => c.charCodeAt(0));
/** An octet the set's class admits, a letter or digit where it has one (a "-" could not stand in a label). */
const sampleOf = (set: string) => {
  const re = new RegExp(CHARSETS[set].octets);
  return [0x61, 0x30, ...Array.from({ length: 0x80 }, (_, i) => i)].find((c) => re.test(String.fromCharCode(c)))!;
};

/** The texts around octet o that put it where the set's structure looks at it. */
function contexts(set: string, o: number): number[][] {
  const { structure, of } = CHARSETS[set];
  if (structure === "either") return of.flatMap((alt) => contexts(alt, o));
  const s = sampleOf(set);
  const around = [[o], [s, o, s]];
  switch (structure) {
    case "escapes": return [...around, [0x25, o, 0x30], [0x25, 0x30, o]];
    case "labels": return [...around, [s, 0x2e, o], [o, 0x2e, s], [s, o, 0x2e, s]];
    case "sip-uri": return [[o], [...ch("sip:"), o], [...ch("sips:"), s, o], [...ch("sip"), o, s]];
  }
  return around;
}

for (const set of Object.keys(CHARSETS)) {
  test(`charset ${set}: the host and the firmware give every octet the same verdict, alone and in place`, async () => {
    const field = FIELDS.find((f) => CHARSET_OF[f.path] === set)!;
    const [min] = LENGTHS[field.path];
    let admitted = 0, refused = 0;
    for (let o = 0; o < 256; o++) {
      for (const context of contexts(set, o)) {
        // a text shorter than the field's minimum would be refused for its length: lead with admitted octets
        const text = context.length >= min ? context : [...new Array<number>(min - context.length).fill(sampleOf(set)), ...context];
        const host = charsetAdmits(set, Uint8Array.from(text));
        const firmware = await firmwareAdmits(withText(field.tag, text), CHARSET_RULES[set]);
        assert.equal(firmware, host, `${set} in ${field.path}: ${JSON.stringify(Buffer.from(text).toString("latin1"))} (octet 0x${o.toString(16)})`);
        if (host) admitted++; else refused++;
      }
    }
    assert.ok(admitted > 0 && refused > 0, `${set}: both verdicts occur (${admitted} admitted, ${refused} refused)`);
  });
}
