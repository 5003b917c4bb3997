// Answering an offer (assembly/sdp/answer.ts, RFC 3264 §6): one m-line per
// offered m-line in its order, the first usable audio stream answered with
// the first codec of the offer the station has, every other stream refused
// with port 0, the direction mirrored, and 488 when nothing fits.
import * as S from "../../../assembly/sdp/session";
import * as E from "../../../assembly/sdp/errors";
import { parseSdp } from "../../../assembly/sdp/parse";
import { answerOffer } from "../../../assembly/sdp/answer";
import { LAW_ULAW, LAW_ALAW, NO_EVENTS, remoteAddress } from "../../../assembly/sdp/local";
import { body, station, text, ipv4, BODY, RECORD, OUT, OUT_CAPACITY, LOCAL, AGREED } from "./sdp-support";

const HEAD = "v=0\r\no=peer 10 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n";

/** Parses the offer s and answers it: the answer's length, or minus its error. */
function answer(s: string): i32 {
  const n = body(s);
  const r = parseSdp(BODY, n, RECORD);
  if (r != E.SDP_OK) return -100 - r;
  return answerOffer(BODY, n, RECORD, LOCAL, AGREED, OUT, OUT_CAPACITY);
}

/** The answer to s as text. */
function answerText(s: string): string {
  const n = answer(s);
  return n > 0 ? text(OUT, n) : "<" + n.toString() + ">";
}

const STATION_HEAD = "v=0\r\no=- 7 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n";

describe("answering an offer (RFC 3264 §6)", () => {
  it("§6.1: the answer takes the first codec of the offer the station has (the offerer's order)", () => {
    station();
    answer(HEAD + "m=audio 5000 RTP/AVP 8 0\r\n");
    expect(AGREED.codecPt).toBe(8);
    expect(AGREED.law).toBe(LAW_ALAW);
  });

  it("§6.1: a dynamic payload type mapped to PCMU is answered with the offer's number", () => {
    station();
    expect(answerText(HEAD + "m=audio 5000 RTP/AVP 96\r\na=rtpmap:96 PCMU/8000\r\n")).toBe(STATION_HEAD +
      "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n");
    expect(AGREED.law).toBe(LAW_ULAW);
  });

  it("the agreed remote is the offer's address and port, RTCP at port + 1 (RFC 3550 §11)", () => {
    station();
    answer(HEAD + "m=audio 5000 RTP/AVP 0\r\n");
    expect(ipv4(remoteAddress(AGREED))).toBe("192.0.2.20");
    expect(S.addressPort(remoteAddress(AGREED))).toBe(5000);
    expect(AGREED.rtcpPort).toBe(5001);
  });

  it("RFC 3605 §2.1: a=rtcp moves the RTCP port", () => {
    station();
    answer(HEAD + "m=audio 5000 RTP/AVP 0\r\na=rtcp:6000\r\n");
    expect(AGREED.rtcpPort).toBe(6000);
  });

  it("the peer's ptime is kept; the answer says ours", () => {
    station();
    expect(answerText(HEAD + "m=audio 5000 RTP/AVP 0\r\na=ptime:30\r\n").includes("a=ptime:20\r\n")).toBe(true);
    expect(AGREED.ptime).toBe(30);
  });

  it("RFC 4733 §2.1: telephone-event is answered on the offerer's payload type when both have it", () => {
    station();
    expect(answerText(HEAD + "m=audio 5000 RTP/AVP 0 96\r\na=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-16\r\n")).toBe(STATION_HEAD +
      "m=audio 4000 RTP/AVP 0 96\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-15\r\na=ptime:20\r\na=sendrecv\r\n");
    expect(AGREED.eventsPt).toBe(96);
  });

  it("telephone-event is left out when the station does not take events", () => {
    station();
    LOCAL.events = 0;
    expect(answerText(HEAD + "m=audio 5000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n").includes("telephone-event")).toBe(false);
    expect(AGREED.eventsPt).toBe(NO_EVENTS);
  });

  it("telephone-event is left out when the offer lacks it", () => {
    station();
    answer(HEAD + "m=audio 5000 RTP/AVP 0\r\n");
    expect(AGREED.eventsPt).toBe(NO_EVENTS);
  });

  it("§6.1: sendonly is answered recvonly, and the peer holds the call (§8.4)", () => {
    station();
    expect(answerText(HEAD + "m=audio 5000 RTP/AVP 0\r\na=sendonly\r\n").includes("a=recvonly\r\n")).toBe(true);
    expect(AGREED.direction).toBe(S.DIR_RECVONLY);
    expect(AGREED.hold).toBe(1);
  });

  it("§6.1: recvonly is answered sendonly", () => {
    station();
    expect(answerText(HEAD + "m=audio 5000 RTP/AVP 0\r\na=recvonly\r\n").includes("a=sendonly\r\n")).toBe(true);
    expect(AGREED.hold).toBe(0);
  });

  it("§6.1: inactive is answered inactive", () => {
    station();
    expect(answerText(HEAD + "m=audio 5000 RTP/AVP 0\r\na=inactive\r\n").includes("a=inactive\r\n")).toBe(true);
    expect(AGREED.hold).toBe(1);
  });

  it("§6.1: the answer stays within what the station wants (sendonly station, sendrecv offer)", () => {
    station();
    LOCAL.direction = S.DIR_SENDONLY;
    expect(answerText(HEAD + "m=audio 5000 RTP/AVP 0\r\n").includes("a=sendonly\r\n")).toBe(true);
  });

  it("§8.4: an offer with c=0.0.0.0 (RFC 2543 hold) is a hold: the station does not send", () => {
    station();
    answer("v=0\r\no=peer 10 1 IN IP4 192.0.2.20\r\nc=IN IP4 0.0.0.0\r\nm=audio 5000 RTP/AVP 0\r\n");
    expect(AGREED.hold).toBe(1);
    expect(AGREED.direction).toBe(S.DIR_RECVONLY);
  });

  it("§6: a video stream is refused with port 0, keeping its media type, proto and a format", () => {
    station();
    expect(answerText(HEAD + "m=video 6000 RTP/AVP 31 32\r\nm=audio 5000 RTP/AVP 0\r\n")).toBe(STATION_HEAD +
      "m=video 0 RTP/AVP 31\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n");
  });

  it("§6: a second audio stream is refused; the station answers one", () => {
    station();
    const a = answerText(HEAD + "m=audio 5000 RTP/AVP 0\r\nm=audio 5002 RTP/AVP 8\r\n");
    expect(a.includes("m=audio 4000 RTP/AVP 0\r\n")).toBe(true);
    expect(a.includes("m=audio 0 RTP/AVP 8\r\n")).toBe(true);
  });

  it("§6: audio over RTP/SAVP is refused (no SRTP); a later RTP/AVP stream is taken", () => {
    station();
    const a = answerText(HEAD + "m=audio 5000 RTP/SAVP 0\r\nm=audio 5002 RTP/AVP 0\r\n");
    expect(a.includes("m=audio 0 RTP/SAVP 0\r\nm=audio 4000 RTP/AVP 0\r\n")).toBe(true);
  });

  it("m-lines past MAX_MEDIA are refused with port 0, each in its place", () => {
    station();
    let s = HEAD;
    for (let i = 0; i < 6; i++) s += "m=text " + (7000 + i).toString() + " RTP/AVP 98\r\n";
    s += "m=audio 5000 RTP/AVP 0\r\n";
    // The audio stream is the seventh: past what the station keeps, so nothing is in common.
    expect(answer(s)).toBe(-E.ERR_NOTHING_IN_COMMON);
    const t = answerText(HEAD + "m=audio 5000 RTP/AVP 0\r\nm=a 1 b c\r\nm=a 2 b c\r\nm=a 3 b c\r\nm=image 9 udptl t38\r\n");
    expect(t.includes("m=a 0 b c\r\nm=a 0 b c\r\nm=a 0 b c\r\nm=image 0 udptl t38\r\n")).toBe(true);
  });

  it("RFC 3261 §21.4.26: no codec in common is ERR_NOTHING_IN_COMMON (the caller sends 488), nothing agreed", () => {
    station();
    expect(answer(HEAD + "m=audio 5000 RTP/AVP 3 18\r\n")).toBe(-E.ERR_NOTHING_IN_COMMON);
    expect(AGREED.valid).toBe(0);
  });

  it("§6: an offer with only video is ERR_NOTHING_IN_COMMON", () => {
    station();
    expect(answer(HEAD + "m=video 6000 RTP/AVP 31\r\n")).toBe(-E.ERR_NOTHING_IN_COMMON);
  });

  it("an audio stream without any c= address cannot be answered", () => {
    station();
    expect(answer("v=0\r\no=peer 1 1 IN IP4 192.0.2.20\r\nm=audio 5000 RTP/AVP 0\r\n")).toBe(-E.ERR_NOTHING_IN_COMMON);
  });

  it("an answer that does not fit the caller's buffer is ERR_NO_ROOM, and leaves the rest of memory alone", () => {
    station();
    const n = body(HEAD + "m=audio 5000 RTP/AVP 0\r\n");
    parseSdp(BODY, n, RECORD);
    store<u8>(OUT + 60, 0xee);
    expect(answerOffer(BODY, n, RECORD, LOCAL, AGREED, OUT, 60)).toBe(-E.ERR_NO_ROOM);
    expect(load<u8>(OUT + 60)).toBe(0xee);
    expect(AGREED.valid).toBe(0);
    expect(LOCAL.version).toBe(0);
  });
});
