// Concealment of a lost 20 ms frame on 16-bit linear PCM (the caller decodes
// G.711 first): the last good frame repeated, fading by 6 dB per lost frame,
// and silence from the fourth lost frame on. RFC 3550 leaves concealment to
// the receiver; this is the plain "repetition with fading" of the usual
// schemes (e.g. ITU-T G.711 Appendix I without its pitch search).
//
// The gain falls linearly within each concealed frame instead of in steps
// at frame boundaries: frame k (1-based) runs from 2^-(k-1) to 2^-k, and the
// last faded frame (k = CONCEAL_FRAMES) runs down to 0. The first good frame
// after a loss is played as it is (no cross-fade): after a short loss the
// step is at most 6 dB, after a long one playback resumes from silence.
//
// Pure: buffers belong to the caller; no static memory.

/** Samples in one 20 ms frame at 8 kHz. */
export const FRAME_SAMPLES: i32 = 160;
/** Lost frames faded before silence. */
export const CONCEAL_FRAMES: i32 = 3;

/**
 * Writes the concealment of the `lostRun`-th lost frame in a row (1 for the
 * first) into `out`, from `lastGood`, the last frame actually received: both
 * FRAME_SAMPLES 16-bit samples, and not the same buffer (lastGood must stay
 * intact for the following lost frames). A lostRun below 1 is taken as 1.
 */
export function conceal(lastGood: usize, out: usize, lostRun: i32): void {
  const k = max<i32>(lostRun, 1);
  if (k > CONCEAL_FRAMES) {
    for (let i: usize = 0; i < <usize>(FRAME_SAMPLES * 2); i += 8) store<u64>(out + i, 0);
    return;
  }
  // Gains in Q15: from `from` at the first sample down towards `to` at the end.
  const from = 0x8000 >> (k - 1);
  const span = from - (k == CONCEAL_FRAMES ? 0 : from >> 1);
  // Two samples a word: one load and one store for both (on a wasm2c board
  // each access is a bounds-checked call; see g711.ts).
  for (let i = 0; i < FRAME_SAMPLES; i += 2) {
    const w = load<u32>(lastGood + (<usize>i << 1));
    const first = (<i32><i16>w * gainAt(from, span, i)) >> 15;
    const second = ((<i32>w >> 16) * gainAt(from, span, i + 1)) >> 15;
    store<u32>(out + (<usize>i << 1), (<u32>first & 0xFFFF) | (<u32>second << 16));
  }
}

/** The gain of sample i: `span` taken off `from` linearly over the frame. */
// @ts-ignore: decorator
@inline function gainAt(from: i32, span: i32, i: i32): i32 { return from - (span * i) / FRAME_SAMPLES; }
