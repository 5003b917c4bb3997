// The event-family methods against SIPp (and Kamailio): REFER (a transfer of
// the visitor's call, RFC 3515), SUBSCRIBE/NOTIFY for the dialog state
// (RFC 6665, RFC 4235), MESSAGE, SERVICE and BENOTIFY. Each SIPp party must
// exit 0 (every step of its scenario passed); each test also checks the
// station's events and messages, and prints the wire as diagnostics. Each
// runs against the simulator and the native board with the same expectations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev, Key } from "../../host/intercom.js";
import { interopSkip, freePort } from "./support/interop.js";
import { header, body } from "./support/interop-sipp.js";
import { viaKamailio, direct } from "./support/events-run.js";
import { STATION_KINDS, kindSkip, titled } from "./support/interop-station.js";

const Transfer = { Refused: 0, Calling: 1, Connected: 2, Failed: 3, Ended: 4 } as const;
/** The BLF phone talks to the station directly: incoming.direct with its secret; the call key answers its call. */
/** SIPp's digest-uri is the Request-URI (RFC 2617 §3.2.2.5: the station checks it), not SIPp's default ip:port. */
const authUri = (port: number) => ["-auth_uri", `door@127.0.0.1:${port}`]; // SIPp puts "sip:" before it
const PHONE = { incoming: { mode: "ring", direct: true, allowed: [{ caller: "flat", secret: "flat-interop-5" }], answerKey: 0 } };

for (const kind of STATION_KINDS) {
  test(titled(kind, "Kamailio + SIPp: the desk transfers the visitor to the flat (REFER): 403 for a URI not configured, 202 for the flat, NOTIFY 100 then 200, BYE to the desk; the flat's door code opens"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await viaKamailio("apartment-answers.xml", {
      incoming: { mode: "auto-answer", allowed: ["desk"] },
      relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 1000 }],
    }, kind);
    const { st } = run;
    try {
      run.sipp("desk", "desk-transfers.xml", 0, [`127.0.0.1:${run.k!.port}`, "-s", "door"]);
      await run.until(() => st.of(Ev.Transfer).some((e) => e.a === Transfer.Ended), 20_000, "the end of the transferred call");
      await run.allPassed();
      assert.deepEqual(st.of(Ev.Transfer).map((e) => [e.a, e.b]), [[Transfer.Calling, 0], [Transfer.Connected, 200], [Transfer.Ended, 0]]);
      assert.deepEqual(st.find("out", /^SIP\/2\.0 (403|202) /, /REFER$/).map((m) => m.text.split(" ")[1]), ["403", "202"]);
      const notifies = st.find("out", /^NOTIFY /);
      assert.equal(notifies.length, 2, "two NOTIFYs");
      assert.deepEqual(notifies.map((n) => body(n.text).trim()), ["SIP/2.0 100 Trying", "SIP/2.0 200 OK"]);
      assert.equal(header(notifies[0].text, "Event"), "refer;id=3");
      assert.equal(header(notifies[0].text, "Content-Type"), "message/sipfrag;version=2.0");
      assert.ok(header(notifies[0].text, "Route").length > 0, "the NOTIFY follows the dialog's route set");
      const invites = st.find("out", /^INVITE sip:flat@example\.com /);
      assert.equal(invites.length, 1, "the flat called once, at the configured URI");
      assert.ok(invites[0].t >= notifies[0].t, "after the REFER was accepted");
      assert.equal(st.find("out", /^INVITE sip:intruder/).length, 0, "the URI that was refused is never called");
      const byeToDesk = st.find("out", /^BYE sip:desk@/);
      assert.equal(byeToDesk.length, 1, "the desk's call ended by the door");
      assert.ok(byeToDesk[0].t >= st.find("in", /^SIP\/2\.0 200 /, /NOTIFY$/).at(-1)!.t, "after the final NOTIFY was answered");
      assert.deepEqual(st.of(Ev.Relay).slice(0, 1).map((e) => [e.a, e.b]), [[0, 1]], "the flat's 1234# opened the relay");
      assert.equal(st.find("out", /^BYE sip:flat@/).length, 1, "the door hung up on the flat after opening (hangupAfterOpenMs)");
    } finally {
      await run.close(t);
    }
  });

  test(titled(kind, "Kamailio + SIPp: a transfer to a busy flat is reported (NOTIFY 486) and the desk keeps the visitor: no BYE from the door"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await viaKamailio("flat-busy.xml", { incoming: { mode: "auto-answer", allowed: ["desk"] } }, kind);
    const { st } = run;
    try {
      run.sipp("desk", "desk-transfer-fails.xml", 0, [`127.0.0.1:${run.k!.port}`, "-s", "door"]);
      await run.until(() => st.find("in", /^BYE /).length > 0, 20_000, "the desk's BYE");
      await run.allPassed();
      assert.deepEqual(st.of(Ev.Transfer).map((e) => [e.a, e.b]), [[Transfer.Calling, 0], [Transfer.Failed, 486]]);
      const notifies = st.find("out", /^NOTIFY /);
      assert.deepEqual(notifies.map((n) => body(n.text).trim()), ["SIP/2.0 100 Trying", "SIP/2.0 486 Busy Here"]);
      assert.equal(header(notifies[1].text, "Subscription-State"), "terminated;reason=noresource");
      assert.equal(st.find("out", /^BYE /).length, 0, "the door did not end the desk's call");
      assert.equal(st.find("out", /^SIP\/2\.0 200 /, /BYE$/).length, 1, "the desk's BYE answered");
      assert.deepEqual(st.of(Ev.Relay), []);
    } finally {
      await run.close(t);
    }
  });

  test(titled(kind, "SIPp direct: a BLF phone subscribes to the door's dialog state (challenged, answering with its secret): 403/489/423 refusals, 200 and NOTIFY idle, early while it rings, confirmed when answered, terminated at the end, unsubscribed with Expires 0"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await direct(PHONE, kind);
    const { st } = run;
    try {
      run.sipp("phone", "phone-subscribes.xml", await freePort(), [`127.0.0.1:${st.port}`, "-s", "door", ...authUri(st.port)]);
      await run.until(() => st.of(Ev.Incoming).some((e) => e.a === 2), 10_000, "the phone's call ringing");
      await run.until(() => st.find("in", /^SIP\/2\.0 200 /, /NOTIFY$/).length >= 2, 5000, "the early NOTIFY answered");
      st.s.press(Key.button(0));
      await run.allPassed();
      const answers = st.find("out", /^SIP\/2\.0 \d+ /, /SUBSCRIBE$/).map((m) => m.text.split(" ")[1]);
      assert.deepEqual(answers, ["403", "401", "489", "401", "423", "401", "200", "200"], "a stranger is refused, the phone challenged each time");
      const notifies = st.find("out", /^NOTIFY /);
      const states = notifies.map((n) => /<state>(\w+)<\/state>/.exec(body(n.text))?.[1] ?? "idle");
      assert.deepEqual(states, ["idle", "early", "confirmed", "terminated", "idle"]);
      assert.deepEqual(notifies.map((n) => /version="(\d+)"/.exec(body(n.text))?.[1]), ["0", "1", "2", "3", "4"], "RFC 4235 §4.1: +1 per NOTIFY");
      assert.equal(header(notifies.at(-1)!.text, "Subscription-State"), "terminated;reason=timeout");
      assert.deepEqual(st.of(Ev.Subscribers).map((e) => e.a), [1, 0]);
    } finally {
      await run.close(t);
    }
  });

  test(titled(kind, "SIPp direct: a phone offering BENOTIFY (Supported: ms-benotify) gets the changes as BENOTIFY, sent once and never awaited; a BENOTIFY it sends gets no response"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await direct(PHONE, kind);
    const { st } = run;
    try {
      run.sipp("phone", "phone-benotify.xml", await freePort(), [`127.0.0.1:${st.port}`, "-s", "door", ...authUri(st.port)]);
      await run.until(() => st.of(Ev.Incoming).some((e) => e.a === 2), 10_000, "the phone's call ringing");
      await run.until(() => st.find("out", /^BENOTIFY /).length >= 1, 5000, "the early BENOTIFY");
      st.s.press(Key.button(0));
      await run.allPassed();
      assert.equal(st.find("in", /^BENOTIFY /).length, 1);
      assert.equal(st.find("out", /^SIP\/2\.0 /, /BENOTIFY$/).length, 0, "the door never answers a BENOTIFY");
      const be = st.find("out", /^BENOTIFY /);
      assert.deepEqual(be.map((n) => /<state>(\w+)<\/state>/.exec(body(n.text))?.[1]), ["early", "confirmed", "terminated"], "each sent once: no retransmission");
      assert.deepEqual(st.find("out", /^NOTIFY /).map((n) => header(n.text, "Subscription-State").split(";")[0]), ["active", "terminated"]);
    } finally {
      await run.close(t);
    }
  });

  test(titled(kind, "SIPp direct: MESSAGE text/plain gets 200 (the station reports it), another body type 415 with Accept; SERVICE gets 501 with Allow"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const run = await direct({}, kind);
    const { st } = run;
    try {
      run.sipp("phone", "message-service.xml", await freePort(), [`127.0.0.1:${st.port}`, "-s", "door"]);
      await run.allPassed();
      assert.deepEqual(st.find("out", /^SIP\/2\.0 /).map((m) => `${header(m.text, "CSeq")} ${m.text.split(" ")[1]}`), ["1 MESSAGE 200", "2 MESSAGE 415", "3 SERVICE 501"]);
      assert.equal(header(st.find("out", /^SIP\/2\.0 415 /)[0].text, "Accept"), "text/plain");
    } finally {
      await run.close(t);
    }
  });
}
