// SHA-256 (assembly/crypto/sha256.ts) against the examples NIST publishes for
// FIPS 180-4 (the "Example Algorithms" of the CSRC, SHA256.pdf: one block
// "abc", the two-block 448-bit message; and the long-message value of one
// million 'a', FIPS 180-2 appendix B.3), the empty message, the padding's
// edges, and messages fed in odd-sized pieces and forked with sha256Copy.
import {
  Sha256State, SHA256_STATE_SIZE, sha256Init, sha256Update, sha256Final, sha256Copy, sha256Equal,
} from "../../../assembly/crypto/sha256";

const STATE = changetype<Sha256State>(memory.data(SHA256_STATE_SIZE, 8));
const FORK = changetype<Sha256State>(memory.data(SHA256_STATE_SIZE, 8));
const DIGEST: usize = memory.data(32, 8);
const MESSAGE: usize = memory.data(1024, 8);
const HEX = "0123456789abcdef";

function hexOf(ptr: usize, len: i32): string {
  let s = "";
  for (let i = 0; i < len; i++) {
    const v = <i32>load<u8>(ptr + <usize>i);
    s += HEX.charAt(v >> 4) + HEX.charAt(v & 15);
  }
  return s;
}

/** `text` placed at MESSAGE; its address. */
function put(text: string): usize {
  for (let i = 0; i < text.length; i++) store<u8>(MESSAGE + <usize>i, <u8>text.charCodeAt(i));
  return MESSAGE;
}

/** The digest of `text` in one update, as hex. */
function sha256Of(text: string): string {
  sha256Init(STATE);
  sha256Update(STATE, put(text), text.length);
  sha256Final(STATE, DIGEST);
  return hexOf(DIGEST, 32);
}

/** The digest of `text` fed in pieces of 1, 3, 5, ... 67 octets, cycling. */
function sha256InOddPieces(text: string): string {
  const p = put(text);
  sha256Init(STATE);
  let at = 0, piece = 1;
  while (at < text.length) {
    const n = min(piece, text.length - at);
    sha256Update(STATE, p + <usize>at, n);
    at += n;
    piece = piece >= 67 ? 1 : piece + 2;
  }
  sha256Final(STATE, DIGEST);
  return hexOf(DIGEST, 32);
}

const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const TWO_BLOCKS = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const TWO_BLOCKS_DIGEST = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
const EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("SHA-256: the NIST examples (FIPS 180-4)", () => {
  it("hashes \"abc\", one block, to ba7816bf...", () => {
    expect(sha256Of("abc")).toBe(ABC);
  });

  it("hashes the 448-bit message abcdbcde...nopq, whose padding takes a second block, to 248d6a61...", () => {
    expect(sha256Of(TWO_BLOCKS)).toBe(TWO_BLOCKS_DIGEST);
  });

  it("hashes one million 'a' to cdc76e5c...", () => {
    for (let i = 0; i < 1000; i++) store<u8>(MESSAGE + <usize>i, 0x61);
    sha256Init(STATE);
    for (let i = 0; i < 1000; i++) sha256Update(STATE, MESSAGE, 1000);
    sha256Final(STATE, DIGEST);
    expect(hexOf(DIGEST, 32)).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("hashes the empty message, padding alone, to e3b0c442...", () => {
    expect(sha256Of("")).toBe(EMPTY);
  });
});

describe("SHA-256: padding edges (§5.1.1)", () => {
  it("hashes 55 octets, the longest whose length fits in the same block, to 9f4390f8...", () => {
    expect(sha256Of("a".repeat(55))).toBe("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  });

  it("hashes 56 octets, whose length goes in a second block, to b35439a4...", () => {
    expect(sha256Of("a".repeat(56))).toBe("b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  });

  it("hashes 64 octets, exactly one block, then a block of padding, to ffe054fe...", () => {
    expect(sha256Of("a".repeat(64))).toBe("ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  });
});

describe("SHA-256: a message in pieces", () => {
  it("gives the same digest fed in odd-sized pieces as in one update (two blocks)", () => {
    expect(sha256InOddPieces(TWO_BLOCKS)).toBe(TWO_BLOCKS_DIGEST);
  });

  it("gives the same digest fed in odd-sized pieces as in one update (a thousand octets)", () => {
    const text = "0123456789abcdefghijklmnopqrstuvwxyz".repeat(28);
    expect(sha256InOddPieces(text)).toBe(sha256Of(text));
  });

  it("ignores an update of no octets", () => {
    sha256Init(STATE);
    sha256Update(STATE, put("ab"), 2);
    sha256Update(STATE, MESSAGE, 0);
    sha256Update(STATE, put("c"), 1);
    sha256Final(STATE, DIGEST);
    expect(hexOf(DIGEST, 32)).toBe(ABC);
  });

  it("forks with sha256Copy: the copy ends the prefix, the original goes on to the whole message", () => {
    sha256Init(STATE);
    sha256Update(STATE, put("abc"), 3);
    sha256Copy(FORK, STATE);
    sha256Update(STATE, put("dbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), 53);
    sha256Final(FORK, DIGEST);
    expect(hexOf(DIGEST, 32)).toBe(ABC);
    sha256Final(STATE, DIGEST);
    expect(hexOf(DIGEST, 32)).toBe(TWO_BLOCKS_DIGEST);
  });

  it("starts again after sha256Init: a second message hashes as if alone", () => {
    sha256Of(TWO_BLOCKS);
    expect(sha256Of("abc")).toBe(ABC);
  });
});

describe("sha256Equal", () => {
  it("tells equal digests from digests that differ in the last octet", () => {
    const a = MESSAGE, b = MESSAGE + 32;
    for (let i: usize = 0; i < 32; i++) { store<u8>(a + i, <u8>i); store<u8>(b + i, <u8>i); }
    expect(sha256Equal(a, b)).toBe(true);
    store<u8>(b + 31, 0xff);
    expect(sha256Equal(a, b)).toBe(false);
  });
});
