// The door station over IPv6 (RFC 5118) against Kamailio and SIPp on the
// loopback [::1]: it registers with digest at a registrar given as an IPv6
// literal, calls the apartment (SIPp) through Kamailio and opens the door on
// the apartment's code, and answers a call sent to it directly. Its Via and
// Contact name it bracketed (RFC 3261 §25.1 IPv6reference) and its SDP says
// c=IN IP6 (RFC 8866 §5.7). Each scenario runs on the simulator and on the
// native board (--host ::1); the Cortex-M4 under QEMU is skipped: its UDP
// bridge is IPv4 only (docs/transports.md, "IPv6").
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Ev, Key, CallState } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { chooseAddress } from "../../host/sim/announce.js";
import { PASSWORD, startStation, runSipp, sippFailure, header, body, type TestStation } from "./support/interop-sipp.js";
import { STATION_KINDS, kindSkip, titled, type StationKind } from "./support/interop-station.js";
import { ipv6Skip } from "./support/ipv6.js";

/** Why `kind` cannot run these here, or null. */
async function skipReason(kind: StationKind): Promise<string | null> {
  return interopSkip() ?? (await ipv6Skip()) ?? kindSkip(kind);
}

test("IPv6: without --host, a registrar at [::1] makes the station bind every IPv6 interface (::) and announce ::1, the address that routes there", async (t) => {
  const skip = await ipv6Skip();
  if (skip) return t.skip(skip);
  assert.deepEqual(await chooseAddress(undefined, { host: "[::1]", port: 5060 }), { bind: "::", announce: "::1" });
});

const calls = (st: TestStation) => st.of(Ev.Call).map((e) => e.a);

interface Setup {
  k?: Kamailio;
  st?: TestStation;
  sipp?: ReturnType<typeof runSipp>;
}

async function tearDown(t: TestContext, s: Setup): Promise<void> {
  const p = s.sipp?.proc;
  if (p && p.exitCode === null && p.signalCode === null) p.kill();
  const r = await s.sipp?.done;
  for (const line of s.st?.log() ?? []) t.diagnostic(line);
  for (const line of r?.trace ?? []) t.diagnostic(line);
  if (r && r.code !== 0) t.diagnostic(sippFailure(r));
  s.st?.close();
  await s.k?.stop();
}

/** Kamailio listening on udp:[::1]:PORT too, the apartment at [::1]; the station at ::1 registering there. */
async function registeredAtKamailio(s: Setup, flatPort: number, kind: StationKind): Promise<TestStation> {
  const v6Port = await freePort();
  s.k = new Kamailio(await freePort(), flatPort, PASSWORD, 3600, { listen: [`udp:[::1]:${v6Port}`], flatHost: "[::1]" });
  await s.k.start();
  // The door hangs up a second after opening: the apartment's scenario ends on the door's BYE.
  const relays = [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 1000 }];
  s.st = await startStation(v6Port, { registrar: { host: "::1", port: v6Port }, relays }, kind, { host: "::1" });
  await s.st.until(() => s.st!.of(Ev.Registered).length > 0, 5000, "registration with Kamailio over IPv6");
  return s.st;
}

// The boards with IPv6: the Cortex-M4's QEMU bridge (support/interop-qemu.ts) speaks IPv4 only, so these
// scenarios are not declared for it (docs/transports.md, "IPv6").
for (const kind of STATION_KINDS.filter((k) => k !== "cortex-m4")) {
  test(titled(kind, "IPv6: the station at ::1 registers with digest at Kamailio on [::1] (RFC 5118 §4: Via sent-by and Contact bracketed)"), async (t) => {
    const skip = await skipReason(kind);
    if (skip) return t.skip(skip);
    const s: Setup = {};
    try {
      const st = await registeredAtKamailio(s, await freePort(), kind);
      const registers = st.find("out", /^REGISTER /);
      assert.equal(st.find("in", /^SIP\/2\.0 401 /, /REGISTER$/).length, 1, "challenged once");
      const last = registers.at(-1)!.text;
      assert.ok(header(last, "Authorization").startsWith("Digest "), "the second REGISTER answers the challenge");
      assert.match(header(last, "Via"), new RegExp(`^SIP/2\\.0/UDP \\[::1\\]:${st.port};`));
      assert.match(header(last, "Contact"), new RegExp(`^<sip:door@\\[::1\\]:${st.port}>`));
      assert.equal(st.find("in", /^SIP\/2\.0 200 /, /REGISTER$/).length, 1, "the binding taken");
    } finally {
      await tearDown(t, s);
    }
  });

  test(titled(kind, "IPv6: the door calls the apartment through Kamailio on [::1] (c=IN IP6 ::1); the apartment's 1234# opens the relay and the door hangs up"), async (t) => {
    const skip = await skipReason(kind);
    if (skip) return t.skip(skip);
    const s: Setup = {};
    try {
      const flatPort = await freePort();
      s.sipp = runSipp("apartment-answers.xml", flatPort, ["-i", "::1"]);
      const st = await registeredAtKamailio(s, flatPort, kind);
      st.s.press(Key.button(0));
      await st.until(() => st.of(Ev.Relay).length >= 2 && calls(st).includes(CallState.Ended), 15_000, "the relay's pulse and the end of the call");
      const r = await s.sipp.done;
      assert.equal(r.code, 0, sippFailure(r));
      const invite = st.find("out", /^INVITE sip:flat@example\.com /)[0];
      assert.ok(invite, "the INVITE to the flat");
      assert.match(body(invite.text), /^o=- \d+ \d+ IN IP6 ::1\r$/m);
      assert.match(body(invite.text), /^c=IN IP6 ::1\r$/m);
      assert.deepEqual(st.of(Ev.Relay).map((e) => [e.a, e.b]), [[0, 1], [0, 0]], "relay 0 pulsed once");
      assert.deepEqual(calls(st), [CallState.Dialing, CallState.Ringing, CallState.Connected, CallState.Ended]);
      assert.equal(st.find("out", /^BYE sip:flat@\[::1\]:/).length, 1, "the door's BYE to the flat's IPv6 Contact");
    } finally {
      await tearDown(t, s);
    }
  });

  test(titled(kind, "IPv6: a call sent directly to the station at [::1] is challenged, answered with c=IN IP6 ::1, and its door code opens the relay"), async (t) => {
    const skip = await skipReason(kind);
    if (skip) return t.skip(skip);
    const s: Setup = {};
    try {
      const incoming = { incoming: { mode: "auto-answer", direct: true, allowed: [{ caller: "flat", secret: "flat-interop-5" }] } };
      s.st = await startStation(await freePort(), incoming, kind, { host: "::1" });
      const st = s.st;
      s.sipp = runSipp("caller-answered.xml", await freePort(), [`[::1]:${st.port}`, "-i", "::1", "-s", "door", "-auth_uri", `door@[::1]:${st.port}`]);
      await st.until(() => calls(st).includes(CallState.Ended), 10_000, "the end of the call");
      const r = await s.sipp.done;
      assert.equal(r.code, 0, sippFailure(r));
      assert.deepEqual(st.of(Ev.Incoming).map((e) => [e.a, e.b]), [[1, 200]]);
      const ok = st.find("out", /^SIP\/2\.0 200 /, /INVITE$/)[0];
      assert.match(body(ok.text), /^c=IN IP6 ::1\r$/m);
      assert.match(header(ok.text, "Contact"), new RegExp(`^<sip:door@\\[::1\\]:${st.port}>`));
      await st.until(() => st.of(Ev.Relay).length >= 2, 3000, "the relay's pulse to end");
      assert.deepEqual(st.of(Ev.Relay).map((e) => [e.a, e.b]), [[0, 1], [0, 0]], "relay 0 pulsed once");
    } finally {
      await tearDown(t, s);
    }
  });
}
