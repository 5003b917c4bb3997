// What the transaction layer tells its user (the TU, RFC 3261 §17) outside a
// receive call: a timeout, a lost ACK. Queued during tick(), read by the TU
// right after. Each event carries what handles its transaction's outcome.

import { handler, arg, method } from "./table";
import { zeroRecord } from "./record";

export const EV_TIMEOUT = 1; // Timer B or F: no final response (the TU acts as on 408, §8.1.3.1)
export const EV_NO_ACK = 2; // Timer H: the ACK for a non-2xx final never came (§17.2.1)
export const EV_UNANSWERED = 3; // an INVITE the TU did not answer within INVITE_TU_LIMIT_MS (server.ts)

/** One queued event, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged class TxnEvent {
  /** EV_*. */
  kind: u16;
  /** What handles the outcome of its transaction (ua/handler.ts). */
  handler: u16;
  /** The transaction's slot in table.ts (it may already be reused). */
  slot: i32;
  /** The handler's argument. */
  arg: i32;
  /** The transaction's method. */
  method: i32;
}

export const EVENT_CAPACITY = 32;
const EVENTS: usize = memory.data(EVENT_CAPACITY * <i32>offsetof<TxnEvent>());

/** How many events are queued in this engine call, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class TxnEventQueue {
  count: u8;
}

export const TXN_EVENT_QUEUE: usize = memory.data(<i32>offsetof<TxnEventQueue>(), 4);

// @ts-ignore: decorator
@inline function q(): TxnEventQueue { return changetype<TxnEventQueue>(TXN_EVENT_QUEUE); }

// @ts-ignore: decorator
@inline function event(i: i32): TxnEvent { return changetype<TxnEvent>(EVENTS + <usize>i * offsetof<TxnEvent>()); }

/** Empty: the start of every engine call (and the state at start-up). */
export function eventsReset(): void { zeroRecord(TXN_EVENT_QUEUE, offsetof<TxnEventQueue>()); }
export function eventCount(): i32 { return <i32>q().count; }
export function eventKind(i: i32): i32 { return <u32>i < <u32>q().count ? <i32>event(i).kind : 0; }
export function eventSlot(i: i32): i32 { return <u32>i < <u32>q().count ? event(i).slot : -1; }
/** The handler and argument of the transaction the event is about, and its method (its slot may already be reused). */
export function eventHandler(i: i32): i32 { return <u32>i < <u32>q().count ? <i32>event(i).handler : 0; }
export function eventArg(i: i32): i32 { return <u32>i < <u32>q().count ? event(i).arg : -1; }
export function eventMethod(i: i32): i32 { return <u32>i < <u32>q().count ? event(i).method : 0; }

/** Queues event `kind` about transaction `slot`, with what handles it (table.ts) and its method. */
export function pushEvent(kind: i32, slot: i32): void {
  const n = <i32>q().count;
  if (n >= EVENT_CAPACITY) return;
  const e = event(n);
  e.kind = <u16>kind;
  e.handler = <u16>handler(slot);
  e.slot = slot;
  e.arg = arg(slot);
  e.method = method(slot);
  q().count = <u8>(n + 1);
}
