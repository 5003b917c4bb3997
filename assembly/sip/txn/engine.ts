// The transaction layer's entry points: received datagrams, the clock, and
// the one "next deadline" the host schedules (never a timer per transaction).

import * as T from "./table";
import { until } from "../../runtime/time";
import { clientReceive, clientTimers } from "./client";
import { serverReceive, serverTimers } from "./server";
import * as M from "../msg/message";

/** Runs every timer that is due at `now`. */
export function tickTransactions(now: u32): void {
  for (let i = 0; i < T.MAX_TRANSACTIONS; i++) {
    const k = T.kind(i);
    if (k == T.ICT || k == T.NICT) clientTimers(i, now);
    else if (k == T.IST || k == T.NIST) serverTimers(i, now);
  }
}

function earlier(best: u32, deadline: u32, now: u32): u32 {
  const d = until(deadline, now);
  return d < best ? d : best;
}

/** Milliseconds until the next timer of any transaction, or -1 when none runs. */
export function nextTransactionDeadline(now: u32): i32 {
  let best: u32 = 0xffffffff;
  for (let i = 0; i < T.MAX_TRANSACTIONS; i++) {
    if (!T.inUse(i)) continue;
    if (T.retransmitOn(i)) best = earlier(best, T.retransmitAt(i), now);
    if (T.timeoutOn(i)) best = earlier(best, T.timeoutAt(i), now);
    if (T.endOn(i)) best = earlier(best, T.endAt(i), now);
  }
  return best == 0xffffffff ? -1 : <i32>best;
}

/** A valid message is in RX: hands it to the client or server side (a request of a `stranger`, table.ts); the slot for the TU, or a negative code. */
export function receiveTransaction(now: u32, stranger: bool = false): i32 {
  return M.isRequest() ? serverReceive(now, stranger) : clientReceive(now);
}
