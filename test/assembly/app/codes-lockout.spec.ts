// Door codes and their lockout on a virtual clock: the codes heard in a call
// (doorcall.ts) and the keypad's access codes count against one lockout
// (door/guard.ts); a call with too many wrong codes is hung up; and the
// lockout's record, which the board keeps across restarts, only ever locks.
import { onCallInfo, doorCallTick, doorCallEnded } from "../../../assembly/app/doorcall";
import { keypadKey, keypadCallEnded, lockoutReport } from "../../../assembly/app/keypad";
import { dialPress, onLegGone } from "../../../assembly/app/dialing";
import { accessReset } from "../../../assembly/app/door/lockout";
import { relayReset, relayIsOn } from "../../../assembly/app/door/relay";
import {
  guardSetPolicy, guardReset, guardLocked, guardLockedUntil, guardWrong, guardRight, guardWrongCount,
  guardChanged, guardSave, guardRestore, GUARD_RECORD,
} from "../../../assembly/app/door/guard";
import { crc32 } from "../../../assembly/app/config/crc";
import { freeCall } from "../../../assembly/sip/ua/calls";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { appEventsReset, EV_CODE_WRONG, EV_LOCKOUT } from "../../../assembly/app/events";
import { fresh, pickUp, requests, eventsOf } from "./app-support";
import { ascii } from "./support";

// CODES: {"user":"door","domain":"example.com","registrar":{"host":"192.0.2.20","port":5060},"keepaliveInterval":0,"buttons":[{"mode":"sequential","ringTimeout":20,"targets":["sip:flat1@example.com"]}],"relays":[{"doorCodes":["1234"]}],"accessCodes":[{"code":"9876","relay":0}],"lockout":{"tries":3,"seconds":60,"callTries":2}}
const CODES_LEN = 187;
const CODES = memory.data<u8>([
  0x44, 0x49, 0x43, 0x31, 0x01, 0x00, 0xad, 0x00, 0x00, 0x00, 0x19, 0xa6, 0x8c, 0x5a, 0x01, 0x04,
  0x00, 0x64, 0x6f, 0x6f, 0x72, 0x04, 0x0b, 0x00, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
  0x63, 0x6f, 0x6d, 0x10, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x14, 0x11, 0x02, 0x00, 0xc4, 0x13, 0x14,
  0x02, 0x00, 0xc4, 0x13, 0x15, 0x04, 0x00, 0x58, 0x02, 0x00, 0x00, 0x16, 0x02, 0x00, 0x00, 0x00,
  0x17, 0x01, 0x00, 0x03, 0x18, 0x01, 0x00, 0x23, 0x19, 0x02, 0x00, 0xb8, 0x0b, 0x1a, 0x01, 0x00,
  0x03, 0x1b, 0x02, 0x00, 0x3c, 0x00, 0x24, 0x01, 0x00, 0x02, 0x1c, 0x01, 0x00, 0x00, 0x1d, 0x02,
  0x00, 0x5b, 0x02, 0x1e, 0x01, 0x00, 0x00, 0x1f, 0x02, 0x00, 0x78, 0x00, 0x20, 0x01, 0x00, 0x00,
  0x21, 0x02, 0x00, 0x1e, 0x00, 0x40, 0x00, 0x00, 0x41, 0x01, 0x00, 0x00, 0x42, 0x02, 0x00, 0x14,
  0x00, 0x43, 0x15, 0x00, 0x73, 0x69, 0x70, 0x3a, 0x66, 0x6c, 0x61, 0x74, 0x31, 0x40, 0x65, 0x78,
  0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x50, 0x00, 0x00, 0x51, 0x02, 0x00, 0xb8,
  0x0b, 0x52, 0x04, 0x00, 0x31, 0x32, 0x33, 0x34, 0x53, 0x02, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00,
  0x61, 0x04, 0x00, 0x39, 0x38, 0x37, 0x36, 0x62, 0x01, 0x00, 0x00,
]);
const F1 = "sip:flat1@example.com";
const RECORD: usize = memory.data(GUARD_RECORD + 8);

/** CODES active, no lock and no count, button 0 connected to flat1 at 1 s; outbox and events emptied. */
function call(): i32 {
  fresh(CODES, CODES_LEN);
  accessReset();
  doorCallEnded();
  relayReset();
  lockoutReport(0);
  dialPress(0, 0);
  const c = pickUp("flat1", 1000);
  outboxReset();
  appEventsReset();
  return c;
}

/** An application/dtmf INFO in call c carrying `keys`, handled as main.ts does. */
function info(c: i32, keys: string, now: u32): void {
  onCallInfo(c, 2, ascii(keys), keys.length, now);
}

/** The call ends (its BYE answered): the UA frees it, the modules forget it as main.ts makes them. */
function ended(c: i32, now: u32): void {
  freeCall(c);
  onLegGone(c, 0, now);
  keypadCallEnded();
  doorCallEnded();
}

function typed(keys: string, start: u32): void {
  for (let i = 0; i < keys.length; i++) keypadKey(<u32>keys.charCodeAt(i), start + <u32>i * 100);
}

describe("door codes in a call share the keypad's lockout (doorcall.ts, guard.ts)", () => {
  it("wrong codes in a call and at the keypad count together: the third wrong one in a row locks (lockout.tries 3)", () => {
    const c = call();
    info(c, "1111#", 2000);
    ended(c, 3000);
    typed("0000#", 4000);
    expect(guardLocked(5000)).toBe(false);
    typed("0001#", 5000);
    expect(guardLocked(6000)).toBe(true);
    expect(eventsOf(EV_LOCKOUT)).toBe("1:60");
  });

  it("a lock reached by codes in a call is reported (Lockout a = 1) and raised like the keypad's", () => {
    const c = call();
    guardWrong(1500);
    info(c, "1111#", 2000);
    info(c, "2222#", 2500);
    lockoutReport(2500);
    expect(eventsOf(EV_LOCKOUT)).toBe("1:60");
    expect(guardLockedUntil()).toBe(62500);
  });

  it("while codes are locked out, the right code in a call opens nothing and is not counted", () => {
    const c = call();
    for (let i = 0; i < 3; i++) guardWrong(1500);
    info(c, "1234#", 2000);
    expect(relayIsOn(0)).toBe(false);
    expect(eventsOf(EV_CODE_WRONG)).toBe("");
  });

  it("an entry of a call cut by a lock is dropped, not counted as a wrong code when its time runs out", () => {
    const c = call();
    info(c, "12", 1500);
    for (let i = 0; i < 3; i++) guardWrong(1600);
    doorCallTick(4500);
    doorCallTick(61600);
    expect(eventsOf(EV_CODE_WRONG)).toBe("");
    expect(guardWrongCount()).toBe(0);
    expect(guardLocked(61600)).toBe(false);
  });

  it("the lock ends after lockout.seconds and the right code in a call opens again", () => {
    const c = call();
    for (let i = 0; i < 3; i++) guardWrong(1500);
    info(c, "1234#", 61499);
    expect(relayIsOn(0)).toBe(false);
    info(c, "1234#", 61500);
    expect(relayIsOn(0)).toBe(true);
  });

  it("a right code in a call resets the count of wrong codes in a row", () => {
    const c = call();
    info(c, "1111#", 2000);
    expect(guardWrongCount()).toBe(1);
    info(c, "1234#", 3000);
    expect(guardWrongCount()).toBe(0);
  });
});

describe("a call with lockout.callTries wrong codes is hung up (doorcall.ts)", () => {
  it("after lockout.callTries (2) wrong codes in one call the station hangs up that call (BYE)", () => {
    const c = call();
    info(c, "1111#", 2000);
    expect(requests("BYE")).toBe("");
    info(c, "2222#", 3000);
    expect(requests("BYE")).toBe(F1);
    expect(eventsOf(EV_CODE_WRONG)).toBe("0:0,0:0");
  });

  it("two wrong codes in one INFO hang up as well, and the codes after them in that INFO are not tried", () => {
    const c = call();
    info(c, "1111#2222#1234#", 2000);
    expect(requests("BYE")).toBe(F1);
    expect(relayIsOn(0)).toBe(false);
  });

  it("digits of a call being hung up for its wrong codes count no more", () => {
    const c = call();
    info(c, "1111#2222#", 2000);
    info(c, "3333#", 2500);
    expect(eventsOf(EV_CODE_WRONG)).toBe("0:0,0:0");
    expect(guardLocked(3000)).toBe(false);
  });

  it("the count is per call: a new call starts again from 0", () => {
    const c = call();
    info(c, "1111#", 2000);
    ended(c, 2500);
    guardRight(); // the keypad opened meanwhile
    outboxReset();
    dialPress(0, 3000);
    const d = pickUp("flat1", 4000);
    outboxReset();
    info(d, "2222#", 5000);
    expect(requests("BYE")).toBe("");
    info(d, "3333#", 6000);
    expect(requests("BYE")).toBe(F1);
  });
});

/** A record of `remaining` ms and `count` wrong codes with a right CRC at RECORD. */
function record(remaining: u32, count: u32): void {
  store<u32>(RECORD, 0x314b434c);
  store<u32>(RECORD + 4, remaining);
  store<u32>(RECORD + 8, count);
  store<u32>(RECORD + 12, crc32(RECORD, 12));
}

/** A restart: the configured policy (3 tries, 60 s) on a guard that knows nothing yet. */
function restart(): void {
  guardReset();
  guardSetPolicy(3, 60000);
}

describe("the lockout's record survives a restart and only ever locks (guard.ts)", () => {
  beforeEach(restart);

  it("a record written while locked locks the restarted guard for the time that was left", () => {
    for (let i = 0; i < 3; i++) guardWrong(1000);
    expect(guardSave(RECORD, 21000)).toBe(true);
    restart();
    expect(guardRestore(RECORD, GUARD_RECORD, 5)).toBe(true);
    expect(guardLocked(40004)).toBe(true);
    expect(guardLocked(40005)).toBe(false);
  });

  it("the count of wrong codes survives too: one more after the restart locks", () => {
    guardWrong(1000);
    guardWrong(2000);
    guardSave(RECORD, 2000);
    restart();
    guardRestore(RECORD, GUARD_RECORD, 0);
    expect(guardWrongCount()).toBe(2);
    expect(guardWrong(100)).toBe(true);
  });

  it("an absent, short, long or damaged record locks nothing", () => {
    record(30000, 2);
    expect(guardRestore(RECORD, 0, 0)).toBe(false);
    expect(guardRestore(RECORD, GUARD_RECORD - 1, 0)).toBe(false);
    expect(guardRestore(RECORD, GUARD_RECORD + 1, 0)).toBe(false);
    store<u8>(RECORD + 5, load<u8>(RECORD + 5) ^ 1);
    expect(guardRestore(RECORD, GUARD_RECORD, 0)).toBe(false);
    record(30000, 2);
    store<u32>(RECORD, 0x324b434c);
    store<u32>(RECORD + 12, crc32(RECORD, 12));
    expect(guardRestore(RECORD, GUARD_RECORD, 0)).toBe(false);
    expect(guardLocked(1)).toBe(false);
    expect(guardWrongCount()).toBe(0);
  });

  it("a record's time is clamped to lockout.seconds and its count to lockout.tries - 1", () => {
    record(0xffffffff, 100);
    expect(guardRestore(RECORD, GUARD_RECORD, 1000)).toBe(true);
    expect(guardLockedUntil()).toBe(61000);
    expect(guardWrongCount()).toBe(2);
  });

  it("a record never lifts a lock nor lowers the count", () => {
    for (let i = 0; i < 3; i++) guardWrong(1000);
    guardWrong(2000);
    record(0, 0);
    guardRestore(RECORD, GUARD_RECORD, 3000);
    expect(guardLocked(60999)).toBe(true);
    expect(guardWrongCount()).toBe(1);
  });

  it("the record is written again only when the lockout changes: a wrong code, a lock, its end", () => {
    guardSave(RECORD, 0);
    guardRight();
    expect(guardChanged()).toBe(false);
    guardWrong(100);
    expect(guardChanged()).toBe(true);
    guardSave(RECORD, 100);
    guardWrong(200);
    guardWrong(300);
    guardSave(RECORD, 300);
    expect(guardLocked(60299)).toBe(true);
    expect(guardChanged()).toBe(false);
    expect(guardLocked(60300)).toBe(false);
    expect(guardChanged()).toBe(true);
  });
});
