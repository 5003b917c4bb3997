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
import * as appSettings from "./settings";
import * as appEvents from "./events";

const RETRY_START_MS: u32 = 30000;
const RETRY_MAX_MS: u32 = 900000;

const NONE: u8 = 0;
const STATE = 1; // initial or modification: the state in `sentBusy`
const REFRESH = 2;
const REMOVE = 3;

/** Where the publication stands; all zero is the state at start (presenceReset). */
// @ts-ignore: decorator
@unmanaged export class PresenceState {
  /** NONE, STATE, REFRESH or REMOVE: the PUBLISH in flight. */
  inFlight: u8;
  /** The state the server holds. */
  sentBusy: bool;
  /** The state in flight. */
  sendingBusy: bool;
  /** The server holds our state. */
  published: bool;
  /** After a failure, until retryAt. */
  waiting: bool;
  /** Refused for good, or removed at shutdown. */
  stopped: bool;
  refreshAt: u32;
  retryAt: u32;
  backoffMs: u32;
}
export const PRESENCE_STATE: usize = memory.data(<i32>offsetof<PresenceState>(), 4);
// @ts-ignore: decorator
@inline function pub(): PresenceState { return changetype<PresenceState>(PRESENCE_STATE); }

function send(kind: i32, busy: bool, now: u32): void {
  const expires = kind == REMOVE ? 0 : appSettings.presenceExpires();
  if (sendPublish(kind == STATE, busy, expires, now)) {
    const p = pub();
    p.inFlight = <u8>kind;
    p.sendingBusy = busy;
  } else if (kind != REMOVE) {
    failed(503, now);
  }
}

function failed(code: i32, now: u32): void {
  const p = pub();
  p.published = publishHasETag();
  appEvents.appEvent(appEvents.EV_PRESENCE, appEvents.PRESENCE_FAILED, code);
  if (code == 489 || code == 403 || code == 404 || code == 405 || code == 501) {
    p.stopped = true; // the server will not take this package or this resource: asking again would not help
    return;
  }
  const b = p.backoffMs;
  const backoff = b == 0 ? RETRY_START_MS : (b * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : b * 2);
  p.backoffMs = backoff;
  p.waiting = true;
  p.retryAt = now + backoff;
}

/**
 * After every call into the firmware: the station is `busy` (in a call) or
 * not, registered or not. The first publication waits for the registration;
 * a change of the state is published as soon as nothing is in flight.
 */
export function presenceUpdate(busy: bool, registered: bool, now: u32): void {
  const p = pub();
  if (!appSettings.presencePublish() || p.stopped || p.waiting || p.inFlight != NONE || publishPending()) return;
  if (!p.published) {
    if (registered) send(STATE, busy, now);
  } else if (busy != p.sentBusy) {
    send(STATE, busy, now);
  }
}

/** The final answer `code` to our PUBLISH (408: none came); `granted` the seconds the server granted. */
export function onPublishDone(code: i32, granted: i32, now: u32): void {
  const p = pub();
  const kind = <i32>p.inFlight;
  p.inFlight = NONE;
  if (kind == NONE) return;
  if (code < 200 || code >= 300) {
    if (kind == REMOVE) return appEvents.appEvent(appEvents.EV_PRESENCE, appEvents.PRESENCE_FAILED, code); // it expires by itself
    return failed(code, now);
  }
  p.backoffMs = 0;
  if (kind == REMOVE) {
    p.published = false;
    appEvents.appEvent(appEvents.EV_PRESENCE, appEvents.PRESENCE_REMOVED, code);
    return;
  }
  p.published = true;
  p.refreshAt = now + refreshAfterMs(granted > 0 ? <u32>granted : appSettings.presenceExpires());
  if (kind == STATE) {
    const busy = p.sendingBusy;
    p.sentBusy = busy;
    appEvents.appEvent(appEvents.EV_PRESENCE, busy ? appEvents.PRESENCE_BUSY : appEvents.PRESENCE_IDLE, code);
  }
  if (p.stopped) send(REMOVE, false, now); // shut down while this one was on its way
}

export function presenceTick(now: u32): void {
  const p = pub();
  if (p.waiting && reached(p.retryAt, now)) p.waiting = false;
  if (p.published && !p.stopped && p.inFlight == NONE && reached(p.refreshAt, now)) send(REFRESH, false, now);
}

export function presenceNextDeadline(now: u32): i32 {
  const p = pub();
  if (p.stopped || p.inFlight != NONE) return -1;
  if (p.waiting) return <i32>until(p.retryAt, now);
  return p.published ? <i32>until(p.refreshAt, now) : -1;
}

/** The station shuts down: the publication is removed (Expires: 0), and nothing is published after. */
export function presenceShutdown(now: u32): void {
  const p = pub();
  if (p.published && p.inFlight == NONE) send(REMOVE, false, now);
  p.stopped = true;
  p.waiting = false;
}

/**
 * After shutdown: true while the station's last words are not yet answered,
 * that is while a PUBLISH is in flight (the removal, or a publication sent
 * before the shutdown, whose success the removal follows). The host waits on
 * it before it stops (docs/board-abi.md, boardShutdownPending).
 */
export function presenceShutdownPending(): bool {
  const p = pub();
  return p.stopped && p.inFlight != NONE;
}

/** Forgets everything (a new configuration, tests): the state at start. */
export function presenceReset(): void { memory.fill(PRESENCE_STATE, 0, offsetof<PresenceState>()); }
