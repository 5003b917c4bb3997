// Reading the peer's RTCP (rtcp-read.ts): what is kept of a valid compound
// (RFC 3550 §6.4.1 SR and report blocks, §6.6 BYE), and the hostile ones the
// validity checks of A.2 refuse without reading past the datagram.
import {
  parseRtcp, RTCP_OK, RTCP_TRUNCATED, RTCP_BAD_VERSION, RTCP_NOT_REPORT_FIRST, RTCP_PAST_END,
  RTCP_BAD_PADDING, RTCP_COUNT_TOO_LARGE,
} from "../../../assembly/media/rtcp-read";
import { ntpFromMs } from "../../../assembly/media/rtcp";
import { bytes, put, set32 } from "./octets";
import { R, ST, OUR_SSRC, PEER_SSRC, start, receiveFrames } from "./rtcp-support";

/** Parses the first `length` scratch octets at time `now`. */
function parse(length: i32, now: u32): i32 { return parseRtcp(bytes(), length, ST, R, OUR_SSRC, ntpFromMs(now), now); }

/** An SR of `ssrc` at offset o with NTP time `ntpMs` and no report block: 28 octets. */
function sr(o: i32, ssrc: u32, ntpMs: u32): i32 {
  set32(o, 0x80C80006);
  set32(o + 4, ssrc);
  const ntp = ntpFromMs(ntpMs);
  set32(o + 8, <u32>(ntp >> 32));
  set32(o + 12, <u32>ntp);
  for (let i = 16; i < 28; i++) store<u8>(bytes() + <usize>(o + i), 0);
  return 28;
}

/** An RR of the peer at offset o with one block about `about`: 32 octets. */
function rr(o: i32, about: u32, fraction: u32, jitter: u32, lsr: u32, dlsr: u32): i32 {
  set32(o, 0x81C90007);
  set32(o + 4, PEER_SSRC);
  set32(o + 8, about);
  set32(o + 12, (fraction << 24) | 3);
  set32(o + 16, 1000);
  set32(o + 20, jitter);
  set32(o + 24, lsr);
  set32(o + 28, dlsr);
  return 32;
}

/** A BYE at offset o naming `ssrc`: 8 octets. */
function bye(o: i32, ssrc: u32): i32 {
  set32(o, 0x81CB0001);
  set32(o + 4, ssrc);
  return 8;
}

describe("the peer's RTCP (rtcp-read.ts, RFC 3550 §6.4.1, §6.6)", () => {
  beforeEach(() => { start(); });

  it("§6.4.1: an SR of the peer's source keeps the middle 32 bits of its NTP time and when it came", () => {
    receiveFrames(1, 3);
    expect(parse(sr(0, PEER_SSRC, 70250), 5000)).toBe(RTCP_OK);
    expect(ST.srSeen).toBe(1);
    expect(ST.peerLsr).toBe((70 << 16) | 0x4000);
    expect(ST.peerSrAt).toBe(5000);
  });

  it("an SR before any RTP of the peer came is kept (its source is the only one known)", () => {
    expect(parse(sr(0, 0x77777777, 1000), 5000)).toBe(RTCP_OK);
    expect(ST.srSeen).toBe(1);
  });

  it("§8.2: an SR of a source other than the peer's RTP source is not kept", () => {
    receiveFrames(1, 3);
    expect(parse(sr(0, 0x77777777, 1000), 5000)).toBe(RTCP_OK);
    expect(ST.srSeen).toBe(0);
  });

  it("§6.4.1: the peer's block about our SSRC gives fraction lost, jitter and the round trip A - LSR - DLSR", () => {
    const lsr = <u32>(ntpFromMs(10000) >> 16);
    expect(parse(rr(0, OUR_SSRC, 64, 40, lsr, 65536), 11250)).toBe(RTCP_OK);
    expect(ST.peerFractionLost).toBe(64);
    expect(ST.peerJitter).toBe(40);
    expect(ST.rttMs).toBe(250);
  });

  it("§6.4.1: a block about another source, or one with LSR 0, leaves our figures alone", () => {
    expect(parse(rr(0, 0x12121212, 64, 40, 5, 5), 11250)).toBe(RTCP_OK);
    expect(ST.peerFractionLost).toBe(0);
    expect(parse(rr(0, OUR_SSRC, 64, 40, 0, 0), 11250)).toBe(RTCP_OK);
    expect(ST.rttMs).toBe(0);
  });

  it("§6.6: a BYE naming the peer's source is noticed", () => {
    receiveFrames(1, 3);
    let n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    n += bye(n, PEER_SSRC);
    expect(parse(n, 9000)).toBe(RTCP_OK);
    expect(ST.byeSeen).toBe(1);
  });

  it("§6.6: a BYE naming only another source is not the peer leaving", () => {
    receiveFrames(1, 3);
    let n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    n += bye(n, 0x77777777);
    expect(parse(n, 9000)).toBe(RTCP_OK);
    expect(ST.byeSeen).toBe(0);
  });

  it("§6.6: a BYE naming no source (count 0, length 0) is valid and names nobody", () => {
    let n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    set32(n, 0x80CB0000);
    n += 4;
    expect(parse(n, 9000)).toBe(RTCP_OK);
    expect(ST.byeSeen).toBe(0);
  });

  it("padding in the last packet is allowed and its count skipped", () => {
    let n = sr(0, PEER_SSRC, 1000);
    set32(n, 0xA1CB0002); // BYE of one source with padding: header, SSRC, 4 octets of padding
    set32(n + 4, PEER_SSRC);
    set32(n + 8, 0x00000004);
    n += 12;
    expect(parse(n, 9000)).toBe(RTCP_OK);
    expect(ST.byeSeen).toBe(1);
  });
});

describe("hostile RTCP (rtcp-read.ts, RFC 3550 A.2)", () => {
  beforeEach(() => { start(); });

  it("A.2: a zero-length datagram, or one shorter than a header, is refused", () => {
    expect(parse(0, 0)).toBe(RTCP_TRUNCATED);
    put([0x80, 0xC9, 0]);
    expect(parse(3, 0)).toBe(RTCP_TRUNCATED);
    expect(parseRtcp(bytes(), -8, ST, R, OUR_SSRC, 0, 0)).toBe(RTCP_TRUNCATED);
  });

  it("A.2: a version other than 2, in the first packet or a later one, is refused", () => {
    put([0x40, 0xC9, 0, 1, 1, 2, 3, 4]);
    expect(parse(8, 0)).toBe(RTCP_BAD_VERSION);
    const n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    bye(n, PEER_SSRC);
    store<u8>(bytes() + <usize>n, 0x01);
    expect(parse(n + 8, 0)).toBe(RTCP_BAD_VERSION);
  });

  it("§6.1, A.2: a compound that does not start with SR or RR is refused", () => {
    put([0x81, 0xCA, 0, 1, 1, 2, 3, 4]);
    expect(parse(8, 0)).toBe(RTCP_NOT_REPORT_FIRST);
    bye(0, PEER_SSRC);
    expect(parse(8, 0)).toBe(RTCP_NOT_REPORT_FIRST);
  });

  it("A.2: a length field pointing past the end of the datagram is refused", () => {
    put([0x80, 0xC9, 0xFF, 0xFF, 1, 2, 3, 4]);
    expect(parse(8, 0)).toBe(RTCP_PAST_END);
    const n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    bye(n, PEER_SSRC);
    store<u8>(bytes() + <usize>(n + 3), 2);
    expect(parse(n + 8, 0)).toBe(RTCP_PAST_END);
  });

  it("§6.4.2: an RR whose length field is 0 (4 octets) cannot hold its SSRC and is refused", () => {
    put([0x80, 0xC9, 0, 0]);
    expect(parse(4, 0)).toBe(RTCP_COUNT_TOO_LARGE);
  });

  it("§6.4.1: 31 report blocks claimed in a 40-octet RR are refused, not read", () => {
    set32(0, 0x9FC90009);
    set32(4, PEER_SSRC);
    set32(8, OUR_SSRC);
    expect(parse(40, 0)).toBe(RTCP_COUNT_TOO_LARGE);
    expect(ST.peerFractionLost).toBe(0);
  });

  it("§6.4.1: an SR claiming one block in 28 octets is refused", () => {
    sr(0, PEER_SSRC, 1000);
    store<u8>(bytes(), 0x81);
    expect(parse(28, 0)).toBe(RTCP_COUNT_TOO_LARGE);
  });

  it("§6.6: a BYE claiming more sources than its length holds is refused", () => {
    const n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    bye(n, PEER_SSRC);
    store<u8>(bytes() + <usize>n, 0x85);
    expect(parse(n + 8, 0)).toBe(RTCP_COUNT_TOO_LARGE);
  });

  it("A.2: octets left over after the last packet, fewer than a header, are refused", () => {
    const n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    expect(parse(n + 2, 0)).toBe(RTCP_TRUNCATED);
  });

  it("A.2: padding in the first packet, or in one that is not the last, is refused", () => {
    let n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    store<u8>(bytes(), 0xA1);
    expect(parse(n, 0)).toBe(RTCP_BAD_PADDING);
    n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    n += bye(n, PEER_SSRC);
    store<u8>(bytes() + 32, 0xA1);
    bye(n, PEER_SSRC);
    expect(parse(n + 8, 0)).toBe(RTCP_BAD_PADDING);
  });

  it("§6.4.1 P: a padding count of 0 or larger than the packet is refused", () => {
    let n = rr(0, OUR_SSRC, 0, 0, 0, 0);
    set32(n, 0xA0CB0001);
    set32(n + 4, 0);
    expect(parse(n + 8, 0)).toBe(RTCP_BAD_PADDING);
    set32(n + 4, 0x000000FF);
    expect(parse(n + 8, 0)).toBe(RTCP_BAD_PADDING);
  });

  it("A.2: nothing of a refused compound is kept, not even a valid SR before the broken packet", () => {
    receiveFrames(1, 3);
    const n = sr(0, PEER_SSRC, 70250);
    bye(n, PEER_SSRC);
    store<u8>(bytes() + <usize>(n + 3), 9);
    expect(parse(n + 8, 5000)).toBe(RTCP_PAST_END);
    expect(ST.srSeen).toBe(0);
    expect(ST.byeSeen).toBe(0);
  });
});
