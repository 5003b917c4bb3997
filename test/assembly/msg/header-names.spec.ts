import { lookupHeader, headerName, compactForm, headerHashCollisions, H_COUNT, H_UNKNOWN, H_VIA, H_CALL_ID, H_CONTENT_LENGTH, H_SESSION_EXPIRES } from "../../../assembly/sip/msg/header-names";
import { ascii } from "./scratch";

function lookup(name: string): i32 {
  return lookupHeader(ascii(name), name.length);
}

describe("header names (RFC 3261 §7.3.3, §20)", () => {
  it("the perfect hash places every long and compact name in its own slot", () => {
    expect(headerHashCollisions()).toBe(0);
  });

  it("every canonical name resolves to its own id", () => {
    for (let id = 1; id < H_COUNT; id++) expect(lookup(headerName(id))).toBe(id);
  });

  it("every compact form resolves to the id of its long form", () => {
    for (let id = 1; id < H_COUNT; id++) {
      const c = compactForm(id);
      if (c == 0) continue;
      expect(lookup(String.fromCharCode(c))).toBe(id);
      expect(lookup(String.fromCharCode(c - 32))).toBe(id);
    }
  });

  it("names compare case-insensitively (§7.3.1)", () => {
    expect(lookup("vIA")).toBe(H_VIA);
    expect(lookup("CALL-ID")).toBe(H_CALL_ID);
    expect(lookup("content-LENGTH")).toBe(H_CONTENT_LENGTH);
    expect(lookup("X")).toBe(H_SESSION_EXPIRES);
  });

  it("a name that shares a slot with a known one but differs is unknown", () => {
    expect(lookup("Vib")).toBe(H_UNKNOWN);
    expect(lookup("C%6Fntact")).toBe(H_UNKNOWN);
    expect(lookup("q")).toBe(H_UNKNOWN);
    expect(lookup("NewFangledHeader")).toBe(H_UNKNOWN);
  });

  it("the comparison is exact for any bytes, not only tokens: CR (0x0d | 0x20 = \"-\") is not \"-\" (the parser looks a name up before it scans it)", () => {
    expect(lookup("Call\rID")).toBe(H_UNKNOWN);
    expect(lookup("Content\rLength")).toBe(H_UNKNOWN);
    expect(lookup("Max\rForwards")).toBe(H_UNKNOWN);
  });
});
