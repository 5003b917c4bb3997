// The parser's table of header lines (message.ts): one record per line, the
// line's header id and its name and value as slices of RX (RFC 3261 §7.3:
// field-name ":" field-value), in the order the lines came; at most
// MAX_HEADERS of them (a longer message is refused, §21.5.14).
import * as M from "../../../assembly/sip/msg/message";
import { RX, RX_CAPACITY } from "../../../assembly/sip/msg/buffers";
import { H_VIA, H_CALL_ID } from "../../../assembly/sip/msg/header-names";

describe("the header-line records (message.ts)", () => {
  beforeEach(M.resetMessage);

  it("each record keeps its own id, name and value slices; the next line's record leaves it as it was", () => {
    expect(M.addHeader(H_VIA, RX + 20, 3, RX + 25, 40)).toBe(true);
    expect(M.addHeader(H_CALL_ID, RX + 67, 7, RX + 76, 12)).toBe(true);
    expect(M.headerCount()).toBe(2);
    expect(M.headerId(0)).toBe(H_VIA);
    expect(M.headerNameStart(0)).toBe(20);
    expect(M.headerNameLength(0)).toBe(3);
    expect(M.headerValueStart(0)).toBe(25);
    expect(M.headerValueLength(0)).toBe(40);
    expect(M.headerId(1)).toBe(H_CALL_ID);
    expect(M.headerNameStart(1)).toBe(67);
    expect(M.headerNameLength(1)).toBe(7);
    expect(M.headerValueStart(1)).toBe(76);
    expect(M.headerValueLength(1)).toBe(12);
  });

  it("slices anywhere in RX are kept exactly, up to its last octet", () => {
    const last = RX_CAPACITY - 1;
    expect(M.addHeader(0x3f, RX + <usize>last - 9, 9, RX + <usize>last, 1)).toBe(true);
    expect(M.headerId(0)).toBe(0x3f);
    expect(M.headerNameStart(0)).toBe(last - 9);
    expect(M.headerValueStart(0)).toBe(last);
    expect(M.headerValueLength(0)).toBe(1);
  });

  it("MAX_HEADERS records fit; one more is refused and the table is unchanged", () => {
    for (let i = 0; i < M.MAX_HEADERS; i++) expect(M.addHeader(H_VIA, RX + <usize>i, 1, RX + <usize>(i + 1), i)).toBe(true);
    expect(M.addHeader(H_CALL_ID, RX, 1, RX, 1)).toBe(false);
    expect(M.headerCount()).toBe(M.MAX_HEADERS);
    for (let i = 0; i < M.MAX_HEADERS; i++) {
      expect(M.headerNameStart(i)).toBe(i);
      expect(M.headerValueStart(i)).toBe(i + 1);
      expect(M.headerValueLength(i)).toBe(i);
    }
  });

  it("an index outside the recorded lines reads as absent: id and starts -1, lengths 0", () => {
    M.addHeader(H_VIA, RX, 3, RX + 5, 10);
    for (let k = 0; k < 3; k++) {
      const i = k == 0 ? -1 : k == 1 ? 1 : M.MAX_HEADERS;
      expect(M.headerId(i)).toBe(-1);
      expect(M.headerNameStart(i)).toBe(-1);
      expect(M.headerNameLength(i)).toBe(0);
      expect(M.headerValueStart(i)).toBe(-1);
      expect(M.headerValueLength(i)).toBe(0);
    }
  });

  it("a reset empties the table", () => {
    M.addHeader(H_VIA, RX, 3, RX + 5, 10);
    M.resetMessage();
    expect(M.headerCount()).toBe(0);
    expect(M.headerId(0)).toBe(-1);
  });
});
