// Which transport a request takes (RFC 3261 §18.1.1). A request to a peer the
// station already holds a stream with goes over it (the registrar's
// connection serves every request to the registrar, docs/transports.md); a
// request larger than UDP_MAX goes over TCP to the same address; anything
// else is a UDP datagram. Opening a stream is asked of the board
// (board.streamOpen); its outcome comes later (boardStreamOpened).

import { boardStreamOpen, boardStreamClose } from "../../board/imports";
import { streamTo, streamFind, streamHandle, streamIsOpen, streamAdd, streamCount, MAX_STREAMS, F_OURS, F_SECURE } from "./streams";
import { evictIdlest } from "./lifecycle";

/**
 * §18.1.1: a request larger than 1300 octets when the path MTU is unknown
 * (1500 less 200 for the headers a proxy may add) goes over a congestion
 * controlled transport: TCP.
 */
export const UDP_MAX: i32 = 1300;

/**
 * A stream of the station's to `peer`: the one it holds, else a new one asked
 * of the board; its handle, 0 when the board has none to give (no TCP, no
 * room). A full table makes room first: a peer's stream that nothing uses,
 * the idlest, is closed (lifecycle.ts evictIdlest), so silent peers never
 * keep the station from its registrar; none such: 0. With a `name` (its `nameLen` octets), TLS (RFC 3261 §26.2.1): the
 * board checks the peer's certificate against that name (RFC 5922 §7.2).
 */
export function openStream(peer: usize, now: u32, name: usize = 0, nameLen: i32 = 0): i32 {
  const i = streamTo(peer);
  if (i >= 0) return streamHandle(i);
  if (streamCount() >= MAX_STREAMS && !evictIdlest(now, 0)) return 0;
  const secure = name != 0;
  const h = boardStreamOpen(peer, secure ? 1 : 0, name, nameLen);
  if (h <= 0 || h > 255) return 0;
  if (streamAdd(h, peer, secure ? F_OURS | F_SECURE : F_OURS, now) < 0) {
    boardStreamClose(h);
    return 0;
  }
  return h;
}

/** The stream a request of `len` octets to `dest` goes over (its handle), 0 for UDP. */
export function streamForRequest(dest: usize, len: i32, now: u32): i32 {
  const i = streamTo(dest);
  if (i >= 0) return streamHandle(i);
  return len > UDP_MAX ? openStream(dest, now) : 0; // §18.1.1; a board without TCP: UDP as before
}

/** Whether stream `handle` is open (what is sent on it goes now); false while it connects. */
export function streamReady(handle: i32): bool { return streamIsOpen(streamFind(handle)); }
