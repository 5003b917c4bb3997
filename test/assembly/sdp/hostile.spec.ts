// Hostile bodies (assembly/sdp/parse.ts): each is refused with its reason or
// read safely; none traps, and nothing is read past the length given.
import * as S from "../../../assembly/sdp/session";
import * as E from "../../../assembly/sdp/errors";
import { parseSdp } from "../../../assembly/sdp/parse";
import { answerOffer } from "../../../assembly/sdp/answer";
import { parse, body, station, BODY, RECORD, OUT, LOCAL, AGREED } from "./sdp-support";

const HEAD = "v=0\r\no=peer 1 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n";

function repeat(c: string, n: i32): string {
  let s = "";
  for (let i = 0; i < n; i++) s += c;
  return s;
}

describe("hostile bodies", () => {
  it("a body whose last line has no line end is read to its length", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 0 8\r\na=ptime:20")).toBe(E.SDP_OK);
    expect(S.media(RECORD, 0).ptime).toBe(20);
  });

  it("bytes after the given length are never read (a cut m-line is refused)", () => {
    const full = body(HEAD + "m=audio 4000 RTP/AVP 0\r\n");
    // Cut just before the format: the bytes " 0\r\n" stay in memory past the length.
    expect(parseSdp(BODY, full - 4, RECORD)).toBe(E.ERR_BAD_MEDIA);
  });

  it("a cut inside a number reads only the digits within the length", () => {
    const full = body(HEAD + "m=audio 40000 RTP/AVP 0\r\n");
    const at = (HEAD + "m=audio 400").length;
    expect(parseSdp(BODY, at, RECORD)).toBe(E.ERR_BAD_MEDIA);
    expect(full).toBeGreaterThan(at);
  });

  it("a negative length is an empty body", () => {
    body(HEAD);
    expect(parseSdp(BODY, -5, RECORD)).toBe(E.ERR_NO_VERSION);
  });

  it("50 m-lines are counted; only MAX_MEDIA are kept", () => {
    let s = HEAD;
    for (let i = 0; i < 50; i++) s += "m=video " + (5000 + 2 * i).toString() + " RTP/AVP 31\r\na=sendonly\r\n";
    expect(parse(s)).toBe(E.SDP_OK);
    expect(S.session(RECORD).mediaCount).toBe(50);
    expect(S.media(RECORD, S.MAX_MEDIA - 1).port).toBe(<u16>(5000 + 2 * (S.MAX_MEDIA - 1)));
  });

  it("50 refused m-lines that do not fit the answer buffer give ERR_NO_ROOM, nothing written past it", () => {
    let s = HEAD + "m=audio 4000 RTP/AVP 0\r\n";
    for (let i = 0; i < 49; i++) s += "m=video " + (5000 + 2 * i).toString() + " RTP/AVP 31\r\n";
    const n = body(s);
    expect(parseSdp(BODY, n, RECORD)).toBe(E.SDP_OK);
    station();
    store<u8>(OUT + 400, 0xee);
    expect(answerOffer(BODY, n, RECORD, LOCAL, AGREED, OUT, 400)).toBe(-E.ERR_NO_ROOM);
    expect(load<u8>(OUT + 400)).toBe(0xee);
  });

  it("a 300-character unknown attribute is skipped", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 0\r\na=x-long:" + repeat("z", 300) + "\r\na=ptime:40\r\n")).toBe(E.SDP_OK);
    expect(S.media(RECORD, 0).ptime).toBe(40);
  });

  it("a 300-character encoding name in rtpmap is refused as too long", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 " + repeat("A", 300) + "/8000\r\n")).toBe(E.ERR_TOO_LONG);
  });

  it("a session id of more than 20 digits is refused as too long", () => {
    expect(parse("v=0\r\no=peer " + repeat("9", 25) + " 1 IN IP4 192.0.2.20\r\n")).toBe(E.ERR_TOO_LONG);
  });

  it("port 99999 is refused", () => {
    expect(parse(HEAD + "m=audio 99999 RTP/AVP 0\r\n")).toBe(E.ERR_BAD_PORT);
  });

  it("a port of 30 digits is refused, not wrapped", () => {
    expect(parse(HEAD + "m=audio " + repeat("1", 30) + " RTP/AVP 0\r\n")).toBe(E.ERR_BAD_PORT);
  });

  it("an a=rtcp port past 65535 is refused", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 0\r\na=rtcp:70000\r\n")).toBe(E.ERR_BAD_PORT);
  });

  it("m= with no formats is refused", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP\r\n")).toBe(E.ERR_BAD_MEDIA);
    expect(parse(HEAD + "m=audio 4000 RTP/AVP \r\n")).toBe(E.ERR_BAD_MEDIA);
  });

  it("m= with a port count of 0 is refused", () => {
    expect(parse(HEAD + "m=audio 4000/0 RTP/AVP 0\r\n")).toBe(E.ERR_BAD_MEDIA);
  });

  it("m= with nothing after the media type is refused", () => {
    expect(parse(HEAD + "m=audio\r\n")).toBe(E.ERR_BAD_MEDIA);
  });

  it("a NUL byte is refused", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 0\r\na=pti\0me:20\r\n")).toBe(E.ERR_BAD_CHAR);
  });

  it("a CR that does not end a line is refused", () => {
    expect(parse(HEAD + "m=audio 4000\rRTP/AVP 0\r\n")).toBe(E.ERR_BAD_CHAR);
  });

  it("a line without = is refused", () => {
    expect(parse(HEAD + "garbage\r\n")).toBe(E.ERR_BAD_LINE);
  });

  it("a second v= line is refused", () => {
    expect(parse(HEAD + "v=0\r\n")).toBe(E.ERR_BAD_LINE);
  });

  it("an IPv4 address with an octet past 255 is not taken as an address", () => {
    expect(parse("v=0\r\nc=IN IP4 192.0.2.300\r\nm=audio 4000 RTP/AVP 0\r\n")).toBe(E.SDP_OK);
    expect(S.media(RECORD, 0).addrType).toBe(S.ADDR_NAME);
    expect(load<u64>(S.mediaAddress(S.media(RECORD, 0)) + 8)).toBe(0);
  });

  it("an IPv6 address with two :: is not taken as an address", () => {
    expect(parse("v=0\r\nc=IN IP6 2001::db8::1\r\nm=audio 4000 RTP/AVP 0\r\n")).toBe(E.SDP_OK);
    expect(S.media(RECORD, 0).addrType).toBe(S.ADDR_NAME);
  });

  it("an fmtp event list with huge numbers is ignored", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-99999999999\r\n")).toBe(E.SDP_OK);
    expect(S.media(RECORD, 0).eventsPt).toBe(S.NOT_A_PT);
  });

  it("an rtpmap for a payload type the m-line does not list changes nothing", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 96\r\na=rtpmap:8 PCMA/8000\r\n");
    expect(S.findFormat(S.media(RECORD, 0), 8)).toBe(-1);
    expect(S.encoding(S.media(RECORD, 0), 0)).toBe(S.ENC_UNKNOWN);
    expect(S.media(RECORD, 0).formatCount).toBe(1);
  });
});
