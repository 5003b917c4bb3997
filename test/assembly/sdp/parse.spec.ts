// Reading a session description (assembly/sdp/parse.ts, RFC 8866): the
// origin, connection addresses, m-lines and the attributes the station uses,
// into the caller's record; everything else skipped.
import * as S from "../../../assembly/sdp/session";
import * as E from "../../../assembly/sdp/errors";
import { heldByNullAddress } from "../../../assembly/sdp/parse";
import { parse, ipv4, RECORD } from "./sdp-support";

const HEAD = "v=0\r\no=peer 2890844526 2890844527 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n";

function m(i: i32): S.SdpMedia { return S.media(RECORD, i); }

describe("the session level (RFC 8866 §5)", () => {
  it("§5.1: a body must begin with v=0", () => {
    expect(parse("o=a 1 1 IN IP4 192.0.2.1\r\nv=0\r\n")).toBe(E.ERR_NO_VERSION);
    expect(parse("v=1\r\n")).toBe(E.ERR_NO_VERSION);
    expect(parse("")).toBe(E.ERR_NO_VERSION);
  });

  it("§5.2: o= gives the session id and version (RFC 3264 §8 compares them)", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 0\r\n")).toBe(E.SDP_OK);
    expect(S.session(RECORD).sessionId).toBe(2890844526);
    expect(S.session(RECORD).sessionVersion).toBe(2890844527);
  });

  it("§5.2: an o= whose session id is not a number is refused", () => {
    expect(parse("v=0\r\no=peer abc 1 IN IP4 192.0.2.20\r\n")).toBe(E.ERR_BAD_ORIGIN);
  });

  it("§5.7: c=IN IP4 gives the address in the mapped 18-octet form", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 0\r\n");
    expect(S.session(RECORD).addrType).toBe(S.ADDR_IP4);
    expect(S.isMappedIPv4(S.sessionAddress(RECORD))).toBe(true);
    expect(ipv4(S.sessionAddress(RECORD))).toBe("192.0.2.20");
  });

  it("§5.7: c=IN IP6 gives the 16 octets of the address, :: expanded (RFC 4291 §2.2)", () => {
    parse("v=0\r\nc=IN IP6 2001:db8::1:2\r\nm=audio 4000 RTP/AVP 0\r\n");
    const a = S.sessionAddress(RECORD);
    expect(S.session(RECORD).addrType).toBe(S.ADDR_IP6);
    expect(load<u8>(a)).toBe(0x20);
    expect(load<u8>(a + 1)).toBe(0x01);
    expect(load<u8>(a + 3)).toBe(0xb8);
    expect(load<u8>(a + 13)).toBe(1);
    expect(load<u8>(a + 15)).toBe(2);
  });

  it("§5.7: a c= that is not IN IP4 or IP6 is refused", () => {
    expect(parse("v=0\r\nc=IN IPX 192.0.2.1\r\n")).toBe(E.ERR_BAD_CONNECTION);
    expect(parse("v=0\r\nc=IN IP4\r\n")).toBe(E.ERR_BAD_CONNECTION);
  });

  it("§5.7: a name where the address should be is kept as a name, not misread", () => {
    expect(parse("v=0\r\nc=IN IP4 host.atlanta.example.com\r\nm=audio 4000 RTP/AVP 0\r\n")).toBe(E.SDP_OK);
    expect(m(0).addrType).toBe(S.ADDR_NAME);
  });

  it("RFC 3264 §8.4: c=0.0.0.0 is the hold of RFC 2543", () => {
    parse("v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 4000 RTP/AVP 0\r\n");
    expect(heldByNullAddress(m(0))).toBe(true);
    parse(HEAD + "m=audio 4000 RTP/AVP 0\r\n");
    expect(heldByNullAddress(m(0))).toBe(false);
  });

  it("§5: a type letter SDP does not define refuses the description", () => {
    expect(parse(HEAD + "x=whatever\r\n")).toBe(E.ERR_UNKNOWN_TYPE);
  });

  it("§5: lines it does not use (i=, b=, u=, e=, k=, z=, r=) are skipped", () => {
    expect(parse(HEAD + "i=door\r\nb=AS:64\r\nu=http://x\r\ne=a@b\r\nm=audio 4000 RTP/AVP 0\r\nb=TIAS:64000\r\n")).toBe(E.SDP_OK);
    expect(S.session(RECORD).mediaCount).toBe(1);
  });

  it("§5: lines may end in LF alone", () => {
    expect(parse("v=0\nc=IN IP4 192.0.2.5\nm=audio 5000 RTP/AVP 8\n")).toBe(E.SDP_OK);
    expect(m(0).port).toBe(5000);
    expect(ipv4(S.mediaAddress(m(0)))).toBe("192.0.2.5");
  });
});

describe("m-lines (RFC 8866 §5.14)", () => {
  it("an m-line gives media type, port, port count, proto and formats in order", () => {
    parse(HEAD + "m=audio 49170/2 RTP/AVP 0 8 97\r\nm=video 51372 RTP/SAVP 31\r\nm=application 9 UDP/BFCP *\r\n");
    expect(S.session(RECORD).mediaCount).toBe(3);
    expect(m(0).type).toBe(S.MEDIA_AUDIO);
    expect(m(0).port).toBe(49170);
    expect(m(0).portCount).toBe(2);
    expect(m(0).proto).toBe(S.PROTO_RTP_AVP);
    expect(m(0).formatCount).toBe(3);
    expect(S.format(m(0), 2)).toBe(97);
    expect(m(1).type).toBe(S.MEDIA_VIDEO);
    expect(m(1).proto).toBe(S.PROTO_RTP_SAVP);
    expect(m(2).type).toBe(S.MEDIA_OTHER);
    expect(m(2).proto).toBe(S.PROTO_OTHER);
    expect(S.format(m(2), 0)).toBe(S.NOT_A_PT);
  });

  it("a media-level c= overrides the session's (§5.7)", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 0\r\nc=IN IP4 198.51.100.7\r\nm=audio 4002 RTP/AVP 0\r\n");
    expect(ipv4(S.mediaAddress(m(0)))).toBe("198.51.100.7");
    expect(ipv4(S.mediaAddress(m(1)))).toBe("192.0.2.20");
  });

  it("RTP/AVP formats are payload types 0-127 (RFC 3551 §3); anything else is refused", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 0 PCMU\r\n")).toBe(E.ERR_BAD_MEDIA);
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 128\r\n")).toBe(E.ERR_BAD_MEDIA);
  });

  it("formats past MAX_FORMATS are counted and not kept", () => {
    let fmts = "";
    for (let i = 0; i < 20; i++) fmts += " " + (96 + i).toString();
    expect(parse(HEAD + "m=audio 4000 RTP/AVP" + fmts + "\r\n")).toBe(E.SDP_OK);
    expect(m(0).formatCount).toBe(20);
    expect(S.keptFormats(m(0))).toBe(S.MAX_FORMATS);
    expect(S.format(m(0), S.MAX_FORMATS - 1)).toBe(<u8>(96 + S.MAX_FORMATS - 1));
  });
});

describe("attributes (RFC 8866 §6)", () => {
  it("RFC 3551 §6: payload types 0 and 8 are PCMU and PCMA without an rtpmap", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 8 0 3\r\n");
    expect(S.encoding(m(0), 0)).toBe(S.ENC_PCMA);
    expect(S.encoding(m(0), 1)).toBe(S.ENC_PCMU);
    expect(S.encoding(m(0), 2)).toBe(S.ENC_UNKNOWN);
  });

  it("§6.6: rtpmap names a dynamic payload type, the name without case (RFC 4855 §3)", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 96 101\r\na=rtpmap:96 pcmu/8000\r\na=rtpmap:101 telephone-event/8000\r\n");
    expect(S.encoding(m(0), 0)).toBe(S.ENC_PCMU);
    expect(S.encoding(m(0), 1)).toBe(S.ENC_EVENTS);
  });

  it("§6.6: PCMU at another clock rate or in stereo is not the G.711 the station speaks", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 96 97\r\na=rtpmap:96 PCMU/16000\r\na=rtpmap:97 PCMA/8000/2\r\n");
    expect(S.encoding(m(0), 0)).toBe(S.ENC_OTHER);
    expect(S.encoding(m(0), 1)).toBe(S.ENC_OTHER);
  });

  it("RFC 4733 §2.4.1: the fmtp of telephone-event lists its events", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-11,16\r\n");
    expect(m(0).eventsPt).toBe(101);
    expect(m(0).events).toBe(0x10fff);
  });

  it("RFC 4733 §2.4.1: telephone-event without fmtp has no event list recorded", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n");
    expect(m(0).eventsPt).toBe(S.NOT_A_PT);
  });

  it("RFC 4733 §2.4.1: an event list it cannot read is ignored", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 9-3\r\n");
    expect(m(0).eventsPt).toBe(S.NOT_A_PT);
  });

  it("§6.4: ptime is read per m-line", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 0\r\na=ptime:30\r\n");
    expect(m(0).ptime).toBe(30);
  });

  it("RFC 3605 §2.1: a=rtcp gives the RTCP port", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 0\r\na=rtcp:4009 IN IP4 192.0.2.20\r\n");
    expect(m(0).rtcpPort).toBe(4009);
  });

  it("RFC 3264 §5.1: the session-level direction is the default of every m-line", () => {
    parse(HEAD + "a=sendonly\r\nm=audio 4000 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 0\r\na=inactive\r\n");
    expect(m(0).direction).toBe(S.DIR_SENDONLY);
    expect(m(1).direction).toBe(S.DIR_INACTIVE);
  });

  it("RFC 3264 §5.1: with no direction anywhere a stream is sendrecv", () => {
    parse(HEAD + "m=audio 4000 RTP/AVP 0\r\na=recvonly\r\nm=audio 4002 RTP/AVP 0\r\n");
    expect(m(0).direction).toBe(S.DIR_RECVONLY);
    expect(m(1).direction).toBe(S.DIR_SENDRECV);
  });

  it("§5.13: unknown attributes are skipped (rtcp-mux, ssrc, candidate)", () => {
    expect(parse(HEAD + "m=audio 4000 RTP/AVP 0\r\na=rtcp-mux\r\na=ssrc:1 cname:x\r\na=candidate:1 1 UDP 1 192.0.2.20 4000 typ host\r\n")).toBe(E.SDP_OK);
    expect(m(0).rtcpPort).toBe(0);
    expect(m(0).direction).toBe(S.DIR_SENDRECV);
  });
});
