// What the board offers on a stream (boardStreamData, docs/transports.md):
// the octets it holds for the connection, at the front of RX. The entry point
// (app/stream-entry.ts) takes one step at a time: a whole message (framing.ts,
// RFC 3261 §18.3) to handle as a datagram is handled, a keepalive (answered
// here, RFC 5626 §3.5.1), a partial message the board offers again with what
// arrives next, or a reason to close the stream.

import { RX } from "../msg/buffers";
import { parseMessage } from "../msg/parser";
import * as sipMessage from "../msg/message";
import { canRespond, respondStateless } from "../msg/response";
import { sendCopyOfTx } from "../txn/outbox";
import { RX_PEER } from "../txn/peer";
import { boardStreamSend } from "../../board/imports";
import { frameMessage, headersEnd, keepaliveAt, KEEPALIVE_PING, FRAME_NO_LENGTH } from "./framing";

// What offerStep found at the front of RX (its kind; the octets it spans in the low 16 bits).
/** Not a whole message yet. */
export const STEP_PARTIAL: i32 = 0;
/** A whole message: handle it, then take its octets. */
export const STEP_MESSAGE: i32 = 1;
/** A keepalive, already answered: take its octets. */
export const STEP_KEEPALIVE: i32 = 2;
/** Headers without Content-Length (§18.3): refuseUnframed(its header length), then close. */
export const STEP_UNFRAMED: i32 = 3;
/** A message longer than the receive buffer: close. */
export const STEP_TOO_LARGE: i32 = 4;

/** The answer to a ping: one CRLF (RFC 5626 §3.5.1). */
const PONG: usize = memory.data<u8>([0x0d, 0x0a]);

/** The kind of an offerStep result. */
export function stepKind(step: i32): i32 { return step >>> 16; }
/** The octets an offerStep result spans. */
export function stepLength(step: i32): i32 { return step & 0xffff; }

/** One step over the `rest` octets at the front of RX, which stream `handle` offered (`cap`: what RX holds at most). */
export function offerStep(handle: i32, rest: i32, cap: i32): i32 {
  const k = keepaliveAt(RX, rest);
  if (k != 0) {
    if (k == KEEPALIVE_PING) boardStreamSend(handle, PONG, 2);
    return (STEP_KEEPALIVE << 16) | k;
  }
  const n = frameMessage(RX, rest, cap);
  if (n == 0) return STEP_PARTIAL << 16;
  if (n == FRAME_NO_LENGTH) return (STEP_UNFRAMED << 16) | headersEnd(RX, rest);
  if (n < 0) return STEP_TOO_LARGE << 16;
  return (STEP_MESSAGE << 16) | n;
}

/** The `taken` octets at the front of RX are done: the `rest` after them move to the front. */
export function offerShift(taken: i32, rest: i32): void {
  if (rest > 0) memory.copy(RX, RX + <usize>taken, <usize>rest);
}

/**
 * The headers of a message without Content-Length are at the front of RX
 * (`len` octets): a request is answered 400 on its stream (§18.3: the field
 * is mandatory on a stream); the caller's entry point sends what is queued.
 */
export function refuseUnframed(len: i32): void {
  parseMessage(len);
  if (!sipMessage.isRequest() || !canRespond()) return;
  const n = respondStateless(400);
  if (n > 0) sendCopyOfTx(n, RX_PEER);
}
