// The header fields every NOTIFY of this notifier carries (RFC 6665 §8.2.1,
// §8.2.3, §4.2.2): Event with the package (and the id the subscription was
// made with), Subscription-State active with the seconds left or terminated
// with a reason, and the body's Content-Type. Shared by the refer
// subscription (refer.ts) and the dialog-state subscriptions (subscription.ts).

import * as msgWriter from "../msg/writer";
import { H_EVENT, H_SUBSCRIPTION_STATE, H_CONTENT_TYPE } from "../msg/header-names";

/** Event: <value> ([p, p+len): the package and its parameters, as the subscription was made). */
export function putEvent(p: usize, len: i32): void {
  msgWriter.putHeader(H_EVENT, p, len);
}

/** Subscription-State: active;expires=N (RFC 6665 §4.2.2: the seconds left). */
export function putActive(seconds: u32): void {
  msgWriter.putHeaderName(H_SUBSCRIPTION_STATE);
  msgWriter.putString("active;expires=");
  msgWriter.putNumber(seconds);
  msgWriter.putCRLF();
}

/** Subscription-State: terminated;reason=<reason> (RFC 6665 §4.1.3 reasons: timeout, noresource, deactivated ...). */
export function putTerminated(reason: string): void {
  msgWriter.putHeaderName(H_SUBSCRIPTION_STATE);
  msgWriter.putString("terminated;reason=");
  msgWriter.putString(reason);
  msgWriter.putCRLF();
}

export function putContentType(type: string): void {
  msgWriter.putHeaderName(H_CONTENT_TYPE);
  msgWriter.putString(type);
  msgWriter.putCRLF();
}

/** Seconds from `now` until `until` (ms, wrapping clock), rounded up; 0 once reached. */
export function secondsLeft(until: u32, now: u32): u32 {
  const d = <i32>(until - now);
  return d <= 0 ? 0 : (<u32>d + 999) / 1000;
}
