// What the UA core tells the application: call states, DTMF and messages,
// the end of its own requests. Queued during one engine call and read right
// after it; bodies are copied so they outlive the receive buffer until then.

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

const CAPACITY = 32;
const ENTRY: usize = 24;
const QUEUE: usize = memory.data(CAPACITY * <i32>ENTRY);
const DATA_CAPACITY = 2048;
const DATA: usize = memory.data(DATA_CAPACITY);
let dataUsed: i32 = 0;
let count: i32 = 0;

export function uaEventsReset(): void {
  count = 0;
  dataUsed = 0;
}
export function uaEventCount(): i32 { return count; }
function e(i: i32): usize { return QUEUE + <usize>i * ENTRY; }
export function uaEventKind(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(e(i)) : 0; }
export function uaEventCall(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(e(i) + 4) : -1; }
export function uaEventCode(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(e(i) + 8) : 0; }
export function uaEventExtra(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(e(i) + 12) : 0; }
export function uaEventData(i: i32): usize { return <u32>i < <u32>count ? <usize>load<u32>(e(i) + 16) : 0; }
export function uaEventDataLength(i: i32): i32 { return <u32>i < <u32>count ? load<i32>(e(i) + 20) : 0; }

function copyData(src: usize, len: i32): usize {
  if (len <= 0 || dataUsed + len > DATA_CAPACITY) return 0;
  const dst = DATA + <usize>dataUsed;
  for (let k: usize = 0; k < <usize>len; k++) store<u8>(dst + k, load<u8>(src + k));
  dataUsed += len;
  return dst;
}

/** Queues an event; `data` [src, src+len) is copied (dropped when it does not fit). */
export function uaEvent(kind: i32, call: i32, code: i32, extra: i32, src: usize, len: i32): void {
  if (count >= CAPACITY) return;
  const p = e(count);
  store<i32>(p, kind);
  store<i32>(p + 4, call);
  store<i32>(p + 8, code);
  store<i32>(p + 12, extra);
  const d = copyData(src, len);
  store<u32>(p + 16, <u32>d);
  store<i32>(p + 20, d != 0 ? len : 0);
  count++;
}
