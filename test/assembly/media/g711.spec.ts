// G.711 companding (g711.ts): the code points the Recommendation fixes, the
// quantization error every 16-bit sample may suffer, and codes that survive a
// decode and a re-encode. Both laws, every sample value, every code.
import {
  ulawEncode, ulawDecode, alawEncode, alawDecode, encodeFrame, decodeFrame,
  LAW_ULAW, LAW_ALAW, ULAW_CLIP, FRAME_SAMPLES,
} from "../../../assembly/media/g711";

const PCM: usize = memory.data(FRAME_SAMPLES * 2 + 8);
const CODES: usize = memory.data(FRAME_SAMPLES + 8);
const BACK: usize = memory.data(FRAME_SAMPLES * 2 + 8);

/** Half of µ-law's step in the segment of magnitude m (G.711: 16 steps per segment, each segment doubling the step). */
function ulawHalfStep(m: i32): i32 {
  let seg = 24 - <i32>clz<u32>(<u32>(m + 0x84));
  return 4 << seg;
}

/** Half of A-law's step for magnitude m: 8 in segments 0 and 1, doubling from there. */
function alawHalfStep(m: i32): i32 {
  let seg = 24 - <i32>clz<u32>(<u32>m);
  if (seg < 1) return 8;
  return 4 << seg;
}

function abs(x: i32): i32 { return x < 0 ? -x : x; }

describe("G.711 µ-law (g711.ts)", () => {
  it("silence encodes as 0xFF, the inverted positive zero (G.711 Table 2b)", () => {
    expect(ulawEncode(0)).toBe(0xFF);
    expect(ulawDecode(0xFF)).toBe(0);
  });

  it("0x7F, the negative zero, decodes to 0 and so re-encodes as 0xFF", () => {
    expect(ulawDecode(0x7F)).toBe(0);
    expect(ulawEncode(ulawDecode(0x7F))).toBe(0xFF);
  });

  it("full scale clips: +32767 is 0x80 (decoding to +32124), -32768 is 0x00 (-32124)", () => {
    expect(ulawEncode(32767)).toBe(0x80);
    expect(ulawEncode(-32768)).toBe(0x00);
    expect(ulawDecode(0x80)).toBe(32124);
    expect(ulawDecode(0x00)).toBe(-32124);
  });

  it("every 16-bit sample up to the clip decodes within half its segment's step", () => {
    let worst = 0;
    for (let x = -ULAW_CLIP; x <= ULAW_CLIP; x++) {
      const err = abs(ulawDecode(ulawEncode(x)) - x) - ulawHalfStep(abs(x));
      if (err > worst) worst = err;
    }
    expect(worst).toBe(0);
  });

  it("samples beyond the clip decode to the largest magnitude of their sign", () => {
    for (let x = ULAW_CLIP + 1; x <= 32767; x++) {
      expect(ulawDecode(ulawEncode(x))).toBe(32124);
      expect(ulawDecode(ulawEncode(-x - 1))).toBe(-32124);
    }
  });

  it("every code but the negative zero 0x7F re-encodes to itself", () => {
    let differing = 0;
    for (let c = 0; c < 256; c++) if (c != 0x7F && <i32>ulawEncode(ulawDecode(<u8>c)) != c) differing++;
    expect(differing).toBe(0);
  });

  it("encoding is monotonic: a larger sample never gets a smaller decoded value", () => {
    let previous = ulawDecode(ulawEncode(-32768));
    let inversions = 0;
    for (let x = -32767; x <= 32767; x++) {
      const d = ulawDecode(ulawEncode(x));
      if (d < previous) inversions++;
      previous = d;
    }
    expect(inversions).toBe(0);
  });
});

describe("G.711 A-law (g711.ts)", () => {
  it("silence encodes as 0xD5, the positive zero with its even bits inverted (G.711 Table 1b)", () => {
    expect(alawEncode(0)).toBe(0xD5);
    expect(alawEncode(-1)).toBe(0x55);
    expect(alawDecode(0xD5)).toBe(8);
    expect(alawDecode(0x55)).toBe(-8);
  });

  it("full scale: +32767 is 0xAA and -32768 is 0x2A, decoding to ±32256", () => {
    expect(alawEncode(32767)).toBe(0xAA);
    expect(alawEncode(-32768)).toBe(0x2A);
    expect(alawDecode(0xAA)).toBe(32256);
    expect(alawDecode(0x2A)).toBe(-32256);
  });

  it("every 16-bit sample decodes within half its segment's step", () => {
    let worst = 0;
    for (let x = -32768; x <= 32767; x++) {
      const m = x < 0 ? -x - 1 : x;
      const err = abs(alawDecode(alawEncode(x)) - x) - alawHalfStep(m);
      if (err > worst) worst = err;
    }
    expect(worst).toBe(0);
  });

  it("every one of the 256 codes re-encodes to itself (A-law has no zero code)", () => {
    let differing = 0;
    for (let c = 0; c < 256; c++) if (<i32>alawEncode(alawDecode(<u8>c)) != c) differing++;
    expect(differing).toBe(0);
  });
});

describe("G.711 beyond 16 bits (g711.ts)", () => {
  it("a sample beyond 16 bits (a mixer's sum) encodes as full scale of its sign in both laws", () => {
    const big: i32[] = [32768, 100000, 0x7FFFFFFF];
    for (let i = 0; i < big.length; i++) {
      expect(ulawEncode(big[i])).toBe(ulawEncode(32767));
      expect(alawEncode(big[i])).toBe(alawEncode(32767));
      expect(ulawEncode(-big[i] - 1)).toBe(ulawEncode(-32768));
      expect(alawEncode(-big[i] - 1)).toBe(alawEncode(-32768));
    }
  });
});

describe("G.711 frames (g711.ts)", () => {
  it("a 20 ms frame encodes sample by sample, as the one-sample functions do, for both laws", () => {
    for (let i = 0; i < FRAME_SAMPLES; i++) store<i16>(PCM + <usize>(i * 2), <i16>(i * 409 - 32768));
    for (let law = LAW_ULAW; law <= LAW_ALAW; law++) {
      encodeFrame(PCM, CODES, FRAME_SAMPLES, law);
      let differing = 0;
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        const x = <i32>load<i16>(PCM + <usize>(i * 2));
        const c = law == LAW_ULAW ? ulawEncode(x) : alawEncode(x);
        if (load<u8>(CODES + <usize>i) != c) differing++;
      }
      expect(differing).toBe(0);
    }
  });

  it("a frame decodes to the values of each code, and writes no sample past the count", () => {
    for (let i = 0; i < FRAME_SAMPLES; i++) store<u8>(CODES + <usize>i, <u8>i);
    for (let law = LAW_ULAW; law <= LAW_ALAW; law++) {
      store<i16>(BACK + <usize>(FRAME_SAMPLES * 2), 0x1234);
      decodeFrame(CODES, BACK, FRAME_SAMPLES, law);
      let differing = 0;
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        const expected = law == LAW_ULAW ? ulawDecode(<u8>i) : alawDecode(<u8>i);
        if (<i32>load<i16>(BACK + <usize>(i * 2)) != expected) differing++;
      }
      expect(differing).toBe(0);
      expect(load<i16>(BACK + <usize>(FRAME_SAMPLES * 2))).toBe(0x1234);
    }
  });

  it("a negative sample count writes nothing", () => {
    store<u8>(CODES, 0x42);
    encodeFrame(PCM, CODES, -5, LAW_ULAW);
    expect(load<u8>(CODES)).toBe(0x42);
  });
});
