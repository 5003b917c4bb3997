// Issue 15: the scanners return their results; none is left in a module
// variable for the caller to read afterwards. So a scan made in between (by
// the caller, or by a helper it calls) cannot change a result already taken:
// each case below interleaves two scans that, before, shared one variable.
import { scanDigits, decimal, NOT_A_NUMBER } from "../../../assembly/sip/msg/scan";
import { scanCSeq, scanContentType, checkAccept, retryAfter, ACCEPT_VALID, ACCEPT_SDP } from "../../../assembly/sip/msg/values";
import { scanHost, hostKind, HOST_NAME, HOST_IPV4 } from "../../../assembly/sip/msg/host";
import { scanParams } from "../../../assembly/sip/msg/params";
import { resetFields, hasField, F_FROM_TAG, F_TO_TAG } from "../../../assembly/sip/msg/message";
import { H_FROM, H_TO } from "../../../assembly/sip/msg/header-names";
import { RX } from "../../../assembly/sip/msg/buffers";
import { ascii } from "./scratch";
import { loadRx, text, fieldText } from "./rx";

/** Lays the strings one after another in the scratch area; returns the address of each in `at`. */
function lay(parts: string[], at: usize[]): void {
  let all = "";
  for (let i = 0; i < parts.length; i++) all += parts[i];
  let p = ascii(all);
  for (let i = 0; i < parts.length; i++) {
    at.push(p);
    p += <usize>parts[i].length;
  }
}

describe("results are returned, not left behind (issue 15)", () => {
  it("two numbers read in turn each keep their own value (was: lastDigits() gave the later one)", () => {
    const at: usize[] = [];
    lay(["4711", "70"], at);
    const first = decimal(at[0], at[1]);
    const second = decimal(at[1], at[1] + 2);
    expect(first).toBe(4711);
    expect(second).toBe(70);
    expect(scanDigits(at[0], at[1] + 2)).toBe(at[1] + 2);
    expect(decimal(at[0], at[0])).toBe(NOT_A_NUMBER);
  });

  it("a CSeq's Method stays where it was after a Content-Type is checked (was: valueStart/valueEnd shared)", () => {
    const at: usize[] = [];
    lay(["4711 INVITE", "application/sdp;charset=utf-8"], at);
    const method = scanCSeq(at[0], at[1]);
    const typeEnd = scanContentType(at[1], at[1] + 29);
    expect(text(method, at[1])).toBe("INVITE");
    expect(text(at[1], typeEnd)).toBe("application/sdp");
  });

  it("an Accept that admits SDP keeps its answer after one that does not is checked (was: acceptsSdp overwritten)", () => {
    const at: usize[] = [];
    lay(["application/sdp", "text/plain"], at);
    const sdp = checkAccept(at[0], at[1], true);
    const plain = checkAccept(at[1], at[1] + 10, true);
    expect(sdp).toBe(ACCEPT_VALID | ACCEPT_SDP);
    expect(plain).toBe(ACCEPT_VALID);
  });

  it("Retry-After's seconds come back from the call itself (was: numberValue)", () => {
    const at: usize[] = [];
    lay(["120 (busy);duration=60", "7"], at);
    const seconds = retryAfter(at[0], at[1]);
    decimal(at[1], at[1] + 1);
    expect(seconds).toBe(120);
  });

  it("a host's kind is read from its own bytes, whatever host was scanned after it (was: lastHostKind())", () => {
    const at: usize[] = [];
    lay(["example.com", "192.0.2.1"], at);
    const nameEnd = scanHost(at[0], at[1]);
    const quadEnd = scanHost(at[1], at[1] + 9);
    expect(hostKind(at[0], nameEnd)).toBe(HOST_NAME);
    expect(hostKind(at[1], quadEnd)).toBe(HOST_IPV4);
  });

  it("parameters are recorded only by the call that asks, not by a switch left on (was: setRecording)", () => {
    resetFields();
    const s = ";tag=1928301774;tag=a6c85cf";
    const n = loadRx(s);
    expect(scanParams(RX, RX + 15, H_FROM, true)).toBe(RX + 15);
    expect(scanParams(RX + 15, RX + <usize>n, H_TO, false)).toBe(RX + <usize>n);
    expect(fieldText(F_FROM_TAG)).toBe("1928301774");
    expect(hasField(F_TO_TAG)).toBeFalsy();
  });
});
