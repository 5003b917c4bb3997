// A station at an IPv6 address (RFC 5118): boardSetAddress takes it, the
// SIP messages name it as an IPv6reference in brackets (RFC 3261 §25.1) in
// Via sent-by and Contact, the SDP says c=IN IP6 (RFC 8866 §5.7); a URI
// whose host is an IPv6reference names its own destination (RFC 3263 §4).
import { boardSetAddress } from "../../../assembly/board/abi";
import { applyConfig, localAddress } from "../../../assembly/app/settings";
import { registrationStart } from "../../../assembly/app/registration";
import { dialPress } from "../../../assembly/app/dialing";
import { uriDestination } from "../../../assembly/sip/ua/destination";
import { identityData, identityLength, ID_LOCAL_HOST } from "../../../assembly/sip/ua/identity";
import { RX_PEER } from "../../../assembly/sip/txn/peer";
import { parseIPv6 } from "../../../assembly/sdp/lex";
import { fresh, freshUa, first, body } from "./app-support";
import { header } from "../txn/support";

const PEER = memory.data(18);

/** Writes the IPv6 text s where rxPeer() points, as a board does before boardSetAddress. */
function boardAddress(s: string): void {
  const p = String.UTF8.encode(s);
  expect(parseIPv6(changetype<usize>(p), changetype<usize>(p) + <usize>p.byteLength, RX_PEER)).toBe(true);
}

function hostText(): string { return String.UTF8.decodeUnsafe(identityData(ID_LOCAL_HOST), <usize>identityLength(ID_LOCAL_HOST)); }

/** Where `uri` names: "<eight hex groups>:port" (IPv6), or "none". */
function destination(uri: string): string {
  const p = String.UTF8.encode(uri);
  if (!uriDestination(changetype<usize>(p), p.byteLength, PEER)) return "none";
  let s = "";
  for (let i: usize = 0; i < 16; i += 2) s += ((<u32>load<u8>(PEER + i) << 8) | load<u8>(PEER + i + 1)).toString(16) + ":";
  return s + ((<u32>load<u8>(PEER + 16) << 8) | load<u8>(PEER + 17)).toString();
}

describe("the station at 2001:db8::7 (RFC 5118 §4)", () => {
  beforeEach(() => {
    fresh();
    boardAddress("2001:db8:0:0:0:0:0:7");
    expect(boardSetAddress()).toBe(1);
    applyConfig();
    freshUa();
  });

  it("the host it writes is the IPv6reference [2001:db8::7] (RFC 3261 §25.1, RFC 5952 text)", () => {
    expect(hostText()).toBe("[2001:db8::7]");
  });

  it("REGISTER: Via sent-by and Contact name [2001:db8::7] and the port", () => {
    registrationStart(0);
    const m = first("REGISTER");
    expect(header(m, "Via").substring(0, 38)).toBe("SIP/2.0/UDP [2001:db8::7]:5060;branch=");
    expect(header(m, "Contact").substring(0, 30)).toBe("<sip:door@[2001:db8::7]:5060>");
  });

  it("INVITE: the offer says o= and c= IN IP6 2001:db8::7 (RFC 8866 §5.2, §5.7)", () => {
    dialPress(0, 0);
    const offer = body(first("INVITE"));
    expect(offer.includes(" IN IP6 2001:db8::7\r\ns=-\r\nc=IN IP6 2001:db8::7\r\n")).toBe(true);
  });

  it("boardSetAddress refuses :: (0: RFC 4291 §2.5.2), and the station keeps its address", () => {
    for (let i: usize = 0; i < 16; i++) store<u8>(RX_PEER + i, 0);
    expect(boardSetAddress()).toBe(0);
    applyConfig();
    expect(hostText()).toBe("[2001:db8::7]");
    expect(load<u8>(localAddress() + 15)).toBe(7);
  });
});

describe("an IPv6reference URI names its own destination (RFC 3263 §4.2, RFC 5118 §4)", () => {
  it("sip:x@[2001:db8::1]:5070 is UDP to 2001:db8::1 port 5070", () => {
    expect(destination("sip:x@[2001:db8::1]:5070")).toBe("2001:db8:0:0:0:0:0:1:5070");
  });
  it("without a port, 5060", () => {
    expect(destination("sip:flat@[::1]")).toBe("0:0:0:0:0:0:0:1:5060");
  });
  it("a transport other than UDP names none", () => {
    expect(destination("sip:x@[2001:db8::1]:5070;transport=tcp")).toBe("none");
  });
  it("an IPv6reference with an IPv4 tail is not read: none", () => {
    expect(destination("sip:x@[::ffff:192.0.2.1]")).toBe("none");
  });
});
