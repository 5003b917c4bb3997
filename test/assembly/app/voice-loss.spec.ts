// What the call's received audio lost, as the station reports it when the
// audio stops (assembly/app/voice/media.ts): the `media-loss` event after
// `media` off, carrying the RTP packets lost (RFC 3550 A.3) and the 20 ms
// frames the jitter buffer concealed.
import * as V from "../../../assembly/app/voice/media";
import { RX } from "../../../assembly/sip/msg/buffers";
import { RX_PEER, setPeerIPv4 } from "../../../assembly/sip/txn/peer";
import { seedRandom } from "../../../assembly/sip/ua/random";
import { LAW_ULAW } from "../../../assembly/media/g711";
import { appEventsReset, appEventCount, appEventKind, appEventA, appEventB, EV_MEDIA, EV_MEDIA_LOSS, MEDIA_OFF } from "../../../assembly/app/events";

const PHONE: u32 = 0xc0000205; // 192.0.2.5, the SDP's address and the RTP's source
const REMOTE: usize = memory.data(18);
const SIGNALING: usize = memory.data(18);
/** The jitter buffer's depth: 3 frames. */
const DEPTH_MS: i32 = 60;

function begin(): void {
  seedRandom(5, 6, 7, 8);
  V.mediaReset();
  setPeerIPv4(REMOTE, PHONE, 40000);
  setPeerIPv4(SIGNALING, PHONE, 5060);
  V.mediaStart(1, REMOTE, 40001, 0, LAW_ULAW, -1, true, true, SIGNALING, DEPTH_MS, 0, 100, 0);
  setPeerIPv4(RX_PEER, PHONE, 40000);
}

/** One PCMU packet of 160 octets (RFC 3551 §4.5.14) with sequence `seq` into RX; its length. */
function pcmu(seq: u32): i32 {
  store<u8>(RX, 0x80);
  store<u8>(RX + 1, 0);
  store<u16>(RX + 2, bswap<u16>(<u16>seq));
  store<u32>(RX + 4, bswap<u32>(seq * 160));
  store<u32>(RX + 8, bswap<u32>(0x10203040));
  for (let i = 0; i < 160; i++) store<u8>(RX + 12 + <usize>i, 0x7e);
  return 172;
}

/** Sequence 1 to `last` every 20 ms, each followed by the audio tick, except the two sequence numbers dropped. */
function stream(last: u32, dropA: u32, dropB: u32): u32 {
  let now: u32 = 0;
  for (let seq: u32 = 1; seq <= last; seq++) {
    now += 20;
    if (seq != dropA && seq != dropB) V.mediaDatagram(pcmu(seq), V.CHANNEL_RTP, now);
    V.mediaOutClear();
    V.mediaAudio(now);
  }
  return now;
}

describe("media-loss: what the call's received audio lost", () => {
  it("follows `media` off, once, when the audio stops", () => {
    begin();
    const now = stream(12, 0, 0);
    appEventsReset();
    V.mediaStop(V.ENDED_CALL, now);
    expect(appEventCount()).toBe(2);
    expect(appEventKind(0)).toBe(EV_MEDIA);
    expect(appEventA(0)).toBe(MEDIA_OFF);
    expect(appEventKind(1)).toBe(EV_MEDIA_LOSS);
  });

  it("counts the packets missing from the sequence as lost (RFC 3550 A.3: expected minus received)", () => {
    begin();
    const now = stream(12, 5, 7);
    appEventsReset();
    V.mediaStop(V.ENDED_CALL, now);
    expect(appEventA(1)).toBe(2);
  });

  it("counts each missing frame the speaker played concealed (the jitter buffer's holes)", () => {
    begin();
    // With 3 frames of depth, the tick after packet 12 plays frame 9: holes 5 and 7 were played concealed.
    const now = stream(12, 5, 7);
    appEventsReset();
    V.mediaStop(V.ENDED_CALL, now);
    expect(appEventB(1)).toBe(2);
  });

  it("reports nothing lost nor concealed for a call whose peer sent no RTP (no source believed, RFC 3550 A.1)", () => {
    begin();
    stream(12, 5, 7); // a first call leaves its counts behind
    V.mediaStop(V.ENDED_CALL, 300);
    begin();
    V.mediaOutClear();
    V.mediaAudio(20);
    appEventsReset();
    V.mediaStop(V.ENDED_CALL, 40);
    expect(appEventA(1)).toBe(0);
    expect(appEventB(1)).toBe(0);
  });
});
