// Time in the SIP engine: milliseconds as u32 that wrap (every 49.7 days),
// the way a microcontroller's tick counter does. The host passes `now` into
// every call; nothing here reads a clock. Deadlines compare by the signed
// difference, so the wrap is harmless for spans under 24 days.

// @ts-ignore: decorator
@inline export function reached(deadline: u32, now: u32): bool {
  return <i32>(now - deadline) >= 0;
}

/** Milliseconds from now until `deadline` (0 when reached). */
// @ts-ignore: decorator
@inline export function until(deadline: u32, now: u32): u32 {
  const d = <i32>(deadline - now);
  return d > 0 ? <u32>d : 0;
}

// RFC 3261 §17.1.1.1 and Table 4: the timer base values, configurable.
/** T1: RTT estimate (default 500 ms). */
export let T1: u32 = 500;
/** T2: maximum retransmit interval for non-INVITE requests and INVITE responses (default 4 s). */
export let T2: u32 = 4000;
/** T4: maximum duration a message remains in the network (default 5 s). */
export let T4: u32 = 5000;

export function setTimerBase(t1: u32, t2: u32, t4: u32): void {
  T1 = t1 > 0 ? t1 : 500;
  T2 = t2 >= T1 ? t2 : T1;
  T4 = t4 > 0 ? t4 : 5000;
}
