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
let dataUsed: i32 = 0;
let count: i32 = 0;

export function uaEventsReset(): void {
  count = 0;
  dataUsed = 0;
}
export function uaEventCount(): i32 { return count; }
// @ts-ignore: decorator
@inline function e(i: i32): UaEventRecord { return changetype<UaEventRecord>(QUEUE + <usize>i * ENTRY); }
export function uaEventKind(i: i32): i32 { return <u32>i < <u32>count ? e(i).kind : 0; }
export function uaEventCall(i: i32): i32 { return <u32>i < <u32>count ? e(i).call : -1; }
export function uaEventCode(i: i32): i32 { return <u32>i < <u32>count ? e(i).code : 0; }
export function uaEventExtra(i: i32): i32 { return <u32>i < <u32>count ? e(i).extra : 0; }
export function uaEventData(i: i32): usize { return <u32>i < <u32>count ? <usize>e(i).data : 0; }
export function uaEventDataLength(i: i32): i32 { return <u32>i < <u32>count ? e(i).dataLength : 0; }

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
  p.kind = kind;
  p.call = call;
  p.code = code;
  p.extra = extra;
  const d = copyData(src, len);
  p.data = <u32>d;
  p.dataLength = d != 0 ? len : 0;
  count++;
}
