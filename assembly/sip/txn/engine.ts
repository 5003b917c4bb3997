// The transaction layer's entry points: received datagrams, the clock, and
// the one "next deadline" the host schedules (never a timer per transaction).

import * as txnTable from "./table";
import { until } from "../../runtime/time";
import { clientReceive, clientTimers } from "./client";
import { serverReceive, serverTimers } from "./server";
import * as sipMessage from "../msg/message";

/** Runs every timer that is due at `now`. */
export function tickTransactions(now: u32): void {
  for (let i = 0; i < txnTable.MAX_TRANSACTIONS; i++) {
    const k = txnTable.kind(i);
    if (k == txnTable.ICT || k == txnTable.NICT) clientTimers(i, now);
    else if (k == txnTable.IST || k == txnTable.NIST) serverTimers(i, now);
  }
}

function earlier(best: u32, deadline: u32, now: u32): u32 {
  const d = until(deadline, now);
  return d < best ? d : best;
}

/** Milliseconds until the next timer of any transaction, or -1 when none runs. */
export function nextTransactionDeadline(now: u32): i32 {
  let best: u32 = 0xffffffff;
  for (let i = 0; i < txnTable.MAX_TRANSACTIONS; i++) {
    if (!txnTable.inUse(i)) continue;
    if (txnTable.retransmitOn(i)) best = earlier(best, txnTable.retransmitAt(i), now);
    if (txnTable.timeoutOn(i)) best = earlier(best, txnTable.timeoutAt(i), now);
    if (txnTable.endOn(i)) best = earlier(best, txnTable.endAt(i), now);
  }
  return best == 0xffffffff ? -1 : <i32>best;
}

/**
 * Stream `handle` failed or closed (RFC 3261 §18.4 and §8.1.3.1: a transport
 * error ends a request as no answer would): its client transactions still
 * waiting time out at the next tick (Timer B/F at `now`), its server
 * transactions can no longer answer and end.
 */
export function transactionsStreamGone(handle: i32, now: u32): void {
  for (let i = 0; i < txnTable.MAX_TRANSACTIONS; i++) {
    if (!txnTable.inUse(i) || txnTable.stream(i) != handle) continue;
    const k = txnTable.kind(i);
    const s = txnTable.state(i);
    if (k == txnTable.IST || k == txnTable.NIST) txnTable.release(i);
    else if (s == txnTable.CALLING || s == txnTable.TRYING || s == txnTable.PROCEEDING) txnTable.setTimeout(i, now);
  }
}

/** A valid message is in RX: hands it to the client or server side (a request of a `stranger`, table.ts); the slot for the TU, or a negative code. */
export function receiveTransaction(now: u32, stranger: bool = false): i32 {
  return sipMessage.isRequest() ? serverReceive(now, stranger) : clientReceive(now);
}
