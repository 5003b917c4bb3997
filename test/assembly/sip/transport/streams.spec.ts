// The stream table (docs/transports.md, RFC 3261 §18): at most 4
// connections; one holding a partial message for 64*T1 is closed on the tick
// (board.streamClose) and forgotten; one nobody used for 2 minutes is
// closed, whoever opened it, unless the registration keeps it or a call's
// dialog goes over it. A full table lets a silent peer's stream go: for the
// station's own stream at once, for another peer's after 64*T1 of silence.
import { appStreamAccepted, appStreamOpened } from "../../../../assembly/app/stream-entry";
import { appTick } from "../../../../assembly/app/main";
import { streamFind, streamKeepOnly, MAX_STREAMS, IDLE_MS } from "../../../../assembly/sip/transport/streams";
import { openStream } from "../../../../assembly/sip/transport/select";
import { PEER_SIZE, setPeerIPv4, RX_PEER } from "../../../../assembly/sip/txn/peer";
import * as uaCalls from "../../../../assembly/sip/ua/calls";
import { REG, REG_LEN, useConfig, freshUa, from, REGISTRAR_ADDR } from "../../app/app-support";
import { freshStreams, offer, options, mockCloses, mockLastClosed, mockOpenAnswer, mockOpens } from "./support";

const PEER: usize = memory.data(<i32>PEER_SIZE);
const FLAT: u32 = 0xc000021f; // 192.0.2.31

function fresh(): void {
  expect(useConfig(REG, REG_LEN)).toBe(0);
  freshUa();
  freshStreams();
  setPeerIPv4(PEER, FLAT, 5060);
}

/** The station opens a stream to 192.0.2.31:5060 at `now` and the board reports it open. */
function opened(now: u32): i32 {
  const h = openStream(PEER, now);
  appStreamOpened(h, 0, now);
  return h;
}

describe("the stream table", () => {
  beforeEach(fresh);

  it("holds at most 4 streams: an accept beyond that is refused (0)", () => {
    for (let h = 1; h <= MAX_STREAMS; h++) {
      from(REGISTRAR_ADDR, 40000 + <u32>h);
      expect(appStreamAccepted(h, 0, 0)).toBe(1);
    }
    from(REGISTRAR_ADDR, 40009);
    expect(appStreamAccepted(9, 0, 0)).toBe(0);
    expect(streamFind(9)).toBe(-1);
  });

  it("a stream whose partial message is 64*T1 (32 s) old is closed on the tick and forgotten", () => {
    from(REGISTRAR_ADDR, 40000);
    appStreamAccepted(3, 0, 0);
    expect(offer(3, options("z9hG4bKa").substring(0, 30), 1000)).toBe(0);
    appTick(1000 + 31999);
    expect(mockCloses()).toBe(0);
    appTick(1000 + 32000);
    expect(mockCloses()).toBe(1);
    expect(mockLastClosed()).toBe(3);
    expect(streamFind(3)).toBe(-1);
  });

  it("the partial message's age counts from its first octets, not from the last offer", () => {
    from(REGISTRAR_ADDR, 40000);
    appStreamAccepted(3, 0, 0);
    offer(3, options("z9hG4bKa").substring(0, 30), 1000);
    offer(3, options("z9hG4bKa").substring(0, 60), 20000);
    appTick(1000 + 32000);
    expect(mockLastClosed()).toBe(3);
  });

  it("an idle stream the station opened is closed 2 minutes after its last use", () => {
    const h = opened(0);
    appTick(IDLE_MS - 1);
    expect(mockCloses()).toBe(0);
    appTick(IDLE_MS);
    expect(mockLastClosed()).toBe(h);
    expect(streamFind(h)).toBe(-1);
  });

  it("the stream the registration keeps is not closed for idleness", () => {
    const h = opened(0);
    streamKeepOnly(PEER);
    appTick(IDLE_MS * 3);
    expect(mockCloses()).toBe(0);
    expect(streamFind(h)).toBeGreaterThanOrEqual(0);
  });

  it("an accept with a full table of streams active within 32 s is refused (0), and none of them is closed", () => {
    for (let h = 1; h <= MAX_STREAMS; h++) {
      from(REGISTRAR_ADDR, 40000 + <u32>h);
      appStreamAccepted(h, 0, 0);
    }
    for (let h = 1; h <= MAX_STREAMS; h++) offer(h, "\r\n\r\n", 60000); // a keepalive on each (RFC 5626 §3.5.1)
    from(REGISTRAR_ADDR, 40009);
    expect(appStreamAccepted(9, 0, 60000 + 31999)).toBe(0);
    expect(mockCloses()).toBe(0);
  });

  it("an accept with a full table lets go of the peer's stream silent longest, once silent 64*T1 (32 s)", () => {
    for (let h = 1; h <= MAX_STREAMS; h++) {
      from(REGISTRAR_ADDR, 40000 + <u32>h);
      appStreamAccepted(h, 0, h == 3 ? 0 : 10000);
    }
    from(REGISTRAR_ADDR, 40009);
    expect(appStreamAccepted(9, 0, 32000)).toBe(1);
    expect(mockLastClosed()).toBe(3);
    expect(streamFind(3)).toBe(-1);
    expect(streamFind(9)).toBeGreaterThanOrEqual(0);
  });

  it("a stream a peer opened and nobody used for 2 minutes is closed on the tick", () => {
    from(REGISTRAR_ADDR, 40000);
    appStreamAccepted(3, 0, 0);
    appTick(IDLE_MS - 1);
    expect(mockCloses()).toBe(0);
    appTick(IDLE_MS);
    expect(mockLastClosed()).toBe(3);
    expect(streamFind(3)).toBe(-1);
  });

  it("a stream a call's dialog goes over is not closed for idleness", () => {
    from(REGISTRAR_ADDR, 40000);
    appStreamAccepted(3, 0, 0);
    const c = uaCalls.allocateCall(uaCalls.ACTIVE, uaCalls.ROLE_UAS);
    uaCalls.setCallPeer(c, RX_PEER); // the dialog's next hop is the stream's peer (ua/uas.ts)
    appTick(IDLE_MS * 3);
    expect(mockCloses()).toBe(0);
    expect(streamFind(3)).toBeGreaterThanOrEqual(0);
  });

  it("the station's own stream to a new peer lets the idlest silent peer's stream go when the table is full", () => {
    for (let h = 1; h <= MAX_STREAMS; h++) {
      from(REGISTRAR_ADDR, 40000 + <u32>h);
      appStreamAccepted(10 + h, 0, h == 2 ? 100 : 500);
    }
    mockOpenAnswer(20);
    expect(openStream(PEER, 1000)).toBe(20);
    expect(mockCloses()).toBe(1);
    expect(mockLastClosed()).toBe(12);
  });

  it("the station's own stream is refused (0) when every peer's stream is in use", () => {
    for (let h = 1; h <= MAX_STREAMS; h++) {
      from(REGISTRAR_ADDR, 40000 + <u32>h);
      appStreamAccepted(10 + h, 0, 0);
      uaCalls.setCallPeer(uaCalls.allocateCall(uaCalls.ACTIVE, uaCalls.ROLE_UAS), RX_PEER);
    }
    expect(openStream(PEER, 60000)).toBe(0);
    expect(mockCloses()).toBe(0);
    expect(mockOpens()).toBe(0);
  });
});
