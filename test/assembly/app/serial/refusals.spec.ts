// The serial agent's refusal texts (assembly/app/serial/refusals.ts, packed
// by `npm run refusals` from refusals.json): the table reads back as
// declared, and a refusal is `[0][0][text]` (docs/serial-agent.md "Errors").
import * as serialRefusals from "../../../../assembly/app/serial/refusals";
import { replyStatus, replyLength } from "../../../../assembly/app/serial/reply";

const OUT: usize = memory.data(300, 8);

function textOf(code: i32): string {
  const p = serialRefusals.refusalText(code);
  let s = "";
  for (let i = 0; i < serialRefusals.refusalTextLength(p); i++) s += String.fromCharCode(load<u8>(p + <usize>i));
  return s;
}

describe("the refusal texts", () => {
  it("reads the first, a middle and the last text back from the packed table (refusals.json's order)", () => {
    expect(textOf(serialRefusals.HEADER_SHORT)).toBe("header: under 32 octets");
    expect(textOf(serialRefusals.SIZE_OVER_SLOT)).toBe("size: over the slot");
    expect(textOf(serialRefusals.MONITOR_ON)).toBe("on: 1 octet");
    expect(serialRefusals.MONITOR_ON).toBe(serialRefusals.TEXT_COUNT);
  });

  it("writes a refusal as [0][0][text] with its status", () => {
    const r = serialRefusals.refuseWith(OUT, 5, serialRefusals.SIZE_OVER_SLOT);
    expect(replyStatus(r)).toBe(5);
    expect(replyLength(r)).toBe(2 + 19);
    expect(load<u8>(OUT)).toBe(0);
    expect(load<u8>(OUT, 1)).toBe(0);
    expect(load<u8>(OUT, 2)).toBe(0x73); // "s" of "size: over the slot"
    expect(load<u8>(OUT, 20)).toBe(0x74); // its last "t"
  });
});
