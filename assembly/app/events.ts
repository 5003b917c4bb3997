// What the intercom reports: every state change (registration, calls,
// relays, the door, the lockout, configuration), one queue the host reads
// after each call into the firmware. The simulator, the serial monitor and
// the event methods report the same thing. No event ever carries a digit,
// a code or a password.

// The event kinds and the values of their a (EV_*, CALL_*, INCOMING_*, ...) are declared once, in
// assembly/board/vocabulary.json (docs/board-abi.md has the table).
export * from "../board/vocabulary";

const CAPACITY = 64;
const QUEUE: usize = memory.data(CAPACITY * 12);
let count: i32 = 0;
let lost: i32 = 0;

export function appEventsReset(): void { count = 0; }
export function appEventCount(): i32 { return count; }
/** Events that did not fit since start-up. */
export function appEventsLost(): i32 { return lost; }
export function appEventKind(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(QUEUE + <usize>i * 12) : 0; }
export function appEventA(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(QUEUE + <usize>i * 12 + 4) : 0; }
export function appEventB(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(QUEUE + <usize>i * 12 + 8) : 0; }

export function appEvent(kind: i32, a: i32, b: i32): void {
  if (count >= CAPACITY) {
    lost++;
    return;
  }
  const e = QUEUE + <usize>count * 12;
  store<i32>(e, kind);
  store<i32>(e + 4, a);
  store<i32>(e + 8, b);
  count++;
}
