// The visitor's side on a virtual clock: call buttons debounced
// (buttons.ts), their targets called in sequence with a ring timeout or in
// parallel (dialing.ts), keypad digits sent as INFO one at a time
// (keypad.ts), and who may call in (incoming.ts). The targets' answers go
// through the engine (app-support.ts `answer`) so the UA's call states move;
// the module's handlers are then called as main.ts does.
import { buttonEdge, buttonsTick, buttonsReset, pressesCount, pressedButton, buttonsNextDeadline, HANGUP_KEY } from "../../../assembly/app/buttons";
import { dialPress, dialHangup, dialingTick, dialingNextDeadline, dialingActive, connectedCall, onLegGone } from "../../../assembly/app/dialing";
import { keypadKey, onInfoDone } from "../../../assembly/app/keypad";
import { onIncoming, incomingTick, incomingNextDeadline, ringingIncoming, answerRinging } from "../../../assembly/app/incoming";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { appEventsReset, EV_CALL, EV_DTMF_SENT, EV_INCOMING } from "../../../assembly/app/events";
import {
  DIAL, DIAL_LEN, PLAIN, PLAIN_LEN, fresh, ring, pickUp, gone, infos, outbox, requests, first, eventsOf, callTo, incoming, incomingEntry, header,
} from "./app-support";
import { k } from "./support";

function press(b: i32, now: u32): void { outboxReset(); dialPress(b, now); }
function tick(now: u32): string { outboxReset(); dialingTick(now); return outbox(); }
/** The presses buttonsTick finds at `now`, "," joined. */
function pressed(now: u32): string {
  buttonsTick(now);
  let s = "";
  for (let i = 0; i < pressesCount(); i++) s += (i > 0 ? "," : "") + pressedButton(i).toString();
  return s;
}
/** Button 0 connected to flat1 at 1 s; outbox and events emptied. */
function connected(p: usize = DIAL, len: i32 = DIAL_LEN): i32 {
  fresh(p, len);
  press(0, 0);
  const c = pickUp("flat1", 1000);
  outboxReset();
  appEventsReset();
  return c;
}

const F1 = "sip:flat1@example.com";
const F2 = "sip:flat2@example.com";
const F3 = "sip:flat3@example.com";

describe("call buttons are debounced (buttons.ts)", () => {
  beforeEach(() => { buttonsReset(); });

  it("a contact closed for the debounce time (30 ms) is one press", () => {
    buttonEdge(0, true, 1000);
    expect(buttonsNextDeadline(1000)).toBe(30);
    expect(pressed(1029)).toBe("");
    expect(pressed(1030)).toBe("0");
  });

  it("bounces within the debounce time make one press, counted 30 ms after the last edge", () => {
    buttonEdge(2, true, 1000); buttonEdge(2, false, 1005); buttonEdge(2, true, 1012);
    expect(pressed(1030)).toBe("");
    buttonEdge(2, false, 1020); buttonEdge(2, true, 1025);
    expect(pressed(1054)).toBe("");
    expect(pressed(1055)).toBe("2");
    expect(pressed(1100)).toBe("");
  });

  it("a held button is one press", () => {
    buttonEdge(0, true, 0);
    expect(pressed(30)).toBe("0");
    expect(pressed(1000)).toBe("");
    expect(pressed(60000)).toBe("");
  });

  it("a release shorter than the debounce time does not press again", () => {
    buttonEdge(0, true, 0);
    pressed(30);
    buttonEdge(0, false, 1000); buttonEdge(0, true, 1010);
    expect(pressed(1040)).toBe("");
    expect(pressed(2000)).toBe("");
  });

  it("after a settled release, the next closing is a new press", () => {
    buttonEdge(0, true, 0);
    pressed(30);
    buttonEdge(0, false, 1000);
    expect(pressed(1030)).toBe("");
    buttonEdge(0, true, 2000);
    expect(pressed(2030)).toBe("0");
  });

  it("the hang-up key is debounced like the buttons and reported as its own index", () => {
    buttonEdge(HANGUP_KEY, true, 0);
    expect(pressed(30)).toBe(HANGUP_KEY.toString());
  });

  it("each button settles on its own: neighbours' edges move neither its state nor its deadline", () => {
    buttonEdge(3, true, 0);
    buttonEdge(4, true, 20);
    buttonEdge(2, true, 25); buttonEdge(2, false, 26);
    expect(buttonsNextDeadline(0)).toBe(30);
    expect(pressed(30)).toBe("3");
    expect(buttonsNextDeadline(30)).toBe(20);
    expect(pressed(56)).toBe("4");
  });

  it("a reset forgets a pending edge and a held button", () => {
    buttonEdge(5, true, 0);
    pressed(30);
    buttonEdge(HANGUP_KEY, true, 40);
    buttonsReset();
    expect(buttonsNextDeadline(40)).toBe(-1);
    expect(pressed(100)).toBe("");
    buttonEdge(5, true, 200);
    expect(pressed(230)).toBe("5");
  });
});

describe("sequential targets with a ring timeout (dialing.ts)", () => {
  beforeEach(() => { fresh(); });

  it("a press calls the first target only and reports dialing", () => {
    press(0, 0);
    expect(requests("INVITE")).toBe(F1);
    expect(eventsOf(EV_CALL)).toBe("1:0");
  });

  it("the ring timeout (20 s from the INVITE) CANCELs the ringing target", () => {
    press(0, 0);
    ring("flat1", 100);
    expect(dialingNextDeadline(100)).toBe(19900);
    expect(tick(19999)).toBe("");
    tick(20000);
    expect(requests("CANCEL")).toBe(F1);
  });

  it("once the cancelled target is gone the next is called, with a fresh ring timeout", () => {
    press(0, 0);
    ring("flat1", 100);
    tick(20000);
    gone("flat1", 487, 20100);
    expect(requests("INVITE")).toBe(F2);
    expect(dialingNextDeadline(20100)).toBe(20000);
  });

  it("a target that fails moves on to the next at once", () => {
    press(0, 0);
    gone("flat1", 486, 500);
    expect(requests("INVITE")).toBe(F2);
  });

  it("when the last target fails the call fails, with that target's code", () => {
    press(0, 0);
    gone("flat1", 486, 500);
    gone("flat2", 603, 600);
    gone("flat3", 480, 700);
    expect(eventsOf(EV_CALL)).toBe("1:0,5:480");
    expect(dialingActive()).toBe(false);
  });

  it("a target that answers is connected and the ring timeout no longer applies", () => {
    press(0, 0);
    ring("flat1", 100);
    const c = pickUp("flat1", 3000);
    expect(connectedCall()).toBe(c);
    expect(eventsOf(EV_CALL)).toBe("1:0,2:0,3:200");
    expect(tick(20000)).toBe("");
  });
});

describe("parallel targets (dialing.ts)", () => {
  beforeEach(() => { fresh(); });

  it("a press calls every target at once", () => {
    press(1, 0);
    expect(requests("INVITE")).toBe(F1 + "," + F2 + "," + F3);
  });

  it("the first to answer is connected and the others are CANCELled", () => {
    press(1, 0);
    ring("flat1", 100); ring("flat2", 100); ring("flat3", 100);
    pickUp("flat2", 2000);
    expect(requests("CANCEL")).toBe(F1 + "," + F3);
    expect(connectedCall()).toBe(callTo("flat2"));
  });

  it("a target that fails does not end the call while others ring", () => {
    press(1, 0);
    gone("flat1", 486, 100);
    expect(dialingActive()).toBe(true);
    expect(eventsOf(EV_CALL)).toBe("1:0");
  });

  it("the ring timeout (30 s) CANCELs every target still ringing", () => {
    press(1, 0);
    ring("flat1", 100); ring("flat2", 100); ring("flat3", 100);
    expect(tick(29999)).toBe("");
    tick(30000);
    expect(requests("CANCEL")).toBe(F1 + "," + F2 + "," + F3);
  });
});

describe("a second press or the hang-up key ends the call (dialing.ts)", () => {
  beforeEach(() => { fresh(); });

  it("a second press while a target rings CANCELs it and calls no further target", () => {
    press(0, 0);
    ring("flat1", 100);
    press(0, 5000);
    expect(requests("CANCEL")).toBe(F1);
    gone("flat1", 487, 5100);
    expect(requests("INVITE")).toBe("");
    expect(dialingActive()).toBe(false);
  });

  it("a second press in a connected call sends BYE, and its end ends the call", () => {
    press(0, 0);
    const c = pickUp("flat1", 1000);
    press(0, 5000);
    expect(requests("BYE")).toBe(F1);
    onLegGone(c, 0, 5100);
    expect(eventsOf(EV_CALL)).toBe("1:0,3:200,4:0");
    expect(dialingActive()).toBe(false);
  });

  it("the hang-up key CANCELs every ringing parallel target", () => {
    press(1, 0);
    ring("flat1", 100); ring("flat2", 100); ring("flat3", 100);
    outboxReset();
    dialHangup(4000);
    expect(requests("CANCEL")).toBe(F1 + "," + F2 + "," + F3);
  });

  it("the maximum call time (60 s) ends a connected call with BYE", () => {
    press(0, 0);
    pickUp("flat1", 3000);
    expect(tick(62999)).toBe("");
    tick(63000);
    expect(requests("BYE")).toBe(F1);
  });
});

describe("keypad digits in a call go out as INFO, one at a time (keypad.ts)", () => {
  it("a digit in a connected call goes out at once as one INFO in the dialog", () => {
    connected();
    keypadKey(k("5"), 2000);
    expect(requests("INFO")).toBe(F1);
    expect(eventsOf(EV_DTMF_SENT)).toBe("1:0");
  });

  it("the body is application/dtmf-relay by default: Signal and Duration", () => {
    connected();
    keypadKey(k("5"), 2000);
    expect(header(first("INFO"), "Content-Type")).toBe("application/dtmf-relay");
    expect(infos()).toBe("Signal=5\r\nDuration=160\r\n");
  });

  it("with dtmf application/dtmf the body is the key alone", () => {
    connected(PLAIN, PLAIN_LEN);
    keypadKey(k("7"), 2000);
    expect(header(first("INFO"), "Content-Type")).toBe("application/dtmf");
    expect(infos()).toBe("7");
  });

  it("the next digit leaves only after the final response to the previous INFO", () => {
    const c = connected();
    keypadKey(k("1"), 2000);
    outboxReset();
    keypadKey(k("2"), 2100);
    keypadKey(k("3"), 2200);
    expect(outbox()).toBe("");
    onInfoDone(c, 2300);
    expect(infos()).toBe("Signal=2\r\nDuration=160\r\n");
  });

  it("queued digits go out in the order typed", () => {
    const c = connected();
    let order = "";
    keypadKey(k("9"), 2000); keypadKey(k("*"), 2010); keypadKey(k("1"), 2020); keypadKey(k("#"), 2030);
    for (let i = 0; i < 4; i++) {
      const b = infos();
      order += b.substring(7, 8);
      outboxReset();
      onInfoDone(c, 2100 + <u32>i * 100);
    }
    expect(order).toBe("9*1#");
    expect(outbox()).toBe("");
  });

  it("a final response for another call does not release the next digit", () => {
    const c = connected();
    keypadKey(k("1"), 2000);
    keypadKey(k("2"), 2100);
    outboxReset();
    onInfoDone(c + 1, 2200);
    expect(outbox()).toBe("");
  });

  it("outside a call a digit is not sent", () => {
    fresh();
    keypadKey(k("1"), 2000);
    expect(outbox()).toBe("");
  });
});

/** Whether the UA names an allowed caller for a call from `from`. */
function allowed(from: string): bool {
  incoming(from, 0);
  return incomingEntry >= 0;
}

describe("who may call in (incoming.ts; the UA names the allowed caller, trust.ts)", () => {
  beforeEach(() => { fresh(); });

  it("a caller whose user part equals a bare entry (flat12) at the station's domain is allowed", () => {
    expect(allowed("\"Flat 12\" <sip:flat12@example.com>")).toBe(true);
  });

  it("a bare entry does not match a longer user part (flat123)", () => {
    expect(allowed("<sip:flat123@example.com>")).toBe(false);
  });

  it("a bare entry is that user at the station's domain only: flat12 at another host is not allowed", () => {
    expect(allowed("<sip:flat12@evil.example>")).toBe(false);
  });

  it("a caller whose URI equals a full URI entry is allowed", () => {
    expect(allowed("<sip:concierge@example.com>")).toBe(true);
  });

  it("a full URI entry compares user and host: a port or parameters do not change the party, the host's case neither", () => {
    expect(allowed("<sip:concierge@EXAMPLE.com:5062;transport=udp>")).toBe(true);
  });

  it("a full URI entry needs the whole URI: the same user at another host is not allowed", () => {
    expect(allowed("<sip:concierge@192.0.2.99>")).toBe(false);
  });

  it("a caller on no entry is not allowed", () => {
    expect(allowed("<sip:mallory@example.com>")).toBe(false);
  });

  it("a caller not allowed is refused with the configured code (486)", () => {
    const c = incoming("<sip:mallory@example.com>", 0);
    outboxReset();
    onIncoming(c, incomingEntry, 0, 0);
    expect(outbox()).toBe("SIP/2.0 486");
    expect(eventsOf(EV_INCOMING)).toBe("0:486");
  });

  it("an allowed caller rings (incoming mode ring): 180", () => {
    const c = incoming("<sip:concierge@example.com>", 0);
    outboxReset();
    onIncoming(c, incomingEntry, 0, 0);
    expect(outbox()).toBe("SIP/2.0 180");
    expect(eventsOf(EV_INCOMING)).toBe("2:180");
  });

  it("a ringing call rings on until incoming.ringSeconds (default 30 s)", () => {
    const c = incoming("<sip:concierge@example.com>", 0);
    onIncoming(c, incomingEntry, 0, 0);
    outboxReset();
    appEventsReset();
    incomingTick(29_999);
    expect(outbox()).toBe("");
    expect(ringingIncoming()).toBe(c);
    expect(incomingNextDeadline(29_999)).toBe(1);
  });

  it("a call left ringing is given up after incoming.ringSeconds with 480, and no key answers it any more", () => {
    const c = incoming("<sip:concierge@example.com>", 0);
    onIncoming(c, incomingEntry, 0, 0);
    outboxReset();
    appEventsReset();
    incomingTick(30_000);
    expect(outbox()).toBe("SIP/2.0 480");
    expect(eventsOf(EV_INCOMING)).toBe("3:480");
    expect(ringingIncoming()).toBe(-1);
    expect(answerRinging(30_100)).toBe(false);
  });
});
