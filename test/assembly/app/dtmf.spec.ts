// DTMF in SIP INFO bodies (assembly/app/door/dtmf.ts): application/dtmf-relay
// and application/dtmf decoded to keys, and the outgoing bodies built.
import {
  decodeDtmf, dtmfDigit, writeDtmfRelay, writeDtmf, DTMF_RELAY, DTMF_PLAIN, DTMF_MAX,
} from "../../../assembly/app/door/dtmf";
import { ascii, text, k } from "./support";

const OUT: usize = memory.data(128);

/** The keys of `body` decoded as `t`, as a string ("" for none). */
function keys(t: i32, body: string): string {
  const n = decodeDtmf(t, ascii(body), body.length);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(dtmfDigit(i));
  return s;
}

function relay(body: string): string { return keys(DTMF_RELAY, body); }
function plain(body: string): string { return keys(DTMF_PLAIN, body); }

describe("application/dtmf-relay", () => {
  it("Signal=5 with a Duration is the key 5", () => {
    expect(relay("Signal=5\r\nDuration=160\r\n")).toBe("5");
  });

  it("lines may end in LF alone, and the last line needs no end", () => {
    expect(relay("Signal=7\nDuration=100\n")).toBe("7");
    expect(relay("Duration=100\nSignal=8")).toBe("8");
  });

  it("spaces and tabs around '=' and around the line are allowed", () => {
    expect(relay("  Signal =\t9 \r\nDuration= 160\r\n")).toBe("9");
  });

  it("the lines may come in any order", () => {
    expect(relay("Duration=160\r\nSignal=3\r\n")).toBe("3");
  });

  it("unknown lines and lines without '=' are ignored", () => {
    expect(relay("Volume=10\r\nhello\r\n\r\nSignal=4\r\nDuration=160\r\n")).toBe("4");
  });

  it("the name is case-insensitive", () => {
    expect(relay("SIGNAL=1\r\n")).toBe("1");
    expect(relay("signal=2\r\n")).toBe("2");
  });

  it("Signal may be 0-9, *, #, A-D (a-d read as A-D)", () => {
    expect(relay("Signal=0\r\n")).toBe("0");
    expect(relay("Signal=*\r\n")).toBe("*");
    expect(relay("Signal=#\r\n")).toBe("#");
    expect(relay("Signal=A\r\n")).toBe("A");
    expect(relay("Signal=d\r\n")).toBe("D");
  });

  it("Signal=10 is * and Signal=11 is #", () => {
    expect(relay("Signal=10\r\nDuration=160\r\n")).toBe("*");
    expect(relay("Signal=11\r\nDuration=160\r\n")).toBe("#");
  });

  it("a body without a Signal line holds no key", () => {
    expect(relay("Duration=160\r\n")).toBe("");
    expect(relay("\r\n")).toBe("");
  });

  it("a Signal that is not a key is malformed: 12, 05, E, x, empty, two characters", () => {
    expect(relay("Signal=12\r\n")).toBe("");
    expect(relay("Signal=05\r\n")).toBe("");
    expect(relay("Signal=E\r\n")).toBe("");
    expect(relay("Signal=x\r\n")).toBe("");
    expect(relay("Signal=\r\n")).toBe("");
    expect(relay("Signal=5 6\r\n")).toBe("");
  });

  it("two Signal lines are malformed: one key per body", () => {
    expect(relay("Signal=5\r\nSignal=6\r\n")).toBe("");
    expect(relay("Signal=5\r\nSignal=5\r\n")).toBe("");
  });

  it("a name that only starts like Signal is another name", () => {
    expect(relay("Signals=5\r\n")).toBe("");
    expect(relay("Sig=5\r\n")).toBe("");
  });
});

describe("application/dtmf", () => {
  it("the body is the key itself", () => {
    expect(plain("5")).toBe("5");
    expect(plain("#")).toBe("#");
  });

  it("a body may carry several keys, in order", () => {
    expect(plain("123#")).toBe("123#");
  });

  it("whitespace is ignored", () => {
    expect(plain(" 1 2\r\n3\t#\n")).toBe("123#");
  });

  it("a-d are read as A-D", () => {
    expect(plain("abcd")).toBe("ABCD");
  });

  it("any other character makes the whole body malformed", () => {
    expect(plain("12x3")).toBe("");
    expect(plain("Signal=5")).toBe("");
  });

  it("an empty or blank body holds no key", () => {
    expect(plain("")).toBe("");
    expect(plain(" \r\n")).toBe("");
  });

  it("up to 32 keys are taken; a body with more is refused", () => {
    expect(plain("12345678901234567890123456789012")).toBe("12345678901234567890123456789012");
    expect(plain("123456789012345678901234567890123")).toBe("");
  });
});

describe("decodeDtmf: refusals", () => {
  it("an unknown type decodes to nothing", () => {
    expect(keys(2, "5")).toBe("");
    expect(keys(-1, "Signal=5\r\n")).toBe("");
  });

  it("a malformed body clears the keys of the previous one", () => {
    expect(plain("55")).toBe("55");
    expect(decodeDtmf(DTMF_PLAIN, ascii("5x"), 2)).toBe(0);
    expect(dtmfDigit(0)).toBe(0);
  });

  it("dtmfDigit out of range is 0", () => {
    plain("12");
    expect(dtmfDigit(2)).toBe(0);
    expect(dtmfDigit(-1)).toBe(0);
  });

  it("a negative length, a body longer than 512 bytes, a body outside memory: nothing", () => {
    expect(decodeDtmf(DTMF_PLAIN, ascii("5"), -1)).toBe(0);
    expect(decodeDtmf(DTMF_PLAIN, ascii("5"), 513)).toBe(0);
    expect(decodeDtmf(DTMF_PLAIN, <usize>0xFFFFFF00, 4)).toBe(0);
    expect(decodeDtmf(DTMF_RELAY, <usize>((memory.size() << 16) - 2), 8)).toBe(0);
  });
});

let seed: u32 = 0x2545F491;
function rnd(n: u32): u32 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed % n;
}
const ALPHABET = "Signal=Duration0123456789*#ABCDabcdxyz \t\r\n=10=11";
const BODY: usize = memory.data(600);

/** A random body: bytes from the DTMF alphabet, or any byte. */
function body(len: i32, anyByte: bool): void {
  for (let i = 0; i < len; i++) {
    const c = anyByte ? rnd(256) : <u32>ALPHABET.charCodeAt(rnd(<u32>ALPHABET.length));
    store<u8>(BODY + <usize>i, <u8>c);
  }
}

function allKeys(n: i32): bool {
  for (let i = 0; i < n; i++) {
    const c = dtmfDigit(i);
    const ok = (c >= 0x30 && c <= 0x39) || c == 0x2a || c == 0x23 || (c >= 0x41 && c <= 0x44);
    if (!ok) return false;
  }
  return true;
}

describe("decodeDtmf: random bodies (seeded), never a trap", () => {
  it("20,000 random bodies of either type give 0 to 32 keys (at most 1 for dtmf-relay), each a DTMF key", () => {
    let bad = 0;
    for (let i = 0; i < 20000; i++) {
      const len = <i32>rnd(600);
      body(len, (i & 1) == 0);
      const r = decodeDtmf(DTMF_RELAY, BODY, len);
      if (!(r >= 0 && r <= 1 && allKeys(r))) bad++;
      const p = decodeDtmf(DTMF_PLAIN, BODY, len);
      if (!(p >= 0 && p <= DTMF_MAX && allKeys(p))) bad++;
    }
    expect(bad).toBe(0);
  });

  it("a random application/dtmf body with one character that is neither a key nor whitespace decodes to 0", () => {
    let decoded = 0;
    for (let i = 0; i < 5000; i++) {
      const len = 1 + <i32>rnd(40);
      body(len, false);
      store<u8>(BODY + <usize>rnd(<u32>len), <u8>(0x65 + rnd(20))); // e..x
      decoded += decodeDtmf(DTMF_PLAIN, BODY, len);
    }
    expect(decoded).toBe(0);
  });

  it("a random dtmf-relay body without 'S' or 's' (so no Signal line) decodes to 0", () => {
    let decoded = 0;
    for (let i = 0; i < 5000; i++) {
      const len = <i32>rnd(200);
      body(len, (i & 1) == 0);
      for (let j = 0; j < len; j++) {
        const c = load<u8>(BODY + <usize>j);
        if (c == 0x53 || c == 0x73) store<u8>(BODY + <usize>j, 0x3d);
      }
      decoded += decodeDtmf(DTMF_RELAY, BODY, len);
    }
    expect(decoded).toBe(0);
  });
});

describe("outgoing bodies", () => {
  it("writeDtmfRelay builds Signal and Duration lines ending in CRLF", () => {
    const n = writeDtmfRelay(k("5"), 160, OUT, 128);
    expect(text(OUT, n)).toBe("Signal=5\r\nDuration=160\r\n");
  });

  it("writeDtmfRelay writes * and # as they are, a-d as A-D, a duration of 0 or 4294967295", () => {
    expect(text(OUT, writeDtmfRelay(k("*"), 0, OUT, 128))).toBe("Signal=*\r\nDuration=0\r\n");
    expect(text(OUT, writeDtmfRelay(k("b"), 0xFFFFFFFF, OUT, 128))).toBe("Signal=B\r\nDuration=4294967295\r\n");
  });

  it("writeDtmfRelay fits exactly or returns -1 and writes nothing", () => {
    store<u8>(OUT, 0x21);
    expect(writeDtmfRelay(k("5"), 160, OUT, 23)).toBe(-1);
    expect(load<u8>(OUT)).toBe(0x21);
    expect(writeDtmfRelay(k("5"), 160, OUT, 24)).toBe(24);
  });

  it("writeDtmfRelay refuses what is not a key, and a destination outside memory", () => {
    expect(writeDtmfRelay(k("x"), 160, OUT, 128)).toBe(-1);
    expect(writeDtmfRelay(0, 160, OUT, 128)).toBe(-1);
    expect(writeDtmfRelay(k("5"), 160, <usize>0xFFFFFF00, 64)).toBe(-1);
  });

  it("what writeDtmfRelay builds decodes to the same key", () => {
    const n = writeDtmfRelay(k("#"), 250, OUT, 128);
    expect(decodeDtmf(DTMF_RELAY, OUT, n)).toBe(1);
    expect(dtmfDigit(0)).toBe(k("#"));
  });

  it("writeDtmf writes the key alone", () => {
    expect(writeDtmf(k("7"), OUT, 8)).toBe(1);
    expect(text(OUT, 1)).toBe("7");
  });

  it("writeDtmf refuses what is not a key and a capacity below 1", () => {
    expect(writeDtmf(k("?"), OUT, 8)).toBe(-1);
    expect(writeDtmf(k("7"), OUT, 0)).toBe(-1);
  });
});
