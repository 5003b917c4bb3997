// Calls over TCP (RFC 3261 §18, docs/transports.md "Streams") against
// software we did not write: Kamailio listening on UDP and TCP on one port,
// SIPp as the apartment (it talks UDP with Kamailio). The door station runs
// as the simulator and as the native board with the same expectations; the
// Cortex-M4 under QEMU is skipped (its port has no TCP: every open is -1).
// What crosses a stream is not seen by the stations' datagram hooks, so
// "nothing to Kamailio over UDP" with the call done through Kamailio means it
// went over TCP; the apartment's SIPp checks the door's own Via says TCP.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ev, Key, CallState } from "../../host/intercom.js";
import { Kamailio, INTEROP, freePort, interopSkip } from "./support/interop.js";
import { STATION_KINDS, kindSkip, titled, type StationKind } from "./support/interop-station.js";
import { startStation, runSipp, sippFailure, PASSWORD, type TestStation } from "./support/interop-sipp.js";
import { keepLadder } from "./support/interop-ladder.js";

/** Why a kind cannot take part here, or null. */
function tcpSkip(kind: StationKind): string | null {
  return interopSkip() ?? kindSkip(kind);
}

/** The boards with TCP: the Cortex-M4 QEMU port has none (every streamOpen answers -1: docs/transports.md), so these are not declared for it. */
const TCP_KINDS = STATION_KINDS.filter((k) => k !== "cortex-m4");

/**
 * The apartment of apartment-answers.xml that also requires the INVITE it
 * gets to carry a Via of the door sent over TCP (Kamailio's own Via to SIPp
 * says UDP): written to a file of the test's own.
 */
function apartmentSeeingTcpVia(): string {
  const xml = readFileSync(path.join(INTEROP, "apartment-answers.xml"), "latin1");
  const check = `<ereg regexp="Via: *SIP/2\\.0/TCP" search_in="msg" check_it="true" assign_to="doorvia"/>\n      <log message="the door's Via: [$doorvia]"/>`;
  const out = xml.replace(/(<recv request="INVITE"[^>]*>\s*<action>)/, `$1\n      ${check}`);
  assert.notEqual(out, xml, "apartment-answers.xml has the INVITE's <action> the check goes in");
  const file = path.join(mkdtempSync(path.join(tmpdir(), "tcp-apartment-")), "apartment-tcp-via.xml");
  writeFileSync(file, out);
  return file;
}

/** Kamailio on one port for UDP and TCP, the apartment SIPp behind it, the station registered to it. */
async function callThroughKamailio(t: TestContext, kind: StationKind, transport: "udp" | "tcp", extra: Record<string, unknown>, check: (st: TestStation, kamailio: number) => void, proxyAuth?: string): Promise<void> {
  const port = await freePort(), flatPort = await freePort();
  const k = new Kamailio(port, flatPort, PASSWORD, 3600, { listen: [`tcp:127.0.0.1:${port}`], proxyAuth });
  await k.start();
  const apartment = runSipp(apartmentSeeingTcpVia(), flatPort);
  const st = await startStation(port, {
    registrar: { host: "127.0.0.1", port, transport },
    relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 1500 }],
    ...extra,
  }, kind).catch(async (err) => {
    apartment.proc.kill();
    await k.stop();
    throw err;
  });
  try {
    await st.until(() => st.of(Ev.Registered).length > 0, 8000, "registration");
    st.s.press(Key.button(0));
    await st.until(() => st.of(Ev.Call).some((e) => e.a === CallState.Ended || e.a === CallState.Failed), 20_000, "the end of the call");
    const result = await apartment.done;
    for (const line of result.trace) t.diagnostic(line);
    assert.equal(result.code, 0, sippFailure(result));
    assert.deepEqual(st.of(Ev.Call).map((e) => e.a), [CallState.Dialing, CallState.Ringing, CallState.Connected, CallState.Ended]);
    assert.deepEqual(st.of(Ev.Relay).map((e) => e.b).slice(0, 1), [1], "the door code opened the relay");
    check(st, port);
  } finally {
    if (apartment.proc.exitCode === null) apartment.proc.kill();
    for (const line of st.log()) t.diagnostic(line);
    keepLadder(t, st, new Map([[port, "kamailio"], [flatPort, "flat (SIPp)"]]));
    st.close();
    await k.stop();
  }
}

/** What the station sent to Kamailio's port as datagrams: start lines. */
const udpTo = (st: TestStation, port: number) => st.messages.filter((m) => m.dir === "out" && m.peer === port).map((m) => m.text.split("\r\n", 1)[0]);

for (const kind of TCP_KINDS) {
  test(titled(kind, "TCP call: registered over TCP, the button's INVITE, the door code's INFOs and the station's BYE all go over the registration's connection (§18.1.1), none over UDP"), async (t) => {
    const skip = tcpSkip(kind);
    if (skip) return t.skip(skip);
    await callThroughKamailio(t, kind, "tcp", {}, (st, kamailio) => {
      assert.deepEqual(udpTo(st, kamailio), [], "nothing went to Kamailio over UDP");
    });
  });
}

/**
 * A door whose INVITE with its proxy credentials passes 1300 octets: the
 * call target fills its 127 characters (a URI parameter Kamailio ignores)
 * and the display name its 63; the REGISTER stays short.
 */
const LARGE = {
  displayName: "Entrance of the building on the corner, north side, by the lift",
  buttons: [{ mode: "sequential", ringTimeout: 20, targets: [`sip:flat@example.com;x-pad=${"p".repeat(100)}`] }],
};

for (const kind of TCP_KINDS) {
  test(titled(kind, "request too large for UDP: registered over UDP, the INVITE with proxy credentials (over 1300 octets) goes over TCP to the same address and Kamailio takes it (§18.1.1)"), async (t) => {
    const skip = tcpSkip(kind);
    if (skip) return t.skip(skip);
    await callThroughKamailio(t, kind, "udp", LARGE, (st, kamailio) => {
      const udp = st.messages.filter((m) => m.dir === "out" && m.peer === kamailio);
      const invites = udp.filter((m) => m.text.startsWith("INVITE "));
      assert.ok(udp.some((m) => m.text.startsWith("REGISTER ")), "registered over UDP");
      assert.ok(invites.length > 0, "the first INVITE (no credentials) went as a datagram");
      for (const m of udp) assert.ok(m.text.length <= 1300, `a datagram of ${m.text.length} octets: ${m.text.split("\r\n", 1)[0]}`);
      assert.deepEqual(invites.filter((m) => /\r\nProxy-Authorization:/i.test(m.text)), [], "the INVITE with credentials never went over UDP");
      // The 407 came back over UDP: the credentials were asked for, and the call went on over TCP.
      assert.ok(st.find("in", /^SIP\/2\.0 407 /).length > 0, "Kamailio challenged the INVITE (407)");
      // §18.2.2: Kamailio sent the door code's INFOs as datagrams (the door's Contact has no transport=tcp);
      // their 200s go back as datagrams, though the station holds a TCP connection to that address.
      assert.equal(st.find("in", /^INFO /).filter((m) => m.peer === kamailio).length, 5, "the INFOs came over UDP");
      assert.equal(st.find("out", /^SIP\/2\.0 200 /, /INFO$/).filter((m) => m.peer === kamailio).length, 5, "their 200s went over UDP");
    }, "INVITE|MESSAGE|PUBLISH");
  });
}

// The station's own address, called over TCP by SIPp (`-t t1`: one connection): incoming.direct, the caller's secret for the 401.
// SIPp speaks from 127.0.0.2: a stream from the registrar's address (127.0.0.1) is trusted whatever its port.
const DIRECT = { incoming: { mode: "auto-answer", direct: true, allowed: [{ caller: "flat", secret: "flat-interop-5" }] } };

for (const kind of TCP_KINDS) {
  test(titled(kind, "being called over TCP: SIPp connects to the station's port, is challenged (401), answered (200 with SDP) on its connection; its INFO door code opens the relay, its BYE ends the call; nothing goes back over UDP (§18.2.2)"), async (t) => {
    const skip = tcpSkip(kind);
    if (skip) return t.skip(skip);
    const nobody = await freePort(); // the registrar: nothing listens there
    const st = await startStation(nobody, DIRECT, kind);
    const sippPort = await freePort();
    const caller = runSipp("caller-answered.xml", sippPort, [`127.0.0.1:${st.port}`, "-s", "door", "-auth_uri", `door@127.0.0.1:${st.port}`, "-t", "t1", "-i", "127.0.0.2"]);
    try {
      const result = await caller.done;
      for (const line of result.trace) t.diagnostic(line);
      assert.equal(result.code, 0, sippFailure(result));
      await st.until(() => st.of(Ev.Relay).length >= 2, 3000, "the relay's pulse to end");
      assert.deepEqual(st.of(Ev.Call).map((e) => e.a), [CallState.Connected, CallState.Ended]);
      assert.deepEqual(st.of(Ev.Relay).map((e) => [e.a, e.b]), [[0, 1], [0, 0]], "relay 0 pulsed once");
      assert.deepEqual(st.messages.filter((m) => m.peer === sippPort).map((m) => m.text.split("\r\n", 1)[0]), [], "no datagram to or from SIPp");
    } finally {
      if (caller.proc.exitCode === null) caller.proc.kill();
      for (const line of st.log()) t.diagnostic(line);
      st.close();
    }
  });
}
