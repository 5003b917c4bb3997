// The stream entry points of board ABI 5 (docs/transports.md), in the frame
// every entry point runs in (main.ts enter/leave): a connection the station
// asked for opened or failed, a peer connected, octets arrived, the peer
// closed. Each whole message a stream offers is handled as a datagram is, in
// its own frame, with the stream noted so that its answers go back on it
// (RFC 3261 §18.2.2).

import { enter, leave, appTick } from "./main";
import { registrarOf } from "./registration";
import { appEvent, appEventsReset, EV_TRANSPORT_REFUSED } from "./events";
import { engineReceive } from "../sip/ua/engine";
import { clientStreamOpened } from "../sip/txn/client";
import { RX_PEER } from "../sip/txn/peer";
import { RX_CAPACITY } from "../sip/msg/buffers";
import { streamFind, streamPeer, streamAdd, streamMarkOpen, streamPartial, streamTouch, streamCount, setRxStream, MAX_STREAMS, F_OPEN, F_SECURE } from "../sip/transport/streams";
import { streamGone, evictIdlest } from "../sip/transport/lifecycle";
import { T1 } from "../sip/txn/clock";
import { offerStep, offerShift, stepKind, stepLength, refuseUnframed, STEP_PARTIAL, STEP_MESSAGE, STEP_UNFRAMED } from "../sip/transport/offer";

/** The stream the station asked for opened (status 0): what waited for it goes; else it is gone, and what waited ends at once as unanswered. */
export function appStreamOpened(handle: i32, status: i32, now: u32): void {
  const i = streamFind(handle);
  if (i < 0) return;
  if (status != 0) {
    // A registrar's connection refused (its reason as the board gave it, RFC 5922 §7.2 for a TLS name):
    // reported, then the REGISTER ends as unanswered (the back-off, or the failover after it).
    appEventsReset(); // this entry point's events begin here; the tick below keeps them
    const registrar = registrarOf(streamPeer(i));
    if (registrar >= 0) appEvent(EV_TRANSPORT_REFUSED, status, registrar);
    streamGone(handle, now);
    appTick(now, true); // its requests time out now (the registration's back-off, a call's failure)
    return;
  }
  enter();
  streamMarkOpen(i, now);
  clientStreamOpened(handle);
  leave(now);
}

/**
 * A peer connected (its address at rxPeer()): 1 taken, 0 when the table is
 * full. A full table first lets go of a peer's stream that nothing uses and
 * that has been silent 64*T1 (32 s, the bound a partial message has too);
 * none such: refused, the streams in use stay.
 */
export function appStreamAccepted(handle: i32, secure: i32, now: u32): i32 {
  if (streamFind(handle) >= 0) return 0;
  if (streamCount() >= MAX_STREAMS) evictIdlest(now, 64 * T1);
  return streamAdd(handle, RX_PEER, F_OPEN | (secure != 0 ? F_SECURE : 0), now) >= 0 ? 1 : 0;
}

/** The peer closed the stream or it failed: what depended on it ends. */
export function appStreamClosed(handle: i32, now: u32): void {
  if (streamFind(handle) < 0) return;
  streamGone(handle, now);
  appTick(now);
}

/** The board wrote `len` octets of a stream at rxBuffer(): how many were taken from the front, -1 to close it (RFC 3261 §18.3). */
export function appStreamData(handle: i32, len: i32, now: u32): i32 {
  if (streamFind(handle) < 0 || len < 0) return -1;
  let taken = 0;
  let rest = len > RX_CAPACITY ? RX_CAPACITY : len;
  while (rest > 0) {
    const step = offerStep(handle, rest, RX_CAPACITY);
    const kind = stepKind(step);
    const n = stepLength(step);
    if (kind == STEP_PARTIAL) break;
    if (kind == STEP_MESSAGE) {
      enter();
      setRxStream(handle);
      engineReceive(n, now);
      setRxStream(0);
      leave(now);
      if (streamFind(handle) < 0) return taken + n; // the stream went while its message was handled
    } else if (kind >= STEP_UNFRAMED) {
      if (kind == STEP_UNFRAMED) {
        enter();
        refuseUnframed(n);
        leave(now);
      }
      streamGone(handle, now);
      return -1;
    }
    taken += n;
    rest -= n;
    offerShift(n, rest);
  }
  const i = streamFind(handle);
  streamPartial(i, rest > 0, taken > 0, now);
  streamTouch(i, now);
  return taken;
}
