// What the transaction layer tells its user (the TU, RFC 3261 §17) outside a
// receive call: a timeout, a lost ACK. Queued during tick(), read by the TU
// right after. Each event carries what handles its transaction's outcome.

import { handler, arg, method } from "./table";

export const EV_TIMEOUT = 1; // Timer B or F: no final response (the TU acts as on 408, §8.1.3.1)
export const EV_NO_ACK = 2; // Timer H: the ACK for a non-2xx final never came (§17.2.1)
export const EV_UNANSWERED = 3; // an INVITE the TU did not answer within INVITE_TU_LIMIT_MS (server.ts)

export const EVENT_CAPACITY = 32;
const EVENTS: usize = memory.data(EVENT_CAPACITY * 16);
let count: i32 = 0;

export function eventsReset(): void { count = 0; }
export function eventCount(): i32 { return count; }
export function eventKind(i: i32): i32 { return <u32>i < <u32>count ? <i32>load<u16>(EVENTS + <usize>i * 16) : 0; }
export function eventSlot(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(EVENTS + <usize>i * 16 + 4) : -1; }
/** The handler and argument of the transaction the event is about, and its method (its slot may already be reused). */
export function eventHandler(i: i32): i32 { return <u32>i < <u32>count ? <i32>load<u16>(EVENTS + <usize>i * 16 + 2) : 0; }
export function eventArg(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(EVENTS + <usize>i * 16 + 8) : -1; }
export function eventMethod(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(EVENTS + <usize>i * 16 + 12) : 0; }

/** Queues event `kind` about transaction `slot`, with what handles it (table.ts) and its method. */
export function pushEvent(kind: i32, slot: i32): void {
  if (count >= EVENT_CAPACITY) return;
  const e = EVENTS + <usize>count * 16;
  store<u16>(e, <u16>kind);
  store<u16>(e + 2, <u16>handler(slot));
  store<i32>(e + 4, slot);
  store<i32>(e + 8, arg(slot));
  store<i32>(e + 12, method(slot));
  count++;
}
