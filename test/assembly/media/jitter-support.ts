// Helpers for the jitter buffer specs: frames whose first octet names their
// sequence number, and the bookkeeping identity every received packet obeys.
import * as J from "../../../assembly/media/jitter";

const FRAME: usize = memory.data(J.FRAME_OCTETS);
export const SSRC: u32 = 0x1234abcd;

/** Puts the frame of sequence `seq` (timestamp 160 per frame, arriving at `now`), first octet = seq & 0xff. */
export function put(seq: i32, now: u32 = 0, silent: bool = false, ssrc: u32 = SSRC): i32 {
  store<u8>(FRAME, <u8>seq);
  return J.jbPut(ssrc, <u16>seq, FRAME, J.FRAME_OCTETS, silent);
}

/** Takes one tick: the first octet of the frame played, -1 for lost, -2 while still filling. */
export function take(): i32 {
  const r = J.jbTake();
  const kind = J.takenKind(r);
  if (kind == J.TAKE_WAIT) return -2;
  if (kind == J.TAKE_LOST) return -1;
  return <i32>load<u8>(J.takenPayload(r));
}

/** Every received packet is played, late, a duplicate, dropped or still buffered. */
export function accounted(): bool {
  return J.jbReceived() == J.jbPlayed() + J.jbLate() + J.jbDuplicate() + J.jbDroppedDrift() +
    J.jbOverflow() + J.jbDiscarded() + <u32>J.jbStored();
}
