// Concealment sample by sample (conceal.ts works two samples a word): every
// sample of a concealed frame is the last good one's times its gain in Q15,
// the gain falling linearly from 2^-(k-1) towards 2^-k (0 in the last faded
// frame) over the frame's 160 samples, the product rounded down.
import { conceal, FRAME_SAMPLES, CONCEAL_FRAMES } from "../../../assembly/media/conceal";

const GOOD: usize = memory.data(FRAME_SAMPLES * 2 + 8, 8);
const OUT: usize = memory.data(FRAME_SAMPLES * 2 + 8, 8);

/** The value the rule gives for sample i of the k-th lost frame. */
function expected(s: i32, k: i32, i: i32): i32 {
  const from = 0x8000 >> (k - 1);
  const to = k == CONCEAL_FRAMES ? 0 : from >> 1;
  const gain = from - ((from - to) * i) / FRAME_SAMPLES;
  return <i32><i16>((s * gain) >> 15);
}

describe("concealment, sample by sample (conceal.ts)", () => {
  it("every sample of the 1st to 3rd lost frame is the last good sample times its gain, both signs, full scale included", () => {
    for (let i = 0; i < FRAME_SAMPLES; i++) store<i16>(GOOD + (<usize>i << 1), <i16>(i == 0 ? -32768 : i == 1 ? 32767 : i * 4099 - 30000));
    let wrong = 0;
    for (let k = 1; k <= CONCEAL_FRAMES; k++) {
      conceal(GOOD, OUT, k);
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        if (<i32>load<i16>(OUT + (<usize>i << 1)) != expected(<i32>load<i16>(GOOD + (<usize>i << 1)), k, i)) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it("silence from the fourth lost frame writes exactly the frame's 160 samples and nothing after them", () => {
    for (let i = 0; i < FRAME_SAMPLES + 4; i++) store<i16>(OUT + (<usize>i << 1), 0x5A5A);
    conceal(GOOD, OUT, CONCEAL_FRAMES + 1);
    let wrong = 0;
    for (let i = 0; i < FRAME_SAMPLES; i++) if (load<i16>(OUT + (<usize>i << 1)) != 0) wrong++;
    for (let i = FRAME_SAMPLES; i < FRAME_SAMPLES + 4; i++) if (load<i16>(OUT + (<usize>i << 1)) != 0x5A5A) wrong++;
    expect(wrong).toBe(0);
  });
});
