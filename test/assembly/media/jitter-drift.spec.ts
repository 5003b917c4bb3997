// The jitter buffer against time: underruns, re-buffering, and the sender's
// clock drifting from the board's audio clock. The playout clock is the
// caller's 20 ms tick; a virtual clock in microseconds interleaves the
// sender's packets and the ticks, never a sleep.
import * as J from "../../../assembly/media/jitter";
import { put, take, accounted } from "./jitter-support";

const TICK_US: i64 = 20000;

/** What a drift run saw: the depth's range once playing, and the kinds of ticks. */
class Run {
  minDepth: i32 = 1000;
  maxDepth: i32 = -1;
  ticks: i32 = 0;
  frames: i32 = 0;
  lost: i32 = 0;
  waits: i32 = 0;
  silentSent: i32 = 0;
  silentPlayed: i32 = 0;
  /** Ticks concealed right after a frame not marked silent. */
  lostAfterVoice: i32 = 0;
  previousVoice: bool = false;

  tick(): void {
    const r = J.jbTake();
    this.ticks++;
    const kind = J.takenKind(r);
    if (kind == J.TAKE_LOST && this.previousVoice) this.lostAfterVoice++;
    this.previousVoice = kind == J.TAKE_FRAME && !J.takenSilent(r);
    if (kind == J.TAKE_FRAME) {
      this.frames++;
      if (J.takenSilent(r)) this.silentPlayed++;
    } else if (kind == J.TAKE_LOST) this.lost++;
    else this.waits++;
  }
}

/**
 * Sends `count` frames one every `periodUs` (every `silentEvery`-th one
 * marked silent, 0 for none) while ticking every 20 ms, with depth `ms`;
 * then ticks until every frame buffered has played.
 */
function drift(ms: i32, periodUs: i64, count: i32, silentEvery: i32 = 0): Run {
  J.jbStart(ms);
  const run = new Run();
  let sent = 0;
  let playing = false;
  while (sent < count) {
    const sendAt = 7000 + <i64>sent * periodUs;
    const tickAt = <i64>(run.ticks + 1) * TICK_US;
    if (sendAt <= tickAt) {
      const silent = silentEvery > 0 && sent % silentEvery == 0;
      if (silent) run.silentSent++;
      put(sent & 0xffff, <u32>(sendAt / 1000), silent);
      sent++;
      continue;
    }
    const depth = J.jbDepth();
    if (playing) {
      run.minDepth = min(run.minDepth, depth);
      run.maxDepth = max(run.maxDepth, depth);
    }
    run.tick();
    if (run.frames > 0) playing = true;
  }
  while (J.jbStored() > 0) run.tick();
  return run;
}

/** Once playing, the depth stayed within target ±2; every tick and every packet is accounted for. */
function expectBounded(run: Run): void {
  const t = J.jbTarget();
  expect(run.minDepth).toBeGreaterThanOrEqual(t - 2);
  expect(run.maxDepth).toBeLessThanOrEqual(t + 2);
  expect(run.frames + run.lost + run.waits).toBe(run.ticks);
  expect(<i32>J.jbPlayed()).toBe(run.frames);
  expect(<i32>J.jbConcealed()).toBe(run.lost);
  expect(accounted()).toBe(true);
}

describe("underruns", () => {
  it("an empty buffer reports the tick lost and counts an underrun, holding its position: the late frame then plays", () => {
    J.jbStart(40);
    put(0); put(1);
    take(); take();
    expect(take()).toBe(-1);
    expect(J.jbUnderruns()).toBe(1);
    put(2);
    expect(take()).toBe(2);
    expect(J.jbLate()).toBe(0);
  });

  it("after five underruns in a row, playout waits for the full depth again", () => {
    J.jbStart(40);
    put(0); put(1);
    take(); take();
    for (let i = 0; i < J.JB_REBUFFER_TICKS; i++) expect(take()).toBe(-1);
    expect(take()).toBe(-2);
    put(2);
    expect(take()).toBe(-2);
    put(3);
    expect(take()).toBe(2);
  });
});

describe("clock drift over 10 minutes (30,000 frames)", () => {
  it("a sender 0.5% slow (20.1 ms): the depth stays within target ±2 and every tick is played or concealed", () => {
    const run = drift(60, 20100, 30000);
    expectBounded(run);
    expect(run.frames).toBe(30000);
    expect(J.jbLate()).toBe(0);
  });

  it("a sender 0.5% slow: the missing 150 frames are inserted as concealed ticks, not lost packets", () => {
    const run = drift(60, 20100, 30000);
    // 30,000 frames take 30,150 ticks: about 150 more ticks than frames.
    expect(<i32>J.jbInserted() + <i32>J.jbUnderruns()).toBe(run.lost);
    expect(run.lost).toBeGreaterThanOrEqual(145);
    expect(run.lost).toBeLessThanOrEqual(155);
  });

  it("a sender 0.5% fast (19.9 ms): the depth stays within target ±2, the surplus dropped, no underrun", () => {
    const run = drift(60, 19900, 30000);
    expectBounded(run);
    expect(J.jbUnderruns()).toBe(0);
    // 30,000 frames in 29,850 ticks: about 150 dropped.
    expect(J.jbDroppedDrift()).toBeGreaterThanOrEqual(145);
    expect(J.jbDroppedDrift()).toBeLessThanOrEqual(155);
  });

  it("a fast sender that marks silence loses only silent frames", () => {
    const run = drift(60, 19900, 30000, 10);
    expect(J.jbDroppedDrift()).toBeGreaterThanOrEqual(145);
    expect(run.silentSent - run.silentPlayed).toBe(<i32>J.jbDroppedDrift());
    expect(30000 - run.silentSent).toBe(run.frames - run.silentPlayed);
  });

  it("a slow sender that marks silence gets its inserted ticks after silent frames only", () => {
    const run = drift(60, 20100, 30000, 10);
    expect(J.jbInserted()).toBeGreaterThanOrEqual(145);
    expect(run.lostAfterVoice).toBe(0);
  });


  it("at the 40 ms depth a slow sender's missing frames show as underruns, and the depth stays within bounds", () => {
    const run = drift(40, 20100, 30000);
    expect(run.minDepth).toBeGreaterThanOrEqual(0);
    expect(run.maxDepth).toBeLessThanOrEqual(J.jbTarget() + 2);
    expect(<i32>J.jbUnderruns()).toBeGreaterThan(0);
    expect(accounted()).toBe(true);
  });
});
