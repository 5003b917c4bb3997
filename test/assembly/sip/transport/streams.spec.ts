// The stream table (docs/transports.md, RFC 3261 §18): at most 4
// connections; one holding a partial message for 64*T1 is closed on the tick
// (board.streamClose) and forgotten; one the station opened and nobody used
// for 2 minutes is closed, unless the registration keeps it.
import { appStreamAccepted, appStreamOpened } from "../../../../assembly/app/stream-entry";
import { appTick } from "../../../../assembly/app/main";
import { streamFind, streamKeepOnly, MAX_STREAMS, IDLE_MS } from "../../../../assembly/sip/transport/streams";
import { openStream } from "../../../../assembly/sip/transport/select";
import { PEER_SIZE, setPeerIPv4 } from "../../../../assembly/sip/txn/peer";
import { REG, REG_LEN, useConfig, freshUa, from, REGISTRAR_ADDR } from "../../app/app-support";
import { freshStreams, offer, options, mockCloses, mockLastClosed } from "./support";

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

  it("a stream a peer opened is not closed for idleness (the peer closes it)", () => {
    from(REGISTRAR_ADDR, 40000);
    appStreamAccepted(3, 0, 0);
    appTick(IDLE_MS * 3);
    expect(mockCloses()).toBe(0);
  });
});
