// The RFC 4733 receiver (assembly/media/telephone-event.ts): the §2.3
// payload read, and each DTMF event reported once as its ASCII key, at its
// first packet to arrive, against the packets a real phone sends.
import * as T from "../../../assembly/media/telephone-event";

const PAYLOAD: usize = memory.data(8);

/** Feeds one telephone-event packet; returns what the receiver said. */
function receive(timestamp: u32, marker: bool, code: i32, end: bool, duration: u32): i32 {
  T.writeEvent(PAYLOAD, code, end, 10, duration);
  return T.teReceive(timestamp, marker, PAYLOAD, T.EVENT_OCTETS);
}

/**
 * What baresip (libre's telev, ptime 20) sends for `keys`: for each key a
 * start with the marker bit and a duration of 160, eight updates each 160
 * longer (its minimum of nine packets), then three end packets with the
 * final duration 1440; all of one key on the timestamp of its start, the
 * next key 2400 units later (audio in between). `lost` lists the packets,
 * counted from 0, that never arrive. Returns the keys reported.
 */
function baresip(keys: string, startTs: u32, lost: i32[] = []): string {
  T.teReceiverReset();
  let out = "";
  let n = 0;
  for (let k = 0; k < keys.length; k++) {
    const code = T.eventOfKey(keys.charCodeAt(k));
    const ts = startTs + <u32>k * 2400;
    for (let p = 0; p < 12; p++) {
      const end = p >= 9;
      const duration = <u32>(end ? 9 : p + 1) * 160;
      if (!lost.includes(n)) {
        const r = receive(ts, p == 0, code, end, duration);
        if (r > 0) out += String.fromCharCode(r);
      }
      n++;
    }
  }
  return out;
}

describe("the payload (RFC 4733 §2.3)", () => {
  it("event, E bit, volume and duration are read from their octets, network order", () => {
    store<u32>(PAYLOAD, 0x40_81_8a_0b); // 0b 8a 81 40: event 11, E set, R clear, volume 10, duration 0x8140
    expect(T.eventCode(PAYLOAD)).toBe(11);
    expect(T.eventEnds(PAYLOAD)).toBe(true);
    expect(T.eventVolume(PAYLOAD)).toBe(10);
    expect(T.eventDuration(PAYLOAD)).toBe(0x8140);
  });

  it("the R bit is ignored on receipt (§2.3.3)", () => {
    store<u32>(PAYLOAD, 0x00_00_4a_05); // event 5, R set, volume 10, duration 0
    expect(T.eventEnds(PAYLOAD)).toBe(false);
    expect(T.eventVolume(PAYLOAD)).toBe(10);
  });

  it("a payload written is read back field by field, R sent as 0", () => {
    T.writeEvent(PAYLOAD, 9, true, 63, 0xffff);
    expect(load<u8>(PAYLOAD, 1)).toBe(0xbf);
    expect(T.eventCode(PAYLOAD)).toBe(9);
    expect(T.eventDuration(PAYLOAD)).toBe(0xffff);
  });

  it("the DTMF events are 0-9, * (10), # (11) and A-D (12-15), as in §3.2", () => {
    let keys = "";
    for (let c = 0; c < 16; c++) keys += String.fromCharCode(T.keyOfEvent(c));
    expect(keys).toBe("0123456789*#ABCD");
    expect(T.keyOfEvent(16)).toBe(0);
    expect(T.eventOfKey(0x64)).toBe(15); // 'd'
    expect(T.eventOfKey(0x45)).toBe(-1); // 'E'
  });
});

describe("receiving a phone's events (§2.5.2)", () => {
  it("baresip's 2580#: each key reported once, at its start", () => {
    expect(baresip("2580#", 1000)).toBe("2580#");
  });

  it("2580# with 5% of the packets lost (a start, an end, an update) is still 2580#", () => {
    expect(baresip("2580#", 1000, [12, 34, 50])).toBe("2580#");
  });

  it("2580# with 20% lost (starts, all three ends of a key, updates) is still 2580#", () => {
    expect(baresip("2580#", 1000, [0, 1, 2, 21, 22, 23, 24, 36, 40, 44, 45, 59])).toBe("2580#");
  });

  it("a key of which only the end packets arrive is reported once", () => {
    expect(baresip("58", 1000, [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17, 18, 19, 20])).toBe("58");
  });

  it("a retransmitted end packet, and a late update after the end, report nothing", () => {
    T.teReceiverReset();
    expect(receive(500, true, 7, false, 160)).toBe(0x37);
    expect(receive(500, false, 7, true, 800)).toBe(T.TE_NONE);
    expect(receive(500, false, 7, true, 800)).toBe(T.TE_NONE);
    expect(receive(500, false, 7, false, 640)).toBe(T.TE_NONE);
    expect(T.teActive()).toBe(false);
  });

  it("a new timestamp without an end for the previous event ends it and reports the new key (§2.5.2.2)", () => {
    T.teReceiverReset();
    receive(500, true, 1, false, 160);
    expect(T.teActive()).toBe(true);
    expect(receive(2900, true, 2, false, 160)).toBe(0x32);
    expect(receive(500, false, 1, true, 800)).toBe(T.TE_NONE); // the first one's late end
  });

  it("the same key pressed twice is two events: two timestamps, two reports", () => {
    expect(baresip("11", 1000)).toBe("11");
  });

  it("events outside 0-15 are ignored, not a fault, and the next key still counts", () => {
    T.teReceiverReset();
    expect(receive(500, true, 16, false, 160)).toBe(T.TE_NONE);
    expect(receive(500, false, 16, true, 800)).toBe(T.TE_NONE);
    expect(receive(900, true, 255, false, 160)).toBe(T.TE_NONE);
    expect(receive(2900, true, 4, false, 160)).toBe(0x34);
  });

  it("a payload shorter than 4 octets is refused", () => {
    T.teReceiverReset();
    T.writeEvent(PAYLOAD, 3, false, 10, 160);
    expect(T.teReceive(500, true, PAYLOAD, 3)).toBe(T.TE_REFUSED);
    expect(T.teReceive(500, true, PAYLOAD, 0)).toBe(T.TE_REFUSED);
    expect(T.teReceive(500, true, PAYLOAD, -1)).toBe(T.TE_REFUSED);
    expect(T.teActive()).toBe(false);
  });

  it("timestamps compare across the 32-bit wrap: the key after the wrap is new, a late packet before it is not", () => {
    expect(baresip("2580#", 0xfffff000)).toBe("2580#");
    T.teReceiverReset();
    receive(0xffffff00, true, 2, false, 160);
    expect(receive(0x00000860, true, 5, false, 160)).toBe(0x35);
    expect(receive(0xffffff00, false, 2, true, 1440)).toBe(T.TE_NONE);
  });

  it("an event longer than 0xFFFF units goes on in a new segment without a new report (§2.5.1.3)", () => {
    T.teReceiverReset();
    expect(receive(1000, true, 0, false, 160)).toBe(0x30);
    receive(1000, false, 0, false, 0xffff);
    expect(receive(1000 + 0xffff, false, 0, false, 160)).toBe(T.TE_NONE);
    expect(receive(1000 + 0xffff, false, 0, true, 4000)).toBe(T.TE_NONE);
    expect(T.teActive()).toBe(false);
  });

  it("a segment-like timestamp with the marker bit is a new press of the key", () => {
    T.teReceiverReset();
    receive(1000, true, 0, false, 0xffff);
    expect(receive(1000 + 0xffff, true, 0, false, 160)).toBe(0x30);
  });
});
