// Direct calls without a PBX (issue 14), against SIPp as the flat: the call
// button's target is sip:flat@127.0.0.1:<SIPp's port>, a SIP URI with an IPv4
// host, which names its own destination (RFC 3263 §4: UDP to that address and
// port), so the INVITE goes there with that URI as its Request-URI and To
// (RFC 3261 §8.1.1.1), and the dialog's later requests go to the flat's
// Contact (the remote target, §12.2.1.1; no route set). SIPp answers, keys
// the door code 1234# as SIP INFO, the relay opens, the door hangs up with BYE.
// Kamailio is nowhere in the path. Each run goes against the simulator, the
// native board and the Cortex-M4 under QEMU with the same expectations.
// The other direction, SIPp calling the station directly (incoming.direct,
// digest-challenged), is interop-sipp.test.ts ("SIPp direct: an allowed caller
// is challenged ...") and interop-callers.test.ts.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Ev, CallState } from "../../host/intercom.js";
import { freePort, interopSkip } from "./support/interop.js";
import { header, startLine, type TestStation, type SippResult } from "./support/interop-sipp.js";
import { doorCallsSipp } from "./support/door-calls-sipp.js";
import { STATION_KINDS, kindSkip, titled } from "./support/interop-station.js";

interface DirectRun {
  st: TestStation;
  flatPort: number;
  sipp: SippResult;
}

/**
 * SIPp as the flat (flat-direct.xml) on a port of its own, the door called
 * there by its button, its relay 0 opening on 1234 and hanging up 500 ms
 * after; `registrar` is the door's registrar setting (absent, or a port
 * nobody answers). `check` runs once SIPp has exited and the call and the
 * relay's pulse have ended.
 */
async function directCall(t: TestContext, kind: (typeof STATION_KINDS)[number], registrar: Record<string, unknown>, check: (run: DirectRun) => void): Promise<void> {
  await doorCallsSipp(t, {
    scenario: "flat-direct.xml", kind,
    config: { ...registrar, relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 500 }] },
  }, async (st, sipp, flatPort) => {
    await st.until(() => st.of(Ev.Relay).length >= 2, 3000, "the relay's pulse to end");
    check({ st, flatPort, sipp });
  });
}

for (const kind of STATION_KINDS) {
  test(titled(kind, "SIPp direct, no PBX: the button's target sip:flat@127.0.0.1:PORT gets the INVITE at that port, with that URI as Request-URI and To and no Route (RFC 3263 §4, RFC 3261 §8.1.1.1)"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    await directCall(t, kind, { registrar: undefined }, ({ st, flatPort, sipp }) => {
      const target = `sip:flat@127.0.0.1:${flatPort}`;
      const invites = st.find("out", /^INVITE /);
      assert.ok(invites.length >= 1, "the door sent an INVITE");
      for (const inv of invites) {
        assert.equal(startLine(inv.text), `INVITE ${target} SIP/2.0`, "§8.1.1.1: the Request-URI is the target");
        assert.equal(inv.peer, flatPort, "sent to the URI's own port");
        assert.match(header(inv.text, "To"), new RegExp(`^<${target.replace(/\./g, "\\.")}>$`), "§8.1.1.1: To is the target, no tag");
        assert.equal(header(inv.text, "Route"), "", "no outbound proxy: no Route");
      }
      assert.ok(sipp.trace.includes(`sipp <- INVITE ${target} SIP/2.0`), `SIPp received the INVITE on its port: ${sipp.trace.join(" | ")}`);
      assert.deepEqual([...new Set(st.messages.map((m) => m.peer))], [flatPort], "the door talked to the flat only");
    });
  });

  test(titled(kind, "SIPp direct, no PBX: the flat answers, its INFO door code 1234# opens relay 0, and the door's BYE goes to the flat's Contact (RFC 3261 §12.2.1.1)"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    await directCall(t, kind, { registrar: undefined }, ({ st, flatPort }) => {
      assert.deepEqual(st.of(Ev.Call).map((e) => e.a), [CallState.Dialing, CallState.Ringing, CallState.Connected, CallState.Ended]);
      assert.equal(st.of(Ev.DtmfReceived).length, 5, "five digits as INFO");
      assert.ok(st.find("out", /^SIP\/2\.0 200 /, /INFO$/).length >= 5, "each INFO answered 200");
      assert.deepEqual(st.of(Ev.CodeWrong), []);
      assert.deepEqual(st.of(Ev.Relay).map((e) => [e.a, e.b]), [[0, 1], [0, 0]], "relay 0 pulsed once");
      const ack = st.find("out", /^ACK /);
      assert.ok(ack.length >= 1 && ack.every((m) => m.peer === flatPort), "the 200 ACKed at the flat");
      const bye = st.find("out", /^BYE /);
      assert.ok(bye.length >= 1, "the door hung up");
      assert.ok(bye.every((m) => m.peer === flatPort && startLine(m.text).startsWith(`BYE sip:flat@127.0.0.1:${flatPort}`)), "BYE to the flat's Contact");
      assert.ok(st.find("in", /^SIP\/2\.0 200 /, /BYE$/).length >= 1, "the flat answered the BYE");
    });
  });

  test(titled(kind, "SIPp direct, registrar elsewhere: with a registrar configured (nobody answers it) the target is still called at its own address; only REGISTER goes to the registrar"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const nobody = await freePort();
    await directCall(t, kind, { registrar: { host: "127.0.0.1", port: nobody } }, ({ st, flatPort }) => {
      assert.ok(st.find("out", /^REGISTER /).length >= 1, "the door tried to register");
      const toRegistrar = st.messages.filter((m) => m.dir === "out" && m.peer === nobody).map((m) => startLine(m.text).split(" ")[0]);
      assert.deepEqual([...new Set(toRegistrar)], ["REGISTER"], "nothing of the call went to the registrar");
      const invites = st.find("out", /^INVITE /);
      assert.ok(invites.length >= 1 && invites.every((m) => m.peer === flatPort), "the INVITE went to the flat's port");
      assert.deepEqual(st.of(Ev.Relay).map((e) => [e.a, e.b]), [[0, 1], [0, 0]], "the door code opened relay 0");
    });
  });
}
