// What the UA core tells the application: call states, DTMF and messages,
// the end of its own requests. Queued during one engine call and read right
// after it; bodies are copied so they outlive the receive buffer until then.

import { zeroRecord } from "../txn/record";

export const UA_INCOMING = 1; // a new call rings here (code: 0; extra: the allowed caller's trust entry, -1 none)
export const UA_PROGRESS = 2; // our call got a provisional response (code: 180, 183...)
export const UA_ANSWERED = 3; // the call is established (2xx sent or received)
export const UA_ENDED = 4; // an established or ringing call ended (code: why; 0 for a BYE)
export const UA_FAILED = 5; // our call never got established (code: the final response, 408 on timeout)
export const UA_INFO = 6; // an INFO in the dialog (data: its body; code: 1 dtmf-relay, 2 dtmf, 0 other)
export const UA_REQUEST_DONE = 7; // our request in a dialog got its final response (code; method in `extra`)
export const UA_MESSAGE = 8; // a MESSAGE (data: body)
export const UA_REINVITED = 9; // the peer refreshed the session (re-INVITE or UPDATE answered)
export const UA_REFER = 10; // a REFER in call c was accepted (202): call its target (data: the trusted URI; extra: its trust entry)
export const UA_SUBSCRIPTIONS = 11; // the dialog-state subscriptions changed (code: how many are active now)

/** One queued UA event, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged class UaEventRecord {
  /** UA_*. */
  kind: i32;
  /** The call (calls.ts) or the request (handler.ts REQUEST_*) it is about. */
  call: i32;
  code: i32;
  extra: i32;
  /** Its copied data in DATA (0: none), and the length. */
  data: u32;
  dataLength: i32;
}

const CAPACITY = 32;
const ENTRY: usize = offsetof<UaEventRecord>();
const QUEUE: usize = memory.data(CAPACITY * <i32>ENTRY);
const DATA_CAPACITY = 2048;
const DATA: usize = memory.data(DATA_CAPACITY);

/** How much of the queue and of DATA one engine call used, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class UaEventQueue {
  dataUsed: u16;
  count: u8;
}

export const UA_EVENT_QUEUE: usize = memory.data(<i32>offsetof<UaEventQueue>(), 2);

// @ts-ignore: decorator
@inline function q(): UaEventQueue { return changetype<UaEventQueue>(UA_EVENT_QUEUE); }

/** Empty: the start of every engine call (and the state at start-up). */
export function uaEventsReset(): void { zeroRecord(UA_EVENT_QUEUE, offsetof<UaEventQueue>()); }
export function uaEventCount(): i32 { return <i32>q().count; }
// @ts-ignore: decorator
@inline function e(i: i32): UaEventRecord { return changetype<UaEventRecord>(QUEUE + <usize>i * ENTRY); }
export function uaEventKind(i: i32): i32 { return <u32>i < <u32>q().count ? e(i).kind : 0; }
export function uaEventCall(i: i32): i32 { return <u32>i < <u32>q().count ? e(i).call : -1; }
export function uaEventCode(i: i32): i32 { return <u32>i < <u32>q().count ? e(i).code : 0; }
export function uaEventExtra(i: i32): i32 { return <u32>i < <u32>q().count ? e(i).extra : 0; }
export function uaEventData(i: i32): usize { return <u32>i < <u32>q().count ? <usize>e(i).data : 0; }
export function uaEventDataLength(i: i32): i32 { return <u32>i < <u32>q().count ? e(i).dataLength : 0; }

function copyData(src: usize, len: i32): usize {
  const used = <i32>q().dataUsed;
  if (len <= 0 || used + len > DATA_CAPACITY) return 0;
  const dst = DATA + <usize>used;
  for (let k: usize = 0; k < <usize>len; k++) store<u8>(dst + k, load<u8>(src + k));
  q().dataUsed = <u16>(used + len);
  return dst;
}

/** Queues an event; `data` [src, src+len) is copied (dropped when it does not fit). */
export function uaEvent(kind: i32, call: i32, code: i32, extra: i32, src: usize, len: i32): void {
  const n = <i32>q().count;
  if (n >= CAPACITY) return;
  const p = e(n);
  p.kind = kind;
  p.call = call;
  p.code = code;
  p.extra = extra;
  const d = copyData(src, len);
  p.data = <u32>d;
  p.dataLength = d != 0 ? len : 0;
  q().count = <u8>(n + 1);
}
