// Re-offers in one dialog (assembly/sdp/answer.ts, RFC 3264 §8): the o=
// version tells a changed description from the same one; a change of
// address, port or direction changes what is agreed (hold and resume, §8.4,
// after RFC 4317 §3.1 Hold and Unhold 1), and our own version follows.
import * as S from "../../../assembly/sdp/session";
import * as E from "../../../assembly/sdp/errors";
import { parseSdp } from "../../../assembly/sdp/parse";
import { answerOffer } from "../../../assembly/sdp/answer";
import { remoteAddress } from "../../../assembly/sdp/local";
import { body, crlf, station, text, ipv4, BODY, RECORD, OUT, OUT_CAPACITY, LOCAL, AGREED } from "./sdp-support";

/** Bob's offer in version `version`, RTP at `address`:`port`, with a direction line (or none). */
function bob(version: i32, address: string, port: i32, direction: string): string {
  const lines = [
    "v=0", "o=bob 2808844564 " + version.toString() + " IN IP4 host.biloxi.example.com", "s=",
    "c=IN IP4 " + address, "t=0 0", "m=audio " + port.toString() + " RTP/AVP 0 97", "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:97 iLBC/8000",
  ];
  if (direction.length > 0) lines.push(direction);
  return crlf(lines);
}

/** Answers s: the answer text, or "<error>". */
function answer(s: string): string {
  const n = body(s);
  if (parseSdp(BODY, n, RECORD) != E.SDP_OK) return "<parse>";
  const a = answerOffer(BODY, n, RECORD, LOCAL, AGREED, OUT, OUT_CAPACITY);
  return a > 0 ? text(OUT, a) : "<" + a.toString() + ">";
}

describe("re-offers (RFC 3264 §8)", () => {
  it("§8: an offer whose o= version did not change is the same session: nothing changes", () => {
    station();
    const first = answer(bob(1, "192.0.2.40", 49172, ""));
    const again = answer(bob(1, "192.0.2.40", 49172, ""));
    expect(again).toBe(first);
    expect(AGREED.changed).toBe(0);
    expect(LOCAL.version).toBe(1);
  });

  it("§8: a new version with the same media changes nothing, and our version stays", () => {
    station();
    answer(bob(1, "192.0.2.40", 49172, ""));
    answer(bob(2, "192.0.2.40", 49172, ""));
    expect(AGREED.changed).toBe(0);
    expect(AGREED.remoteVersion).toBe(2);
    expect(LOCAL.version).toBe(1);
  });

  it("§8.3.1: a new port in a new version is the new place to send", () => {
    station();
    answer(bob(1, "192.0.2.40", 49172, ""));
    answer(bob(2, "192.0.2.40", 49180, ""));
    expect(AGREED.changed).toBe(1);
    expect(S.addressPort(remoteAddress(AGREED))).toBe(49180);
  });

  it("§8.3.1: a new address in a new version is the new place to send, and our answer's version goes up", () => {
    station();
    answer(bob(1, "192.0.2.40", 49172, ""));
    const a = answer(bob(2, "198.51.100.9", 49172, ""));
    expect(ipv4(remoteAddress(AGREED))).toBe("198.51.100.9");
    expect(a.includes("o=- 7 2 IN IP4")).toBe(true);
  });

  it("§8.4 (RFC 4317 §3.1): sendonly puts the call on hold; the answer is recvonly", () => {
    station();
    answer(bob(1, "192.0.2.40", 49172, ""));
    const a = answer(bob(2, "192.0.2.40", 49172, "a=sendonly"));
    expect(a.includes("a=recvonly\r\n")).toBe(true);
    expect(AGREED.hold).toBe(1);
    expect(AGREED.changed).toBe(1);
  });

  it("§8.4 (RFC 4317 §3.1): sendrecv in the next version resumes the call", () => {
    station();
    answer(bob(1, "192.0.2.40", 49172, ""));
    answer(bob(2, "192.0.2.40", 49172, "a=sendonly"));
    const a = answer(bob(3, "192.0.2.40", 49172, "a=sendrecv"));
    expect(a.includes("a=sendrecv\r\n")).toBe(true);
    expect(AGREED.hold).toBe(0);
    expect(AGREED.direction).toBe(S.DIR_SENDRECV);
    expect(LOCAL.version).toBe(3);
  });

  it("§8.4: hold by c=0.0.0.0 and resume by the address again", () => {
    station();
    answer(bob(1, "192.0.2.40", 49172, ""));
    answer(bob(2, "0.0.0.0", 49172, ""));
    expect(AGREED.hold).toBe(1);
    answer(bob(3, "192.0.2.40", 49172, ""));
    expect(AGREED.hold).toBe(0);
    expect(ipv4(remoteAddress(AGREED))).toBe("192.0.2.40");
  });

  it("§8: a re-offer with nothing in common keeps what was agreed (the caller answers 488)", () => {
    station();
    answer(bob(1, "192.0.2.40", 49172, ""));
    const n = body(crlf(["v=0", "o=bob 2808844564 2 IN IP4 192.0.2.40", "c=IN IP4 192.0.2.40", "m=audio 49172 RTP/AVP 97"]));
    parseSdp(BODY, n, RECORD);
    expect(answerOffer(BODY, n, RECORD, LOCAL, AGREED, OUT, OUT_CAPACITY)).toBe(-E.ERR_NOTHING_IN_COMMON);
    expect(AGREED.remoteVersion).toBe(1);
    expect(AGREED.codecPt).toBe(0);
  });
});
