// The order in which SRV targets are tried (RFC 2782, "Usage rules"): lowest
// priority first; among equal priorities a running sum of the weights picks
// each next target at random (those of weight 0 placed first, so they keep a
// small chance), with the station's random (sip/ua/random.ts).

import { nextRandom } from "../ua/random";
import * as R from "./records";

/** The most SRV records ordered (the rest of an answer is not tried). */
export const SRV_MAX = 8;

/** The index of the next of the `n` SRV records in the receive buffer in RFC 2782 order, among those not `taken` (a bit each). */
export function srvPick(n: i32, taken: u32): i32 {
  let priority: u32 = 0x10000;
  let sum: u32 = 0;
  for (let i = 0; i < n; i++) {
    if ((taken >> <u32>i) & 1) continue;
    const off = R.recordAt(R.TYPE_SRV, i);
    const pr = R.srvPriority(off);
    if (pr < priority) { priority = pr; sum = 0; }
    if (pr == priority) sum += R.srvWeight(off);
  }
  // "a random number between 0 and the sum (inclusive)", then the first whose running sum reaches it.
  const r: u32 = sum == 0 ? 0 : nextRandom() % (sum + 1);
  let running: u32 = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      if ((taken >> <u32>i) & 1) continue;
      const off = R.recordAt(R.TYPE_SRV, i);
      const w = R.srvWeight(off);
      if (R.srvPriority(off) != priority || (w == 0) != (pass == 0)) continue;
      running += w;
      if (running >= r) return i;
    }
  }
  return 0; // not reached: the records of the lowest priority left sum to at least r
}
