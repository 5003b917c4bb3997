// The station's presence (presence.publish; RFC 3903 PUBLISH, the UA's
// publish.ts): published once it is registered, open and idle or open and in
// a call (pidf.ts says why); modified on each change of that state (§4.4),
// refreshed before it expires (§4.3, at 85% of the time granted), removed
// with Expires: 0 when the station shuts down (§4.5). A failure is reported
// (EV_PRESENCE, PRESENCE_FAILED) and tried again later, 30 s doubling up to
// 15 minutes; a server that refuses the package or the resource for good
// (489 Bad Event, 403, 404, 405, 501) is not asked again until restart.

import { reached, until } from "../runtime/time";
import { sendPublish, publishPending, publishHasETag } from "../sip/ua/publish";
import { refreshAfterMs } from "./refresh";
import * as S from "./settings";
import * as E from "./events";

const RETRY_START_MS: u32 = 30000;
const RETRY_MAX_MS: u32 = 900000;

const NONE = 0;
const STATE = 1; // initial or modification: the state in `sentBusy`
const REFRESH = 2;
const REMOVE = 3;

let inFlight = NONE;
let sentBusy = false; // the state the server holds
let sendingBusy = false; // the state in flight
let published = false; // the server holds our state
let refreshAt: u32 = 0;
let waiting = false; // after a failure, until retryAt
let retryAt: u32 = 0;
let backoffMs: u32 = 0;
let stopped = false; // refused for good, or removed at shutdown

function send(kind: i32, busy: bool, now: u32): void {
  const expires = kind == REMOVE ? 0 : S.presenceExpires();
  if (sendPublish(kind == STATE, busy, expires, now)) {
    inFlight = kind;
    sendingBusy = busy;
  } else if (kind != REMOVE) {
    failed(503, now);
  }
}

function failed(code: i32, now: u32): void {
  published = publishHasETag();
  E.appEvent(E.EV_PRESENCE, E.PRESENCE_FAILED, code);
  if (code == 489 || code == 403 || code == 404 || code == 405 || code == 501) {
    stopped = true; // the server will not take this package or this resource: asking again would not help
    return;
  }
  backoffMs = backoffMs == 0 ? RETRY_START_MS : (backoffMs * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : backoffMs * 2);
  waiting = true;
  retryAt = now + backoffMs;
}

/**
 * After every call into the firmware: the station is `busy` (in a call) or
 * not, registered or not. The first publication waits for the registration;
 * a change of the state is published as soon as nothing is in flight.
 */
export function presenceUpdate(busy: bool, registered: bool, now: u32): void {
  if (!S.presencePublish() || stopped || waiting || inFlight != NONE || publishPending()) return;
  if (!published) {
    if (registered) send(STATE, busy, now);
  } else if (busy != sentBusy) {
    send(STATE, busy, now);
  }
}

/** The final answer `code` to our PUBLISH (408: none came); `granted` the seconds the server granted. */
export function onPublishDone(code: i32, granted: i32, now: u32): void {
  const kind = inFlight;
  inFlight = NONE;
  if (kind == NONE) return;
  if (code < 200 || code >= 300) {
    if (kind == REMOVE) return E.appEvent(E.EV_PRESENCE, E.PRESENCE_FAILED, code); // it expires by itself
    return failed(code, now);
  }
  backoffMs = 0;
  if (kind == REMOVE) {
    published = false;
    E.appEvent(E.EV_PRESENCE, E.PRESENCE_REMOVED, code);
    return;
  }
  published = true;
  refreshAt = now + refreshAfterMs(granted > 0 ? <u32>granted : S.presenceExpires());
  if (kind == STATE) {
    sentBusy = sendingBusy;
    E.appEvent(E.EV_PRESENCE, sentBusy ? E.PRESENCE_BUSY : E.PRESENCE_IDLE, code);
  }
  if (stopped) send(REMOVE, false, now); // shut down while this one was on its way
}

export function presenceTick(now: u32): void {
  if (waiting && reached(retryAt, now)) waiting = false;
  if (published && !stopped && inFlight == NONE && reached(refreshAt, now)) send(REFRESH, false, now);
}

export function presenceNextDeadline(now: u32): i32 {
  if (stopped || inFlight != NONE) return -1;
  if (waiting) return <i32>until(retryAt, now);
  return published ? <i32>until(refreshAt, now) : -1;
}

/** The station shuts down: the publication is removed (Expires: 0), and nothing is published after. */
export function presenceShutdown(now: u32): void {
  if (published && inFlight == NONE) send(REMOVE, false, now);
  stopped = true;
  waiting = false;
}

/**
 * After shutdown: true while the station's last words are not yet answered,
 * that is while a PUBLISH is in flight (the removal, or a publication sent
 * before the shutdown, whose success the removal follows). The host waits on
 * it before it stops (docs/board-abi.md, boardShutdownPending).
 */
export function presenceShutdownPending(): bool {
  return stopped && inFlight != NONE;
}

/** Forgets everything (a new configuration, tests). */
export function presenceReset(): void {
  inFlight = NONE;
  sentBusy = false;
  published = false;
  waiting = false;
  backoffMs = 0;
  stopped = false;
}
