// Hostile TCP peers against the simulated station (RFC 3261 §18.3,
// docs/transports.md "Streams": at most 4 streams, a partial message held
// 64×T1 closes its connection, a message longer than the receive buffer
// closes it too; a full table lets a silent peer's connection go for the
// station's own). The peers are plain sockets on 127.0.0.1; the station's
// registrar is a UDP party that answers 200 (support/udp-phone.ts), or a TCP
// one (support/tcp-registrar.ts). The
// station's clock can be moved ahead (SkewClock), so 32 s pass at once.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { Clock } from "../../host/sim/udp.js";
import { Station } from "../../host/sim/station.js";
import { Ev, type IntercomEvent } from "../../host/intercom.js";
import { UdpPhone } from "./support/udp-phone.js";
import { waitFor } from "./support/stream-peers.js";
import { tcpRegistrar } from "./support/tcp-registrar.js";

/** The simulator's clock, `skew` ms ahead of the wall. */
class SkewClock extends Clock {
  skew = 0;
  override now(): number {
    return super.now() + this.skew;
  }
}

interface Peer {
  socket: net.Socket;
  got: string;
  closed: boolean;
}

interface Rig {
  station: Station;
  clock: SkewClock;
  phone: UdpPhone;
  events: IntercomEvent[];
  /** Connects to the station's TCP port (its localPort). */
  connect(): Promise<Peer>;
  /** Moves the station's clock `ms` ahead and lets it see the time (a call into the firmware re-arms its timer). */
  advance(ms: number): Promise<void>;
  /** An OPTIONS over UDP from the registrar is answered 200: the station is alive. */
  answersOverUdp(): Promise<void>;
}

/** The station registering with the UDP party, or with `registrar` when given. */
async function rig(t: TestContext, registrar?: { host: string; port: number; transport: "tcp" }): Promise<Rig> {
  const phone = await UdpPhone.open();
  const clock = new SkewClock();
  const events: IntercomEvent[] = [];
  const station = await Station.start({
    config: { user: "door", domain: "example.com", registrar: registrar ?? { host: "127.0.0.1", port: phone.port }, keepaliveInterval: 0 },
    host: "127.0.0.1", port: 0, clock, onEvent: (e) => events.push(e), onWarning: () => {},
  });
  phone.target(station.wire.address.port);
  t.after(() => {
    station.close();
    phone.close();
  });
  const peers: Peer[] = [];
  t.after(() => peers.forEach((p) => p.socket.destroy()));
  return {
    station, clock, phone, events,
    connect: () => new Promise((resolve, reject) => {
      const socket = net.connect(station.wire.address.port, "127.0.0.1");
      const peer: Peer = { socket, got: "", closed: false };
      peers.push(peer);
      socket.on("data", (d) => (peer.got += d.toString("latin1")));
      socket.on("close", () => (peer.closed = true));
      socket.on("error", () => {});
      socket.once("connect", () => resolve(peer));
      socket.once("error", reject);
    }),
    advance: async (ms) => {
      clock.skew += ms;
      station.serial(new Uint8Array(0));
      await new Promise((r) => setTimeout(r, 200));
    },
    answersOverUdp: async () => {
      const before = phone.find(/^SIP\/2\.0 200 /, /OPTIONS$/).length;
      phone.send(phone.request("OPTIONS", "proxy").text);
      await waitFor(() => phone.find(/^SIP\/2\.0 200 /, /OPTIONS$/).length > before, "200 to an OPTIONS over UDP", 3000);
    },
  };
}

/** The start of a request whose header never ends (no CRLFCRLF yet): a partial message. */
const PARTIAL = "OPTIONS sip:door@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKpart\r\nMax-Forwards: 70\r\n";

test("TCP: with four connections held, a fifth is refused (closed at once, at most 4 streams); the station stays registered and answers", async (t) => {
  const r = await rig(t);
  await waitFor(() => r.events.some((e) => e.kind === Ev.Registered), "registration over UDP", 5000);
  const held = [await r.connect(), await r.connect(), await r.connect(), await r.connect()];
  await waitFor(() => r.station.streams.count === 4, "four streams taken");
  const fifth = await r.connect();
  await waitFor(() => fifth.closed, "the fifth connection closed by the station", 3000);
  assert.deepEqual(held.map((p) => p.closed), [false, false, false, false], "the four held stay open");
  assert.equal(r.station.streams.count, 4);
  await r.answersOverUdp();
  assert.equal(r.events.filter((e) => e.kind === Ev.Unregistered).length, 0, "never unregistered");
});

test("TCP: four connections each holding a partial message are closed 32 s (64×T1) after it began, not before, and a new connection is taken again (§18.3)", async (t) => {
  const r = await rig(t);
  const held = [await r.connect(), await r.connect(), await r.connect(), await r.connect()];
  for (const p of held) p.socket.write(PARTIAL);
  await waitFor(() => r.station.streams.count === 4, "four streams taken");
  const refused = await r.connect();
  await waitFor(() => refused.closed, "a fifth refused while the four hold their partial messages", 3000);
  await r.advance(31_000);
  assert.deepEqual(held.map((p) => p.closed), [false, false, false, false], "31 s after: still held");
  await r.advance(2_000);
  await waitFor(() => held.every((p) => p.closed), "the four closed at 32 s", 3000);
  assert.equal(r.station.streams.count, 0, "their slots are free");
  const next = await r.connect();
  await waitFor(() => r.station.streams.count === 1, "a new connection taken");
  assert.equal(next.closed, false);
  await r.answersOverUdp();
});

test("TCP: 9,000 octets without a CRLFCRLF (longer than the 8,192-octet receive buffer) close the connection; the station is unaffected", async (t) => {
  const r = await rig(t);
  await waitFor(() => r.events.some((e) => e.kind === Ev.Registered), "registration over UDP", 5000);
  const peer = await r.connect();
  peer.socket.write(`OPTIONS sip:door@127.0.0.1 SIP/2.0\r\nX-Long: ${"a".repeat(9000)}`);
  await waitFor(() => peer.closed, "the connection closed by the station", 3000);
  assert.equal(r.station.streams.count, 0);
  assert.equal(peer.got, "", "nothing answered on it");
  await r.answersOverUdp();
  const again = await r.connect();
  await waitFor(() => r.station.streams.count === 1, "a new connection taken after it");
  assert.equal(again.closed, false);
});

test("TCP: four silent peers never lock the station out: after the registrar drops its connection, the refresh opens a new one (the idlest silent peer's gives way) and registers again", async (t) => {
  const registrar = await tcpRegistrar(60);
  t.after(() => registrar.close());
  const r = await rig(t, { host: "127.0.0.1", port: registrar.port, transport: "tcp" });
  await waitFor(() => r.events.some((e) => e.kind === Ev.Registered), "registration over TCP", 5000);
  const silent = [await r.connect(), await r.connect(), await r.connect()];
  await waitFor(() => r.station.streams.count === 4, "the registrar's stream and three silent peers");
  registrar.dropAll();
  await waitFor(() => r.station.streams.count === 3, "the registrar's stream gone");
  silent.push(await r.connect());
  await waitFor(() => r.station.streams.count === 4, "four silent peers fill the table");
  await r.advance(52_000); // the refresh: 85 % of the 60 s granted (app/refresh.ts), before the peers' 2 minutes of silence
  await waitFor(() => registrar.registers.some((g) => g.on === 1), "a REGISTER on a new connection", 5000);
  await waitFor(() => silent.filter((p) => p.closed).length === 1, "one silent peer let go", 3000);
  assert.equal(silent[3].closed, false, "the peer that connected last (the least idle) stays");
  assert.equal(registrar.connections.length, 2);
  await waitFor(() => r.station.streams.count === 4, "the new registrar stream beside three silent peers");
  assert.equal(r.events.filter((e) => e.kind === Ev.Unregistered).length, 0, "never unregistered");
});
