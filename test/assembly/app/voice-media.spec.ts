// The call's audio session (assembly/app/voice/media.ts): what it sends on
// each 20 ms tick, what it takes from whom, the DTMF keys telephone-events
// carry, the RTP timeout and the RTCP BYE at the end.
import * as V from "../../../assembly/app/voice/media";
import { RX } from "../../../assembly/sip/msg/buffers";
import { RX_PEER, setPeerIPv4 } from "../../../assembly/sip/txn/peer";
import { seedRandom } from "../../../assembly/sip/ua/random";
import { ulawEncode, LAW_ULAW } from "../../../assembly/media/g711";
import { appEventsReset, appEventCount, appEventKind, appEventA, appEventB, EV_MEDIA, MEDIA_ON, MEDIA_OFF, MEDIA_HELD } from "../../../assembly/app/events";

const PHONE: u32 = 0xc0000205; // 192.0.2.5, the SDP's address
const PROXY: u32 = 0xc0000214; // 192.0.2.20, where the call's SIP comes from
const STRANGER: u32 = 0xc0000263; // 192.0.2.99
const REMOTE: usize = memory.data(18);
const SIGNALING: usize = memory.data(18);
const TE: i32 = 101;

function start(now: u32 = 1000, timeoutMs: u32 = 0): void {
  seedRandom(1, 2, 3, 4);
  V.mediaReset();
  appEventsReset();
  setPeerIPv4(REMOTE, PHONE, 40000);
  setPeerIPv4(SIGNALING, PROXY, 5060);
  V.mediaStart(2, REMOTE, 40001, 0, LAW_ULAW, TE, true, true, SIGNALING, 60, timeoutMs, 100, now);
}

function out8(channel: i32, i: i32): u32 { return <u32>load<u8>(V.mediaOutData(channel) + <usize>i); }
function seqOut(): u32 { return (out8(V.CHANNEL_RTP, 2) << 8) | out8(V.CHANNEL_RTP, 3); }
function tsOut(): u32 { return (out8(V.CHANNEL_RTP, 4) << 24) | (out8(V.CHANNEL_RTP, 5) << 16) | (out8(V.CHANNEL_RTP, 6) << 8) | out8(V.CHANNEL_RTP, 7); }
function markerOut(): bool { return (out8(V.CHANNEL_RTP, 1) & 0x80) != 0; }
function ptOut(): i32 { return <i32>(out8(V.CHANNEL_RTP, 1) & 0x7f); }

function tick(now: u32): i32 {
  V.mediaOutClear();
  return V.mediaAudio(now);
}

/** An RTP packet into RX: payload type, sequence, timestamp, marker, then `n` payload octets of `fill`. */
function rtp(pt: i32, seq: u32, ts: u32, marker: bool, n: i32, fill: u8): i32 {
  store<u8>(RX, 0x80);
  store<u8>(RX + 1, <u8>((marker ? 0x80 : 0) | pt));
  store<u16>(RX + 2, bswap<u16>(<u16>seq));
  store<u32>(RX + 4, bswap<u32>(ts));
  store<u32>(RX + 8, bswap<u32>(0xabcdef01));
  for (let i = 0; i < n; i++) store<u8>(RX + 12 + <usize>i, fill);
  return 12 + n;
}

/** A telephone-event packet (RFC 4733 §2.3) into RX. */
function event(seq: u32, ts: u32, marker: bool, code: u8, end: bool, duration: u32): i32 {
  const n = rtp(TE, seq, ts, marker, 0, 0);
  store<u8>(RX + 12, code);
  store<u8>(RX + 13, end ? 0x8a : 0x0a);
  store<u8>(RX + 14, <u8>(duration >> 8));
  store<u8>(RX + 15, <u8>duration);
  return n + 4;
}

function from(addr: u32, port: u32): void { setPeerIPv4(RX_PEER, addr, port); }

describe("the call's audio session (RFC 3550, RFC 3551, RFC 4733)", () => {
  it("starting reports `media` on with the payload type, and nothing is sent before the first tick", () => {
    start();
    expect(appEventCount()).toBe(1);
    expect(appEventKind(0)).toBe(EV_MEDIA);
    expect(appEventA(0)).toBe(MEDIA_ON);
    expect(appEventB(0)).toBe(0);
    expect(V.mediaOutLength(V.CHANNEL_RTP)).toBe(0);
  });

  it("each tick sends the microphone's 20 ms as one PCMU packet of 160 octets: marker on the first (RFC 3551 §4.1), sequence +1 and timestamp +160 after", () => {
    start();
    for (let i = 0; i < 160; i++) store<i16>(V.MIC + <usize>(i << 1), <i16>(i * 100));
    expect(tick(1020)).toBe(1);
    expect(V.mediaOutLength(V.CHANNEL_RTP)).toBe(172);
    expect(ptOut()).toBe(0);
    expect(markerOut()).toBe(true);
    expect(out8(V.CHANNEL_RTP, 12 + 7)).toBe(<u32>ulawEncode(700));
    const seq = seqOut();
    const ts = tsOut();
    tick(1040);
    expect(markerOut()).toBe(false);
    expect(seqOut()).toBe((seq + 1) & 0xffff);
    expect(tsOut()).toBe(ts + 160);
  });

  it("RTP goes to the SDP's address and port until the peer's own RTP shows where it comes from (symmetric RTP, RFC 4961)", () => {
    start();
    expect(load<u8>(V.mediaOutPeer(V.CHANNEL_RTP) + 17)).toBe(<u8>(40000 & 0xff));
    from(PHONE, 41234);
    V.mediaDatagram(rtp(0, 1, 160, true, 160, 0xff), V.CHANNEL_RTP, 1010);
    expect(load<u8>(V.mediaOutPeer(V.CHANNEL_RTP) + 16)).toBe(<u8>(41234 >> 8));
    expect(load<u8>(V.mediaOutPeer(V.CHANNEL_RTP) + 17)).toBe(<u8>(41234 & 0xff));
  });

  it("a telephone-event from a stranger on the LAN is dropped: it never yields a key", () => {
    start();
    from(STRANGER, 40000);
    expect(V.mediaDatagram(event(1, 8000, true, 5, false, 160), V.CHANNEL_RTP, 1010)).toBe(0);
  });

  it("after the peer's source is latched, another port of the same address is a stranger too", () => {
    start();
    from(PHONE, 40000);
    V.mediaDatagram(rtp(0, 1, 160, true, 160, 0xff), V.CHANNEL_RTP, 1010);
    from(PHONE, 40002);
    expect(V.mediaDatagram(event(2, 8000, true, 5, false, 160), V.CHANNEL_RTP, 1020)).toBe(0);
  });

  it("RTP from the call's signaling address is taken (a phone behind NAT announces a private address)", () => {
    start();
    from(PROXY, 30000);
    expect(V.mediaDatagram(event(1, 8000, true, 2, false, 160), V.CHANNEL_RTP, 1010)).toBe(0x32);
  });

  it("baresip's 2580#: each telephone-event yields its key once (start with marker, updates, three ends; RFC 4733 §2.5.1)", () => {
    start();
    from(PHONE, 40000);
    const codes: u8[] = [2, 5, 8, 0, 11];
    const keys: i32[] = [];
    let seq: u32 = 100;
    for (let k = 0; k < codes.length; k++) {
      const ts: u32 = 16000 + <u32>k * 4000;
      for (let d: u32 = 160; d <= 800; d += 160) {
        const key = V.mediaDatagram(event(seq++, ts, d == 160, codes[k], false, d), V.CHANNEL_RTP, 1000 + seq * 20);
        if (key != 0) keys.push(key);
      }
      for (let e = 0; e < 3; e++) {
        const key = V.mediaDatagram(event(seq++, ts, false, codes[k], true, 960), V.CHANNEL_RTP, 1000 + seq * 20);
        if (key != 0) keys.push(key);
      }
    }
    expect(keys.length).toBe(5);
    expect(keys[0]).toBe(0x32);
    expect(keys[1]).toBe(0x35);
    expect(keys[2]).toBe(0x38);
    expect(keys[3]).toBe(0x30);
    expect(keys[4]).toBe(0x23);
  });

  it("the peer's PCMU frames play after the jitter buffer's depth (60 ms: 3 frames), decoded", () => {
    start();
    from(PHONE, 40000);
    for (let i: u32 = 0; i < 6; i++) V.mediaDatagram(rtp(0, 10 + i, 1600 + i * 160, i == 0, 160, 0x80), V.CHANNEL_RTP, 1000 + i * 20);
    tick(1120);
    // 0x80 is µ-law's largest positive level, +32124 (ITU-T G.711).
    expect(load<i16>(V.SPEAKER)).toBe(32124);
  });

  it("a keypad key in the call goes as telephone-event packets instead of audio: a marked start, then the same timestamp (RFC 4733 §2.5.1.2)", () => {
    start();
    expect(V.mediaKey(0x31)).toBe(true);
    tick(1020);
    expect(ptOut()).toBe(TE);
    expect(markerOut()).toBe(true);
    expect(out8(V.CHANNEL_RTP, 12)).toBe(1);
    const ts = tsOut();
    tick(1040);
    expect(ptOut()).toBe(TE);
    expect(tsOut()).toBe(ts);
  });

  it("no RTP for the configured timeout: the call is named for ending; RTP heard meanwhile postpones it", () => {
    start(1000, 5000);
    expect(V.mediaTimedOut(5999)).toBe(-1);
    from(PHONE, 40000);
    V.mediaDatagram(rtp(0, 1, 160, true, 160, 0xff), V.CHANNEL_RTP, 4000);
    expect(V.mediaTimedOut(8999)).toBe(-1);
    expect(V.mediaNextDeadline(8999)).toBe(1);
    expect(V.mediaTimedOut(9000)).toBe(2);
  });

  it("a call put on hold (inactive) reports `media` held and sends no audio, and is never timed out", () => {
    start(1000, 5000);
    appEventsReset();
    V.mediaChange(REMOTE, 40001, 0, LAW_ULAW, TE, false, false, 2000);
    expect(appEventA(0)).toBe(MEDIA_HELD);
    tick(2020);
    expect(V.mediaOutLength(V.CHANNEL_RTP)).toBe(0);
    expect(V.mediaTimedOut(60000)).toBe(-1);
  });

  it("stopping sends an RTCP BYE to the RTCP port (RFC 3550 §6.6) and reports `media` off with the reason", () => {
    start();
    appEventsReset();
    V.mediaStop(V.ENDED_RTP_TIMEOUT, 3000);
    const n = V.mediaOutLength(V.CHANNEL_RTCP);
    expect(n).toBeGreaterThan(8);
    expect(out8(V.CHANNEL_RTCP, n - 7)).toBe(203);
    expect(load<u8>(V.mediaOutPeer(V.CHANNEL_RTCP) + 17)).toBe(<u8>(40001 & 0xff));
    expect(appEventA(0)).toBe(MEDIA_OFF);
    expect(appEventB(0)).toBe(V.ENDED_RTP_TIMEOUT);
    expect(V.mediaCall()).toBe(-1);
  });
});
