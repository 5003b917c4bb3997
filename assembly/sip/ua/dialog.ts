// Dialog state taken from the message in RX (RFC 3261 §12.1): the remote
// target from Contact, the route set from Record-Route (in order for the UAS,
// reversed for the UAC), the remote URI and tag.

import { RX } from "../msg/buffers";
import * as sipMessage from "../msg/message";
import { H_RECORD_ROUTE, H_FROM, H_TO } from "../msg/header-names";
import { at, equalsIgnoreCase } from "../msg/scan";
import { setText, appendText, appendLiteral, clearText } from "./text";
import { hasTagParam } from "../txn/ack";
import * as uaCalls from "./calls";

/** §12.1.1/§12.1.2: the remote target is the URI of the Contact (kept when the message has none). */
export function takeRemoteTarget(c: i32): void {
  if (sipMessage.hasField(sipMessage.F_CONTACT_URI)) setText(uaCalls.remoteTarget(c), uaCalls.CAP_URI, sipMessage.fieldPtr(sipMessage.F_CONTACT_URI), sipMessage.fieldLength(sipMessage.F_CONTACT_URI));
}

export function takeRemoteTag(c: i32, id: i32): void {
  if (sipMessage.hasField(id)) setText(uaCalls.remoteTag(c), uaCalls.CAP_TAG, sipMessage.fieldPtr(id), sipMessage.fieldLength(id));
}

/** One entry of the Record-Route values, as offsets into RX, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged class RouteEntry {
  start: u32;
  end: u32;
}
const MAX_ROUTES = 8;
const ROUTES: usize = memory.data(MAX_ROUTES * <i32>offsetof<RouteEntry>());
// @ts-ignore: decorator
@inline function route(j: i32): RouteEntry { return changetype<RouteEntry>(ROUTES + <usize>j * offsetof<RouteEntry>()); }

function collectRoutes(): i32 {
  let n = 0;
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != H_RECORD_ROUTE) continue;
    let p = RX + <usize>sipMessage.headerValueStart(i);
    const end = p + <usize>sipMessage.headerValueLength(i);
    let start = p;
    let inQuote = false;
    let inAngle = false;
    for (; p <= end; p++) {
      const c = p < end ? at(p) : 0x2c;
      if (c == 0x22) inQuote = !inQuote;
      else if (!inQuote && c == 0x3c) inAngle = true;
      else if (!inQuote && c == 0x3e) inAngle = false;
      else if (!inQuote && !inAngle && c == 0x2c) {
        let s = start;
        let e = p;
        while (s < e && (at(s) == 0x20 || at(s) == 0x09 || at(s) == 0x0d || at(s) == 0x0a)) s++;
        while (e > s && (at(e - 1) == 0x20 || at(e - 1) == 0x09 || at(e - 1) == 0x0d || at(e - 1) == 0x0a)) e--;
        if (e > s && n < MAX_ROUTES) {
          const r = route(n);
          r.start = <u32>(s - RX);
          r.end = <u32>(e - RX);
          n++;
        }
        start = p + 1;
      }
    }
  }
  return n;
}

/** The route set: Record-Route entries in order (UAS, §12.1.1) or reversed (UAC, §12.1.2). */
export function takeRouteSet(c: i32, reverse: bool): void {
  takeRoutes(uaCalls.routeSet(c), uaCalls.CAP_ROUTE, reverse);
}

/** The Record-Route entries of RX into the text `str` (capacity `cap`), ", " joined; empty when they do not fit. */
export function takeRoutes(str: usize, cap: i32, reverse: bool): void {
  clearText(str);
  const n = collectRoutes();
  for (let k = 0; k < n; k++) {
    const j = reverse ? n - 1 - k : k;
    const s = RX + <usize>route(j).start;
    const e = RX + <usize>route(j).end;
    if (k > 0) appendLiteral(str, cap, changetype<usize>(", "));
    if (!appendText(str, cap, s, <i32>(e - s))) {
      clearText(str); // a route set that does not fit is not half-kept
      return;
    }
  }
}

/** Whether a header line `id` of the message in RX names the option tag 100rel (RFC 3262). */
export function names100rel(id: i32): bool {
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != id) continue;
    const p = RX + <usize>sipMessage.headerValueStart(i);
    const n = sipMessage.headerValueLength(i);
    for (let k = 0; k + 6 <= n; k++) if (equalsIgnoreCase(p + <usize>k, 6, changetype<usize>("100rel"))) return true;
  }
  return false;
}

/** Copies the From or To value of RX into `dst` without its tag parameter (the dialog adds tags itself). */
export function takeAddressWithoutTag(dst: usize, cap: i32, id: i32): void {
  clearText(dst);
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != id) continue;
    const v = RX + <usize>sipMessage.headerValueStart(i);
    const len = sipMessage.headerValueLength(i);
    const tagField = id == H_FROM ? sipMessage.F_FROM_TAG : id == H_TO ? sipMessage.F_TO_TAG : -1;
    if (tagField < 0 || !sipMessage.hasField(tagField) || !hasTagParam(v, len)) {
      setText(dst, cap, v, len);
      return;
    }
    // The parameter runs from the ";" before "tag" to the end of the tag's value.
    const tagValue = sipMessage.fieldPtr(tagField);
    const tagEnd = tagValue + <usize>sipMessage.fieldLength(tagField);
    let semi = tagValue;
    while (semi > v && at(semi) != 0x3b) semi--;
    let before = semi;
    while (before > v && (at(before - 1) == 0x20 || at(before - 1) == 0x09)) before--;
    setText(dst, cap, v, <i32>(before - v));
    appendText(dst, cap, tagEnd, <i32>(v + <usize>len - tagEnd));
    return;
  }
}
