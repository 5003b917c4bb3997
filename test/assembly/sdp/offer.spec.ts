// The station as offerer (assembly/sdp/offer.ts, RFC 3264 §5, §7): the
// offer it writes, and what it takes from the answer.
import * as S from "../../../assembly/sdp/session";
import * as E from "../../../assembly/sdp/errors";
import { parseSdp } from "../../../assembly/sdp/parse";
import { writeOffer, acceptAnswer, MAX_OFFER_LENGTH } from "../../../assembly/sdp/offer";
import { LAW_ALAW, LAW_ULAW, NO_EVENTS, remoteAddress, localDefaults } from "../../../assembly/sdp/local";
import { address, body, station, text, ipv4, BODY, RECORD, OUT, OUT_CAPACITY, LOCAL, AGREED } from "./sdp-support";

function offerText(): string {
  const n = writeOffer(LOCAL, OUT, OUT_CAPACITY);
  return n > 0 ? text(OUT, n) : "<" + n.toString() + ">";
}

/** Parses the answer s and accepts it: the result. */
function accept(s: string): i32 {
  const r = parseSdp(BODY, body(s), RECORD);
  if (r != E.SDP_OK) return 100 + r;
  return acceptAnswer(RECORD, LOCAL, AGREED);
}

const ANSWER_HEAD = "v=0\r\no=peer 55 55 IN IP4 192.0.2.30\r\ns=-\r\nc=IN IP4 192.0.2.30\r\nt=0 0\r\n";

describe("writing an offer (RFC 3264 §5)", () => {
  it("§5: the offer has our origin, address, one audio stream with our codecs in order, events, ptime and direction", () => {
    station();
    expect(offerText()).toBe("v=0\r\no=- 7 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
      "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
      "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n");
  });

  it("§8: every new offer carries the next o= version", () => {
    station();
    writeOffer(LOCAL, OUT, OUT_CAPACITY);
    expect(offerText().includes("o=- 7 2 IN IP4")).toBe(true);
  });

  it("the preference list decides the order: PCMA first", () => {
    station();
    LOCAL.codec0 = 8;
    LOCAL.codec1 = 0;
    expect(offerText().includes("m=audio 4000 RTP/AVP 8 0 101\r\n")).toBe(true);
  });

  it("RFC 4733: without events taken, telephone-event is not offered", () => {
    station();
    LOCAL.events = 0;
    const t = offerText();
    expect(t.includes("m=audio 4000 RTP/AVP 0 8\r\n")).toBe(true);
    expect(t.includes("telephone-event")).toBe(false);
  });

  it("§8.4: to hold, the station offers sendonly", () => {
    station();
    LOCAL.direction = S.DIR_SENDONLY;
    expect(offerText().includes("a=sendonly\r\n")).toBe(true);
  });

  it("an offer that does not fit is ERR_NO_ROOM and does not use up a version", () => {
    station();
    expect(writeOffer(LOCAL, OUT, 50)).toBe(-E.ERR_NO_ROOM);
    expect(LOCAL.version).toBe(0);
  });

  it("the station's own offer parses back to what it says", () => {
    station();
    const n = writeOffer(LOCAL, OUT, OUT_CAPACITY);
    expect(parseSdp(OUT, n, RECORD)).toBe(E.SDP_OK);
    const m = S.media(RECORD, 0);
    expect(m.port).toBe(4000);
    expect(S.encoding(m, 2)).toBe(S.ENC_EVENTS);
    expect(m.events).toBe(0xffff);
  });
});

describe("taking the answer (RFC 3264 §6, §7)", () => {
  it("the agreed codec is the answer's, and where to send is its address and port", () => {
    station();
    expect(accept(ANSWER_HEAD + "m=audio 6000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\n")).toBe(E.SDP_OK);
    expect(AGREED.codecPt).toBe(8);
    expect(AGREED.law).toBe(LAW_ALAW);
    expect(AGREED.eventsPt).toBe(101);
    expect(ipv4(remoteAddress(AGREED))).toBe("192.0.2.30");
    expect(S.addressPort(remoteAddress(AGREED))).toBe(6000);
  });

  it("§6.1: the answer's first codec that we offered is taken, one we did not offer is passed over", () => {
    station();
    expect(accept(ANSWER_HEAD + "m=audio 6000 RTP/AVP 18 0\r\n")).toBe(E.SDP_OK);
    expect(AGREED.codecPt).toBe(0);
    expect(AGREED.law).toBe(LAW_ULAW);
  });

  it("§6.1: an answer whose codecs we never offered is ERR_NOT_OFFERED", () => {
    station();
    expect(accept(ANSWER_HEAD + "m=audio 6000 RTP/AVP 18\r\n")).toBe(E.ERR_NOT_OFFERED);
    expect(AGREED.valid).toBe(0);
  });

  it("the answer's telephone-event payload type is the one the station sends events with", () => {
    station();
    accept(ANSWER_HEAD + "m=audio 6000 RTP/AVP 0 96\r\na=rtpmap:96 telephone-event/8000\r\n");
    expect(AGREED.eventsPt).toBe(96);
  });

  it("no telephone-event in the answer: none agreed", () => {
    station();
    accept(ANSWER_HEAD + "m=audio 6000 RTP/AVP 0\r\n");
    expect(AGREED.eventsPt).toBe(NO_EVENTS);
  });

  it("§6: an answer with another number of m-lines than our offer is ERR_MEDIA_MISMATCH", () => {
    station();
    expect(accept(ANSWER_HEAD + "m=audio 6000 RTP/AVP 0\r\nm=video 0 RTP/AVP 31\r\n")).toBe(E.ERR_MEDIA_MISMATCH);
  });

  it("§6: an answer refusing our audio stream (port 0) is ERR_NOTHING_IN_COMMON", () => {
    station();
    expect(accept(ANSWER_HEAD + "m=audio 0 RTP/AVP 0\r\n")).toBe(E.ERR_NOTHING_IN_COMMON);
  });

  it("§6.1: a recvonly answer leaves the station only sending", () => {
    station();
    accept(ANSWER_HEAD + "m=audio 6000 RTP/AVP 0\r\na=recvonly\r\n");
    expect(AGREED.direction).toBe(S.DIR_SENDONLY);
    expect(AGREED.hold).toBe(0);
  });

  it("§6.1: our sendonly offer answered recvonly agrees on sendonly from our side", () => {
    station();
    LOCAL.direction = S.DIR_SENDONLY;
    accept(ANSWER_HEAD + "m=audio 6000 RTP/AVP 0\r\na=recvonly\r\n");
    expect(AGREED.direction).toBe(S.DIR_SENDONLY);
  });

  it("the answer's o= is kept, for its later re-offers (RFC 3264 §8)", () => {
    station();
    accept(ANSWER_HEAD + "m=audio 6000 RTP/AVP 0\r\n");
    expect(AGREED.remoteSession).toBe(55);
    expect(AGREED.remoteVersion).toBe(55);
  });
});

describe("the text buffer", () => {
  it("the longest offer the station can write is MAX_OFFER_LENGTH octets", () => {
    localDefaults(LOCAL, address("255.255.255.255"), 65535, 0x7fffffffffffffff);
    LOCAL.version = 0xfffffffffffffffe;
    LOCAL.eventsPt = 127;
    LOCAL.ptime = 255;
    LOCAL.direction = S.DIR_INACTIVE;
    const n = writeOffer(LOCAL, OUT, OUT_CAPACITY);
    expect(n).toBe(MAX_OFFER_LENGTH);
    LOCAL.version = 0xfffffffffffffffe;
    expect(writeOffer(LOCAL, OUT, MAX_OFFER_LENGTH - 1)).toBe(-E.ERR_NO_ROOM);
  });
});
