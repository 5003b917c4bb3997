// The jitter buffer keeps each payload octet for octet (jitter.ts copies it
// eight octets at a time, then one by one): whatever its length, the frame
// taken is the frame put, and a full frame does not reach the next slot.
import * as J from "../../../assembly/media/jitter";
import { SSRC } from "./jitter-support";

const FRAME: usize = memory.data(J.FRAME_OCTETS + 8, 8);

/** Fills FRAME (at `offset`) with a pattern that differs for each octet and each `tag`. */
function fill(offset: usize, tag: i32): void {
  for (let i = 0; i < J.FRAME_OCTETS; i++) store<u8>(FRAME + offset + <usize>i, <u8>(i * 3 + tag));
}

/** How many of the `len` octets taken differ from the pattern of `tag`. */
function differing(r: i64, len: i32, tag: i32): i32 {
  let wrong = 0;
  const p = J.takenPayload(r);
  for (let i = 0; i < len; i++) if (load<u8>(p + <usize>i) != <u8>(i * 3 + tag)) wrong++;
  return wrong;
}

describe("payloads kept octet for octet (jitter.ts)", () => {
  it("payloads of 1, 7, 8, 9, 13, 159 and 160 octets, from an odd address, are taken back unchanged", () => {
    const lengths: i32[] = [1, 7, 8, 9, 13, 159, 160];
    let wrong = 0;
    for (let k = 0; k < lengths.length; k++) {
      J.jbStart(40);
      fill(1, k);
      J.jbPut(SSRC, 1, FRAME + 1, lengths[k], false);
      J.jbPut(SSRC, 2, FRAME + 1, lengths[k], false);
      const r = J.jbTake();
      if (J.takenKind(r) != J.TAKE_FRAME || J.takenLength(r) != lengths[k]) wrong++;
      wrong += differing(r, lengths[k], k);
    }
    expect(wrong).toBe(0);
  });

  it("a full 160-octet frame put after its successor leaves the successor's frame intact", () => {
    J.jbStart(40);
    fill(0, 10);
    J.jbPut(SSRC, 1, FRAME, J.FRAME_OCTETS, false); // anchors playout at 1
    fill(0, 30);
    J.jbPut(SSRC, 3, FRAME, J.FRAME_OCTETS, false);
    fill(0, 20);
    J.jbPut(SSRC, 2, FRAME, J.FRAME_OCTETS, false); // its slot lies just before 3's
    let wrong = 0;
    for (let seq = 1; seq <= 3; seq++) {
      const r = J.jbTake();
      if (J.takenKind(r) != J.TAKE_FRAME) wrong++;
      else wrong += differing(r, J.FRAME_OCTETS, seq * 10);
    }
    expect(wrong).toBe(0);
  });
});
