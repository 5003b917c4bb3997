// The jitter buffer (assembly/media/jitter.ts): frames placed by RTP
// sequence number (RFC 3550 §A.1 comparisons), duplicates and late packets
// dropped and counted, restarts on a new source or a confirmed jump, and
// playout once the configured depth is buffered.
import * as J from "../../../assembly/media/jitter";
import { put, take, accounted, SSRC } from "./jitter-support";

const BIG: usize = memory.data(400);

describe("the configured depth", () => {
  it("40 to 120 ms are accepted, rounded up to whole 20 ms frames", () => {
    expect(J.depthFrames(40)).toBe(2);
    expect(J.depthFrames(50)).toBe(3);
    expect(J.depthFrames(120)).toBe(6);
  });

  it("a depth outside 40-120 ms is refused and changes nothing", () => {
    J.jbStart(60);
    expect(J.jbStart(39)).toBe(false);
    expect(J.jbStart(121)).toBe(false);
    expect(J.jbTarget()).toBe(3);
  });

  it("playout waits until the depth is buffered: 60 ms is three frames", () => {
    J.jbStart(60);
    put(0); put(1);
    expect(take()).toBe(-2);
    put(2);
    expect(take()).toBe(0);
    expect(take()).toBe(1);
  });
});

describe("placement by sequence number (RFC 3550 §A.1)", () => {
  it("reordered packets within the window play in sequence order", () => {
    J.jbStart(60);
    put(10); put(12); put(11); put(14); put(13);
    expect(take()).toBe(10);
    expect(take()).toBe(11);
    expect(take()).toBe(12);
    expect(take()).toBe(13);
    expect(take()).toBe(14);
  });

  it("a duplicate is dropped and counted, and plays once", () => {
    J.jbStart(40);
    put(5);
    expect(put(5)).toBe(J.PUT_DUPLICATE);
    put(6);
    expect(take()).toBe(5);
    expect(take()).toBe(6);
    expect(J.jbDuplicate()).toBe(1);
    expect(J.jbPlayed()).toBe(2);
  });

  it("a packet whose frame was already played is late: dropped and counted", () => {
    J.jbStart(40);
    put(1); put(2); put(3);
    expect(take()).toBe(1);
    expect(put(1)).toBe(J.PUT_LATE);
    expect(J.jbLate()).toBe(1);
    expect(take()).toBe(2);
  });

  it("a missing frame is reported lost at its turn and the next one follows", () => {
    J.jbStart(60);
    put(0); put(1); put(3); put(4);
    expect(take()).toBe(0);
    expect(take()).toBe(1);
    expect(take()).toBe(-1);
    expect(take()).toBe(3);
    expect(J.jbConcealed()).toBe(1);
  });

  it("a packet arriving after its turn was given up as lost is late", () => {
    J.jbStart(40);
    put(0); put(2); put(3);
    take(); take();
    expect(put(1)).toBe(J.PUT_LATE);
    expect(take()).toBe(2);
  });

  it("sequence numbers wrap from 65535 to 0, reordered across the wrap", () => {
    J.jbStart(60);
    put(65534); put(0); put(65535); put(1);
    expect(take()).toBe(0xfe);
    expect(take()).toBe(0xff);
    expect(take()).toBe(0);
    expect(take()).toBe(1);
    expect(J.jbLate()).toBe(0);
  });

  it("the frame taken has the length it arrived with and the caller's silence mark", () => {
    J.jbStart(40);
    store<u8>(BIG, 7);
    J.jbPut(SSRC, 1, BIG, 80, true);
    put(2);
    const r = J.jbTake();
    expect(J.takenKind(r)).toBe(J.TAKE_FRAME);
    expect(J.takenLength(r)).toBe(80);
    expect(J.takenSilent(r)).toBe(true);
    expect(load<u8>(J.takenPayload(r))).toBe(7);
  });

  it("a payload of 0 octets or of more than 160 is refused and never stored", () => {
    J.jbStart(40);
    expect(J.jbPut(SSRC, 1, BIG, 0, false)).toBe(J.PUT_REFUSED);
    expect(J.jbPut(SSRC, 1, BIG, 161, false)).toBe(J.PUT_REFUSED);
    expect(J.jbPut(SSRC, 1, BIG, -5, false)).toBe(J.PUT_REFUSED);
    expect(J.jbRefused()).toBe(3);
    expect(J.jbStored()).toBe(0);
    expect(take()).toBe(-2);
  });
});

describe("restarts and jumps", () => {
  it("a new SSRC restarts the buffer: its frames flushed and counted, the depth awaited again", () => {
    J.jbStart(60);
    put(0); put(1); put(2);
    expect(take()).toBe(0);
    put(900, 0, false, 0x55);
    expect(J.jbRestarts()).toBe(1);
    expect(J.jbDiscarded()).toBe(2);
    expect(take()).toBe(-2);
    put(901, 0, false, 0x55); put(902, 0, false, 0x55);
    expect(take()).toBe(900 & 0xff);
    expect(accounted()).toBe(true);
  });

  it("a single packet 100 frames or more away is a stray: dropped, nothing disturbed", () => {
    J.jbStart(40);
    put(0); put(1);
    expect(put(5000)).toBe(J.PUT_STRAY);
    put(2);
    expect(take()).toBe(0);
    expect(take()).toBe(1);
    expect(take()).toBe(2);
    expect(J.jbRestarts()).toBe(0);
  });

  it("a single packet 100 frames or more behind is a stray too, not a late packet", () => {
    J.jbStart(40);
    put(1000); put(1001);
    expect(put(800)).toBe(J.PUT_STRAY);
    expect(J.jbLate()).toBe(0);
    expect(take()).toBe(1000 & 0xff);
  });

  it("a big jump followed by the next packet restarts the buffer there (probation, RFC 3550 §A.1)", () => {
    J.jbStart(40);
    put(0); put(1);
    expect(put(30000)).toBe(J.PUT_STRAY);
    expect(put(30001)).toBe(J.PUT_STORED);
    expect(J.jbRestarts()).toBe(1);
    put(30002);
    expect(take()).toBe(30001 & 0xff);
    expect(accounted()).toBe(true);
  });

  it("a packet beyond the ring but within 100 frames keeps the newest full depth; older frames count as overflow", () => {
    J.jbStart(60);
    put(0); put(1); put(2);
    take();
    put(20);
    expect(J.jbOverflow()).toBe(2);
    expect(J.jbDepth()).toBe(3);
    expect(take()).toBe(-1);
    expect(take()).toBe(-1);
    expect(take()).toBe(20);
    expect(accounted()).toBe(true);
  });
});
