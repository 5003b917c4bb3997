// Door codes entered as DTMF in a call (assembly/app/door/codes.ts), on a
// virtual clock: which relay opens, when an entry ends, and that the
// comparison always visits every configured code.
import {
  codesClear, codesAdd, codesSetEntry, codeEntryReset, codeDigit, codeTick, codeNextDeadline,
  CODE_NONE, CODE_WRONG,
} from "../../../assembly/app/door/codes";
import { codesCompared } from "../../../assembly/app/door/entry";
import { decodeDtmf, dtmfDigit, DTMF_RELAY, DTMF_PLAIN } from "../../../assembly/app/door/dtmf";
import { ascii, k, type, last } from "./support";

function add(relay: i32, code: string): bool {
  return codesAdd(relay, ascii(code), code.length);
}

/** Relay 0: 1234 and 12; relay 1: 5678; relay 2: 0*0; relay 3: 16 digits. */
function fresh(): void {
  codesClear();
  codesSetEntry(k("#"), 5000);
  add(0, "1234");
  add(0, "12");
  add(1, "5678");
  add(2, "0*0");
  add(3, "1111222233334444");
}

/** Feeds every key of an INFO body (decoded) at `now`; the last decision that is not CODE_NONE. */
function info(t: i32, body: string, now: u32): i32 {
  let r = CODE_NONE;
  const n = decodeDtmf(t, ascii(body), body.length);
  for (let i = 0; i < n; i++) {
    const d = codeDigit(dtmfDigit(i), now);
    if (d != CODE_NONE) r = d;
  }
  return r;
}

describe("door codes: defaults (before any setting)", () => {
  it("by default # confirms and the inter-digit time is 5 s", () => {
    codesClear();
    add(1, "5678");
    expect(last(codeDigit, "5678#", 1000)).toBe(1);
    codeDigit(k("5"), 2000);
    expect(codeNextDeadline(2000)).toBe(5000);
    codeEntryReset();
  });
});

describe("door codes: decisions", () => {
  beforeEach(fresh);

  it("the right code and the confirm key open that code's relay", () => {
    expect(last(codeDigit, "5678#", 1000)).toBe(1);
    expect(last(codeDigit, "0*0#", 3000)).toBe(2);
  });

  it("keys before the confirm key give no decision", () => {
    expect(type(codeDigit, "5678#", 1000)).toBe("-1,-1,-1,-1,1");
  });

  it("a wrong code and the confirm key give CODE_WRONG", () => {
    expect(last(codeDigit, "5679#", 1000)).toBe(CODE_WRONG);
  });

  it("a code of another relay opens that relay, not the first", () => {
    expect(last(codeDigit, "1234#", 1000)).toBe(0);
    expect(last(codeDigit, "5678#", 3000)).toBe(1);
  });

  it("a code that is a prefix of another is its own code: 12 and 1234 both open, 123 is wrong", () => {
    expect(last(codeDigit, "12#", 1000)).toBe(0);
    expect(last(codeDigit, "1234#", 2000)).toBe(0);
    expect(last(codeDigit, "123#", 3000)).toBe(CODE_WRONG);
  });

  it("a longer entry that starts with a code is wrong", () => {
    expect(last(codeDigit, "56789#", 1000)).toBe(CODE_WRONG);
  });

  it("the confirm key with nothing entered is ignored", () => {
    expect(codeDigit(k("#"), 1000)).toBe(CODE_NONE);
    expect(codeNextDeadline(1000)).toBe(-1);
    expect(last(codeDigit, "5678#", 1100)).toBe(1);
  });

  it("after a decision the entry starts empty: a wrong entry does not spoil the next", () => {
    expect(last(codeDigit, "99#", 1000)).toBe(CODE_WRONG);
    expect(last(codeDigit, "5678#", 2000)).toBe(1);
  });

  it("a key that is not DTMF is ignored", () => {
    expect(type(codeDigit, "56x78#", 1000)).toBe("-1,-1,-1,-1,-1,1");
  });

  it("codeEntryReset forgets the keys entered so far", () => {
    last(codeDigit, "56", 1000);
    codeEntryReset();
    expect(last(codeDigit, "78#", 1300)).toBe(CODE_WRONG);
  });

  it("codesClear removes every code", () => {
    codesClear();
    expect(last(codeDigit, "5678#", 1000)).toBe(CODE_WRONG);
  });
});

describe("door codes: the end of an entry", () => {
  beforeEach(fresh);

  it("the inter-digit timeout ends an entry even with a confirm key: the code opens at the deadline, not before", () => {
    last(codeDigit, "5678", 1000); // last key at 1300
    expect(codeTick(6299)).toBe(CODE_NONE);
    expect(codeTick(6300)).toBe(1);
    expect(codeTick(6400)).toBe(CODE_NONE);
  });

  it("a wrong entry ended by the timeout gives CODE_WRONG", () => {
    last(codeDigit, "567", 1000);
    expect(codeTick(6200)).toBe(CODE_WRONG);
  });

  it("each key restarts the inter-digit time", () => {
    codeDigit(k("5"), 1000);
    codeDigit(k("6"), 5900);
    expect(codeTick(6000)).toBe(CODE_NONE);
    expect(codeNextDeadline(6000)).toBe(4900);
  });

  it("with confirm key none, the entry ends by timeout only and # is a key like the others", () => {
    codesSetEntry(0, 3000);
    expect(last(codeDigit, "5678", 1000)).toBe(CODE_NONE);
    expect(codeTick(4300)).toBe(1);
    expect(last(codeDigit, "5678#", 10000)).toBe(CODE_NONE);
    expect(codeTick(13400)).toBe(CODE_WRONG);
  });

  it("with * as the confirm key, * ends the entry and # is a key", () => {
    codesSetEntry(k("*"), 5000);
    expect(last(codeDigit, "5678*", 1000)).toBe(1);
    expect(last(codeDigit, "5678#*", 2000)).toBe(CODE_WRONG);
  });

  it("a confirm key other than #, * or none is refused and the settings stay", () => {
    expect(codesSetEntry(k("5"), 1000)).toBe(false);
    expect(last(codeDigit, "5678#", 1000)).toBe(1);
  });

  it("a key arriving after the timeout (no tick in between) ends the old entry and starts a new one", () => {
    last(codeDigit, "5678", 1000);
    expect(codeDigit(k("5"), 7000)).toBe(1);
    expect(last(codeDigit, "678#", 7100)).toBe(1);
  });

  it("the 16th key ends the entry: a 16-key code opens without the confirm key", () => {
    expect(type(codeDigit, "1111222233334444", 1000, 10)).toBe("-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,3");
    expect(codeNextDeadline(1200)).toBe(-1);
  });

  it("16 wrong keys give CODE_WRONG at the 16th and the 17th starts a new entry", () => {
    expect(last(codeDigit, "1111222233334445", 1000, 10)).toBe(CODE_WRONG);
    expect(last(codeDigit, "5678#", 2000)).toBe(1);
  });

  it("codeNextDeadline is -1 when idle, the inter-digit time after a key, counts down, 0 when due, -1 after a decision", () => {
    expect(codeNextDeadline(0)).toBe(-1);
    codeDigit(k("5"), 1000);
    expect(codeNextDeadline(1000)).toBe(5000);
    expect(codeNextDeadline(4000)).toBe(2000);
    expect(codeNextDeadline(9000)).toBe(0);
    codeTick(9000);
    expect(codeNextDeadline(9000)).toBe(-1);
  });

  it("the clock may wrap during an entry: keys and the timeout across 0xFFFFFFFF", () => {
    const t0: u32 = 0xFFFFFF00;
    expect(last(codeDigit, "5678", t0, 100)).toBe(CODE_NONE); // the last key at 0x2C, after the wrap
    expect(codeNextDeadline(t0 + 300)).toBe(5000);
    expect(codeTick(t0 + 5299)).toBe(CODE_NONE);
    expect(codeTick(t0 + 5300)).toBe(1);
  });
});

describe("door codes: configuration", () => {
  beforeEach(codesClear);

  it("codes are 1 to 16 keys of 0-9 and *", () => {
    expect(add(0, "7")).toBe(true);
    expect(add(0, "*0123456789*0123")).toBe(true);
    expect(add(0, "")).toBe(false);
    expect(add(0, "12345678901234567")).toBe(false);
    expect(add(0, "12#")).toBe(false);
    expect(add(0, "12A")).toBe(false);
  });

  it("a relay takes 4 codes, a fifth is refused", () => {
    expect(add(1, "1")).toBe(true);
    expect(add(1, "2")).toBe(true);
    expect(add(1, "3")).toBe(true);
    expect(add(1, "4")).toBe(true);
    expect(add(1, "5")).toBe(false);
    expect(add(2, "5")).toBe(true);
  });

  it("relays are 0 to 3", () => {
    expect(add(-1, "1")).toBe(false);
    expect(add(4, "1")).toBe(false);
    expect(add(3, "1")).toBe(true);
  });

  it("the same code cannot open two relays", () => {
    expect(add(0, "2468")).toBe(true);
    expect(add(1, "2468")).toBe(false);
    expect(add(0, "2468")).toBe(false);
  });

  it("a code whose bytes lie outside memory is refused", () => {
    expect(codesAdd(0, <usize>0xFFFFFFF0, 4)).toBe(false);
  });
});

describe("door codes: constant-time comparison", () => {
  beforeEach(fresh);

  it("every decision compares all 16 code slots, whether the first, the last or no code matches", () => {
    let c = codesCompared();
    last(codeDigit, "1234#", 1000); // slot 0
    expect(codesCompared() - c).toBe(16);
    c = codesCompared();
    last(codeDigit, "1111222233334444", 2000, 10); // slot 4, the last configured
    expect(codesCompared() - c).toBe(16);
    c = codesCompared();
    last(codeDigit, "9999#", 3000);
    expect(codesCompared() - c).toBe(16);
  });

  it("an entry differing at its first key costs the same comparisons as one differing at its last", () => {
    let c = codesCompared();
    last(codeDigit, "9678#", 1000);
    const first = codesCompared() - c;
    c = codesCompared();
    last(codeDigit, "5679#", 2000);
    expect(codesCompared() - c).toBe(first);
  });

  it("keys that do not end an entry compare nothing", () => {
    const c = codesCompared();
    last(codeDigit, "567", 1000);
    codeDigit(k("#"), 5000); // ends it
    expect(codesCompared() - c).toBe(16);
  });
});

describe("door codes: fed from SIP INFO", () => {
  beforeEach(fresh);

  it("one key per INFO (application/dtmf-relay) opens the relay", () => {
    expect(info(DTMF_RELAY, "Signal=5\r\nDuration=160\r\n", 1000)).toBe(CODE_NONE);
    expect(info(DTMF_RELAY, "Signal=6\r\nDuration=160\r\n", 1200)).toBe(CODE_NONE);
    expect(info(DTMF_RELAY, "Signal=7\r\nDuration=160\r\n", 1400)).toBe(CODE_NONE);
    expect(info(DTMF_RELAY, "Signal=8\r\nDuration=160\r\n", 1600)).toBe(CODE_NONE);
    expect(info(DTMF_RELAY, "Signal=11\r\nDuration=160\r\n", 1800)).toBe(1);
  });

  it("several keys in one INFO (application/dtmf) open the relay", () => {
    expect(info(DTMF_PLAIN, "0*0#", 1000)).toBe(2);
  });

  it("a code split over INFOs of both kinds opens the relay", () => {
    info(DTMF_PLAIN, "56", 1000);
    info(DTMF_RELAY, "Signal=7\n", 1100);
    expect(info(DTMF_PLAIN, "8#", 1200)).toBe(1);
  });

  it("a malformed INFO adds no key", () => {
    info(DTMF_PLAIN, "56", 1000);
    info(DTMF_RELAY, "Signal=x\r\n", 1100);
    expect(info(DTMF_PLAIN, "78#", 1200)).toBe(1);
  });
});
