// Registration and keepalive (assembly/app/registration.ts) on a virtual
// clock: REGISTER at start, refresh at 85% of the grant, back-off from 30 s
// doubling to 900 s, 423 answered with the Min-Expires, OPTIONS every
// keepalive interval, failover to the backup after the configured number of
// unanswered ones, probes to the primary and the way back. The registrar's
// answers are simulated by calling the module's handlers.
import {
  registrationStart, registrationReset, registrationTick, registrationNextDeadline, registrationState, registrationUsesBackup,
  onRegisterDone, onOptionsDone, REG_REGISTERING, REG_REGISTERED, REG_WAITING,
} from "../../../assembly/app/registration";
import { REQUEST_OPTIONS, REQUEST_OPTIONS_PRIMARY } from "../../../assembly/sip/ua/handler";
import { resetTable } from "../../../assembly/sip/txn/table";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { appEventsReset, EV_REGISTERED, EV_UNREGISTERED, EV_FAILOVER, EV_KEEPALIVE_LOST } from "../../../assembly/app/events";
import { REG, REG_LEN, KEEPALIVE, KEEPALIVE_LEN, DIAL, DIAL_LEN, useConfig, freshUa, outbox, events, eventsOf, sent, header } from "./app-support";

const PRIMARY = "192.0.2.20:5060";
const BACKUP = "192.0.2.21:5062";

/** Loads a block, starts registering at `now`; the outbox then holds what the start sent. */
function start(p: usize, len: i32, now: u32 = 0): void {
  expect(useConfig(p, len)).toBe(0);
  freshUa();
  registrationReset(); // what a previous test left (an unanswered probe, a back-off) is forgotten
  registrationStart(now);
}

/** Time passes to `now`: what registrationTick sent (outbox emptied first, as the engine does). */
function tick(now: u32): string {
  outboxReset();
  registrationTick(now);
  return outbox();
}

// The answers end their transactions: the table is emptied so the 16 slots never run out.
function registerDone(code: i32, extra: i32, now: u32): string {
  resetTable();
  outboxReset();
  onRegisterDone(code, extra, now);
  return outbox();
}
function optionsDone(request: i32, code: i32, now: u32): string {
  resetTable();
  outboxReset();
  onOptionsDone(request, code, now);
  return outbox();
}

/** Starts on KEEPALIVE, registered with the primary at 100 ms, events cleared. */
function registeredWithKeepalive(): void {
  start(KEEPALIVE, KEEPALIVE_LEN);
  registerDone(200, 600, 100);
  appEventsReset();
}

/** The keepalive at `t` goes unanswered (its transaction ends with 408 a moment later). */
function keepaliveLost(t: u32): void {
  tick(t);
  optionsDone(REQUEST_OPTIONS, 408, t + 1);
}

/** Failed over at 90 001 ms and registered with the backup at 91 000. */
function onBackup(): void {
  registeredWithKeepalive();
  for (let i: u32 = 1; i <= 3; i++) keepaliveLost(i * 30000);
  registerDone(200, 600, 91000);
  appEventsReset();
}

describe("REGISTER at start", () => {
  it("start sends one REGISTER to the primary registrar, asking the configured expiry", () => {
    start(REG, REG_LEN);
    expect(outbox()).toBe("REGISTER " + PRIMARY);
    expect(header(sent(0), "Expires")).toBe("600");
    expect(registrationState()).toBe(REG_REGISTERING);
  });

  it("a 2xx reports registered with the primary and the seconds granted", () => {
    start(REG, REG_LEN);
    registerDone(200, 600, 100);
    expect(registrationState()).toBe(REG_REGISTERED);
    expect(events()).toBe(EV_REGISTERED.toString() + ":0:600");
  });
});

describe("refresh at 85% of the grant", () => {
  it("a grant of 600 s is refreshed exactly 510 s after the 2xx", () => {
    start(REG, REG_LEN);
    registerDone(200, 600, 1000);
    expect(registrationNextDeadline(1000)).toBe(510000);
    expect(tick(510999)).toBe("");
    expect(tick(511000)).toBe("REGISTER " + PRIMARY);
  });

  it("the refresh follows the grant, not what was asked: 120 s granted refreshes after 102 s", () => {
    start(REG, REG_LEN);
    registerDone(200, 120, 0);
    expect(registrationNextDeadline(0)).toBe(102000);
  });

  it("a short grant is refreshed at least 5 s before it ends: 20 s refreshes after 15 s", () => {
    start(REG, REG_LEN);
    registerDone(200, 20, 0);
    expect(registrationNextDeadline(0)).toBe(15000);
  });

  it("a grant beyond the clock's span (30 days) never refreshes at once: it waits days", () => {
    start(REG, REG_LEN);
    registerDone(200, 2592000, 0);
    expect(registrationState()).toBe(REG_REGISTERED);
    expect(tick(1000)).toBe("");
    expect(registrationNextDeadline(1000)).toBeGreaterThan(86400000);
  });
});

describe("back-off on failure", () => {
  it("the first retry comes 30 s after a failure, reported with the code", () => {
    start(REG, REG_LEN);
    registerDone(503, 600, 500);
    expect(registrationState()).toBe(REG_WAITING);
    expect(eventsOf(EV_UNREGISTERED)).toBe("503:30");
    expect(registrationNextDeadline(500)).toBe(30000);
    expect(tick(30499)).toBe("");
    expect(tick(30500)).toBe("REGISTER " + PRIMARY);
  });

  it("each failure doubles the wait, up to 900 s", () => {
    start(REG, REG_LEN);
    let t: u32 = 0;
    let waits = "";
    for (let i = 0; i < 7; i++) {
      registerDone(408, 600, t);
      const d = registrationNextDeadline(t);
      waits += (i > 0 ? "," : "") + (d / 1000).toString();
      t += <u32>d;
      tick(t);
    }
    expect(waits).toBe("30,60,120,240,480,900,900");
    expect(eventsOf(EV_UNREGISTERED)).toBe("408:30,408:60,408:120,408:240,408:480,408:900,408:900");
  });

  it("a success resets the back-off: the next failure waits 30 s again", () => {
    start(REG, REG_LEN);
    registerDone(500, 600, 0);
    tick(30000);
    registerDone(500, 600, 30000);
    tick(90000);
    registerDone(200, 600, 90000);
    tick(600000);
    appEventsReset();
    registerDone(500, 600, 600000);
    expect(eventsOf(EV_UNREGISTERED)).toBe("500:30");
  });
});

describe("423 Interval Too Brief", () => {
  it("a 423 asks again at once with the Min-Expires", () => {
    start(REG, REG_LEN);
    expect(registerDone(423, 3600, 100)).toBe("REGISTER " + PRIMARY);
    expect(header(sent(0), "Expires")).toBe("3600");
    registerDone(200, 3600, 200);
    expect(eventsOf(EV_REGISTERED)).toBe("0:3600");
  });

  it("the refresh keeps asking the Min-Expires", () => {
    start(REG, REG_LEN);
    registerDone(423, 3600, 0);
    registerDone(200, 3600, 0);
    expect(tick(3060000)).toBe("REGISTER " + PRIMARY);
    expect(header(sent(0), "Expires")).toBe("3600");
  });

  it("a 423 whose Min-Expires is not above what was asked backs off instead of looping", () => {
    start(REG, REG_LEN);
    expect(registerDone(423, 600, 100)).toBe("");
    expect(registrationState()).toBe(REG_WAITING);
  });
});

describe("keepalive", () => {
  it("an OPTIONS goes to the registrar every keepalive interval (30 s)", () => {
    registeredWithKeepalive();
    expect(registrationNextDeadline(100)).toBe(29900);
    expect(tick(29999)).toBe("");
    expect(tick(30000)).toBe("OPTIONS " + PRIMARY);
    optionsDone(REQUEST_OPTIONS, 200, 30050);
    expect(tick(59999)).toBe("");
    expect(tick(60000)).toBe("OPTIONS " + PRIMARY);
  });

  it("one keepalive at a time: none while the previous is unanswered", () => {
    registeredWithKeepalive();
    tick(30000);
    expect(tick(60000)).toBe("");
    optionsDone(REQUEST_OPTIONS, 408, 62000);
    expect(tick(62000)).toBe("OPTIONS " + PRIMARY);
  });

  it("a 408 (no answer) counts as lost, reported with the count", () => {
    registeredWithKeepalive();
    keepaliveLost(30000);
    keepaliveLost(60000);
    expect(eventsOf(EV_KEEPALIVE_LOST)).toBe("1:0,2:0");
    expect(eventsOf(EV_FAILOVER)).toBe("");
  });

  it("any other answer (even 501) resets the count", () => {
    registeredWithKeepalive();
    keepaliveLost(30000);
    keepaliveLost(60000);
    tick(90000);
    optionsDone(REQUEST_OPTIONS, 501, 90100);
    keepaliveLost(120000);
    keepaliveLost(150000);
    expect(eventsOf(EV_KEEPALIVE_LOST)).toBe("1:0,2:0,1:0,2:0");
    expect(registrationUsesBackup()).toBe(false);
  });
});

describe("failover to the backup registrar", () => {
  it("after the configured number (3) of lost keepalives it fails over and registers with the backup", () => {
    registeredWithKeepalive();
    keepaliveLost(30000);
    keepaliveLost(60000);
    tick(90000);
    appEventsReset();
    expect(optionsDone(REQUEST_OPTIONS, 408, 90001)).toBe("REGISTER " + BACKUP);
    expect(events()).toBe(EV_KEEPALIVE_LOST.toString() + ":3:0," + EV_FAILOVER.toString() + ":1:0");
    expect(registrationUsesBackup()).toBe(true);
  });

  it("the backup's 2xx reports registered with the backup", () => {
    registeredWithKeepalive();
    for (let i: u32 = 1; i <= 3; i++) keepaliveLost(i * 30000);
    appEventsReset();
    registerDone(200, 600, 91000);
    expect(events()).toBe(EV_REGISTERED.toString() + ":1:600");
  });

  it("without a backup, lost keepalives never fail over", () => {
    start(DIAL, DIAL_LEN); // keepalive 30 s, 2 failures, no backup
    registerDone(200, 600, 100);
    appEventsReset();
    keepaliveLost(30000);
    keepaliveLost(60000);
    keepaliveLost(90000);
    expect(eventsOf(EV_FAILOVER)).toBe("");
    expect(registrationUsesBackup()).toBe(false);
  });
});

describe("probes to the primary while on the backup, and failback", () => {
  it("one keepalive interval after the failover, OPTIONS go to the backup and to the primary", () => {
    onBackup();
    expect(tick(120000)).toBe("");
    expect(tick(120001)).toBe("OPTIONS " + BACKUP + ",OPTIONS " + PRIMARY);
  });

  it("an unanswered probe keeps the station on the backup, and the probes go on", () => {
    onBackup();
    tick(120001);
    optionsDone(REQUEST_OPTIONS, 200, 120100);
    optionsDone(REQUEST_OPTIONS_PRIMARY, 408, 152001);
    expect(registrationUsesBackup()).toBe(true);
    expect(eventsOf(EV_FAILOVER)).toBe("");
    expect(tick(152001)).toBe("OPTIONS " + BACKUP + ",OPTIONS " + PRIMARY);
  });

  it("the primary's answer to a probe fails back: failover event and REGISTER to the primary", () => {
    onBackup();
    tick(120001);
    expect(optionsDone(REQUEST_OPTIONS_PRIMARY, 200, 120050)).toBe("REGISTER " + PRIMARY);
    expect(eventsOf(EV_FAILOVER)).toBe("0:0");
    expect(registrationUsesBackup()).toBe(false);
    registerDone(200, 600, 120100);
    expect(eventsOf(EV_REGISTERED)).toBe("0:600");
  });
});
