// G.711 frames of any length (g711.ts): the frame loops move four samples at
// a time, and a count that does not divide by four must come out exactly as
// the one-sample functions give it, with nothing written past the count.
import {
  ulawEncode, ulawDecode, alawEncode, alawDecode, encodeFrame, decodeFrame, LAW_ULAW, LAW_ALAW,
} from "../../../assembly/media/g711";

const PCM: usize = memory.data(64, 8);
const CODES: usize = memory.data(64, 8);
const BACK: usize = memory.data(128, 8);
/** An octet no frame of this spec writes: what lies past the count must still hold it. */
const UNTOUCHED: u8 = 0xA5;

function encoded(law: i32, x: i32): u8 { return law == LAW_ULAW ? ulawEncode(x) : alawEncode(x); }
function decoded(law: i32, c: u8): i32 { return law == LAW_ULAW ? ulawDecode(c) : alawDecode(c); }

/** Samples spread over the whole 16-bit range, both signs, at the start of PCM. */
function fillSamples(count: i32): void {
  for (let i = 0; i < count; i++) store<i16>(PCM + <usize>(i * 2), <i16>((i * 7919) ^ (i & 1 ? 0x8000 : 0)));
}

describe("G.711 frames whose count is not a whole number of words (g711.ts)", () => {
  it("1 to 9 samples encode each as the one-sample function does, and nothing past the count is written", () => {
    fillSamples(9);
    let wrong = 0;
    for (let law = LAW_ULAW; law <= LAW_ALAW; law++) {
      for (let count = 1; count <= 9; count++) {
        for (let i = 0; i < 16; i++) store<u8>(CODES + <usize>i, UNTOUCHED);
        encodeFrame(PCM, CODES, count, law);
        for (let i = 0; i < count; i++) if (load<u8>(CODES + <usize>i) != encoded(law, <i32>load<i16>(PCM + <usize>(i * 2)))) wrong++;
        for (let i = count; i < 16; i++) if (load<u8>(CODES + <usize>i) != UNTOUCHED) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it("1 to 9 codes decode each as the one-code function does, and no sample past the count is written", () => {
    for (let i = 0; i < 9; i++) store<u8>(CODES + <usize>i, <u8>(i * 29 + 3));
    let wrong = 0;
    for (let law = LAW_ULAW; law <= LAW_ALAW; law++) {
      for (let count = 1; count <= 9; count++) {
        for (let i = 0; i < 32; i++) store<u8>(BACK + <usize>i, UNTOUCHED);
        decodeFrame(CODES, BACK, count, law);
        for (let i = 0; i < count; i++) if (<i32>load<i16>(BACK + <usize>(i * 2)) != decoded(law, load<u8>(CODES + <usize>i))) wrong++;
        for (let i = count * 2; i < 32; i++) if (load<u8>(BACK + <usize>i) != UNTOUCHED) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it("frames at odd addresses (a payload after an odd-length header) encode and decode as aligned ones", () => {
    fillSamples(8);
    let wrong = 0;
    for (let law = LAW_ULAW; law <= LAW_ALAW; law++) {
      for (let i = 0; i < 8; i++) store<i16>(BACK + 1 + <usize>(i * 2), load<i16>(PCM + <usize>(i * 2)));
      encodeFrame(BACK + 1, CODES + 3, 8, law);
      for (let i = 0; i < 8; i++) if (load<u8>(CODES + 3 + <usize>i) != encoded(law, <i32>load<i16>(PCM + <usize>(i * 2)))) wrong++;
      decodeFrame(CODES + 3, BACK + 33, 8, law);
      for (let i = 0; i < 8; i++) if (<i32>load<i16>(BACK + 33 + <usize>(i * 2)) != decoded(law, load<u8>(CODES + 3 + <usize>i))) wrong++;
    }
    expect(wrong).toBe(0);
  });
});
