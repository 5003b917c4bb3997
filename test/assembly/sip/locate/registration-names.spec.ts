// A registrar given by DNS name (assembly/app/registration.ts with the
// locator): located before the first REGISTER, the next candidate tried at
// once when one does not answer or answers 503 (RFC 3263 §4.3), the back-off
// only once every candidate failed, and a name that cannot be located
// treated as a 503 (RFC 3261 §8.1.3.1 via RFC 3263 §4.3).
import { registrationStart, registrationReset, registrationSettings, registrationResolved, registrationTick, onRegisterDone, registrationState, REG_REGISTERING, REG_REGISTERED, REG_WAITING } from "../../../../assembly/app/registration";
import { outboxReset } from "../../../../assembly/sip/txn/outbox";
import { appEventsReset, EV_UNREGISTERED } from "../../../../assembly/app/events";
import { REG, REG_LEN, useConfig, freshUa, outbox, eventsOf } from "../../app/app-support";
import { mockReset, mockSetResolver, queries, queryId, queryCount, ascii, answerBegin, addA } from "./locate-support";

const PBX = "pbx.test";

/** The station registers with pbx.test:`port` (0: none, SRV), starting at 0. */
function start(port: u32): void {
  expect(useConfig(REG, REG_LEN)).toBe(0);
  freshUa();
  mockReset();
  registrationReset();
  registrationSettings(false, ascii(PBX), PBX.length, port, false, 0, 0, 0, 600, 0, 3);
  registrationStart(0);
}

/** Answers the last query with A records 192.0.2.30 and .31 (TTL `ttl` seconds). */
function answerTwo(now: u32 = 0, ttl: u32 = 3600): void {
  answerBegin();
  addA(ttl, 192, 0, 2, 30);
  addA(ttl, 192, 0, 2, 31);
  outboxReset();
  registrationResolved(queryId(queryCount() - 1), 0, 2, now);
}

describe("a registrar given by name", () => {
  test("is located before the first REGISTER, which goes to the first candidate", () => {
    start(5060);
    expect(queries()).toBe("A pbx.test");
    expect(outbox()).toBe("");
    answerTwo();
    expect(outbox()).toBe("REGISTER 192.0.2.30:5060");
  });
  test("answers of TTL 0 are used for the REGISTER they were asked for, not asked again first", () => {
    start(5060);
    answerTwo(0, 0);
    expect(outbox()).toBe("REGISTER 192.0.2.30:5060");
    expect(queries()).toBe("A pbx.test");
  });
  test("no answer (Timer F) moves the REGISTER to the next candidate at once (§4.3)", () => {
    start(5060);
    answerTwo();
    outboxReset();
    appEventsReset();
    onRegisterDone(408, 0, 32000);
    expect(outbox()).toBe("REGISTER 192.0.2.31:5060");
    expect(eventsOf(EV_UNREGISTERED)).toBe("");
    expect(registrationState()).toBe(REG_REGISTERING);
  });
  test("a 503 moves it to the next candidate too", () => {
    start(5060);
    answerTwo();
    outboxReset();
    onRegisterDone(503, 0, 100);
    expect(outbox()).toBe("REGISTER 192.0.2.31:5060");
  });
  test("once every candidate failed the station backs off, then starts again with the first", () => {
    start(5060);
    answerTwo();
    onRegisterDone(408, 0, 32000);
    appEventsReset();
    onRegisterDone(408, 0, 64000);
    expect(registrationState()).toBe(REG_WAITING);
    expect(eventsOf(EV_UNREGISTERED)).toBe("408:30");
    outboxReset();
    registrationTick(94000);
    expect(outbox()).toBe("REGISTER 192.0.2.30:5060");
  });
  test("another final response is no reason to try the next candidate", () => {
    start(5060);
    answerTwo();
    outboxReset();
    onRegisterDone(403, 0, 100);
    expect(outbox()).toBe("");
    expect(registrationState()).toBe(REG_WAITING);
  });
  test("is located again when its answers' TTL ran out before the refresh", () => {
    start(5060);
    answerTwo(0, 60);
    onRegisterDone(200, 600, 100);
    expect(registrationState()).toBe(REG_REGISTERED);
    outboxReset();
    registrationTick(600000); // past the 60 s TTL and the refresh at 85% of 600 s
    expect(queries()).toBe("A pbx.test,A pbx.test");
    expect(outbox()).toBe("");
    answerTwo(600000);
    expect(outbox()).toBe("REGISTER 192.0.2.30:5060");
  });
  test("a name the board cannot resolve is a 503: the station backs off", () => {
    expect(useConfig(REG, REG_LEN)).toBe(0);
    freshUa();
    mockReset();
    mockSetResolver(0);
    registrationReset();
    registrationSettings(false, ascii(PBX), PBX.length, 0, false, 0, 0, 0, 600, 0, 3);
    registrationStart(0);
    expect(registrationState()).toBe(REG_WAITING);
    expect(eventsOf(EV_UNREGISTERED)).toBe("503:30");
  });
  test("a name without any address is a 503 too", () => {
    start(5060);
    appEventsReset();
    registrationResolved(queryId(0), 1, 0, 10);
    expect(registrationState()).toBe(REG_WAITING);
    expect(eventsOf(EV_UNREGISTERED)).toBe("503:30");
  });
});
