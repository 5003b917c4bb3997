// Time in the firmware: milliseconds as u32 that wrap (every 49.7 days), the
// way a microcontroller's tick counter does. The host passes `now` into every
// entry point; nothing reads a clock. Deadlines compare by the signed
// difference, so the wrap is harmless for spans under 24 days. Both the SIP
// stack and the intercom use these.

/** Whether `deadline` has come at `now`. */
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
