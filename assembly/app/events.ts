// What the intercom reports: every state change (registration, calls,
// relays, the door, the lockout, configuration), one queue the host reads
// after each call into the firmware. The simulator, the serial monitor and
// the event methods report the same thing. No event ever carries a digit,
// a code or a password.

// The event kinds and the values of their a (EV_*, CALL_*, INCOMING_*, ...) are declared once, in
// assembly/board/vocabulary.json (docs/board-abi.md has the table).
export * from "../board/vocabulary";
import { app } from "./state";

/** One queued event, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged class EventRecord {
  kind: i32;
  a: i32;
  b: i32;
}

const CAPACITY = 64;
const QUEUE: usize = memory.data(CAPACITY * <i32>offsetof<EventRecord>());

// @ts-ignore: decorator
@inline function at(i: i32): EventRecord { return changetype<EventRecord>(QUEUE + <usize>i * offsetof<EventRecord>()); }

export function appEventsReset(): void { app().eventCount = 0; }
export function appEventCount(): i32 { return app().eventCount; }
/** Events that did not fit since start-up. */
export function appEventsLost(): i32 { return app().eventsLost; }
export function appEventKind(i: i32): i32 { return <u32>i < <u32>app().eventCount ? at(i).kind : 0; }
export function appEventA(i: i32): i32 { return <u32>i < <u32>app().eventCount ? at(i).a : 0; }
export function appEventB(i: i32): i32 { return <u32>i < <u32>app().eventCount ? at(i).b : 0; }

/**
 * Queues an event. Kind 0 is what the readers answer for no event, so no
 * event may have it (a fault). The check also keeps this one function: with
 * a call in it binaryen no longer copies it into each of its ~50 callers
 * (2,039 octets of module measured).
 */
export function appEvent(kind: i32, a: i32, b: i32): void {
  if (kind == 0) abort("appEvent kind 0", null, 0, 0);
  if (<i32>app().eventCount >= CAPACITY) {
    app().eventsLost++;
    return;
  }
  const e = at(app().eventCount);
  e.kind = kind;
  e.a = a;
  e.b = b;
  app().eventCount++;
}
