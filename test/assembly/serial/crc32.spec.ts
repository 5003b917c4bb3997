// CRC-32 of IEEE 802.3 (assembly/serial/crc32.ts), the CRC of every serial
// frame, checked against the values the CRC catalogues give for it: the
// "check" of the nine ASCII digits and the "residue" of a message followed by
// its own CRC (Williams, "A Painless Guide to CRC Error Detection
// Algorithms" §17; Cook's RevEng catalogue, CRC-32/ISO-HDLC).
import { crc32, crc32Update, crc32Final, CRC32_START } from "../../../assembly/serial/crc32";
import { ascii, input, join } from "./support";

describe("CRC-32 (IEEE 802.3)", () => {
  it("gives the check value 0xCBF43926 for \"123456789\"", () => {
    const digits = ascii("123456789");
    expect(crc32(input(digits), digits.length)).toBe(0xcbf43926);
  });

  it("is 0 over no octets (preset all ones, inverted at the end)", () => {
    expect(crc32(input([]), 0)).toBe(0);
  });

  it("leaves the residue 0xDEBB20E3 in the register over a message and its CRC sent least significant octet first", () => {
    const message = ascii("123456789");
    const crc: u32 = 0xcbf43926;
    const whole = join(message, [<u8>crc, <u8>(crc >>> 8), <u8>(crc >>> 16), <u8>(crc >>> 24)]);
    expect(crc32Update(CRC32_START, input(whole), whole.length)).toBe(0xdebb20e3);
  });

  it("is the same over a run taken in two parts as over the whole run", () => {
    const digits = ascii("123456789");
    const at = input(digits);
    const first = crc32Update(CRC32_START, at, 4);
    expect(crc32Final(crc32Update(first, at + 4, 5))).toBe(0xcbf43926);
  });

  it("changes when one bit of the message changes", () => {
    const digits = ascii("123456788");
    expect(crc32(input(digits), digits.length)).not.toBe(0xcbf43926);
  });
});
