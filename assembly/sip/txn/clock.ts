// The SIP timers' base (RFC 3261 §17.1.1.1, Table 4). The wrap-around time
// helpers live in runtime/time.ts, for the stack and the intercom alike.

// RFC 3261 §17.1.1.1 and Table 4: the timer base values, configurable. Settings, not state (issue 15):
// set once before the engine runs (setTimerBase) and read by every timer, so they stay wasm globals.
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
