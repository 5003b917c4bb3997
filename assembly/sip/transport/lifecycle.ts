// A stream's end and what goes over it, for the entry points (app/main.ts):
// octets handed to the board, a stream the board lost or the station closes,
// the streams due to be closed on the clock, a peer's idle stream that gives
// way when the table is full (streams.ts). A stream that goes
// takes its transactions with it (txn/engine.ts: a transport error, RFC 3261
// §18.4, ends a request as no answer would).

import { boardStreamSend, boardStreamClose } from "../../board/imports";
import { transactionsStreamGone } from "../txn/engine";
import { streamFind, streamForget, streamTouch, streamDue, streamHandle, streamIdlest } from "./streams";

/** Stream `handle` is gone (closed by the peer, failed, or closed here): forgotten, its transactions end. */
export function streamGone(handle: i32, now: u32): void {
  streamForget(streamFind(handle));
  transactionsStreamGone(handle, now);
}

/** Hands `len` octets at `data` to the board on stream `handle`; a stream that cannot take them is closed (docs/transports.md). */
export function streamSendNow(handle: i32, data: usize, len: i32, now: u32): void {
  if (boardStreamSend(handle, data, len) == len) {
    streamTouch(streamFind(handle), now);
    return;
  }
  boardStreamClose(handle);
  streamGone(handle, now);
}

/** Closes every stream due at `now` (a partial message held 64*T1, an idle connection nothing uses); how many. */
export function closeDueStreams(now: u32): i32 {
  let n = 0;
  for (let i = streamDue(now); i >= 0; i = streamDue(now)) {
    const h = streamHandle(i);
    boardStreamClose(h);
    streamGone(h, now);
    n++;
  }
  return n;
}

/**
 * Makes room in a full table: closes (board.streamClose) the stream a peer
 * opened that nothing uses and that has been idle longest, at least `minIdle`
 * ms (streams.ts streamIdlest); whether one went.
 */
export function evictIdlest(now: u32, minIdle: u32): bool {
  const i = streamIdlest(now, minIdle);
  if (i < 0) return false;
  const h = streamHandle(i);
  boardStreamClose(h);
  streamGone(h, now);
  return true;
}
