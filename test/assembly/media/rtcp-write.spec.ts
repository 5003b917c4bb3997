// Our RTCP compound packet (rtcp-write.ts, RFC 3550 §6.1): RR or SR first,
// the report block about the peer (§6.4.1), SDES CNAME (§6.5.1), BYE (§6.6).
import { writeRtcp, RTCP_SR, RTCP_RR, RTCP_SDES, RTCP_BYE, SDES_CNAME, CNAME_MAX } from "../../../assembly/media/rtcp-write";
import { parseRtcp, RTCP_OK } from "../../../assembly/media/rtcp-read";
import { ntpFromMs } from "../../../assembly/media/rtcp";
import { senderTimestampAt } from "../../../assembly/media/sender";
import { bytes, get32 } from "./octets";
import { S, R, ST, OUR_SSRC, PEER_SSRC, start, sendFrames, receiveFrames } from "./rtcp-support";

const CNAME = "door@192.0.2.10"; // 15 octets: the SDES chunk is 4 + 2 + 15 + 1 null = 22, padded to 24
const NAME: usize = memory.data(300);

function name(length: i32): usize {
  for (let i = 0; i < length; i++) store<u8>(NAME + <usize>i, i < CNAME.length ? <u8>CNAME.charCodeAt(i) : 0x61);
  return NAME;
}

/** Writes our compound at time `now` into the scratch area. */
function write(now: u32, bye: bool): i32 {
  return writeRtcp(bytes(), 1500, S, R, ST, name(CNAME.length), CNAME.length, ntpFromMs(now), now, bye);
}

function octet(o: i32): i32 { return <i32>load<u8>(bytes() + <usize>o); }
function length16(o: i32): i32 { return (octet(o + 2) << 8) | octet(o + 3); }

describe("our RTCP compound packet (rtcp-write.ts, RFC 3550 §6.1)", () => {
  beforeEach(() => { start(); });

  it("§6.4.2: with nothing sent and nobody heard the report is an empty RR, then SDES: 36 octets", () => {
    expect(write(3000, false)).toBe(8 + 28);
    expect(octet(0)).toBe(0x80);
    expect(octet(1)).toBe(RTCP_RR);
    expect(length16(0)).toBe(1);
    expect(get32(4)).toBe(OUR_SSRC);
  });

  it("§6.5.1: SDES holds one chunk: our SSRC, CNAME with its length and text, then nulls to the 32-bit boundary", () => {
    write(3000, false);
    expect(octet(8)).toBe(0x81);
    expect(octet(9)).toBe(RTCP_SDES);
    expect(length16(8)).toBe(6);
    expect(get32(12)).toBe(OUR_SSRC);
    expect(octet(16)).toBe(SDES_CNAME);
    expect(octet(17)).toBe(CNAME.length);
    let text = "";
    for (let i = 0; i < CNAME.length; i++) text += String.fromCharCode(octet(18 + i));
    expect(text).toBe(CNAME);
    for (let o = 18 + CNAME.length; o < 36; o++) expect(octet(o)).toBe(0);
  });

  it("§6.4.1: after sending RTP the report is an SR: NTP time, the RTP time of that instant, packets and payload octets", () => {
    sendFrames(3); // the last at 40 ms with timestamp 1320
    expect(write(1500, false)).toBe(28 + 28);
    expect(octet(1)).toBe(RTCP_SR);
    expect(length16(0)).toBe(6);
    expect(get32(8)).toBe(1);
    expect(get32(12)).toBe(0x80000000);
    expect(get32(16)).toBe(senderTimestampAt(S, 1500));
    expect(get32(16)).toBe(1320 + 1460 * 8);
    expect(get32(20)).toBe(3);
    expect(get32(24)).toBe(480);
  });

  it("§6.4: the report after an SR with no RTP sent since is an RR", () => {
    sendFrames(1);
    write(1500, false);
    expect(write(6500, false)).toBe(36);
    expect(octet(1)).toBe(RTCP_RR);
  });

  it("§6.4.1: once the peer's source is believed the report carries its block: SSRC, loss, highest sequence, jitter, no LSR yet", () => {
    receiveFrames(10, 13);
    receiveFrames(15, 20); // 14 lost of 11..20
    expect(write(3000, false)).toBe(32 + 28);
    expect(octet(0)).toBe(0x81);
    expect(length16(0)).toBe(7);
    expect(get32(8)).toBe(PEER_SSRC);
    expect(get32(12)).toBe((((1 << 8) / 10) << 24) | 1);
    expect(get32(16)).toBe(20);
    expect(get32(20)).toBe(0);
    expect(get32(24)).toBe(0);
    expect(get32(28)).toBe(0);
  });

  it("§6.4.1: a negative cumulative loss (duplicates) is written as 24-bit two's complement", () => {
    receiveFrames(10, 12);
    receiveFrames(12, 12);
    receiveFrames(12, 12);
    write(3000, false);
    expect(get32(12) & 0xFFFFFF).toBe(0xFFFFFE);
  });

  it("§6.4.1: after the peer's SR, LSR is its NTP middle 32 bits and DLSR the delay since, in 1/65536 s", () => {
    receiveFrames(10, 12);
    ST.srSeen = 1;
    ST.peerLsr = 0x12345678;
    ST.peerSrAt = 2000;
    write(2500, false);
    expect(get32(24)).toBe(0x12345678);
    expect(get32(28)).toBe(32768);
  });

  it("§6.6: at the end of the call BYE with our SSRC closes the compound", () => {
    const n = write(3000, true);
    expect(n).toBe(44);
    expect(octet(36)).toBe(0x81);
    expect(octet(37)).toBe(RTCP_BYE);
    expect(length16(36)).toBe(1);
    expect(get32(40)).toBe(OUR_SSRC);
  });

  it("A.2: what we write passes the validity checks of a receiver", () => {
    sendFrames(2);
    receiveFrames(10, 12);
    const n = write(3000, true);
    expect(parseRtcp(bytes(), n, ST, R, PEER_SSRC, ntpFromMs(3000), 3000)).toBe(RTCP_OK);
  });

  it("a buffer too small for the whole compound gets -1", () => {
    expect(writeRtcp(bytes(), 35, S, R, ST, name(CNAME.length), CNAME.length, 0, 0, false)).toBe(-1);
    expect(writeRtcp(bytes(), 36, S, R, ST, name(CNAME.length), CNAME.length, 0, 0, false)).toBe(36);
  });

  it("§6.5.1: an empty CNAME, or one longer than its 8-bit length, gets -1", () => {
    expect(writeRtcp(bytes(), 1500, S, R, ST, name(0), 0, 0, 0, false)).toBe(-1);
    expect(writeRtcp(bytes(), 1500, S, R, ST, name(CNAME_MAX + 1), CNAME_MAX + 1, 0, 0, false)).toBe(-1);
    expect(writeRtcp(bytes(), 1500, S, R, ST, name(CNAME_MAX), CNAME_MAX, 0, 0, false)).toBe(8 + 4 + 264);
  });
});
