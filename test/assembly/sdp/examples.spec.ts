// Whole exchanges: the offers of RFC 4317 (SDP Offer/Answer Examples) and
// the offers real phones send (baresip, linphone), answered by the station
// with its defaults (192.0.2.10, RTP port 4000, PCMU then PCMA,
// telephone-event 0-15, ptime 20).
import * as S from "../../../assembly/sdp/session";
import * as E from "../../../assembly/sdp/errors";
import { parseSdp } from "../../../assembly/sdp/parse";
import { answerOffer } from "../../../assembly/sdp/answer";
import { writeOffer, acceptAnswer } from "../../../assembly/sdp/offer";
import { LAW_ULAW, remoteAddress } from "../../../assembly/sdp/local";
import { body, crlf, station, text, ipv4, BODY, RECORD, OUT, OUT_CAPACITY, LOCAL, AGREED } from "./sdp-support";

function answerText(s: string): string {
  const n = body(s);
  const r = parseSdp(BODY, n, RECORD);
  if (r != E.SDP_OK) return "<parse " + r.toString() + ">";
  const a = answerOffer(BODY, n, RECORD, LOCAL, AGREED, OUT, OUT_CAPACITY);
  return a > 0 ? text(OUT, a) : "<" + a.toString() + ">";
}

const STATION_HEAD = "v=0\r\no=- 7 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n";

/** RFC 4317 §2.1 (Audio and Video 1): Alice's offer, audio PCMU, PCMA, iLBC and video H.261, MPV. */
const RFC4317_2_1_OFFER = crlf([
  "v=0",
  "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com",
  "s=",
  "c=IN IP4 host.atlanta.example.com",
  "t=0 0",
  "m=audio 49170 RTP/AVP 0 8 97",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:97 iLBC/8000",
  "m=video 51372 RTP/AVP 31 32",
  "a=rtpmap:31 H261/90000",
  "a=rtpmap:32 MPV/90000",
]);

/** RFC 4317 §2.1: Bob's answer, audio PCMU and video MPV, two m-lines. */
const RFC4317_2_1_ANSWER = crlf([
  "v=0",
  "o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com",
  "s=",
  "c=IN IP4 host.biloxi.example.com",
  "t=0 0",
  "m=audio 49174 RTP/AVP 0",
  "a=rtpmap:0 PCMU/8000",
  "m=video 49170 RTP/AVP 32",
  "a=rtpmap:32 MPV/90000",
]);

/** RFC 4317 §2.6 (Audio Only 1): Alice offers PCMU or iLBC, with telephone-event. */
const RFC4317_2_6_OFFER = crlf([
  "v=0",
  "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com",
  "s=",
  "c=IN IP4 host.atlanta.example.com",
  "t=0 0",
  "m=audio 49170 RTP/AVP 0 97 98",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:97 iLBC/8000",
  "a=rtpmap:98 telephone-event/8000",
]);

/** baresip's offer with its defaults: G.711 and RFC 4733 events, plus attributes the station skips. */
const BARESIP_OFFER = crlf([
  "v=0",
  "o=- 3811263513 3811263513 IN IP4 192.168.1.50",
  "s=-",
  "c=IN IP4 192.168.1.50",
  "t=0 0",
  "m=audio 10000 RTP/AVP 0 8 101",
  "b=AS:64",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=sendrecv",
  "a=label:1",
  "a=rtcp-rsize",
  "a=ssrc:1904373245 cname:4f2c9d60-7a35-4c0e-9d2a-0b7f1c9e1a11",
  "a=rtcp-mux",
  "a=ptime:20",
]);

/** linphone's offer: many codecs before G.711, telephone-event at three clock rates, and video. */
const LINPHONE_OFFER = crlf([
  "v=0",
  "o=flat 2215 1822 IN IP4 192.168.1.60",
  "s=Talk",
  "c=IN IP4 192.168.1.60",
  "t=0 0",
  "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics",
  "a=record:off",
  "m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100",
  "a=rtpmap:96 opus/48000/2",
  "a=fmtp:96 useinbandfec=1",
  "a=rtpmap:97 speex/16000",
  "a=fmtp:97 vbr=on",
  "a=rtpmap:98 speex/8000",
  "a=fmtp:98 vbr=on",
  "a=fmtp:18 annexb=yes",
  "a=rtpmap:101 telephone-event/48000",
  "a=rtpmap:99 telephone-event/16000",
  "a=rtpmap:100 telephone-event/8000",
  "a=rtcp-fb:* trr-int 1000",
  "a=rtcp-fb:* ccm tmmbr",
  "m=video 9078 RTP/AVP 96 97",
  "a=rtpmap:96 VP8/90000",
  "a=rtpmap:97 H264/90000",
  "a=fmtp:97 profile-level-id=42801F",
  "a=rtcp-fb:* trr-int 1000",
]);

describe("RFC 4317 examples", () => {
  it("§2.1: audio answered with PCMU, the first common codec; video refused with port 0", () => {
    station();
    expect(answerText(RFC4317_2_1_OFFER)).toBe(STATION_HEAD +
      "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\nm=video 0 RTP/AVP 31\r\n");
  });

  it("§2.1: Alice's address is a name: the station agrees and learns where to send from her RTP", () => {
    station();
    answerText(RFC4317_2_1_OFFER);
    expect(AGREED.addrType).toBe(S.ADDR_NAME);
    expect(S.addressPort(remoteAddress(AGREED))).toBe(49170);
  });

  it("§2.1: Bob's answer (audio and video) does not match the station's one-stream offer", () => {
    station();
    writeOffer(LOCAL, OUT, OUT_CAPACITY);
    expect(parseSdp(BODY, body(RFC4317_2_1_ANSWER), RECORD)).toBe(E.SDP_OK);
    expect(acceptAnswer(RECORD, LOCAL, AGREED)).toBe(E.ERR_MEDIA_MISMATCH);
  });

  it("§2.6: audio only, PCMU taken and telephone-event on Alice's payload type 98", () => {
    station();
    expect(answerText(RFC4317_2_6_OFFER)).toBe(STATION_HEAD + "m=audio 4000 RTP/AVP 0 98\r\na=rtpmap:0 PCMU/8000\r\n" +
      "a=rtpmap:98 telephone-event/8000\r\na=fmtp:98 0-15\r\na=ptime:20\r\na=sendrecv\r\n");
  });
});

describe("offers of real phones", () => {
  it("baresip: PCMU and telephone-event 101 agreed; rtcp-mux, ssrc, label and b= skipped", () => {
    station();
    expect(answerText(BARESIP_OFFER)).toBe(STATION_HEAD + "m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n" +
      "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n");
    expect(ipv4(remoteAddress(AGREED))).toBe("192.168.1.50");
    expect(S.addressPort(remoteAddress(AGREED))).toBe(10000);
    expect(AGREED.rtcpPort).toBe(10001);
  });

  it("linphone: PCMU found behind opus and speex; telephone-event at 8000 Hz (payload type 100) chosen", () => {
    station();
    const a = answerText(LINPHONE_OFFER);
    expect(a.includes("m=audio 4000 RTP/AVP 0 100\r\n")).toBe(true);
    expect(AGREED.codecPt).toBe(0);
    expect(AGREED.law).toBe(LAW_ULAW);
    expect(AGREED.eventsPt).toBe(100);
  });

  it("linphone: its video stream is refused with port 0 in the second m-line", () => {
    station();
    const a = answerText(LINPHONE_OFFER);
    expect(a.endsWith("a=sendrecv\r\nm=video 0 RTP/AVP 96\r\n")).toBe(true);
  });

  it("baresip answering the station's offer: PCMU and events 101, RTP to its port", () => {
    station();
    writeOffer(LOCAL, OUT, OUT_CAPACITY);
    const answer = crlf([
      "v=0", "o=- 1277 1277 IN IP4 192.168.1.50", "s=-", "c=IN IP4 192.168.1.50", "t=0 0",
      "m=audio 10002 RTP/AVP 0 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
      "a=fmtp:101 0-15", "a=sendrecv", "a=rtcp-mux", "a=ptime:20",
    ]);
    expect(parseSdp(BODY, body(answer), RECORD)).toBe(E.SDP_OK);
    expect(acceptAnswer(RECORD, LOCAL, AGREED)).toBe(E.SDP_OK);
    expect(AGREED.codecPt).toBe(0);
    expect(AGREED.eventsPt).toBe(101);
    expect(S.addressPort(remoteAddress(AGREED))).toBe(10002);
  });
});
