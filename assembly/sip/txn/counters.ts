// The transaction layer's gauges since start-up (issue 15: state in named
// records over static memory, one reset each): what could not be sent or
// answered. Tests and the engine ABI read them; nothing decides on them.

import { zeroRecord } from "./record";

/** Counts since start-up, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class TxnCounters {
  /** Messages that did not fit in the outbox (outbox.ts; never expected). */
  outboxDropped: u32;
  /** Requests dropped because no answer could be built or sent (server.ts; RFC 3261 §18.2.2). */
  requestsDropped: u32;
}

export const TXN_COUNTERS: usize = memory.data(<i32>offsetof<TxnCounters>(), 4);

// @ts-ignore: decorator
@inline export function txnCounters(): TxnCounters { return changetype<TxnCounters>(TXN_COUNTERS); }

/** Every count back to 0, as at start-up. */
export function txnCountersReset(): void { zeroRecord(TXN_COUNTERS, offsetof<TxnCounters>()); }
