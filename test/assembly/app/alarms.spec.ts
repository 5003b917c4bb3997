// Alarms to the concierge as MESSAGE (app/alarms.ts over the UA's pager):
// which events raise one, what it says (plain words, never a digit typed),
// one at a time with a small queue, every outcome an event, nothing retried.
import * as AL from "../../../assembly/app/alarms";
import { appEvent, appEventCount, appEventsReset, EV_DOOR_HELD_OPEN, EV_ALARM, EV_LOCKOUT, EV_CALL, CALL_FAILED, ALARM_DOOR_HELD_OPEN, ALARM_KEYPAD_LOCKED } from "../../../assembly/app/events";
import { keypadKey, keypadTick } from "../../../assembly/app/keypad";
import { accessReset } from "../../../assembly/app/door/lockout";
import { dialPress } from "../../../assembly/app/dialing";
import { pagerBusy, pagerDone } from "../../../assembly/sip/ua/pager";
import { bodyData } from "../../../assembly/sip/ua/body";
import * as UE from "../../../assembly/sip/ua/events";
import { engineTick } from "../../../assembly/sip/ua/engine";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { fresh, outbox, first, body, eventsOf, gone, DIAL, DIAL_LEN } from "./app-support";
import { text } from "./support";
import { ALARMS, ALARMS_LEN, reply, challenge, deliver } from "./alarm-support";
import { REQUEST_MESSAGE } from "../../../assembly/sip/ua/handler";

function start(p: usize = ALARMS, len: i32 = ALARMS_LEN): void {
  if (pagerBusy()) pagerDone(0);
  AL.alarmsReset();
  fresh(p, len);
}

/** What main.ts does after every call into the firmware: the alarms among this call's events. */
function scan(now: u32): void { AL.alarmsFromEvents(appEventCount(), now); }

/** What main.ts does with the UA's events: the answer to the alarm MESSAGE. */
function answered(now: u32): void {
  for (let i = 0; i < UE.uaEventCount(); i++) {
    if (UE.uaEventKind(i) == UE.UA_REQUEST_DONE && UE.uaEventCall(i) == REQUEST_MESSAGE) AL.onAlarmDone(UE.uaEventCode(i), now);
  }
}

/** The door stays open past its limit (the sensor's event, as main.ts turns it into an app event). */
function heldOpen(now: u32): void {
  appEvent(EV_DOOR_HELD_OPEN, 0, 0);
  scan(now);
}

/** The concierge's proxy answers the MESSAGE in the outbox with `code`. */
function concierge(code: i32, now: u32): void {
  appEventsReset();
  deliver(reply(first("MESSAGE"), code), now);
  answered(now);
}

describe("alarms: what raises one", () => {
  it("the door held open: a MESSAGE to alarms.uri through the registrar, 'Front Door: door held open for 30 s'", () => {
    start();
    heldOpen(0);
    expect(outbox()).toBe("MESSAGE 192.0.2.20:5060");
    expect(first("MESSAGE").startsWith("MESSAGE sip:concierge@example.com SIP/2.0")).toBe(true);
    expect(body(first("MESSAGE"))).toBe("Front Door: door held open for 30 s");
  });

  it("the keypad locked after wrong codes: the lock's duration, and none of the digits typed", () => {
    start();
    accessReset();
    for (let round = 0; round < 3; round++) {
      keypadKey(0x39, round * 1000 + 100); keypadKey(0x38, round * 1000 + 200); keypadKey(0x37, round * 1000 + 300);
      keypadKey(0x36, round * 1000 + 400); keypadKey(0x23, round * 1000 + 500);
    }
    expect(eventsOf(EV_LOCKOUT)).toBe("1:60");
    scan(3000);
    const b = body(first("MESSAGE"));
    expect(b).toBe("Front Door: keypad locked for 60 s after wrong codes");
    expect(b.includes("9876")).toBe(false);
    accessReset();
    keypadTick(70000);
  });

  it("a visitor's call nobody answered (the call button's call failed)", () => {
    start();
    dialPress(0, 0);
    gone("flat1", 486, 100);
    expect(eventsOf(EV_CALL)).toBe("1:0,5:486");
    outboxReset();
    scan(100);
    expect(body(first("MESSAGE"))).toBe("Front Door: a visitor called and nobody answered");
  });

  it("the end of a lockout raises nothing", () => {
    start();
    appEvent(EV_LOCKOUT, 0, 0);
    scan(0);
    expect(outbox()).toBe("");
  });

  it("without alarms.uri nothing is sent", () => {
    start(DIAL, DIAL_LEN);
    heldOpen(0);
    expect(outbox()).toBe("");
    expect(eventsOf(EV_ALARM)).toBe("");
  });
});

describe("alarms: the outcome", () => {
  it("delivered (2xx): an alarm event with 200", () => {
    start();
    heldOpen(0);
    concierge(200, 50);
    expect(eventsOf(EV_ALARM)).toBe(ALARM_DOOR_HELD_OPEN.toString() + ":200");
  });

  it("a proxy's challenge is answered with credentials before the outcome is known", () => {
    start();
    heldOpen(0);
    appEventsReset();
    deliver(challenge(first("MESSAGE"), 407), 50);
    answered(50);
    expect(outbox()).toBe("MESSAGE 192.0.2.20:5060");
    expect(eventsOf(EV_ALARM)).toBe("");
    concierge(200, 100);
    expect(eventsOf(EV_ALARM)).toBe("1:200");
  });

  it("refused (404): an alarm event with 404, and nothing sent again", () => {
    start();
    heldOpen(0);
    concierge(404, 50);
    expect(eventsOf(EV_ALARM)).toBe("1:404");
    expect(outbox()).toBe("");
    outboxReset();
    engineTick(60000);
    expect(outbox()).toBe("");
  });

  it("no answer: 408 once the transaction gave up", () => {
    start();
    heldOpen(0);
    appEventsReset();
    outboxReset();
    engineTick(32000);
    answered(32000);
    expect(eventsOf(EV_ALARM)).toBe("1:408");
  });

  it("the log line of a failure names the alarm and the code, nothing else", () => {
    const n = AL.alarmFailureText(ALARM_KEYPAD_LOCKED, 404);
    expect(text(bodyData(), n)).toBe("alarm keypad-locked not delivered: 404");
  });
});

describe("alarms: one at a time", () => {
  it("an alarm raised while one is on its way waits, and goes once the first is answered", () => {
    start();
    heldOpen(0);
    const firstMessage = first("MESSAGE");
    appEventsReset();
    outboxReset();
    appEvent(EV_CALL, CALL_FAILED, 408);
    scan(10);
    expect(outbox()).toBe("");
    appEventsReset();
    deliver(reply(firstMessage, 200), 20);
    answered(20);
    expect(eventsOf(EV_ALARM)).toBe("1:200");
    expect(body(first("MESSAGE"))).toBe("Front Door: a visitor called and nobody answered");
  });

  it("with four waiting, a fifth is dropped and said so (503)", () => {
    start();
    heldOpen(0);
    appEventsReset();
    for (let i = 0; i < 5; i++) appEvent(EV_DOOR_HELD_OPEN, 0, 0);
    scan(10);
    expect(eventsOf(EV_ALARM)).toBe(ALARM_DOOR_HELD_OPEN.toString() + ":503");
  });
});
