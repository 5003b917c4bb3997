// The first hour of a real user (issue 14, items 1 and 2), against Kamailio,
// on the simulator and the native board with the same expectations.
// Behind a NAT: the station talks to a userspace relay (support/lossy-relay.ts,
// no loss) that forwards from another port to Kamailio and back, as a home
// router does. Kamailio answers the REGISTER's source (rport, RFC 3581 §4),
// so the station learns the relay's outside port and registers that: the
// binding Kamailio keeps names the relay, and a call from Kamailio reaches
// the door through it. A registrar restarted with an empty location table
// answers the station's keepalive (an OPTIONS to its own address-of-record)
// 404: the station registers again within one keepalive interval.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Ev } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { PASSWORD, startStation, header, startLine, type TestStation } from "./support/interop-sipp.js";
import { kindSkip, titled, type StationKind } from "./support/interop-station.js";
import { LossyRelay } from "./support/lossy-relay.js";
import { UdpPhone, ackFor } from "./support/udp-phone.js";

const KINDS: readonly StationKind[] = ["simulator", "native"];
const KEEPALIVE_S = 5;
/** Rings on a call from "concierge" through the registrar (a trusted source), keepalives every 5 s. */
const CONFIG = { keepaliveInterval: KEEPALIVE_S, keepaliveFailures: 10, incoming: { mode: "ring", allowed: ["concierge"] } };

function diagnostics(t: TestContext, st: TestStation, relay?: LossyRelay): void {
  for (const line of st.log()) t.diagnostic(line);
  for (const line of relay?.log ?? []) t.diagnostic(line);
}

/** The Contact header values of the last 2xx to a REGISTER the station received: the bindings Kamailio holds. */
function bindings(st: TestStation): string[] {
  const oks = st.find("in", /^SIP\/2\.0 200 /, /REGISTER$/);
  const ok = oks.at(-1)?.text ?? "";
  return ok.split("\r\n").filter((l) => /^(Contact|m):/i.test(l)).flatMap((l) => l.replace(/^[^:]*:\s*/, "").split(/,\s*(?=<)/));
}

for (const kind of KINDS) {
  test(titled(kind, "behind a NAT (a relay rewriting the source port): the station registers the relay's outside address; Kamailio's binding names it; a call from Kamailio reaches the door through the relay"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const k = new Kamailio(await freePort(), await freePort(), PASSWORD);
    await k.start();
    const relay = new LossyRelay({ upstream: { host: "127.0.0.1", port: k.port }, loss: 0, seed: 1 });
    await relay.start();
    const st = await startStation(relay.address.port, CONFIG, kind);
    const phone = await UdpPhone.open(k.port);
    try {
      await st.until(() => st.of(Ev.Registered).length > 0, 5000, "registration through the relay");
      const outside = `<sip:door@127.0.0.1:${relay.outside.port}>`;
      const regs = st.find("out", /^REGISTER /).map((m) => header(m.text, "Contact"));
      assert.equal(regs[0], `<sip:door@127.0.0.1:${st.port}>`, "first the station's own address");
      assert.equal(regs.at(-1), outside, "then the one Kamailio saw (the relay's outside port)");
      assert.deepEqual(bindings(st).map((c) => c.replace(/;.*$/, "")), [outside], "Kamailio holds the outside address alone (the first binding removed)");
      assert.equal(st.of(Ev.Registered).length, 1, "registered once, after the move");
      // A keepalive to the station's own address-of-record comes back to it through the relay.
      await st.until(() => relay.log.some((l) => l.includes(`kamailio -> door pass: OPTIONS sip:door@127.0.0.1:${relay.outside.port}`)), (KEEPALIVE_S + 2) * 1000, "the keepalive forwarded back through the relay");
      // A call through Kamailio: its lookup gives the relay's outside port; the relay hands the INVITE to the door.
      const inv = phone.request("INVITE", "concierge").text;
      phone.send(inv);
      const ringing = await phone.wait(/^SIP\/2\.0 180 /, 5000, "180 Ringing from the door through Kamailio");
      assert.ok(relay.log.some((l) => l.includes(`kamailio -> door pass: INVITE sip:door@127.0.0.1:${relay.outside.port}`)), "the INVITE went through the relay");
      assert.equal(st.of(Ev.Incoming).length > 0, true, "the door heard the call");
      assert.ok(header(ringing, "To").includes("tag="));
      // The caller gives up (CANCEL, §9.1): 487 and its ACK, so nothing is left pending.
      phone.send(inv.replace(/^INVITE /, "CANCEL ").replace(/CSeq: (\d+) INVITE/, "CSeq: $1 CANCEL").replace(/\r\nContent-Type:[^\r]*/, "").replace(/Content-Length: \d+\r\n\r\n[\s\S]*$/, "Content-Length: 0\r\n\r\n"));
      const final = await phone.wait(/^SIP\/2\.0 487 /, 5000, "487 to the INVITE", /INVITE/);
      phone.send(ackFor(inv, final));
      assert.equal(startLine(final), "SIP/2.0 487 Request Terminated");
    } finally {
      diagnostics(t, st, relay);
      phone.close();
      st.close();
      relay.close();
      await k.stop();
    }
  });

  test(titled(kind, "Kamailio restarted with an empty location table: the keepalive to the station's own address-of-record gets 404, and the station registers again within one keepalive interval (5 s)"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const k = new Kamailio(await freePort(), await freePort(), PASSWORD);
    await k.start();
    const st = await startStation(k.port, CONFIG, kind);
    try {
      await st.until(() => st.of(Ev.Registered).length > 0, 5000, "registration");
      // The keepalives come back to the station itself (it answers its own OPTIONS) and are answered 200.
      await st.until(() => st.find("in", /^SIP\/2\.0 200 /, /OPTIONS$/).length > 0, (KEEPALIVE_S + 2) * 1000, "a keepalive answered 200");
      assert.ok(st.find("in", /^OPTIONS sip:door@127\.0\.0\.1:/).length > 0, "the station received its own keepalive, forwarded by Kamailio");
      await k.stop();
      await new Promise((r) => setTimeout(r, 1000));
      await k.start();
      const up = Date.now();
      await st.until(() => st.of(Ev.Registered).length > 1, (KEEPALIVE_S + 3) * 1000, "registration again after the restart");
      const after = Date.now() - up;
      assert.ok(after <= KEEPALIVE_S * 1000 + 1000, `registered again ${after} ms after Kamailio came back`);
      assert.deepEqual(st.of(Ev.Unregistered).map((e) => [e.a, e.b]), [[404, 0]], "the lost binding noticed: 404, register at once");
      assert.ok(st.find("in", /^SIP\/2\.0 404 /, /OPTIONS$/).length > 0, "Kamailio answered the keepalive 404 (no binding)");
    } finally {
      diagnostics(t, st);
      st.close();
      await k.stop();
    }
  });
}
