// The station's presence (app/presence.ts over the UA's publish.ts, RFC 3903):
// published once registered, modified on each change of the call state,
// refreshed before it expires, retried after a failure with a back-off, not
// asked again after a refusal for good, removed at shutdown.
import * as PR from "../../../assembly/app/presence";
import { appEventsReset, EV_PRESENCE, PRESENCE_FAILED, PRESENCE_IDLE, PRESENCE_BUSY, PRESENCE_REMOVED } from "../../../assembly/app/events";
import { publishPending, publishDone, publishReset } from "../../../assembly/sip/ua/publish";
import * as UE from "../../../assembly/sip/ua/events";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { fresh, outbox, first, body, header, eventsOf } from "./app-support";
import { PRESENCE, PRESENCE_LEN, ALARMS, ALARMS_LEN, reply, deliver } from "./alarm-support";
import { REQUEST_PUBLISH } from "../../../assembly/sip/ua/handler";

function start(p: usize = PRESENCE, len: i32 = PRESENCE_LEN): void {
  if (publishPending()) publishDone(0, 0);
  publishReset();
  PR.presenceReset();
  fresh(p, len);
}

/** What main.ts does after every call: the state now (`busy`), registered. */
function update(busy: bool, now: u32): void {
  outboxReset();
  PR.presenceUpdate(busy, true, now);
}

/** The presence server answers the PUBLISH in the outbox; main.ts hands the outcome to presence.ts. */
function server(code: i32, now: u32, extra: string = "SIP-ETag: e1\r\nExpires: 600\r\n"): void {
  appEventsReset();
  deliver(reply(first("PUBLISH"), code, code < 300 ? extra : ""), now);
  for (let i = 0; i < UE.uaEventCount(); i++) {
    if (UE.uaEventKind(i) == UE.UA_REQUEST_DONE && UE.uaEventCall(i) == REQUEST_PUBLISH) PR.onPublishDone(UE.uaEventCode(i), UE.uaEventExtra(i), now);
  }
}

function tick(now: u32): void {
  outboxReset();
  PR.presenceTick(now);
}

const IDLE = PRESENCE_IDLE.toString() + ":200";

describe("presence: when it is published", () => {
  it("not before the station is registered", () => {
    start();
    outboxReset();
    PR.presenceUpdate(false, false, 0);
    expect(outbox()).toBe("");
  });

  it("once registered: the initial PUBLISH (idle); its 2xx is reported as published idle", () => {
    start();
    update(false, 0);
    expect(outbox()).toBe("PUBLISH 192.0.2.20:5060");
    expect(body(first("PUBLISH")).includes("<note>idle</note>")).toBe(true);
    server(200, 10);
    expect(eventsOf(EV_PRESENCE)).toBe(IDLE);
  });

  it("a call: the modification (busy) names the entity-tag; the end of the call: idle again", () => {
    start();
    update(false, 0);
    server(200, 10);
    update(true, 20);
    expect(header(first("PUBLISH"), "SIP-If-Match")).toBe("e1");
    expect(body(first("PUBLISH")).includes("on-the-phone")).toBe(true);
    server(200, 30, "SIP-ETag: e2\r\n");
    expect(eventsOf(EV_PRESENCE)).toBe(PRESENCE_BUSY.toString() + ":200");
    update(false, 40);
    expect(header(first("PUBLISH"), "SIP-If-Match")).toBe("e2");
    expect(body(first("PUBLISH")).includes("<note>idle</note>")).toBe(true);
  });

  it("a change while a PUBLISH is on its way waits for its answer (RFC 3903 §4), then goes", () => {
    start();
    update(false, 0);
    PR.presenceUpdate(true, true, 5);
    expect(outbox()).toBe("PUBLISH 192.0.2.20:5060"); // the initial one only
    server(200, 10);
    update(true, 10);
    expect(body(first("PUBLISH")).includes("on-the-phone")).toBe(true);
  });

  it("the same state again sends nothing", () => {
    start();
    update(false, 0);
    server(200, 10);
    update(false, 20);
    expect(outbox()).toBe("");
  });

  it("without presence.publish nothing is published", () => {
    start(ALARMS, ALARMS_LEN);
    update(false, 0);
    expect(outbox()).toBe("");
  });
});

describe("presence: refresh (RFC 3903 §4.3)", () => {
  it("at 85% of the time granted: SIP-If-Match, no body, no event", () => {
    start();
    update(false, 0);
    server(200, 0, "SIP-ETag: e1\r\nExpires: 600\r\n");
    expect(PR.presenceNextDeadline(0)).toBe(510000);
    tick(509999);
    expect(outbox()).toBe("");
    tick(510000);
    const p = first("PUBLISH");
    expect(header(p, "SIP-If-Match")).toBe("e1");
    expect(header(p, "Content-Length")).toBe("0");
    server(200, 510010, "SIP-ETag: e3\r\nExpires: 600\r\n");
    expect(eventsOf(EV_PRESENCE)).toBe("");
  });
});

describe("presence: failures", () => {
  it("a failure is reported and tried again 30 s later", () => {
    start();
    update(false, 0);
    server(500, 10);
    expect(eventsOf(EV_PRESENCE)).toBe(PRESENCE_FAILED.toString() + ":500");
    update(false, 20);
    expect(outbox()).toBe("");
    expect(PR.presenceNextDeadline(20)).toBe(29990);
    tick(30010);
    update(false, 30010);
    expect(outbox()).toBe("PUBLISH 192.0.2.20:5060");
  });

  it("the back-off doubles: 30 s, then 60 s", () => {
    start();
    update(false, 0);
    server(503, 0);
    tick(30000);
    update(false, 30000);
    server(503, 30000);
    expect(PR.presenceNextDeadline(30000)).toBe(60000);
  });

  it("489 Bad Event: the server takes no presence; never asked again", () => {
    start();
    update(false, 0);
    server(489, 10);
    expect(eventsOf(EV_PRESENCE)).toBe(PRESENCE_FAILED.toString() + ":489");
    tick(10000000);
    update(true, 10000000);
    expect(outbox()).toBe("");
    expect(PR.presenceNextDeadline(10000000)).toBe(-1);
  });
});

describe("presence: shutdown (RFC 3903 §4.5)", () => {
  it("the publication is removed with Expires: 0; its 2xx is reported as removed; nothing is published after", () => {
    start();
    update(false, 0);
    server(200, 10);
    outboxReset();
    PR.presenceShutdown(20);
    const p = first("PUBLISH");
    expect(header(p, "Expires")).toBe("0");
    expect(header(p, "SIP-If-Match")).toBe("e1");
    server(200, 30, "");
    expect(eventsOf(EV_PRESENCE)).toBe(PRESENCE_REMOVED.toString() + ":200");
    update(true, 40);
    expect(outbox()).toBe("");
  });

  it("shut down while a PUBLISH is on its way: the removal follows its answer", () => {
    start();
    update(false, 0);
    PR.presenceShutdown(5);
    server(200, 10);
    expect(header(first("PUBLISH"), "Expires")).toBe("0");
  });

  it("nothing published, nothing to remove", () => {
    start();
    outboxReset();
    PR.presenceShutdown(0);
    expect(outbox()).toBe("");
  });

  it("the removal is pending until its answer comes", () => {
    start();
    update(false, 0);
    server(200, 10);
    PR.presenceShutdown(20);
    expect(PR.presenceShutdownPending()).toBe(true);
    server(200, 30, "");
    expect(PR.presenceShutdownPending()).toBe(false);
  });

  it("a publication on its way at shutdown keeps it pending through its answer and then the removal's", () => {
    start();
    update(false, 0);
    PR.presenceShutdown(5);
    expect(PR.presenceShutdownPending()).toBe(true);
    server(200, 10);
    expect(PR.presenceShutdownPending()).toBe(true);
    server(200, 20, "");
    expect(PR.presenceShutdownPending()).toBe(false);
  });

  it("a publication on its way at shutdown that fails leaves nothing pending: there is nothing to remove", () => {
    start();
    update(false, 0);
    PR.presenceShutdown(5);
    server(500, 10);
    expect(PR.presenceShutdownPending()).toBe(false);
    expect(outbox()).toBe("");
  });

  it("nothing published: nothing pending after shutdown", () => {
    start();
    PR.presenceShutdown(0);
    expect(PR.presenceShutdownPending()).toBe(false);
  });

  it("before shutdown nothing is pending, even with a PUBLISH in flight", () => {
    start();
    update(false, 0);
    expect(PR.presenceShutdownPending()).toBe(false);
  });
});
