// The RFC 4733 sender (assembly/media/telephone-event.ts): a key becomes one
// packet per 20 ms tick, the first with the marker bit, durations growing on
// the event's fixed timestamp, then three end packets (§2.5.1).
import * as T from "../../../assembly/media/telephone-event";

const OUT: usize = memory.data(8);

/** Ticks once with the audio timestamp `ts`; the packed result. */
function tick(ts: u32): i64 { return T.teTick(ts, OUT); }

/** Ticks until the sender is idle, from audio timestamp `ts` (+160 per tick); the packets sent, as "M:code:E:duration@ts" items. */
function drain(ts: u32): string {
  let s = "";
  for (let i = 0; i < 200 && T.teSending(); i++) {
    const r = tick(ts + <u32>i * 160);
    if (!T.sentPacket(r)) continue;
    if (s.length > 0) s += " ";
    s += (T.sentMarker(r) ? "M" : "-") + T.eventCode(OUT).toString() + (T.eventEnds(OUT) ? "E" : "") + ":" +
      T.eventDuration(OUT).toString() + "@" + T.sentTimestamp(r).toString();
  }
  return s;
}

describe("sending a key (§2.5.1.2, §2.5.1.4)", () => {
  it("100 ms: four updates every 20 ms from 160, then three end packets with the final duration 800", () => {
    T.teSenderStart(T.TE_DEFAULT_MS);
    T.teKey(0x35);
    expect(drain(4000)).toBe("M5:160@4000 -5:320@4000 -5:480@4000 -5:640@4000 -5E:800@4000 -5E:800@4000 -5E:800@4000");
  });

  it("only the first packet has the marker bit, and every packet the timestamp of the event's start", () => {
    T.teSenderStart(T.TE_DEFAULT_MS);
    T.teKey(0x23);
    const first = tick(7000);
    const second = tick(7160);
    expect(T.sentMarker(first)).toBe(true);
    expect(T.sentMarker(second)).toBe(false);
    expect(T.sentTimestamp(second)).toBe(7000);
  });

  it("the event goes on until its third end packet", () => {
    T.teSenderStart(40);
    T.teKey(0x31);
    expect(T.sentGoing(tick(0))).toBe(true); // 160
    expect(T.sentGoing(tick(160))).toBe(true); // 320, end 1
    expect(T.sentGoing(tick(320))).toBe(true); // end 2
    expect(T.sentGoing(tick(480))).toBe(false); // end 3
    expect(T.sentPacket(tick(640))).toBe(false);
  });

  it("the event length comes from the configuration, rounded up to 20 ms", () => {
    T.teSenderStart(90);
    T.teKey(0x30);
    expect(drain(0)).toBe("M0:160@0 -0:320@0 -0:480@0 -0:640@0 -0E:800@0 -0E:800@0 -0E:800@0");
  });

  it("a length outside 40-5000 ms is refused", () => {
    expect(T.teSenderStart(39)).toBe(false);
    expect(T.teSenderStart(5001)).toBe(false);
    expect(T.teSenderStart(5000)).toBe(true);
  });

  it("the longest event stays within one 16-bit duration (no segments, §2.5.1.3)", () => {
    T.teSenderStart(T.TE_MAX_MS);
    T.teKey(0x39);
    let last: u32 = 0;
    for (let i = 0; i < 300 && T.teSending(); i++) {
      if (T.sentPacket(tick(0))) last = T.eventDuration(OUT);
    }
    expect(last).toBe(40000);
  });

  it("a key pressed while one is sent waits, and starts after the third end with its own timestamp and marker", () => {
    T.teSenderStart(40);
    T.teKey(0x2a);
    T.teKey(0x44);
    expect(drain(100)).toBe("M10:160@100 -10E:320@100 -10E:320@100 -10E:320@100 M15:160@740 -15E:320@740 -15E:320@740 -15E:320@740");
  });

  it("the queue holds 16 keys; the 17th is refused", () => {
    T.teSenderStart(40);
    for (let i = 0; i < T.TE_QUEUE; i++) expect(T.teKey(0x30 + i % 10)).toBe(true);
    expect(T.teKey(0x30)).toBe(false);
  });

  it("a character that is no DTMF key is refused", () => {
    T.teSenderStart(40);
    expect(T.teKey(0x45)).toBe(false);
    expect(T.teSending()).toBe(false);
  });

  it("the receiver reads what the sender sends: *1# arrives as *1#", () => {
    T.teSenderStart(T.TE_DEFAULT_MS);
    T.teReceiverReset();
    T.teKey(0x2a); T.teKey(0x31); T.teKey(0x23);
    let keys = "";
    for (let i = 0; i < 100 && T.teSending(); i++) {
      const r = tick(<u32>i * 160);
      if (!T.sentPacket(r)) continue;
      const k = T.teReceive(T.sentTimestamp(r), T.sentMarker(r), OUT, T.EVENT_OCTETS);
      if (k > 0) keys += String.fromCharCode(k);
    }
    expect(keys).toBe("*1#");
  });
});
