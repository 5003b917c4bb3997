// IPv6 in the station's SDP: its own address written in the one text form of
// RFC 5952 §4 (sdp/ipv6-text.ts), the o= and c= lines of an IPv6 station
// (RFC 8866 §5.2, §5.7: "IN IP6"), and an answer's c=IN IP6 taken as where
// RTP goes.
import * as S from "../../../assembly/sdp/session";
import * as E from "../../../assembly/sdp/errors";
import { writeIPv6 } from "../../../assembly/sdp/ipv6-text";
import { parseIPv6 } from "../../../assembly/sdp/lex";
import { parseSdp } from "../../../assembly/sdp/parse";
import { writeOffer, acceptAnswer } from "../../../assembly/sdp/offer";
import { localDefaults, remoteAddress, NEGOTIATED_SIZE } from "../../../assembly/sdp/local";
import { body, text, BODY, RECORD, OUT, OUT_CAPACITY, LOCAL, AGREED } from "./sdp-support";

const ADDR = memory.data(18);

/** The 16 octets of the IPv6 text s at ADDR (port 0). */
function v6(s: string): usize {
  const p = String.UTF8.encode(s);
  expect(parseIPv6(changetype<usize>(p), changetype<usize>(p) + <usize>p.byteLength, ADDR)).toBe(true);
  S.setAddressPort(ADDR, 0);
  return ADDR;
}

/** s as writeIPv6 writes it. */
function form(s: string): string {
  const n = writeIPv6(v6(s), OUT, 64);
  return n < 0 ? "<overflow>" : text(OUT, n);
}

/** The 16 octets at a as eight hex groups, each in full ("2001:0db8:...") to compare addresses, not texts. */
function groups(a: usize): string {
  let s = "";
  for (let i: usize = 0; i < 16; i += 2) s += (i > 0 ? ":" : "") + ((<u32>load<u8>(a + i) << 8) | load<u8>(a + i + 1)).toString(16).padStart(4, "0");
  return s;
}

describe("the station's IPv6 address as text (RFC 5952 §4)", () => {
  it("§4.2.1: the longest run of zero groups is written ::", () => {
    expect(form("2001:db8:0:0:0:0:0:1")).toBe("2001:db8::1");
  });
  it("§4.2.2: a single zero group is not shortened", () => {
    expect(form("2001:db8:0:1:1:1:1:1")).toBe("2001:db8:0:1:1:1:1:1");
  });
  it("§4.2.3: of two equal runs the first is shortened", () => {
    expect(form("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1");
  });
  it("§4.2.3: a longer later run is the one shortened", () => {
    expect(form("2001:0:0:1:0:0:0:1")).toBe("2001:0:0:1::1");
  });
  it("§4.1, §4.3: no leading zeros in a group, hex digits in lowercase", () => {
    expect(form("2001:0DB8:00AB:000C:0:0:0:1")).toBe("2001:db8:ab:c::1");
  });
  it("a run at either end: the loopback ::1 and fe80::", () => {
    expect(form("0:0:0:0:0:0:0:1")).toBe("::1");
    expect(form("fe80:0:0:0:0:0:0:0")).toBe("fe80::");
  });
  it("the longest text, 39 octets, with no zero group", () => {
    expect(form("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff")).toBe("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
  });
  it("a text that does not fit its room is -1, and nothing is written past the room", () => {
    store<u8>(OUT + 10, 0x7e);
    expect(writeIPv6(v6("2001:db8:1:2:3:4:5:6"), OUT, 10)).toBe(-1);
    expect(load<u8>(OUT + 10)).toBe(0x7e);
  });
});

describe("an IPv6 station's offer and answer (RFC 8866 §5.2, §5.7)", () => {
  it("o= and c= say IN IP6 and the address in its RFC 5952 form", () => {
    localDefaults(LOCAL, v6("2001:db8:0:0:0:0:0:a"), 4000, 7);
    const n = writeOffer(LOCAL, OUT, OUT_CAPACITY);
    expect(n).toBeGreaterThan(0);
    expect(text(OUT, n).slice(0, 75)).toBe("v=0\r\no=- 7 1 IN IP6 2001:db8::a\r\ns=-\r\nc=IN IP6 2001:db8::a\r\nt=0 0\r\nm=audio ");
  });
  it("an answer's c=IN IP6 names where RTP goes: its address and the m= port", () => {
    localDefaults(LOCAL, v6("2001:db8:0:0:0:0:0:a"), 4000, 7);
    memory.fill(changetype<usize>(AGREED), 0, NEGOTIATED_SIZE); // a fresh agreement for the dialog
    const answer = "v=0\r\no=flat 55 55 IN IP6 2001:db8::30\r\ns=-\r\nc=IN IP6 2001:db8::30\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";
    expect(parseSdp(BODY, body(answer), RECORD)).toBe(E.SDP_OK);
    expect(acceptAnswer(RECORD, LOCAL, AGREED)).toBe(E.SDP_OK);
    expect(AGREED.addrType).toBe(S.ADDR_IP6);
    expect(groups(remoteAddress(AGREED))).toBe("2001:0db8:0000:0000:0000:0000:0000:0030");
    expect(S.addressPort(remoteAddress(AGREED))).toBe(6000);
  });
});
