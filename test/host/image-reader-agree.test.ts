// The firmware's image reader (assembly/app/serial/image.ts, reading a slot
// through board.slotRead in pieces) and the host's (host/image/format.ts)
// agree: on every malformed image of image-format.test.ts and on random
// damage to good images, both accept, or both refuse naming the same field.
// The firmware's side is a probe module built from image.ts with the
// firmware's runtime, whose one slot holds the image under test.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ImageError, Kind, readImage } from "../../host/image/format.js";
import { packImage } from "../../host/image/writer.js";
import { compileWithFirmwareRuntime } from "./support/asc.js";
import { good, malformedImages, PAYLOAD, VERSION } from "./support/image-cases.js";

const PROBE = `
import { imageOpen, imageHash, imageOpenedSize, IMAGE_SCRATCH } from "../../assembly/app/serial/image";
import { refusalText, refusalTextLength } from "../../assembly/app/serial/flash-texts";
const SCRATCH: usize = memory.data(IMAGE_SCRATCH, 8);
/** Reads the image of \`size\` octets in slot 0 as FlashVerify does, without Begin's hash: 0 or a refusal code. */
export function readSlot(size: u32): i32 {
  const e = imageOpen(0, size, SCRATCH);
  return e != 0 ? e : imageHash(0, SCRATCH, 0);
}
/** Reads header and trailer as Hello does, the image's size unknown: 0 or a refusal code. */
export function openUnknownSize(): i32 { return imageOpen(0, 0, SCRATCH); }
export function openedSize(): u32 { return imageOpenedSize(SCRATCH); }
export function textAt(code: i32): usize { return refusalText(code); }
export function textLength(code: i32): i32 { return refusalTextLength(refusalText(code)); }
`;

interface Probe {
  memory: WebAssembly.Memory;
  readSlot(size: number): number;
  openUnknownSize(): number;
  openedSize(): number;
  textAt(code: number): number;
  textLength(code: number): number;
}
let probe: Probe;
let slot: Uint8Array = new Uint8Array(0);

before(async () => {
  const bytes = await compileWithFirmwareRuntime(PROBE);
  const board = {
    slotRead(s: number, offset: number, dst: number, len: number): number {
      if (s !== 0) return -1;
      const from = slot.subarray(offset >>> 0, (offset >>> 0) + len);
      new Uint8Array(probe.memory.buffer).set(from, dst);
      return from.length;
    },
    fault() { throw new Error("the probe faulted"); },
  };
  const { instance } = await WebAssembly.instantiate(bytes, { board });
  probe = instance.exports as unknown as Probe;
  (probe as unknown as { _initialize?: () => void })._initialize?.();
});

/** The firmware's verdict on `image`: null when accepted, else its refusal text `FIELD: why`. */
function firmwareRefusal(image: Uint8Array): string | null {
  slot = image;
  const code = probe.readSlot(image.length);
  if (code === 0) return null;
  const at = probe.textAt(code);
  return Buffer.from(probe.memory.buffer, at, probe.textLength(code)).toString("latin1");
}

/** The host's verdict: null when accepted, else the field its ImageError names. */
function hostField(image: Uint8Array): string | null {
  try {
    readImage(image);
    return null;
  } catch (err) {
    if (err instanceof ImageError) return err.field;
    throw err;
  }
}

const fieldOf = (text: string | null) => (text === null ? null : text.slice(0, text.indexOf(": ")));

test("both readers accept a good image", () => {
  assert.equal(hostField(good()), null);
  assert.equal(firmwareRefusal(good()), null);
});

test("both readers accept a Cortex-M image with a load address, and one with a payload that needs no padding", () => {
  const cortex = packImage(PAYLOAD, { kind: Kind.CortexM, version: VERSION, boards: ["qemu-mps2-an386"], loadAddress: 0x10000 });
  const aligned = packImage(new Uint8Array(64).fill(5), { kind: Kind.Linux, version: VERSION, boards: ["native-linux"] });
  for (const image of [cortex, aligned]) {
    assert.equal(hostField(image), null);
    assert.equal(firmwareRefusal(image), null);
  }
});

for (const { what, image, field } of malformedImages()) {
  test(`an image with ${what} is refused by both readers naming ${field}`, () => {
    assert.equal(hostField(image), field, "the host's field");
    const text = firmwareRefusal(image);
    assert.ok(text !== null, "the firmware accepted it");
    assert.equal(fieldOf(text), field, `the firmware said ${JSON.stringify(text)}`);
  });
}

test("on good images damaged at random (octets changed, the image cut or grown), the readers agree on every verdict", () => {
  const base = [good(), packImage(PAYLOAD, { kind: Kind.CortexM, version: VERSION, boards: ["qemu-mps2-an386"], loadAddress: 0x10000 })];
  const damage = fc.record({
    which: fc.nat(base.length - 1),
    changes: fc.array(fc.tuple(fc.nat(200), fc.nat(255)), { maxLength: 3 }),
    cut: fc.integer({ min: -8, max: 8 }),
  });
  fc.assert(fc.property(damage, ({ which, changes, cut }) => {
    let image = base[which].slice();
    for (const [at, value] of changes) image[at % image.length] = value;
    image = cut < 0 ? image.subarray(0, image.length + cut) : new Uint8Array([...image, ...new Uint8Array(cut)]);
    assert.equal(fieldOf(firmwareRefusal(image)), hostField(image));
  }), { numRuns: 2000, seed: 17 });
});

test("both readers accept an image read back in several pieces, and both refuse it with its last payload octet changed: sha256", () => {
  const payload = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13) & 0xff);
  const image = packImage(payload, { kind: Kind.Wasm, version: VERSION, boards: ["simulator"] });
  assert.equal(hostField(image), null);
  assert.equal(firmwareRefusal(image), null);
  image[32 + 4999] ^= 1;
  assert.equal(hostField(image), "sha256");
  assert.equal(fieldOf(firmwareRefusal(image)), "sha256");
});

test("read as Hello reads a slot, the size unknown, an image followed by erased flash gives its own size", () => {
  const image = good();
  slot = new Uint8Array([...image, ...new Uint8Array(100).fill(0xff)]);
  assert.equal(probe.openUnknownSize(), 0);
  assert.equal(probe.openedSize(), image.length);
});

test("read as Hello reads a slot, an empty slot is refused: header", () => {
  slot = new Uint8Array(0);
  const code = probe.openUnknownSize();
  assert.equal(Buffer.from(probe.memory.buffer, probe.textAt(code), probe.textLength(code)).toString("latin1"), "header: under 32 octets");
});
