// Every request the UA sends names what handles its outcome (ua/handler.ts):
// the response to it, or its timeout (Timer B or F, taken as a 408, RFC 3261
// §8.1.3.1), reaches that handler with the argument the request was sent
// with, whatever else is in flight.
import { sendOptionsPing } from "../../../assembly/sip/ua/register";
import { sendInfo } from "../../../assembly/sip/ua/uac";
import { OUTBOUND } from "../../../assembly/sip/ua/identity";
import { UA_REQUEST_DONE } from "../../../assembly/sip/ua/events";
import { Handler, REQUEST_OPTIONS, REQUEST_OPTIONS_PRIMARY } from "../../../assembly/sip/ua/handler";
import * as T from "../../../assembly/sip/txn/table";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { M_INFO, M_OPTIONS } from "../../../assembly/sip/msg/methods";
import { fresh, first } from "../app/app-support";
import { ascii } from "../app/support";
import { reply } from "../app/alarm-support";
import { confirmedCall, receive, tick, uaEventsOf } from "./ua-support";

const OPTIONS = M_OPTIONS.toString();

/** Sends an OPTIONS keepalive for `request` at `now`; the request sent. */
function ping(request: i32, now: u32): string {
  outboxReset();
  expect(sendOptionsPing(now, OUTBOUND, request)).toBe(true);
  return first("OPTIONS");
}

/** The slot of the client transaction whose request carries Via branch of `req`, or -1. */
function slotOf(req: string): i32 {
  for (let i = 0; i < T.MAX_TRANSACTIONS; i++) {
    if (!T.inUse(i) || T.messageLength(i) != req.length) continue;
    let same = true;
    for (let k = 0; k < req.length && same; k++) same = load<u8>(T.message(i) + <usize>k) == <u8>req.charCodeAt(k);
    if (same) return i;
  }
  return -1;
}

describe("responses reach the handler their request was sent with", () => {
  it("the transaction keeps the handler and argument: an OPTIONS keepalive is Outside's, naming which keepalive", () => {
    fresh();
    const t = slotOf(ping(REQUEST_OPTIONS_PRIMARY, 0));
    expect(T.handler(t)).toBe(<i32>Handler.Outside);
    expect(T.arg(t)).toBe(REQUEST_OPTIONS_PRIMARY);
  });

  it("its final response reaches it with that argument (UA_REQUEST_DONE names the request)", () => {
    fresh();
    const req = ping(REQUEST_OPTIONS_PRIMARY, 0);
    receive(reply(req, 200), 100);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(REQUEST_OPTIONS_PRIMARY.toString() + ":200:" + OPTIONS);
  });

  it("two requests in flight answered in reverse order: each answer reaches its own argument", () => {
    fresh();
    const a = ping(REQUEST_OPTIONS, 0);
    const b = ping(REQUEST_OPTIONS_PRIMARY, 10);
    receive(reply(b, 404), 100);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(REQUEST_OPTIONS_PRIMARY.toString() + ":404:" + OPTIONS);
    receive(reply(a, 200), 200);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(REQUEST_OPTIONS.toString() + ":200:" + OPTIONS);
  });

  it("a provisional response does not end a request outside a call: only its final one is reported", () => {
    fresh();
    const req = ping(REQUEST_OPTIONS, 0);
    receive(reply(req, 100), 100);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe("");
  });

  it("a request of a call reaches the Call handler with that call", () => {
    const c = confirmedCall(0);
    outboxReset();
    const body = "Signal=5\r\nDuration=160\r\n";
    expect(sendInfo(c, 10, ascii(body), body.length, changetype<usize>("application/dtmf-relay"))).toBe(true);
    const info = first("INFO");
    const t = slotOf(info);
    expect(T.handler(t)).toBe(<i32>Handler.Call);
    expect(T.arg(t)).toBe(c);
    receive(reply(info, 200), 100);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(c.toString() + ":200:" + M_INFO.toString());
  });
});

describe("timeouts reach the handler their request was sent with", () => {
  it("no answer to a keepalive within 64*T1 reaches it with its argument as a 408 (§8.1.3.1)", () => {
    fresh();
    ping(REQUEST_OPTIONS_PRIMARY, 0);
    tick(31999);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe("");
    tick(32000);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(REQUEST_OPTIONS_PRIMARY.toString() + ":408:" + OPTIONS);
  });

  it("of two keepalives, the one answered is reported once and the other times out alone", () => {
    fresh();
    const a = ping(REQUEST_OPTIONS, 0);
    ping(REQUEST_OPTIONS_PRIMARY, 0);
    receive(reply(a, 200), 100);
    tick(32000);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(REQUEST_OPTIONS_PRIMARY.toString() + ":408:" + OPTIONS);
  });

  it("no answer to a request of a call reaches the Call handler with that call", () => {
    const c = confirmedCall(0);
    const body = "Signal=1\r\nDuration=160\r\n";
    expect(sendInfo(c, 0, ascii(body), body.length, changetype<usize>("application/dtmf-relay"))).toBe(true);
    tick(32000);
    expect(uaEventsOf(UA_REQUEST_DONE)).toBe(c.toString() + ":408:" + M_INFO.toString());
  });
});
