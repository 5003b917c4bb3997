// The registration over TCP (registrar.transport "tcp", docs/transports.md;
// RFC 3261 §18, §17.1.2.2): a stream to the registrar first, REGISTER once it
// opened, with a TCP Via and a transport=tcp Contact, no retransmissions,
// Timer K zero, the same stream for every request to the registrar, a
// stream that cannot be had counted as a REGISTER without an answer, and
// silent peers' streams that never keep the registration from its stream.
import { registrationStart, registrationReset, registrationState, REG_REGISTERED } from "../../../../assembly/app/registration";
import { appStreamOpened, appStreamAccepted } from "../../../../assembly/app/stream-entry";
import { streamFind } from "../../../../assembly/sip/transport/streams";
import { openStream } from "../../../../assembly/sip/transport/select";
import { PEER_SIZE, setPeerIPv4 } from "../../../../assembly/sip/txn/peer";
import { appEventsReset } from "../../../../assembly/app/events";
import { appTick } from "../../../../assembly/app/main";
import { activeCount } from "../../../../assembly/sip/txn/table";
import { outboxCount } from "../../../../assembly/sip/txn/outbox";
import { EV_UNREGISTERED } from "../../../../assembly/app/events";
import { useConfig, freshUa, eventsOf, header, from, REG, REG_LEN } from "../../app/app-support";
import { freshStreams, offer, sentOn, mockOpens, mockLastOpenPort, mockOpenAnswer, mockCloses, mockLastClosed, TCP_REG, TCP_REG_LEN, startRegistering, registerOk } from "./support";

const H = 1; // the mock board's first handle
const FLAT: u32 = 0xc000021f; // 192.0.2.31, a peer on the LAN
const OTHER: usize = memory.data(<i32>PEER_SIZE);

/** Configured with the block [p, p+len) on a fresh mock board, not registering yet. */
function configured(p: usize, len: i32): void {
  expect(useConfig(p, len)).toBe(0);
  freshUa();
  freshStreams();
  registrationReset();
  appEventsReset();
}

/** Four peers connect to the station (handles 11 to 14) and send nothing; 12 at `idlest`, the others at `at`. */
function fourSilentPeers(idlest: u32, at: u32): void {
  for (let h = 11; h <= 14; h++) {
    from(FLAT, 40000 + <u32>h);
    expect(appStreamAccepted(h, 0, h == 12 ? idlest : at)).toBe(1);
  }
}

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

describe("registration over TCP beside silent peers", () => {
  it("four silent peers' streams do not keep the registration from its stream: the idlest is closed and REGISTER goes", () => {
    configured(TCP_REG, TCP_REG_LEN);
    fourSilentPeers(0, 1000);
    registrationStart(2000);
    expect(mockCloses()).toBe(1);
    expect(mockLastClosed()).toBe(12);
    expect(streamFind(12)).toBe(-1);
    expect(mockOpens()).toBe(1);
    appStreamOpened(H, 0, 2100);
    expect(sentOn(H).startsWith("REGISTER sip:example.com SIP/2.0\r\n")).toBeTruthy();
  });

  it("the registration's stream is never the one to go, even when it is the idlest", () => {
    startRegistering(TCP_REG, TCP_REG_LEN);
    appStreamOpened(H, 0, 100);
    offer(H, registerOk(sentOn(H)), 200);
    for (let h = 12; h <= 14; h++) {
      from(FLAT, 40000 + <u32>h);
      appStreamAccepted(h, 0, 60000);
    }
    setPeerIPv4(OTHER, FLAT, 5060);
    expect(openStream(OTHER, 90000)).toBeGreaterThan(0);
    expect(mockCloses()).toBe(1);
    expect(mockLastClosed()).not.toBe(H);
    expect(streamFind(H)).toBeGreaterThanOrEqual(0);
  });
});

describe("registrar.transport in the configuration", () => {
  it("udp (the default) opens no stream and sends REGISTER as a datagram with a UDP Via", () => {
    configured(REG, REG_LEN);
    registrationStart(0);
    expect(mockOpens()).toBe(0);
    expect(outboxCount()).toBe(1);
  });
});
