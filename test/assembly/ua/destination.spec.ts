// Calls without a PBX (destination.ts, uac.ts callUri): a SIP URI whose host
// is an IPv4 address names its own destination (RFC 3263 §4 without DNS: the
// address, the URI's port or 5060); the call's in-dialog requests then follow
// its route set or remote target (RFC 3261 §12.2.1.1), its CANCEL the INVITE
// (§9.1). And a From the call slot cannot hold is never half-sent.
import { uriDestination } from "../../../assembly/sip/ua/destination";
import { callUri, startCall, hangUpOutgoing } from "../../../assembly/sip/ua/uac";
import { clearOutbound, setIdentity, ID_DISPLAY, ID_USER, ID_DOMAIN } from "../../../assembly/sip/ua/identity";
import { engineReceive } from "../../../assembly/sip/ua/engine";
import * as UC from "../../../assembly/sip/ua/calls";
import * as T from "../../../assembly/sip/txn/table";
import { outboxReset, outboxCount } from "../../../assembly/sip/txn/outbox";
import { loadRx, text } from "../msg/rx";
import { fresh, outbox, first, header } from "../app/app-support";
import { startLine } from "../txn/support";

const PEER = memory.data(18);

/** Where `uri` names: "a.b.c.d:port", or "none". */
function destination(uri: string): string {
  const p = String.UTF8.encode(uri);
  if (!uriDestination(changetype<usize>(p), p.byteLength, PEER)) return "none";
  let s = "";
  for (let i = 12; i < 16; i++) s += (i > 12 ? "." : "") + load<u8>(PEER + <usize>i).toString();
  return s + ":" + ((<u32>load<u8>(PEER + 16) << 8) | load<u8>(PEER + 17)).toString();
}

/** Calls `uri` with callUri at `now`; the outbox emptied first. */
function call(uri: string, now: u32 = 0): i32 {
  outboxReset();
  const p = String.UTF8.encode(uri);
  return callUri(changetype<usize>(p), p.byteLength, now);
}

/** The INVITE of call c as it went out. */
function inviteOf(c: i32): string {
  const t = UC.inviteTxn(c);
  return text(T.message(t), T.message(t) + <usize>T.messageLength(t));
}

/** The callee answers call c's INVITE with `code`, its Contact `contact` and the header lines `extra`. */
function answer(c: i32, code: i32, contact: string, extra: string, now: u32): void {
  const invite = inviteOf(c);
  const msg = "SIP/2.0 " + code.toString() + " Reason\r\nVia: " + header(invite, "Via") + "\r\nFrom: " + header(invite, "From") +
    "\r\nTo: " + header(invite, "To") + ";tag=callee" + c.toString() + "\r\nCall-ID: " + header(invite, "Call-ID") +
    "\r\nCSeq: " + header(invite, "CSeq") + "\r\nContact: " + contact + "\r\n" + extra + "Content-Length: 0\r\n\r\n";
  outboxReset();
  engineReceive(loadRx(msg), now);
}

describe("a SIP URI with an IPv4 host names its own destination (RFC 3263 §4.2, no DNS)", () => {
  it("the address and the URI's port, or 5060 without one", () => {
    expect(destination("sip:flat@192.0.2.31")).toBe("192.0.2.31:5060");
    expect(destination("sip:flat@192.0.2.31:5062")).toBe("192.0.2.31:5062");
    expect(destination("sip:192.0.2.31")).toBe("192.0.2.31:5060");
    expect(destination("sip:flat@192.0.2.31:5062;transport=UDP;user=phone")).toBe("192.0.2.31:5062");
  });

  it("a host name needs DNS (§4.1): it names none here, and the call goes through the registrar", () => {
    expect(destination("sip:flat@example.com")).toBe("none");
    expect(destination("sip:flat@192.0.2.31.example.com")).toBe("none");
  });

  it("nor does a transport this UA does not speak: sips: (TLS) or transport=tcp (§4.1)", () => {
    expect(destination("sips:flat@192.0.2.31")).toBe("none");
    expect(destination("sip:flat@192.0.2.31;transport=tcp")).toBe("none");
  });

  it("nor port 0, a port past 65535 or text that is not one SIP URI", () => {
    expect(destination("sip:flat@192.0.2.31:0")).toBe("none");
    expect(destination("sip:flat@192.0.2.31:65536")).toBe("none");
    expect(destination("sip:flat@192.0.2.31 x")).toBe("none");
    expect(destination("tel:+4930123")).toBe("none");
    expect(destination("")).toBe("none");
  });
});

describe("a call to such a URI goes there, with no registrar (callUri)", () => {
  beforeEach(() => { fresh(); clearOutbound(); });

  it("the INVITE goes to the URI's address and port; Request-URI and To are the target", () => {
    const c = call("sip:flat@192.0.2.31:5062");
    expect(c).toBeGreaterThanOrEqual(0);
    expect(outbox()).toBe("INVITE 192.0.2.31:5062");
    const invite = first("INVITE");
    expect(startLine(invite)).toBe("INVITE sip:flat@192.0.2.31:5062 SIP/2.0");
    expect(header(invite, "To")).toBe("<sip:flat@192.0.2.31:5062>");
  });

  it("a target by host name is not called without a registrar: -1, nothing sent", () => {
    expect(call("sip:flat1@example.com")).toBe(-1);
    expect(outboxCount()).toBe(0);
  });

  it("after the 2xx, the ACK and the BYE go to the remote target, the callee's Contact (§12.2.1.1)", () => {
    const c = call("sip:flat@192.0.2.31:5062");
    answer(c, 200, "<sip:flat@192.0.2.33:5070>", "", 1000);
    expect(outbox()).toBe("ACK 192.0.2.33:5070");
    outboxReset();
    hangUpOutgoing(c, 2000);
    expect(outbox()).toBe("BYE 192.0.2.33:5070");
  });

  it("with a route set, in-dialog requests go to its first Route, which they carry (§12.2.1.1, §16.12)", () => {
    const c = call("sip:flat@192.0.2.31");
    answer(c, 200, "<sip:flat@192.0.2.33:5070>", "Record-Route: <sip:192.0.2.40:5064;lr>\r\n", 1000);
    outboxReset();
    hangUpOutgoing(c, 2000);
    expect(outbox()).toBe("BYE 192.0.2.40:5064");
    expect(header(first("BYE"), "Route")).toBe("<sip:192.0.2.40:5064;lr>");
    expect(startLine(first("BYE"))).toBe("BYE sip:flat@192.0.2.33:5070 SIP/2.0");
  });

  it("the CANCEL goes where the INVITE went, not to the early dialog's Contact (§9.1)", () => {
    const c = call("sip:flat@192.0.2.31:5062");
    answer(c, 180, "<sip:flat@192.0.2.33:5070>", "", 500);
    outboxReset();
    hangUpOutgoing(c, 1000);
    expect(outbox()).toBe("CANCEL 192.0.2.31:5062");
  });
});

describe("with a registrar, only targets by host name go through it", () => {
  beforeEach(() => { fresh(); });

  it("an IPv4 target is still called at its own address", () => {
    call("sip:flat@192.0.2.31:5062");
    expect(outbox()).toBe("INVITE 192.0.2.31:5062");
  });

  it("a host-name target goes to the registrar, the outbound proxy (§8.1.2)", () => {
    call("sip:flat1@example.com");
    expect(outbox()).toBe("INVITE 192.0.2.20:5060");
  });
});

describe("a From the call slot cannot hold is not sent half-written", () => {
  it("display name, user and domain of 127 octets each: the call is refused (-1), nothing goes out", () => {
    fresh();
    const long = String.UTF8.encode("a".repeat(127));
    setIdentity(ID_DISPLAY, changetype<usize>(long), 127);
    setIdentity(ID_USER, changetype<usize>(long), 127);
    setIdentity(ID_DOMAIN, changetype<usize>(long), 127);
    outboxReset();
    const p = String.UTF8.encode("sip:flat@192.0.2.31");
    expect(startCall(changetype<usize>(p), p.byteLength, changetype<usize>(PEER), 0)).toBe(-1);
    expect(outboxCount()).toBe(0);
  });
});
