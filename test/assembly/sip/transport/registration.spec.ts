// The registration over TCP (registrar.transport "tcp", docs/transports.md;
// RFC 3261 §18, §17.1.2.2): a stream to the registrar first, REGISTER once it
// opened, with a TCP Via and a transport=tcp Contact, no retransmissions,
// Timer K zero, the same stream for every request to the registrar, and a
// stream that cannot be had counted as a REGISTER without an answer.
import { registrationStart, registrationReset, registrationState, REG_REGISTERED } from "../../../../assembly/app/registration";
import { appStreamOpened } from "../../../../assembly/app/stream-entry";
import { appTick } from "../../../../assembly/app/main";
import { activeCount } from "../../../../assembly/sip/txn/table";
import { outboxCount } from "../../../../assembly/sip/txn/outbox";
import { EV_UNREGISTERED } from "../../../../assembly/app/events";
import { useConfig, freshUa, eventsOf, header, REG, REG_LEN } from "../../app/app-support";
import { freshStreams, offer, sentOn, mockOpens, mockLastOpenPort, mockOpenAnswer, TCP_REG, TCP_REG_LEN, startRegistering, registerOk } from "./support";

const H = 1; // the mock board's first handle

/** Configured with the block, registering from 0. */
function start(): void { startRegistering(TCP_REG, TCP_REG_LEN); }

describe("registration over TCP", () => {
  beforeEach(start);

  it("opens a stream to the registrar (192.0.2.20:5060) and sends nothing before it opened", () => {
    expect(mockOpens()).toBe(1);
    expect(mockLastOpenPort()).toBe(5060);
    expect(outboxCount()).toBe(0);
    expect(sentOn(H)).toBe("");
  });

  it("sends REGISTER on the stream once the board reports it open (status 0)", () => {
    appStreamOpened(H, 0, 100);
    expect(sentOn(H).startsWith("REGISTER sip:example.com SIP/2.0\r\n")).toBeTruthy();
  });

  it("the REGISTER's Via says SIP/2.0/TCP (§18.1.1) and its Contact transport=tcp", () => {
    appStreamOpened(H, 0, 100);
    const req = sentOn(H);
    expect(header(req, "Via").startsWith("SIP/2.0/TCP 192.0.2.10:5060;branch=")).toBeTruthy();
    expect(header(req, "Contact")).toBe("<sip:door@192.0.2.10:5060;transport=tcp>");
  });

  it("a stream that fails to open counts as a REGISTER without an answer: 408 and the back-off", () => {
    appStreamOpened(H, 1, 100);
    expect(eventsOf(EV_UNREGISTERED)).toBe("408:30");
  });

  it("a board without TCP (streamOpen -1): 503 and the back-off, nothing sent over UDP", () => {
    expect(useConfig(TCP_REG, TCP_REG_LEN)).toBe(0);
    freshUa();
    freshStreams();
    registrationReset();
    mockOpenAnswer(-1);
    registrationStart(0);
    expect(eventsOf(EV_UNREGISTERED)).toBe("503:30");
    expect(outboxCount()).toBe(0);
  });

  it("the REGISTER is not retransmitted over TCP (no Timer E, §17.1.2.2)", () => {
    appStreamOpened(H, 0, 100);
    sentOn(H);
    for (let t: u32 = 500; t <= 8000; t += 500) appTick(t);
    expect(sentOn(H)).toBe("");
  });

  it("Timer F still ends an unanswered REGISTER over TCP: 408 at 64*T1", () => {
    appStreamOpened(H, 0, 100);
    appTick(31999);
    expect(eventsOf(EV_UNREGISTERED)).toBe("");
    appTick(32000);
    expect(eventsOf(EV_UNREGISTERED)).toBe("408:30");
  });

  it("Timer K is zero over TCP: the 200 on the stream registers and ends the transaction at once", () => {
    appStreamOpened(H, 0, 100);
    const ok = registerOk(sentOn(H));
    expect(offer(H, ok, 200)).toBe(ok.length);
    expect(registrationState()).toBe(REG_REGISTERED);
    appTick(200);
    expect(activeCount()).toBe(0);
  });

  it("the refresh reuses the registrar's stream: no second streamOpen", () => {
    appStreamOpened(H, 0, 100);
    offer(H, registerOk(sentOn(H)), 200);
    appTick(600000);
    expect(mockOpens()).toBe(1);
    expect(sentOn(H).startsWith("REGISTER ")).toBeTruthy();
  });
});

describe("registrar.transport in the configuration", () => {
  it("udp (the default) opens no stream and sends REGISTER as a datagram with a UDP Via", () => {
    expect(useConfig(REG, REG_LEN)).toBe(0);
    freshUa();
    freshStreams();
    registrationReset();
    registrationStart(0);
    expect(mockOpens()).toBe(0);
    expect(outboxCount()).toBe(1);
  });
});
