// Concealment of lost frames (assembly/media/conceal.ts): the last good
// frame repeated with a fade of 6 dB per lost frame, silence after three.
import { conceal, FRAME_SAMPLES, CONCEAL_FRAMES } from "../../../assembly/media/conceal";

const GOOD: usize = memory.data(FRAME_SAMPLES * 2);
const OUT: usize = memory.data(FRAME_SAMPLES * 2);
const LAST = FRAME_SAMPLES - 1;

function sample(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }

/** The last good frame: every sample `v`. */
function good(v: i32): void {
  for (let i = 0; i < FRAME_SAMPLES; i++) store<i16>(GOOD + (<usize>i << 1), <i16>v);
}

describe("concealing a lost frame", () => {
  it("the first lost frame repeats the last good one, starting at full level", () => {
    good(16000);
    conceal(GOOD, OUT, 1);
    expect(sample(OUT, 0)).toBe(16000);
  });

  it("each lost frame ends 6 dB below where it started: the first ends near half level", () => {
    good(16000);
    conceal(GOOD, OUT, 1);
    expect(sample(OUT, LAST)).toBeGreaterThan(8000);
    expect(sample(OUT, LAST)).toBeLessThanOrEqual(8050);
  });

  it("the fade is continuous across frames: the second lost frame starts where the first ended", () => {
    good(16000);
    conceal(GOOD, OUT, 2);
    expect(sample(OUT, 0)).toBe(8000);
    expect(sample(OUT, LAST)).toBeGreaterThan(4000);
    expect(sample(OUT, LAST)).toBeLessThanOrEqual(4030);
  });

  it("the gain never rises within a frame, for negative samples as for positive", () => {
    good(-20000);
    conceal(GOOD, OUT, 1);
    for (let i = 1; i < FRAME_SAMPLES; i++) expect(sample(OUT, i)).toBeGreaterThanOrEqual(sample(OUT, i - 1));
  });

  it("the last faded frame runs down to silence", () => {
    good(32767);
    conceal(GOOD, OUT, CONCEAL_FRAMES);
    expect(sample(OUT, 0)).toBe(32767 >> (CONCEAL_FRAMES - 1));
    expect(abs(sample(OUT, LAST))).toBeLessThan(60);
  });

  it("from the fourth lost frame on, the output is silence", () => {
    good(-32768);
    conceal(GOOD, OUT, CONCEAL_FRAMES + 1);
    for (let i = 0; i < FRAME_SAMPLES; i++) expect(sample(OUT, i)).toBe(0);
  });

  it("the waveform is repeated sample by sample, not just its level", () => {
    for (let i = 0; i < FRAME_SAMPLES; i++) store<i16>(GOOD + (<usize>i << 1), <i16>((i % 8) * 1000 - 3500));
    conceal(GOOD, OUT, 1);
    expect(sample(OUT, 0)).toBe(-3500);
    expect(sample(OUT, 3)).toBe(-496); // -500 at a gain of 1 - 3/320, rounded down
  });

  it("the last good frame is left as it was", () => {
    good(1234);
    conceal(GOOD, OUT, 2);
    expect(sample(GOOD, 0)).toBe(1234);
    expect(sample(GOOD, LAST)).toBe(1234);
  });

  it("a run count below 1 is taken as the first lost frame", () => {
    good(1000);
    conceal(GOOD, OUT, 0);
    expect(sample(OUT, 0)).toBe(1000);
  });
});
