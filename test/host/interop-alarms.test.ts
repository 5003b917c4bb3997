// MESSAGE alarms (RFC 3428) against Kamailio and SIPp: the station sends its
// alarm through Kamailio, which asks for credentials (407) and relays it to
// a SIPp party playing the concierge's phone; the station reports each
// outcome once (alarm event) and sends nothing again. Each SIPp party must
// exit 0 (every step of its scenario passed); the wire is printed as
// diagnostics. Each runs against the simulator and the native board alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev } from "../../host/intercom.js";
import { interopSkip, Kamailio, freePort } from "./support/interop.js";
import { header, body, PASSWORD } from "./support/interop-sipp.js";
import { viaKamailio, EventsRun } from "./support/events-run.js";
import { STATION_KINDS, kindSkip, titled } from "./support/interop-station.js";
import { sipWithoutIdentifiers } from "./support/secrets.js";

const Alarm = { HeldOpen: 1, KeypadLocked: 2 } as const;
const ALARMS = {
  displayName: "Front Door", doorSensor: { enabled: true, heldOpenSeconds: 5 }, alarms: { uri: "sip:concierge@example.com" },
  accessCodes: [{ code: "4711", relay: 0 }], lockout: { tries: 3, seconds: 60 },
};

for (const kind of STATION_KINDS) {
  test(titled(kind, "Kamailio + SIPp: the door held open goes to the concierge as MESSAGE: 407 from Kamailio, sent again with Proxy-Authorization, 200: alarm delivered"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await viaKamailio("concierge-alarm.xml", ALARMS, kind);
    const { st } = run;
    try {
      st.s.input(0, 1);
      await run.until(() => st.of(Ev.Alarm).length > 0, 15_000, "the alarm's outcome");
      await run.allPassed();
      assert.deepEqual(st.of(Ev.Alarm).map((e) => [e.a, e.b]), [[Alarm.HeldOpen, 200]]);
      const messages = st.find("out", /^MESSAGE sip:concierge@example\.com /);
      assert.equal(messages.length, 2, "the first, and the one with credentials");
      assert.equal(header(messages[0].text, "Proxy-Authorization"), "");
      assert.match(header(messages[1].text, "Proxy-Authorization"), /^Digest username="door", realm="example.com"/);
      assert.equal(st.find("in", /^SIP\/2\.0 407 /, /MESSAGE$/).length, 1);
      assert.equal(body(messages[1].text), "Front Door: door held open for 5 s");
      assert.equal(header(messages[1].text, "Contact"), "", "RFC 3428 §4: no Contact");
    } finally {
      await run.close(t);
    }
  });

  test(titled(kind, "Kamailio + SIPp: the keypad-lockout alarm refused by the concierge (480) is reported once and not sent again; it names no code"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await viaKamailio("concierge-away.xml", ALARMS, kind);
    const { st } = run;
    try {
      for (let round = 0; round < 3; round++) for (const k of "1111#") st.s.press(k.charCodeAt(0)), await new Promise((r) => setTimeout(r, 120));
      await run.until(() => st.of(Ev.Alarm).length > 0, 15_000, "the alarm's outcome");
      await new Promise((r) => setTimeout(r, 3000)); // time for a retry that must not come
      await run.allPassed();
      assert.deepEqual(st.of(Ev.Alarm).map((e) => [e.a, e.b]), [[Alarm.KeypadLocked, 480]]);
      assert.deepEqual(st.of(Ev.Lockout).map((e) => e.a), [1]);
      const cseqs = [...new Set(st.find("out", /^MESSAGE /).map((m) => header(m.text, "CSeq")))];
      assert.deepEqual(cseqs, ["1 MESSAGE", "2 MESSAGE"]);
      for (const m of st.find("out", /^MESSAGE /)) {
        for (const secret of ["1111", "4711", PASSWORD]) assert.ok(!sipWithoutIdentifiers(m.text).includes(secret), `no ${secret} in the alarm`);
      }
    } finally {
      await run.close(t);
    }
  });

  test(titled(kind, "Kamailio: an alarm to a URI nobody registered gets 404 from Kamailio: reported with 404, not sent again"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = new EventsRun();
    run.k = new Kamailio(await freePort(), await freePort(), PASSWORD);
    await run.k.start();
    await run.station(run.k.port, { ...ALARMS, alarms: { uri: "sip:nobody@example.com" } }, kind);
    const { st } = run;
    try {
      await run.until(() => st.of(Ev.Registered).length > 0, 5000, "registration with Kamailio");
      st.s.input(0, 1);
      await run.until(() => st.of(Ev.Alarm).length > 0, 15_000, "the alarm's outcome");
      assert.deepEqual(st.of(Ev.Alarm).map((e) => [e.a, e.b]), [[Alarm.HeldOpen, 404]]);
      assert.equal(st.find("out", /^MESSAGE /).length, 2);
    } finally {
      await run.close(t);
    }
  });
}
