// MD5 (RFC 1321): the test suite of §A.5, the padding boundaries of §3.1,
// and incremental updates equal to one-shot hashing.
import { md5Init, md5Update, md5UpdateByte, md5Final, md5HexTo, hexTo } from "../../../assembly/sip/auth/md5";
import { ascii } from "../msg/scratch";
import { text } from "../msg/rx";

const OUT: usize = memory.data(64);

function hexOfDigest(): string {
  md5HexTo(OUT);
  return text(OUT, OUT + 32);
}

/** MD5 of s in one md5Update call, as lower-case hex. */
function md5Of(s: string): string {
  const p = ascii(s);
  md5Init();
  md5Update(p, s.length);
  md5Final();
  return hexOfDigest();
}

/** MD5 of s fed in pieces of 1, 3, 5, ... 63 bytes, cycling. */
function md5InOddPieces(s: string): string {
  const p = ascii(s);
  md5Init();
  let at = 0;
  let piece = 1;
  while (at < s.length) {
    const n = min(piece, s.length - at);
    md5Update(p + <usize>at, n);
    at += n;
    piece = piece >= 63 ? 1 : piece + 2;
  }
  md5Final();
  return hexOfDigest();
}

/** MD5 of s fed one byte at a time through md5UpdateByte. */
function md5ByteByByte(s: string): string {
  md5Init();
  for (let i = 0; i < s.length; i++) md5UpdateByte(<u32>s.charCodeAt(i));
  md5Final();
  return hexOfDigest();
}

const LONG = "The quick brown fox jumps over the lazy dog; ".repeat(9) + "0123456789";

describe("MD5 test suite (RFC 1321 §A.5)", () => {
  it("MD5(\"\") = d41d8cd98f00b204e9800998ecf8427e", () => {
    expect(md5Of("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
  });

  it("MD5(\"a\") = 0cc175b9c0f1b6a831c399e269772661", () => {
    expect(md5Of("a")).toBe("0cc175b9c0f1b6a831c399e269772661");
  });

  it("MD5(\"abc\") = 900150983cd24fb0d6963f7d28e17f72", () => {
    expect(md5Of("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
  });

  it("MD5(\"message digest\") = f96b697d7cb7938d525a2f31aaf161d0", () => {
    expect(md5Of("message digest")).toBe("f96b697d7cb7938d525a2f31aaf161d0");
  });

  it("MD5(a..z) = c3fcd3d76192e4007dfb496cca67e13b", () => {
    expect(md5Of("abcdefghijklmnopqrstuvwxyz")).toBe("c3fcd3d76192e4007dfb496cca67e13b");
  });

  it("MD5(A..Za..z0..9) = d174ab98d277d9f5a5611c2c9f419d9f", () => {
    expect(md5Of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
      .toBe("d174ab98d277d9f5a5611c2c9f419d9f");
  });

  it("MD5(8 x \"1234567890\") = 57edf4a22be3c955ac49da2e2107b67a", () => {
    expect(md5Of("1234567890".repeat(8))).toBe("57edf4a22be3c955ac49da2e2107b67a");
  });
});

// Expected values from Node: crypto.createHash("md5").update("a".repeat(n)).digest("hex").
describe("padding (RFC 1321 §3.1, §3.2): lengths around the 56-byte and 64-byte boundaries", () => {
  it("55 bytes: padding and length fit in the same block", () => {
    expect(md5Of("a".repeat(55))).toBe("ef1772b6dff9a122358552954ad0df65");
  });

  it("56 bytes: the length needs a second block", () => {
    expect(md5Of("a".repeat(56))).toBe("3b0c8ac703f828b04c6c197006d17218");
  });

  it("63 bytes: only the 0x80 byte fits in the first block", () => {
    expect(md5Of("a".repeat(63))).toBe("b06521f39153d618550606be297466d5");
  });

  it("64 bytes: a full block, then a padding block", () => {
    expect(md5Of("a".repeat(64))).toBe("014842d480b571495a4a0363793f7367");
  });

  it("65 bytes: one byte into the second block", () => {
    expect(md5Of("a".repeat(65))).toBe("c743a45e0d2e6a95cb859adae0248435");
  });

  it("128 bytes: two full blocks", () => {
    expect(md5Of("a".repeat(128))).toBe("e510683b3f5ffe4093d021808bc6ff70");
  });
});

describe("incremental hashing", () => {
  it("updates in odd-sized pieces give the one-shot digest", () => {
    expect(md5InOddPieces(LONG)).toBe(md5Of(LONG));
  });

  it("updates of one byte each give the one-shot digest", () => {
    expect(md5ByteByByte(LONG)).toBe(md5Of(LONG));
  });

  it("an update of length 0 or less changes nothing", () => {
    const p = ascii("abc");
    md5Init();
    md5Update(p, 0);
    md5Update(p, -5);
    md5Update(p, 3);
    md5Final();
    expect(hexOfDigest()).toBe("900150983cd24fb0d6963f7d28e17f72");
  });

  it("md5Init starts over after a finished digest", () => {
    md5Of("message digest");
    expect(md5Of("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
  });
});

describe("hex output", () => {
  it("hexTo writes bytes as lower-case hex, high nibble first", () => {
    store<u32>(OUT + 40, 0x3b114f0a);
    hexTo(OUT, OUT + 40, 4);
    expect(text(OUT, OUT + 8)).toBe("0a4f113b");
  });
});
