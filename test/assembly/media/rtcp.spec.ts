// When RTCP reports go out (rtcp.ts, RFC 3550 §6.3.1 and A.7) and the
// NTP-form time they carry (§4, §6.4.1), from the board's millisecond clock.
import {
  RtcpState, RTCP_STATE_SIZE, rtcpInterval, rtcpStart, rtcpDue, rtcpSent, rtcpAverage,
  ntpFromMs, ntpMiddle, msToNtpShort, ntpShortToMs, FIRST_SIZE_GUESS,
} from "../../../assembly/media/rtcp";

const ST = changetype<RtcpState>(memory.data(RTCP_STATE_SIZE, 8));
const LOWEST: u32 = 0;
const MIDDLE: u32 = 0x80000000;
const HIGHEST: u32 = 0xFFFFFFFF;

describe("the RTCP report interval (rtcp.ts, RFC 3550 §6.3.1, A.7)", () => {
  it("§6.3.1: the minimum is 5 s; randomized by 0.5 and divided by e - 3/2 the shortest is 2052 ms", () => {
    expect(rtcpInterval(LOWEST, false, FIRST_SIZE_GUESS)).toBe(2052);
  });

  it("§6.3.1: a factor of 1 gives 5 s / 1.21828 = 4104 ms", () => {
    expect(rtcpInterval(MIDDLE, false, FIRST_SIZE_GUESS)).toBe(4104);
  });

  it("§6.3.1: the factor stays under 1.5: the longest is 6155 ms", () => {
    expect(rtcpInterval(HIGHEST, false, FIRST_SIZE_GUESS)).toBe(6155);
  });

  it("§6.3.1: before the first report the minimum is halved: 1026 ms at the lowest factor", () => {
    expect(rtcpInterval(LOWEST, true, FIRST_SIZE_GUESS)).toBe(1026);
  });

  it("§6.3.1: when the average size × members / bandwidth exceeds the minimum it rules: 2000 octets give 8 s / 1.21828", () => {
    expect(rtcpInterval(MIDDLE, false, 2000)).toBe(6566);
  });

  it("§6.3.2: the first report is due after the randomized half interval from the start, not before", () => {
    rtcpStart(ST, 0xFFFFFF00, LOWEST);
    expect(rtcpDue(ST, 0xFFFFFF00 + 1025)).toBe(false);
    expect(rtcpDue(ST, 0xFFFFFF00 + 1026)).toBe(true);
  });

  it("§6.3.6: once a report went out, the next is due a full interval later", () => {
    rtcpStart(ST, 0, LOWEST);
    rtcpSent(ST, 72, 1026, MIDDLE);
    expect(rtcpDue(ST, 1026 + 4103)).toBe(false);
    expect(rtcpDue(ST, 1026 + 4104)).toBe(true);
  });

  it("§6.3.3: the average size moves 1/16 of the way to each packet's size with 28 octets of IP/UDP", () => {
    rtcpStart(ST, 0, LOWEST);
    rtcpAverage(ST, 260); // 288 with the headers: 100 + (288 - 100) / 16 = 111.75
    expect(ST.avgSize).toBe(111);
  });
});

describe("NTP-form time from the millisecond clock (rtcp.ts, RFC 3550 §4)", () => {
  it("§4: seconds in the high 32 bits, the fraction of a second in the low 32", () => {
    expect(ntpFromMs(1500)).toBe((<u64>1 << 32) | 0x80000000);
    expect(ntpFromMs(0)).toBe(0);
  });

  it("§6.4.1: the compact form is the middle 32 bits: 16 bits of seconds, 16 of fraction", () => {
    expect(ntpMiddle(ntpFromMs(70250))).toBe((70 << 16) | 0x4000);
  });

  it("§6.4.1: DLSR counts 1/65536 s: one second is 65536, 250 ms is 16384, and back", () => {
    expect(msToNtpShort(1000)).toBe(65536);
    expect(msToNtpShort(250)).toBe(16384);
    expect(ntpShortToMs(16384)).toBe(250);
  });
});
