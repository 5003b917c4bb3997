// A virtual clock for tests: time moves only when the test says, and the
// periodic timers of Clock.every (the audio clock) run at their exact
// virtual instants, so a test of 20 ms ticks needs no sleeps.
import { Clock } from "./udp.js";

interface Periodic {
  at: number;
  period: number;
  fn: (now: number) => void;
  live: boolean;
}

export class VirtualClock extends Clock {
  private t = 0;
  private timers: Periodic[] = [];

  override now(): number {
    return this.t;
  }

  override every(period: number, fn: (now: number) => void): () => void {
    const timer: Periodic = { at: this.t + period, period, fn, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }

  /** How many periodic timers are running. */
  get running(): number {
    this.timers = this.timers.filter((p) => p.live);
    return this.timers.length;
  }

  /** Moves time forward by `ms`, running every tick due on the way, in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((p) => p.live && p.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = due.at;
      due.at += due.period;
      due.fn(this.t);
    }
    this.t = end;
  }
}
