// Keypad access codes outside calls with a lockout
// (assembly/app/door/lockout.ts), on a virtual clock.
import {
  accessClear, accessReset, accessAdd, accessSetLockout, accessSetEntry, accessLocked, accessLockedUntil,
  accessDigit, accessTick, accessNextDeadline, ACCESS_NONE, ACCESS_WRONG, ACCESS_LOCKED,
} from "../../../assembly/app/door/lockout";
import { codesCompared } from "../../../assembly/app/door/entry";
import { ascii, k, type, last } from "./support";

function add(code: string, relay: i32): bool {
  return accessAdd(ascii(code), code.length, relay);
}

/** Codes 2580 (relay 0) and 13579 (relay 1); 3 wrong entries lock for 60 s; confirm #, 5 s between keys. */
function fresh(): void {
  accessClear();
  accessReset();
  accessSetEntry(k("#"), 5000);
  accessSetLockout(3, 60000);
  add("2580", 0);
  add("13579", 1);
}

/** Three wrong entries ending at 1000, 2000, 3000 (the last one locks until 63000). */
function lockAt3000(): i32 {
  last(accessDigit, "0000#", 600);
  last(accessDigit, "0000#", 1600);
  return last(accessDigit, "0000#", 2600);
}

describe("keypad: defaults (before any setting)", () => {
  it("by default # confirms, keys are 5 s apart at most, and 5 wrong entries lock for 60 s", () => {
    accessClear();
    add("2580", 0);
    expect(last(accessDigit, "2580#", 1000)).toBe(0);
    accessDigit(k("1"), 2000);
    expect(accessNextDeadline(2000)).toBe(5000);
    accessReset();
    expect(type(accessDigit, "1#1#1#1#1#", 3000)).toBe("-1,-2,-1,-2,-1,-2,-1,-2,-1,-3");
    expect(accessLockedUntil()).toBe(3900 + 60000);
    accessReset();
  });
});

describe("keypad access codes", () => {
  beforeEach(fresh);

  it("the right code and the confirm key open that code's relay", () => {
    expect(last(accessDigit, "13579#", 1000)).toBe(1);
    expect(last(accessDigit, "2580#", 2000)).toBe(0);
  });

  it("a wrong code gives ACCESS_WRONG", () => {
    expect(last(accessDigit, "2581#", 1000)).toBe(ACCESS_WRONG);
  });

  it("the entry ends as in a call: the inter-digit timeout decides, the confirm key alone is ignored", () => {
    expect(accessDigit(k("#"), 500)).toBe(ACCESS_NONE);
    last(accessDigit, "2580", 1000);
    expect(accessTick(6299)).toBe(ACCESS_NONE);
    expect(accessTick(6300)).toBe(0);
  });

  it("with confirm key none the entry ends by timeout only", () => {
    accessSetEntry(0, 2000);
    expect(type(accessDigit, "2580", 1000)).toBe("-1,-1,-1,-1");
    expect(accessTick(3300)).toBe(0);
  });

  it("the 16th key ends the entry", () => {
    expect(last(accessDigit, "2580258025802580", 1000, 10)).toBe(ACCESS_WRONG);
  });

  it("every decision compares all 8 slots", () => {
    const c = codesCompared();
    last(accessDigit, "2580#", 1000);
    expect(codesCompared() - c).toBe(8);
  });

  it("codes are 4 to 16 keys of 0-9 and *, relays 0 to 3", () => {
    accessClear();
    expect(add("123", 0)).toBe(false);
    expect(add("1234", 0)).toBe(true);
    expect(add("*234567890123456", 3)).toBe(true);
    expect(add("12345678901234567", 0)).toBe(false);
    expect(add("12#4", 0)).toBe(false);
    expect(add("5555", 4)).toBe(false);
    expect(add("5555", -1)).toBe(false);
  });

  it("8 codes are kept, a ninth is refused, and a duplicate too", () => {
    accessClear();
    for (let i = 0; i < 8; i++) expect(add("100" + i.toString(), i & 3)).toBe(true);
    expect(add("2000", 0)).toBe(false);
    accessClear();
    expect(add("1000", 0)).toBe(true);
    expect(add("1000", 1)).toBe(false);
  });
});

describe("keypad lockout", () => {
  beforeEach(fresh);

  it("the entry that is the Nth wrong in a row locks the keypad and returns ACCESS_LOCKED", () => {
    expect(last(accessDigit, "0000#", 600)).toBe(ACCESS_WRONG);
    expect(last(accessDigit, "0000#", 1600)).toBe(ACCESS_WRONG);
    expect(last(accessDigit, "0000#", 2600)).toBe(ACCESS_LOCKED);
    expect(accessLocked(3000)).toBe(true);
    expect(accessLockedUntil()).toBe(63000);
  });

  it("a wrong entry ended by the timeout counts as wrong", () => {
    last(accessDigit, "0000#", 600);
    last(accessDigit, "0000#", 1600);
    last(accessDigit, "111", 2600);
    expect(accessTick(7800)).toBe(ACCESS_LOCKED);
  });

  it("while locked every key is ignored and returns ACCESS_LOCKED, the right code included", () => {
    lockAt3000();
    expect(type(accessDigit, "2580#", 4000)).toBe("-3,-3,-3,-3,-3");
    expect(accessNextDeadline(5000)).toBe(58000);
  });

  it("keys pressed while locked are not kept for after the lock", () => {
    lockAt3000();
    last(accessDigit, "25", 62000);
    expect(last(accessDigit, "80#", 63000)).toBe(ACCESS_WRONG);
  });

  it("the lock ends on its own after lockMs: locked at 62999, open at 63000, the right code opens", () => {
    lockAt3000();
    expect(accessLocked(62999)).toBe(true);
    expect(accessLocked(63000)).toBe(false);
    expect(last(accessDigit, "2580#", 63000)).toBe(0);
  });

  it("accessTick at the lock's end lifts it and decides nothing", () => {
    lockAt3000();
    expect(accessNextDeadline(3000)).toBe(60000);
    expect(accessTick(63000)).toBe(ACCESS_NONE);
    expect(accessNextDeadline(63000)).toBe(-1);
  });

  it("after a lock the count starts again: N more wrong entries are needed", () => {
    lockAt3000();
    expect(last(accessDigit, "0000#", 63000)).toBe(ACCESS_WRONG);
    expect(last(accessDigit, "0000#", 64000)).toBe(ACCESS_WRONG);
    expect(last(accessDigit, "0000#", 65000)).toBe(ACCESS_LOCKED);
  });

  it("a right code resets the count of wrong entries", () => {
    last(accessDigit, "0000#", 600);
    last(accessDigit, "0000#", 1600);
    expect(last(accessDigit, "2580#", 2600)).toBe(0);
    expect(last(accessDigit, "0000#", 3600)).toBe(ACCESS_WRONG);
    expect(last(accessDigit, "0000#", 4600)).toBe(ACCESS_WRONG);
    expect(accessLocked(5000)).toBe(false);
  });

  it("tries 0 disables the lockout", () => {
    accessSetLockout(0, 60000);
    for (let i = 0; i < 10; i++) expect(last(accessDigit, "0000#", <u32>(i * 1000))).toBe(ACCESS_WRONG);
    expect(accessLocked(10000)).toBe(false);
  });

  it("accessReset lifts a lock", () => {
    lockAt3000();
    accessReset();
    expect(accessLocked(4000)).toBe(false);
    expect(last(accessDigit, "2580#", 4000)).toBe(0);
  });

  it("the clock may wrap during a lock: locked across 0xFFFFFFFF, lifted lockMs after it began", () => {
    const t0: u32 = 0xFFFFF000; // 4096 ms before the wrap
    last(accessDigit, "0000#", t0);
    last(accessDigit, "0000#", t0 + 1000);
    expect(last(accessDigit, "0000#", t0 + 2000)).toBe(ACCESS_LOCKED);
    const end = t0 + 2400 + 60000;
    expect(accessLockedUntil()).toBe(end);
    expect(accessLocked(0)).toBe(true);
    expect(accessLocked(end - 1)).toBe(true);
    expect(accessLocked(end)).toBe(false);
  });
});
