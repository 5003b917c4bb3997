// PUBLISH (RFC 3903) of the station's presence against Kamailio and SIPp:
// Kamailio asks for credentials (407, checking the digest) and relays each
// PUBLISH to a SIPp party playing the presence server (presence-server.xml),
// which walks the station through 423, the initial publication, two
// modifications (a call, then idle), a refresh answered 412, the initial
// publication again and, at shutdown, the removal. SIPp must exit 0 (every
// step and every header check of its scenario passed). It runs against the
// simulator and the native board with the same expectations; each is stopped
// as a board powering down on purpose (DoorControl.shutdown).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev, Key } from "../../host/intercom.js";
import { interopSkip, Kamailio, freePort } from "./support/interop.js";
import { header, startLine, PASSWORD } from "./support/interop-sipp.js";
import { EventsRun } from "./support/events-run.js";
import { STATION_KINDS, kindSkip, titled } from "./support/interop-station.js";

const State = { Idle: 1, Busy: 2, Removed: 3 } as const;

for (const kind of STATION_KINDS) {
  test(titled(kind, "Kamailio + SIPp presence server: 423, initial (open, idle), a call as on-the-phone, idle, refresh 412 then initial again, removal at shutdown"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = new EventsRun();
    const escPort = await freePort();
    run.k = new Kamailio(await freePort(), escPort, PASSWORD);
    await run.k.start();
    run.sipp("esc", "presence-server.xml", escPort, [], 40);
    const st = await run.station(run.k.port, {
      buttons: [{ mode: "sequential", ringTimeout: 20, targets: ["sip:nobody@example.com"] }], presence: { publish: true, expires: 60 },
    }, kind);
    const presence = () => st.of(Ev.Presence).map((e) => [e.a, e.b]);
    try {
      await run.until(() => presence().length > 0, 10_000, "the first publication");
      st.s.press(Key.button(0));
      await run.until(() => st.find("in", /^SIP\/2\.0 200 /, /PUBLISH$/).length >= 4, 20_000, "the modifications, the refresh (412) and the initial PUBLISH again");
      await st.shutdown();
      await run.allPassed();
      assert.deepEqual(presence(), [[State.Idle, 200], [State.Busy, 200], [State.Idle, 200], [State.Removed, 200]]);
      const publishes = st.find("out", /^PUBLISH /).filter((m) => header(m.text, "Proxy-Authorization"));
      assert.deepEqual(publishes.map((m) => [header(m.text, "SIP-If-Match"), header(m.text, "Expires")]),
        [["", "60"], ["", "90"], ["et1", "90"], ["et2", "90"], ["et3", "90"], ["", "90"], ["et4", "0"]]);
      assert.equal(new Set(publishes.map((m) => header(m.text, "Call-ID"))).size, 1, "one publication, one Call-ID");
      assert.ok(st.find("out", /^PUBLISH /).every((m) => startLine(m.text) === "PUBLISH sip:door@example.com SIP/2.0"));
    } finally {
      for (const m of st.find("out", /^PUBLISH /)) t.diagnostic(`door -> PUBLISH [${header(m.text, "CSeq")}] If-Match=${header(m.text, "SIP-If-Match")} Expires=${header(m.text, "Expires")}`);
      await run.close(t);
    }
  });
}
