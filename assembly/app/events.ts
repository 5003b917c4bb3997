// What the intercom reports: every state change (registration, calls,
// relays, the door, the lockout, configuration), one queue the host reads
// after each call into the firmware. The simulator, the serial monitor and
// the event methods report the same thing. No event ever carries a digit,
// a code or a password.

export const EV_REGISTERED = 1; // a: registrar (0 primary, 1 backup), b: seconds granted
export const EV_UNREGISTERED = 2; // a: the final status code (408: no answer), b: retry in seconds
export const EV_FAILOVER = 3; // a: the registrar now in use (0 primary, 1 backup)
export const EV_CALL = 4; // a: call state (CALL_*), b: status code
export const EV_RELAY = 5; // a: relay, b: 1 on, 0 off
export const EV_DOOR = 6; // a: 1 open, 0 closed
export const EV_DOOR_HELD_OPEN = 7; // the door stayed open past its limit
export const EV_LOCKOUT = 8; // a: 1 locked, 0 unlocked; b: seconds
export const EV_DTMF_SENT = 9; // a keypad digit went out as INFO (the digit is not reported)
export const EV_DTMF_RECEIVED = 10; // a: digits received in the call (their values are not reported)
export const EV_CODE_WRONG = 11; // a: 0 in a call, 1 at the keypad
export const EV_CONFIG = 12; // a: 0 loaded, 1 defaults (no block), 2 refused (b: the field's tag)
export const EV_INCOMING = 13; // a: INCOMING_*
export const EV_KEEPALIVE_LOST = 14; // a: consecutive unanswered keepalives
export const EV_TRANSFER = 15; // a: TRANSFER_*, b: status code (the refusal, the failure, or how it ended)
export const EV_SUBSCRIBERS = 16; // a: subscriptions to the dialog state now active
export const EV_ALARM = 17; // a: ALARM_*, b: 200 delivered, the failure's status code, 408 no answer, 503 not sent
export const EV_PRESENCE = 18; // a: PRESENCE_*, b: the status code of the PUBLISH (200, or the failure)

export const CALL_DIALING = 1;
export const CALL_RINGING = 2;
export const CALL_CONNECTED = 3;
export const CALL_ENDED = 4;
export const CALL_FAILED = 5;

export const INCOMING_REFUSED = 0;
export const INCOMING_ANSWERED = 1;
export const INCOMING_RINGING = 2;
export const INCOMING_UNANSWERED = 3; // rang for incoming.ringSeconds: given up with 480

export const TRANSFER_REFUSED = 0;
export const TRANSFER_CALLING = 1;
export const TRANSFER_CONNECTED = 2;
export const TRANSFER_FAILED = 3;
export const TRANSFER_ENDED = 4;

export const ALARM_DOOR_HELD_OPEN = 1;
export const ALARM_KEYPAD_LOCKED = 2;
export const ALARM_CALL_UNANSWERED = 3;

export const PRESENCE_FAILED = 0; // a PUBLISH failed (b: its code; 408 no answer, 503 not sent)
export const PRESENCE_IDLE = 1; // published: idle
export const PRESENCE_BUSY = 2; // published: in a call
export const PRESENCE_REMOVED = 3; // the publication was removed (Expires: 0)

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
