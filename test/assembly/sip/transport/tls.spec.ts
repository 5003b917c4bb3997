// The registration over TLS (registrar.transport "tls", docs/transports.md;
// RFC 3261 §26.2, RFC 5630, RFC 5922): a TLS stream to the registrar asked
// of the board with the name its certificate must match, REGISTER once it
// opened with a TLS Via and a sips: Contact on the station's TLS port, the
// same stream for every request to the registrar, and a connection the board
// refuses reported with its reason before the usual back-off.
import { registrationState, registrarOf, registrarPeer, REG_REGISTERED } from "../../../../assembly/app/registration";
import { appStreamOpened } from "../../../../assembly/app/stream-entry";
import { appTick } from "../../../../assembly/app/main";
import { EV_UNREGISTERED, EV_TRANSPORT_REFUSED } from "../../../../assembly/app/events";
import { text } from "../../msg/rx";
import { useConfig, eventsOf, header } from "../../app/app-support";
import { offer, sentOn, mockOpens, mockLastOpenPort, TLS_REG, TLS_REG_LEN, TCP_REG, TCP_REG_LEN, startRegistering, registerOk } from "./support";

@external("mock", "lastOpenSecure") declare function mockLastOpenSecure(): i32;
@external("mock", "lastOpenName") declare function mockLastOpenName(dst: usize, cap: i32): i32;

const H = 1; // the mock board's first handle
const NAME: usize = memory.data(128);

/** The name the last streamOpen gave the board. */
function openName(): string {
  return text(NAME, NAME + <usize>mockLastOpenName(NAME, 128));
}

/** Configured with the block, registering from 0. */
function start(): void { startRegistering(TLS_REG, TLS_REG_LEN); }

describe("registration over TLS", () => {
  beforeEach(start);

  it("registrar.transport tls is accepted by the loader", () => {
    expect(useConfig(TLS_REG, TLS_REG_LEN)).toBe(0);
  });

  it("opens a secure stream (secure 1) to the registrar's port 5061 and sends nothing before it opened", () => {
    expect(mockOpens()).toBe(1);
    expect(mockLastOpenSecure()).toBe(1);
    expect(mockLastOpenPort()).toBe(5061);
    expect(sentOn(H)).toBe("");
  });

  it("gives the board the domain as the name the certificate must match (RFC 5922 §7.2)", () => {
    expect(openName()).toBe("example.com");
  });

  it("the REGISTER's Via says SIP/2.0/TLS (RFC 3261 §18.1.1, §26.2)", () => {
    appStreamOpened(H, 0, 100);
    expect(header(sentOn(H), "Via").startsWith("SIP/2.0/TLS 192.0.2.10:5060;branch=")).toBeTruthy();
  });

  it("the REGISTER's Contact is sips: on the station's TLS port, localPort + 1 (RFC 5630 §3.1.1)", () => {
    appStreamOpened(H, 0, 100);
    expect(header(sentOn(H), "Contact")).toBe("<sips:door@192.0.2.10:5061>");
  });

  it("the REGISTER is not retransmitted over TLS (no Timer E, §17.1.2.2)", () => {
    appStreamOpened(H, 0, 100);
    sentOn(H);
    for (let t: u32 = 500; t <= 8000; t += 500) appTick(t);
    expect(sentOn(H)).toBe("");
  });

  it("the 200 on the stream registers, and the refresh reuses the TLS stream: no second streamOpen", () => {
    appStreamOpened(H, 0, 100);
    offer(H, registerOk(sentOn(H)), 200);
    expect(registrationState()).toBe(REG_REGISTERED);
    appTick(600000);
    expect(mockOpens()).toBe(1);
    expect(sentOn(H).startsWith("REGISTER ")).toBeTruthy();
  });
});

describe("a registrar's connection refused: the event with the board's reason, then the back-off", () => {
  beforeEach(start);

  it("status 1 (refused or unreachable): transport-refused 1 for the primary, then unregistered 408", () => {
    appStreamOpened(H, 1, 100);
    expect(eventsOf(EV_TRANSPORT_REFUSED)).toBe("1:0");
    expect(eventsOf(EV_UNREGISTERED)).toBe("408:30");
  });

  it("status 2 (the certificate is not signed by a trusted CA): transport-refused 2, then unregistered 408", () => {
    appStreamOpened(H, 2, 100);
    expect(eventsOf(EV_TRANSPORT_REFUSED)).toBe("2:0");
    expect(eventsOf(EV_UNREGISTERED)).toBe("408:30");
  });

  it("status 3 (the certificate does not match the name): transport-refused 3, nothing sent", () => {
    appStreamOpened(H, 3, 100);
    expect(eventsOf(EV_TRANSPORT_REFUSED)).toBe("3:0");
    expect(sentOn(H)).toBe("");
  });

  it("status 4 (another handshake failure): transport-refused 4", () => {
    appStreamOpened(H, 4, 100);
    expect(eventsOf(EV_TRANSPORT_REFUSED)).toBe("4:0");
  });

  it("status 5 (no answer in time): transport-refused 5", () => {
    appStreamOpened(H, 5, 100);
    expect(eventsOf(EV_TRANSPORT_REFUSED)).toBe("5:0");
  });

  it("the retry after the back-off opens a new TLS stream with the same name", () => {
    appStreamOpened(H, 3, 100);
    appTick(30100);
    expect(mockOpens()).toBe(2);
    expect(mockLastOpenSecure()).toBe(1);
    expect(openName()).toBe("example.com");
  });

  it("an open that succeeds reports no transport-refused", () => {
    appStreamOpened(H, 0, 100);
    expect(eventsOf(EV_TRANSPORT_REFUSED)).toBe("");
  });
});

describe("registrarOf: which registrar the event names", () => {
  it("the primary's address is 0, the backup's 1", () => {
    expect(useConfig(TCP_REG, TCP_REG_LEN)).toBe(0);
    expect(registrarOf(registrarPeer(false))).toBe(0);
    expect(registrarOf(registrarPeer(true))).toBe(1);
  });

  it("with no backup configured, the backup's slot names no registrar (-1)", () => {
    expect(useConfig(TLS_REG, TLS_REG_LEN)).toBe(0);
    expect(registrarOf(registrarPeer(true))).toBe(-1);
  });
});

describe("over TCP the Contact stays sip: with transport=tcp", () => {
  it("a TCP registrar: secure 0 and no name given to the board", () => {
    startRegistering(TCP_REG, TCP_REG_LEN);
    expect(mockLastOpenSecure()).toBe(0);
    expect(openName()).toBe("");
    appStreamOpened(H, 0, 100);
    expect(header(sentOn(H), "Contact")).toBe("<sip:door@192.0.2.10:5060;transport=tcp>");
  });
});
