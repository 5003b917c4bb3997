// Registration behind a NAT and a registrar that loses its bindings
// (assembly/app/registration.ts, assembly/sip/ua/nat.ts), on a virtual clock.
// NAT: the registrar's 2xx shows in its top Via ("received", "rport", RFC
// 3581 §4) the address the REGISTER came from; when that is not the address
// the Contact named, the station registers again at once with the seen
// address and removes the old binding (expires=0, RFC 3261 §10.2.2).
// Lost bindings: the keepalive OPTIONS goes to the station's own
// address-of-record; the registrar forwards it to the binding (the station
// answers itself), or answers 404/480 when it has none: register at once.
// The registrar's answers go through the engine (engineReceive) and are
// handed to the module as the app's main loop does.
import { registrationStart, registrationTick, registrationState, onRegisterDone, onOptionsDone, REG_REGISTERING, REG_REGISTERED, REG_WAITING } from "../../../assembly/app/registration";
import { REQUEST_REGISTER, REQUEST_OPTIONS, REQUEST_OPTIONS_PRIMARY } from "../../../assembly/sip/ua/handler";
import { engineReceive } from "../../../assembly/sip/ua/engine";
import * as UE from "../../../assembly/sip/ua/events";
import { outboxReset } from "../../../assembly/sip/txn/outbox";
import { resetTable } from "../../../assembly/sip/txn/table";
import { appEventsReset, EV_REGISTERED, EV_UNREGISTERED } from "../../../assembly/app/events";
import { loadRx } from "../msg/rx";
import { KEEPALIVE, KEEPALIVE_LEN, REG, REG_LEN, useConfig, freshUa, outbox, eventsOf, first, header, startLine, sent } from "./app-support";

const PRIMARY = "192.0.2.20:5060";

function start(p: usize = KEEPALIVE, len: i32 = KEEPALIVE_LEN): void {
  expect(useConfig(p, len)).toBe(0); // the door is 192.0.2.10:5060
  freshUa();
  registrationStart(0);
  onOptionsDone(REQUEST_OPTIONS_PRIMARY, 408, 0); // no probe left over by another test
}

/** The final responses the engine reported, handed to the module as app/main.ts does. */
function handOver(now: u32): void {
  for (let i = 0; i < UE.uaEventCount(); i++) {
    if (UE.uaEventKind(i) != UE.UA_REQUEST_DONE) continue;
    if (UE.uaEventCall(i) == REQUEST_REGISTER) onRegisterDone(UE.uaEventCode(i), UE.uaEventExtra(i), now);
    else onOptionsDone(UE.uaEventCall(i), UE.uaEventCode(i), now);
  }
}

/** The registrar answers the last REGISTER 200, its top Via with `params` in place of ";rport"; what the station sent then. */
function registrarOk(params: string, now: u32): string {
  const reg = first("REGISTER");
  const contact = header(reg, "Contact").split("|")[0];
  const msg = "SIP/2.0 200 OK\r\nVia: " + header(reg, "Via").replace(";rport", params) + "\r\nFrom: " + header(reg, "From") +
    "\r\nTo: " + header(reg, "To") + ";tag=reg\r\nCall-ID: " + header(reg, "Call-ID") + "\r\nCSeq: " + header(reg, "CSeq") +
    "\r\nContact: " + contact + ";expires=600\r\nContent-Length: 0\r\n\r\n";
  outboxReset();
  UE.uaEventsReset();
  engineReceive(loadRx(msg), now);
  handOver(now);
  return outbox();
}

/** Registered at 100 ms from behind a NAT that maps 192.0.2.10:5060 to 203.0.113.7:40001. */
function behindNat(): void {
  start();
  registrarOk(";received=203.0.113.7;rport=40001", 100);
  registrarOk(";received=203.0.113.7;rport=40001", 200);
  appEventsReset();
}

describe("behind a NAT: the address the registrar saw", () => {
  it("a 2xx whose top Via shows received and rport other than the Contact's: REGISTER again at once", () => {
    start();
    expect(registrarOk(";received=203.0.113.7;rport=40001", 100)).toBe("REGISTER " + PRIMARY);
    expect(registrationState()).toBe(REG_REGISTERING);
    expect(eventsOf(EV_REGISTERED)).toBe("");
  });

  it("the new REGISTER's Contact names the seen address, and removes the private one (expires=0)", () => {
    start();
    registrarOk(";received=203.0.113.7;rport=40001", 100);
    expect(header(first("REGISTER"), "Contact")).toBe("<sip:door@203.0.113.7:40001>|<sip:door@192.0.2.10:5060>;expires=0");
  });

  it("its 2xx registers with the public binding's expiry, and the refresh carries the public Contact alone", () => {
    start();
    registrarOk(";received=203.0.113.7;rport=40001", 100);
    expect(registrarOk(";received=203.0.113.7;rport=40001", 200)).toBe("");
    expect(registrationState()).toBe(REG_REGISTERED);
    expect(eventsOf(EV_REGISTERED)).toBe("0:600");
    outboxReset();
    registrationTick(510200);
    expect(header(first("REGISTER"), "Contact")).toBe("<sip:door@203.0.113.7:40001>");
  });

  it("the port alone differs (a NAT keeping the address, or rport without received): the Contact takes the port", () => {
    start();
    expect(registrarOk(";rport=40001", 100)).toBe("REGISTER " + PRIMARY);
    expect(header(first("REGISTER"), "Contact")).toBe("<sip:door@192.0.2.10:40001>|<sip:door@192.0.2.10:5060>;expires=0");
  });

  it("no NAT: rport equal to the Contact's port and no received registers once", () => {
    start();
    expect(registrarOk(";rport=5060", 100)).toBe("");
    expect(registrationState()).toBe(REG_REGISTERED);
    expect(eventsOf(EV_REGISTERED)).toBe("0:600");
  });

  it("a refresh whose 2xx names the address already registered sends nothing more", () => {
    behindNat();
    outboxReset();
    registrationTick(510200);
    expect(registrarOk(";received=203.0.113.7;rport=40001", 510300)).toBe("");
    expect(eventsOf(EV_REGISTERED)).toBe("0:600");
  });

  it("a NAT that moves again at once does not loop: the binding stands until the refresh names the newest address", () => {
    start();
    registrarOk(";received=203.0.113.7;rport=40001", 100);
    expect(registrarOk(";received=203.0.113.7;rport=40002", 200)).toBe("");
    expect(registrationState()).toBe(REG_REGISTERED);
    outboxReset();
    registrationTick(510200);
    expect(header(first("REGISTER"), "Contact")).toBe("<sip:door@203.0.113.7:40002>|<sip:door@203.0.113.7:40001>;expires=0");
  });

  it("a NAT that changes its mapping later (a router restarted): the refresh's 2xx registers again with the new address", () => {
    behindNat();
    outboxReset();
    registrationTick(510200);
    expect(registrarOk(";received=198.51.100.9;rport=41000", 510300)).toBe("REGISTER " + PRIMARY);
    expect(header(first("REGISTER"), "Contact")).toBe("<sip:door@198.51.100.9:41000>|<sip:door@203.0.113.7:40001>;expires=0");
  });

  it("an IPv6 received without brackets becomes a bracketed Contact host (RFC 5118 §4.5)", () => {
    start();
    registrarOk(";received=2001:db8::7;rport=40001", 100);
    expect(header(first("REGISTER"), "Contact").split("|")[0]).toBe("<sip:door@[2001:db8::7]:40001>");
  });
});

/** Behind the NAT, the keepalive at 30 s is answered `code`; what the station sent then. */
function keepaliveAnswered(code: i32): string {
  behindNat();
  registrationTick(30000);
  resetTable();
  outboxReset();
  onOptionsDone(REQUEST_OPTIONS, code, 30010);
  return outbox();
}

describe("a registrar that lost the binding (restarted without its location table)", () => {
  it("the keepalive OPTIONS goes to the station's own address-of-record through the registrar", () => {
    behindNat();
    outboxReset();
    registrationTick(30000);
    expect(outbox()).toBe("OPTIONS " + PRIMARY);
    expect(startLine(first("OPTIONS"))).toBe("OPTIONS sip:door@example.com SIP/2.0");
    expect(header(first("OPTIONS"), "To")).toBe("<sip:door@example.com>");
  });

  it("forwarded back by the registrar to the binding, the station answers its own OPTIONS 200, through the registrar", () => {
    behindNat();
    outboxReset();
    registrationTick(30000);
    const ping = first("OPTIONS");
    expect(startLine(ping)).toBe("OPTIONS sip:door@example.com SIP/2.0");
    // The registrar retargets it to the binding (§16.5) and adds its own Via (§16.6).
    const forwarded = ping.replace("sip:door@example.com SIP/2.0", "sip:door@203.0.113.7:40001 SIP/2.0")
      .replace("\r\nVia: ", "\r\nVia: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKfwd1\r\nVia: ");
    outboxReset();
    engineReceive(loadRx(forwarded), 30001);
    expect(outbox()).toBe("SIP/2.0 200");
    expect(header(sent(0), "Via").startsWith("SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKfwd1")).toBe(true);
  });

  it("a 404 to the keepalive: the binding is gone, REGISTER at once, reported as unregistered (404, retry in 0 s)", () => {
    expect(keepaliveAnswered(404)).toBe("REGISTER " + PRIMARY);
    expect(eventsOf(EV_UNREGISTERED)).toBe("404:0");
    expect(header(first("REGISTER"), "Contact")).toBe("<sip:door@203.0.113.7:40001>");
  });

  it("a 480 (the user known, no binding) does the same", () => {
    expect(keepaliveAnswered(480)).toBe("REGISTER " + PRIMARY);
  });

  it("a 200 (the station's own answer came back) keeps the registration as it is", () => {
    expect(keepaliveAnswered(200)).toBe("");
    expect(registrationState()).toBe(REG_REGISTERED);
  });

  it("a 404 while waiting out a failure's back-off does not cut the back-off short", () => {
    start();
    resetTable();
    onRegisterDone(403, 600, 100);
    expect(registrationState()).toBe(REG_WAITING);
    registrationTick(30000);
    resetTable();
    outboxReset();
    onOptionsDone(REQUEST_OPTIONS, 404, 30010);
    expect(outbox()).toBe("");
    expect(registrationState()).toBe(REG_WAITING);
  });

  it("without a keepalive interval nothing is sent: the refresh alone restores a lost binding", () => {
    start(REG, REG_LEN);
    registrarOk(";rport=5060", 100);
    outboxReset();
    registrationTick(30000);
    expect(outbox()).toBe("");
  });
});
