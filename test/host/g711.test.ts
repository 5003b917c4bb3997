// The host's G.711 (host/audio/g711.ts), the demo flat's codec: its
// reconstruction values against SoX's (Debian sox, which we did not write),
// and the encoder against the rules of ITU-T G.711: each code's interval
// holds its own value, the intervals follow one another in order, and a tone
// comes through with G.711's signal-to-noise ratio.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { alawToLinear, decodeG711, encodeG711, linearToAlaw, linearToUlaw, PT_PCMA, PT_PCMU, ulawToLinear } from "../../host/audio/g711.js";
import { ToneMicrophone } from "../../host/audio/mic.js";
import { fitTone } from "../../host/audio/analyse.js";
import { missingTool, run } from "./support/tools.js";

const dir = mkdtempSync(path.join(tmpdir(), "g711-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const sox = () => missingTool("sox", "sox");
const laws = [
  { name: "µ-law", soxType: "ul", encode: linearToUlaw, decode: ulawToLinear },
  { name: "A-law", soxType: "al", encode: linearToAlaw, decode: alawToLinear },
];

for (const law of laws) {
  test(`${law.name}: every code's value is the one SoX decodes it to (the G.711 tables)`, (t) => {
    if (sox()) return t.skip(sox()!);
    const codes = path.join(dir, `codes.${law.soxType}`);
    const linear = path.join(dir, `codes-${law.soxType}.raw`);
    writeFileSync(codes, Uint8Array.from({ length: 256 }, (_, c) => c));
    const r = run("sox", ["-t", law.soxType, "-r", "8000", "-c", "1", codes, "-t", "s16", "-e", "signed", "-b", "16", "-L", linear]);
    assert.equal(r.code, 0, r.out);
    const b = readFileSync(linear);
    const theirs = Array.from({ length: 256 }, (_, c) => b.readInt16LE(2 * c));
    assert.deepEqual(Array.from({ length: 256 }, (_, c) => law.decode(c)), theirs);
  });

  test(`${law.name}: each code's value codes back to that code (it lies in its own interval)`, () => {
    for (let c = 0; c < 256; c++) {
      // µ-law has two zeros (0xFF and 0x7F, G.711 Table 2a); the value 0 codes as the positive one.
      const expected = law.name === "µ-law" && c === 0x7f ? 0xff : c;
      assert.equal(law.encode(law.decode(c)), expected, `code 0x${c.toString(16)}`);
    }
  });

  test(`${law.name}: the intervals follow one another: a larger sample never codes to a smaller value`, () => {
    let last = -Infinity;
    for (let x = -32768; x <= 32767; x++) {
      const v = law.decode(law.encode(x));
      assert.ok(v >= last, `${x} codes to ${v}, below ${last}`);
      last = v;
    }
  });

  test(`${law.name}: a 1000 Hz tone at -10 dBFS comes through with G.711's SNR (above 35 dB)`, () => {
    const tone = new Int16Array(8000);
    new ToneMicrophone(1000, -10).next(tone);
    const back = tone.map((x) => law.decode(law.encode(x)));
    const fit = fitTone(back, 1000);
    assert.ok(fit.snrDb > 35, `SNR ${fit.snrDb.toFixed(1)} dB`);
  });
}

test("the limits: full scale codes to each law's largest magnitudes, and clips there (G.711 Tables 1a and 2a)", () => {
  assert.deepEqual([linearToUlaw(32767), linearToUlaw(-32768)], [0x80, 0x00]);
  assert.deepEqual([ulawToLinear(0x80), ulawToLinear(0x00)], [32124, -32124]);
  assert.deepEqual([linearToAlaw(32767), linearToAlaw(-32768)], [0xaa, 0x2a]);
  assert.deepEqual([alawToLinear(0xaa), alawToLinear(0x2a)], [32256, -32256]);
});

test("payload types: 0 is µ-law and 8 A-law both ways (RFC 3551 Table 4); another type is refused", () => {
  const samples = Int16Array.from([0, 1000, -1000, 30000]);
  const octets = new Uint8Array(4);
  const back = new Int16Array(4);
  encodeG711(PT_PCMU, samples, octets);
  assert.deepEqual([...octets], [...samples].map(linearToUlaw));
  decodeG711(PT_PCMU, octets, back);
  assert.deepEqual([...back], [...octets].map(ulawToLinear));
  encodeG711(PT_PCMA, samples, octets);
  assert.deepEqual([...octets], [...samples].map(linearToAlaw));
  decodeG711(PT_PCMA, octets, back);
  assert.deepEqual([...back], [...octets].map(alawToLinear));
  assert.throws(() => decodeG711(18, octets, back), /payload type 18 is not G\.711/);
});
