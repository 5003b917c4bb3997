// Calls to the door station: answered (at once, or on the call key after
// ringing) only when the caller is on the allowed list; refused with the
// configured code (486 or 603) otherwise, or when incoming calls are off.

import { answerIncoming, ringIncoming, rejectIncoming } from "../sip/ua/uas";
import { remoteUri } from "../sip/ua/calls";
import { textData, textLength } from "../sip/ua/text";
import * as S from "./settings";
import { appEvent, EV_INCOMING, EV_CALL, INCOMING_REFUSED, INCOMING_ANSWERED, INCOMING_RINGING, CALL_CONNECTED } from "./events";

export const INCOMING_MODE_REJECT = 0;
export const INCOMING_MODE_AUTO = 1;
export const INCOMING_MODE_RING = 2;

let ringing: i32 = -1;
let answered: i32 = -1;

/** The incoming call now connected, or -1. */
export function answeredIncoming(): i32 { return answered; }
export function ringingIncoming(): i32 { return ringing; }

function lower(c: u32): u32 { return c - 0x41 < 26 ? c | 0x20 : c; }

/** The URI inside <...> of a From value, or the value itself. */
let uriLen: i32 = 0;
function uriOf(v: usize, n: i32): usize {
  for (let i = 0; i < n; i++) {
    if (load<u8>(v + <usize>i) != 0x3c) continue;
    for (let j = i + 1; j < n; j++) {
      if (load<u8>(v + <usize>j) == 0x3e) {
        uriLen = j - i - 1;
        return v + <usize>i + 1;
      }
    }
  }
  uriLen = n;
  return v;
}

/**
 * Equal octets; letters compared exactly inside [exactFrom, exactTo) and
 * without case elsewhere (RFC 3261 §19.1.4: the user part is case-sensitive,
 * the scheme and host are not).
 */
function same(a: usize, an: i32, b: usize, bn: i32, exactFrom: i32, exactTo: i32): bool {
  if (an != bn) return false;
  for (let i = 0; i < an; i++) {
    const x = <u32>load<u8>(a + <usize>i);
    const y = <u32>load<u8>(b + <usize>i);
    if (i >= exactFrom && i < exactTo ? x != y : lower(x) != lower(y)) return false;
  }
  return true;
}

/** Whether the caller of call c is allowed: its URI equals an entry, or its user part equals a bare entry. */
export function callerAllowed(c: i32): bool {
  const v = remoteUri(c);
  const uri = uriOf(textData(v), textLength(v));
  const n = uriLen;
  // The user part: after "sip:"/"sips:" up to "@".
  let u = 0;
  while (u < n && load<u8>(uri + <usize>u) != 0x3a) u++;
  u++;
  let at = u;
  while (at < n && load<u8>(uri + <usize>at) != 0x40) at++;
  for (let i = 0; i < S.allowedCount(); i++) {
    const e = S.allowed(i);
    const en = S.allowedLength(i);
    if (S.allowedIsUser(i)) {
      if (at < n && same(uri + <usize>u, at - u, e, en, 0, en)) return true;
    } else if (same(uri, n, e, en, u, at)) {
      return true;
    }
  }
  return false;
}

/** A new incoming call c. */
export function onIncoming(c: i32, now: u32): void {
  const mode = S.incomingMode();
  if (mode == INCOMING_MODE_REJECT || !callerAllowed(c) || answered >= 0 || ringing >= 0) {
    const code = S.refuseCode();
    rejectIncoming(c, code, now);
    appEvent(EV_INCOMING, INCOMING_REFUSED, code);
    return;
  }
  if (mode == INCOMING_MODE_AUTO) {
    if (answerIncoming(c, now)) {
      answered = c;
      appEvent(EV_INCOMING, INCOMING_ANSWERED, 200);
      appEvent(EV_CALL, CALL_CONNECTED, 200);
    }
    return;
  }
  if (ringIncoming(c, now, false)) {
    ringing = c;
    appEvent(EV_INCOMING, INCOMING_RINGING, 180);
  }
}

/** The call key while an allowed caller rings: answer. */
export function answerRinging(now: u32): bool {
  if (ringing < 0) return false;
  const c = ringing;
  ringing = -1;
  if (!answerIncoming(c, now)) return false;
  answered = c;
  appEvent(EV_INCOMING, INCOMING_ANSWERED, 200);
  appEvent(EV_CALL, CALL_CONNECTED, 200);
  return true;
}

/** Call c is gone (ended, cancelled): forget it. Returns whether it was ours. */
export function incomingGone(c: i32): bool {
  if (c == ringing) {
    ringing = -1;
    return true;
  }
  if (c == answered) {
    answered = -1;
    return true;
  }
  return false;
}
