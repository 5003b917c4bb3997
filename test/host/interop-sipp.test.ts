// The door station against SIPp as the other party (issue: interop), through
// Kamailio (the station's calls to "flat", routed by kamailio.cfg to a SIPp
// apartment with record-routing) and direct (SIPp calling or probing the
// station's own port). Every SIPp run must exit 0 (each step of its scenario
// passed); each test checks the station's events and messages and prints
// what it saw on the wire (the station's side and SIPp's) as diagnostics.
// Every scenario runs twice with the same expectations: against the simulator
// and against the native board (the same module through wasm2c, in C).
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Ev, Key, CallState } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { PASSWORD, startStation, runSipp, sippFailure, header, body, type TestStation, type SippResult } from "./support/interop-sipp.js";
import { STATION_KINDS, kindSkip, titled, type StationKind } from "./support/interop-station.js";
import { keepLadder } from "./support/interop-ladder.js";

interface Run {
  st: TestStation;
  sipp: ReturnType<typeof runSipp>;
  k?: Kamailio;
  result?: SippResult;
  /** The parties the door talks to, by port, for its ladder diagram. */
  names: Map<number, string>;
}

function started(st: TestStation, sipp: ReturnType<typeof runSipp>, names: Map<number, string>, k?: Kamailio): Run {
  const run: Run = { st, sipp, k, names };
  void sipp.done.then((r) => (run.result = r));
  return run;
}

/** Waits for pred(), but gives up at once when SIPp has failed (a step of its scenario did not pass). */
async function waitFor(run: Run, pred: () => boolean, ms: number, what: string): Promise<void> {
  const failed = () => run.result !== undefined && run.result.code !== 0;
  await run.st.until(() => pred() || failed(), ms, what);
  if (failed()) assert.fail(`waiting for ${what}: ${sippFailure(run.result!)}`);
}

/** Kamailio with "flat" routed to a SIPp apartment running `scenario`, and the station registering there. */
async function throughKamailio(scenario: string, kind: StationKind): Promise<Run> {
  const flatPort = await freePort();
  const k = new Kamailio(await freePort(), flatPort, PASSWORD);
  await k.start();
  const sipp = runSipp(scenario, flatPort);
  const st = await startStation(k.port, {}, kind).catch(async (err) => {
    sipp.proc.kill();
    await k.stop();
    throw err;
  });
  const run = started(st, sipp, new Map([[k.port, "kamailio"]]), k);
  try {
    await st.until(() => st.of(Ev.Registered).length > 0, 5000, "registration with Kamailio");
  } catch (err) {
    sipp.proc.kill();
    st.close();
    await k.stop();
    throw err;
  }
  return run;
}

/** The station (its registrar an unused port) and a SIPp UAC running `scenario` against its own port. */
async function direct(scenario: string, extra: Record<string, unknown>, kind: StationKind): Promise<Run> {
  const nobody = await freePort(); // the registrar: nothing listens there
  const st = await startStation(nobody, extra, kind);
  const sippPort = await freePort();
  // -auth_uri: SIPp's digest-uri is the Request-URI, which the station checks (RFC 2617 §3.2.2.5); SIPp puts "sip:" before it, by default it is ip:port.
  const sipp = runSipp(scenario, sippPort, [`127.0.0.1:${st.port}`, "-s", "door", "-auth_uri", `door@127.0.0.1:${st.port}`]);
  return started(st, sipp, new Map([[sippPort, "sipp"], [nobody, "no registrar"]]));
}

/** Stops SIPp if it still runs, prints both sides of the wire, stops the station and Kamailio. */
async function close(t: TestContext, run: Run): Promise<void> {
  const p = run.sipp.proc;
  if (p.exitCode === null && p.signalCode === null) p.kill();
  const r = await run.sipp.done;
  for (const line of run.st.log()) t.diagnostic(line);
  for (const line of r.trace) t.diagnostic(line);
  if (r.code !== 0) for (const line of r.errors.split("\n").filter(Boolean)) t.diagnostic(`sipp error: ${line}`);
  keepLadder(t, run.st, run.names);
  run.st.close();
  await run.k?.stop();
}

async function sippPassed(run: Run): Promise<SippResult> {
  const r = await run.sipp.done;
  assert.equal(r.code, 0, sippFailure(r));
  return r;
}

const calls = (st: TestStation) => st.of(Ev.Call).map((e) => e.a);
const ended = (st: TestStation) => () => calls(st).some((a) => a === CallState.Ended || a === CallState.Failed);
const cseqNumber = (text: string) => Number(header(text, "CSeq").split(/\s+/)[0]);

for (const kind of STATION_KINDS) {
  test(titled(kind, "Kamailio + SIPp: a wrong door code (9999#) leaves the relay shut; the call goes on until the apartment hangs up with BYE"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await throughKamailio("apartment-wrong-code.xml", kind);
    const { st } = run;
    try {
      st.s.press(Key.button(0));
      await waitFor(run, ended(st), 15_000, "the end of the call");
      await sippPassed(run);
      assert.deepEqual(st.of(Ev.CodeWrong).map((e) => e.a), [0], "one wrong code, in a call");
      assert.equal(st.of(Ev.DtmfReceived).length, 5, "five digits as INFO");
      assert.deepEqual(st.of(Ev.Relay), [], "the relay stays shut");
      assert.deepEqual(calls(st), [CallState.Dialing, CallState.Ringing, CallState.Connected, CallState.Ended]);
      assert.equal(st.of(Ev.Call).at(-1)!.b, 0, "ended by BYE");
      assert.equal(st.find("out", /^BYE /).length, 0, "the door did not hang up");
      assert.equal(st.find("in", /^BYE /).length, 1);
      assert.equal(st.find("out", /^SIP\/2\.0 200 /, /BYE$/).length, 1, "the apartment's BYE answered 200");
      const codeWrongAt = st.of(Ev.CodeWrong)[0].t;
      const byeAt = st.find("in", /^BYE /)[0].t;
      assert.ok(byeAt - codeWrongAt >= 800, `the call went on after the wrong code (${byeAt - codeWrongAt} ms)`);
    } finally {
      await close(t, run);
    }
  });

  test(titled(kind, "Kamailio + SIPp: CANCEL before answer: the apartment only rings; a second press cancels; 200 to the CANCEL, 487 to the INVITE, ACK"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await throughKamailio("apartment-rings-cancelled.xml", kind);
    const { st } = run;
    try {
      st.s.press(Key.button(0));
      await waitFor(run, () => calls(st).includes(CallState.Ringing), 5000, "ringing");
      await new Promise((r) => setTimeout(r, 300));
      st.s.press(Key.button(0));
      await waitFor(run, ended(st), 10_000, "the end of the call");
      await sippPassed(run);
      assert.deepEqual(calls(st).slice(0, 2), [CallState.Dialing, CallState.Ringing]);
      assert.ok(calls(st).at(-1) === CallState.Ended || calls(st).at(-1) === CallState.Failed);
      assert.equal(st.of(Ev.Call).at(-1)!.b, 487);
      assert.ok(!calls(st).includes(CallState.Connected));
      const invite = st.find("out", /^INVITE /)[0];
      const cancel = st.find("out", /^CANCEL /);
      assert.equal(cancel.length, 1, "one CANCEL");
      assert.equal(cseqNumber(cancel[0].text), cseqNumber(invite.text), "§9.1: the CANCEL's CSeq number is the INVITE's");
      assert.equal(header(cancel[0].text, "Call-ID"), header(invite.text, "Call-ID"));
      assert.equal(st.find("in", /^SIP\/2\.0 200 /, /CANCEL$/).length, 1, "the CANCEL answered 200");
      assert.ok(st.find("in", /^SIP\/2\.0 487 /, /INVITE$/).length >= 1, "the INVITE answered 487");
      const ack = st.find("out", /^ACK /);
      assert.ok(ack.length >= 1, "the 487 ACKed");
      assert.equal(header(ack[0].text, "CSeq"), `${cseqNumber(invite.text)} ACK`);
      assert.deepEqual(st.of(Ev.Relay), []);
    } finally {
      await close(t, run);
    }
  });

  test(titled(kind, "Kamailio + SIPp: a reliable 183 (Require: 100rel, RSeq, SDP) is PRACKed with the right RAck, then 200 and ACK"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await throughKamailio("apartment-100rel.xml", kind);
    const { st } = run;
    try {
      st.s.press(Key.button(0));
      await waitFor(run, ended(st), 15_000, "the end of the call");
      await sippPassed(run);
      const invite = st.find("out", /^INVITE /)[0];
      assert.match(header(invite.text, "Supported"), /\b100rel\b/);
      const provisional = st.find("in", /^SIP\/2\.0 183 /);
      assert.equal(provisional.length, 1);
      assert.match(header(provisional[0].text, "Require"), /100rel/);
      const prack = st.find("out", /^PRACK /);
      assert.equal(prack.length, 1, "one PRACK");
      assert.equal(header(prack[0].text, "RAck"), `${header(provisional[0].text, "RSeq")} ${cseqNumber(invite.text)} INVITE`);
      assert.ok(header(prack[0].text, "Route").length > 0, "the PRACK follows the early dialog's route set");
      assert.equal(st.find("in", /^SIP\/2\.0 200 /, /PRACK$/).length, 1);
      assert.ok(st.find("out", /^ACK /, /ACK$/).length >= 1, "the 200 ACKed");
      assert.deepEqual(calls(st), [CallState.Dialing, CallState.Ringing, CallState.Connected, CallState.Ended]);
    } finally {
      await close(t, run);
    }
  });

  test(titled(kind, "Kamailio + SIPp: UPDATE with SDP in the confirmed dialog is answered 200 with SDP"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await throughKamailio("apartment-update.xml", kind);
    const { st } = run;
    try {
      st.s.press(Key.button(0));
      await waitFor(run, ended(st), 15_000, "the end of the call");
      await sippPassed(run);
      assert.equal(st.find("in", /^UPDATE /).length, 1);
      const ok = st.find("out", /^SIP\/2\.0 200 /, /UPDATE$/);
      assert.equal(ok.length, 1, "the UPDATE answered 200");
      assert.equal(header(ok[0].text, "Content-Type"), "application/sdp");
      assert.match(body(ok[0].text), /^m=audio \d+ RTP\/AVP/m);
      assert.ok(header(ok[0].text, "Contact").length > 0, "RFC 3311 §5.2: Contact in the 2xx");
      assert.deepEqual(calls(st), [CallState.Dialing, CallState.Ringing, CallState.Connected, CallState.Ended]);
    } finally {
      await close(t, run);
    }
  });

  test(titled(kind, "Kamailio + SIPp: a re-INVITE with SDP is answered 200 with SDP and ACKed; then the door hangs up with BYE"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await throughKamailio("apartment-reinvite.xml", kind);
    const { st } = run;
    try {
      st.s.press(Key.button(0));
      await waitFor(run, () => st.find("in", /^ACK /, /^1 ACK$/).length > 0, 10_000, "the ACK of the re-INVITE");
      await new Promise((r) => setTimeout(r, 200));
      st.s.press(Key.hangup);
      await waitFor(run, ended(st), 10_000, "the end of the call");
      await sippPassed(run);
      const ok = st.find("out", /^SIP\/2\.0 200 /, /^1 INVITE$/);
      assert.ok(ok.length >= 1, "the re-INVITE answered 200");
      assert.equal(header(ok[0].text, "Content-Type"), "application/sdp");
      assert.match(body(ok[0].text), /^m=audio \d+ RTP\/AVP/m);
      assert.ok(header(ok[0].text, "Contact").length > 0);
      assert.equal(st.find("out", /^BYE /).length, 1, "the door's BYE");
      assert.equal(st.find("in", /^SIP\/2\.0 200 /, /BYE$/).length, 1);
      assert.deepEqual(calls(st), [CallState.Dialing, CallState.Ringing, CallState.Connected, CallState.Ended]);
      assert.equal(st.of(Ev.Call).at(-1)!.b, 0);
    } finally {
      await close(t, run);
    }
  });

  // SIPp calls the station directly (not through the registrar): incoming.direct, and flat's secret for the 401.
  const incoming = { incoming: { mode: "auto-answer", direct: true, allowed: [{ caller: "flat", secret: "flat-interop-5" }] } };

  test(titled(kind, "SIPp direct: an allowed caller is challenged (401), answers with its secret and is answered (200 with SDP, ACK); its INFO door code opens the relay; it hangs up with BYE"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await direct("caller-answered.xml", incoming, kind);
    const { st } = run;
    try {
      await waitFor(run, ended(st), 10_000, "the end of the call");
      await sippPassed(run);
      await waitFor(run, () => st.of(Ev.Relay).length >= 2, 3000, "the relay's pulse to end");
      assert.deepEqual(st.of(Ev.Incoming).map((e) => [e.a, e.b]), [[1, 200]]);
      assert.deepEqual(calls(st), [CallState.Connected, CallState.Ended]);
      assert.equal(st.of(Ev.Call).at(-1)!.b, 0);
      assert.deepEqual(st.of(Ev.Relay).map((e) => [e.a, e.b]), [[0, 1], [0, 0]], "relay 0 pulsed once");
      assert.deepEqual(st.of(Ev.CodeWrong), []);
      const ok = st.find("out", /^SIP\/2\.0 200 /, /INVITE$/);
      assert.equal(header(ok[0].text, "Content-Type"), "application/sdp");
      assert.equal(st.find("out", /^SIP\/2\.0 401 /, /1 INVITE$/).length, 1, "challenged once");
      assert.equal(st.find("in", /^ACK /).length, 2, "the ACKs of the 401 and of the 200");
      assert.equal(st.find("out", /^SIP\/2\.0 200 /, /INFO$/).length, 5);
      assert.equal(st.find("out", /^SIP\/2\.0 200 /, /BYE$/).length, 1);
    } finally {
      await close(t, run);
    }
  });

  for (const [refuseCode, expected] of [[undefined, 603], [486, 486]] as const) {
    test(titled(kind, `SIPp direct: with incoming calls off (mode reject) an authenticated caller is refused with ${expected}${refuseCode ? " (refuseCode)" : " (the default)"} and ACKs it; the refusal is not retransmitted after the ACK`), async (t) => {
      const skip = interopSkip() ?? kindSkip(kind);
      if (skip) return t.skip(skip);
      const run = await direct("caller-refused.xml", { incoming: { ...incoming.incoming, mode: "reject", ...(refuseCode ? { refuseCode } : {}) } }, kind);
      const { st } = run;
      try {
        await sippPassed(run);
        assert.deepEqual(st.of(Ev.Incoming).map((e) => [e.a, e.b]), [[0, expected]]);
        assert.deepEqual(calls(st), []);
        assert.equal(st.find("out", new RegExp(`^SIP/2\\.0 ${expected} `), /INVITE$/).length, 1, "sent once: the ACK stopped its retransmission");
        assert.equal(st.find("in", /^ACK /).length, 2, "the ACKs of the 401 and of the refusal");
        assert.equal(st.find("out", /^SIP\/2\.0 200 /).length, 0);
      } finally {
        await close(t, run);
      }
    });
  }

  test(titled(kind, "SIPp direct: OPTIONS is answered 200 with Allow"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await direct("options-direct.xml", {}, kind);
    const { st } = run;
    try {
      await sippPassed(run);
      const ok = st.find("out", /^SIP\/2\.0 200 /, /OPTIONS$/);
      assert.equal(ok.length, 1);
      const allow = header(ok[0].text, "Allow").split(/\s*,\s*/);
      for (const m of ["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "INFO", "PRACK", "UPDATE"]) assert.ok(allow.includes(m), `Allow names ${m}: ${allow.join(", ")}`);
      assert.deepEqual(st.of(Ev.Call), []);
    } finally {
      await close(t, run);
    }
  });
}
