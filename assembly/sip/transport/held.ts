// Whether something the station is doing depends on a stream, so that it is
// neither closed for idleness nor evicted for a stream of the station's own
// (docs/transports.md "Streams"): a call whose dialog goes over it (its peer
// is the call's next hop, ua/calls.ts) or a transaction on it (RFC 3261 §18:
// its answer or its request is still to go over that connection). The
// registration's stream is the table's own flag (F_KEPT, streams.ts).

import * as uaCalls from "../ua/calls";
import * as txnTable from "../txn/table";
import { samePeer } from "../txn/peer";

/** Whether a call in progress or a transaction uses the stream `handle` to `peer`. */
export function streamHeld(handle: i32, peer: usize): bool {
  for (let c = 0; c < uaCalls.MAX_CALLS; c++) {
    if (uaCalls.callState(c) != uaCalls.FREE && samePeer(uaCalls.callPeer(c), peer)) return true;
  }
  for (let i = 0; i < txnTable.MAX_TRANSACTIONS; i++) {
    if (txnTable.inUse(i) && txnTable.stream(i) == handle) return true;
  }
  return false;
}
