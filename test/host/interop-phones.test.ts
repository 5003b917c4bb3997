// Real phones, not only scripted peers: Debian's baresip and linphonec as the
// flat's phone and the concierge desk, against the station on the simulator
// and the native board. Through Kamailio (each registered with its own
// password, test/interop/kamailio.cfg): the door's call reaches the flat's
// phone, which answers by itself; its door code keyed in opens the relay; the
// desk calls the door, an allowed caller, and the call is answered and ends
// cleanly. Directly (no Kamailio): the desk answers the station's 401 with the
// secret the station holds for it (incoming.direct). (The door never calls a
// phone directly: with a registrar every request goes to it, and without one
// the call button calls nobody: app/dialing.ts.) baresip 1.0 sends DTMF only
// as RTP events (RFC 4733), linphonec as RTP events by default and as SIP INFO
// when told: the door opens for each.
// (Not on the Cortex-M4 under QEMU, not tried there yet: the same module as the
// native board, left out to keep this suite's time on two shared cores.)
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Ev, Key, CallState } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip, PHONE_PASSWORDS } from "./support/interop.js";
import { kindSkip, titled, type StationKind } from "./support/interop-station.js";
import { startStation, PASSWORD, type TestStation } from "./support/interop-sipp.js";
import { CLIENTS, DTMF_METHODS, clientSkip, startPhone, type Client, type DtmfMethod, type Phone } from "./support/phones.js";
import { keepLadder } from "./support/interop-ladder.js";

const KINDS: readonly StationKind[] = ["simulator", "native"];
const DESK_SECRET = "desk-direct-8";

const allowsDesk = { incoming: { mode: "auto-answer", allowed: ["concierge"] } };
const allowsDeskDirect = { incoming: { mode: "auto-answer", direct: true, allowed: [{ caller: "concierge", secret: DESK_SECRET }] } };

function skipOf(kind: StationKind, client: Client, kamailio: boolean): string | null {
  return (kamailio ? interopSkip() : null) ?? kindSkip(kind) ?? clientSkip(client);
}

/** The end of a test: the door's messages, the phone's log, everything stopped. */
async function tearDown(t: TestContext, st: TestStation | undefined, phone: Phone | undefined, k?: Kamailio): Promise<void> {
  if (st) {
    if (process.env.PHONE_WIRE) t.diagnostic(st.messages.map((m) => `${m.dir} ${m.text}`).join("\n"));
    for (const line of st.log()) t.diagnostic(line);
    const lanes = new Map<number, string>();
    if (k) lanes.set(k.port, "kamailio");
    if (phone) lanes.set(phone.port, phone.client);
    keepLadder(t, st, lanes);
    st.close();
  }
  if (phone) {
    if (process.env.PHONE_LOGS) t.diagnostic(phone.log());
    await phone.close();
  }
  await k?.stop();
}

/** Through Kamailio: the flat's phone (auto-answer) registered, then the station; all stopped if one fails. */
async function flatThroughKamailio(kind: StationKind, client: Client, dtmf?: DtmfMethod) {
  const k = new Kamailio(await freePort(), await freePort(), PASSWORD);
  await k.start();
  let phone: Phone | undefined;
  let st: TestStation | undefined;
  try {
    phone = await startPhone(client, { user: "flat", password: PHONE_PASSWORDS.flat, proxy: k.port, autoAnswer: true, dtmf });
    await phone.registered(5000);
    const door = (st = await startStation(k.port, {}, kind));
    await door.until(() => door.of(Ev.Registered).length > 0, 5000, "the station's registration");
    return { k, phone, st: door };
  } catch (e) {
    st?.close();
    await phone?.close();
    await k.stop();
    throw e;
  }
}

/** The station's call to the flat's phone, answered (200, ACKed) on both sides. */
async function doorCallsPhone(st: TestStation, phone: Phone): Promise<void> {
  st.s.press(Key.button(0));
  await st.until(() => st.of(Ev.Call).some((e) => e.a === CallState.Connected), 10_000, "the phone to answer");
  await phone.established(5000);
  // As a person would: a moment after the call is up (the phone queues a digit keyed before the door's ACK).
  await new Promise((r) => setTimeout(r, 500));
}

/** The phone keys in 1234#; the relay opens. */
async function doorCodeOpens(st: TestStation, phone: Phone, dtmf: DtmfMethod): Promise<void> {
  await phone.key("1234#");
  await st.until(() => st.of(Ev.Relay).some((e) => e.b === 1), 5000, "the relay to open");
  if (dtmf === "info") assert.equal(st.find("in", /^INFO /).length, 5, "one INFO per digit");
  else assert.equal(st.of(Ev.DtmfReceived).reduce((n, e) => n + e.a, 0), 5, "each RFC 4733 event counted once");
  assert.deepEqual(st.of(Ev.CodeWrong), [], "no wrong code");
}

/** The phone hangs up an established call; both sides see it end and the station answered the BYE. */
async function hangsUpCleanly(st: TestStation, phone: Phone): Promise<void> {
  phone.hangUp();
  await phone.ended(5000);
  await st.until(() => st.of(Ev.Call).some((e) => e.a === CallState.Ended), 5000, "the station to see the call end");
  assert.equal(st.find("out", /^SIP\/2\.0 200 /, /BYE/).length, 1, "the station answered the BYE 200");
}

for (const client of CLIENTS) {
  for (const kind of KINDS) {
    test(titled(kind, `${client} as the flat's phone, registered at Kamailio: the door's call reaches it through the proxy and it answers by itself`), async (t) => {
      const skip = skipOf(kind, client, true);
      if (skip) return t.skip(skip);
      const { k, phone, st } = await flatThroughKamailio(kind, client);
      try {
        await doorCallsPhone(st, phone);
        assert.deepEqual(st.find("out", /^INVITE sip:flat@example\.com /).map((m) => m.peer), [k.port], "one INVITE, to Kamailio");
        await hangsUpCleanly(st, phone);
      } finally {
        await tearDown(t, st, phone, k);
      }
    });

    for (const dtmf of DTMF_METHODS[client]) {
      test(titled(kind, `${client} as the flat's phone through Kamailio: the door code 1234# keyed in during the door's call opens the relay (${dtmf === "info" ? "SIP INFO" : "RFC 4733 telephone-events in RTP"})`), async (t) => {
        const skip = skipOf(kind, client, true);
        if (skip) return t.skip(skip);
        const { k, phone, st } = await flatThroughKamailio(kind, client, dtmf);
        try {
          await doorCallsPhone(st, phone);
          await doorCodeOpens(st, phone, dtmf);
          await hangsUpCleanly(st, phone);
        } finally {
          await tearDown(t, st, phone, k);
        }
      });
    }

    test(titled(kind, `${client} as the concierge desk, registered at Kamailio: its call to the door (an allowed caller) is answered and ends cleanly`), async (t) => {
      const skip = skipOf(kind, client, true);
      if (skip) return t.skip(skip);
      const k = new Kamailio(await freePort(), await freePort(), PASSWORD);
      await k.start();
      let st: TestStation | undefined;
      let phone: Phone | undefined;
      try {
        phone = await startPhone(client, { user: "concierge", password: PHONE_PASSWORDS.concierge, proxy: k.port });
        await phone.registered(5000);
        st = await startStation(k.port, allowsDesk, kind);
        const door = st;
        await door.until(() => door.of(Ev.Registered).length > 0, 5000, "the station's registration");
        phone.dial("sip:door@example.com");
        await phone.established(10_000);
        assert.ok(door.of(Ev.Incoming).some((e) => e.a === 1), "the station answered");
        assert.deepEqual(door.find("in", /^INVITE /).map((m) => m.peer), [k.port], "one INVITE, through Kamailio");
        await hangsUpCleanly(door, phone);
      } finally {
        await tearDown(t, st, phone, k);
      }
    });

    test(titled(kind, `${client} as the concierge desk calling the door directly: it answers the 401 with its secret (incoming.direct) and the call is answered`), async (t) => {
      const skip = skipOf(kind, client, false);
      if (skip) return t.skip(skip);
      let phone: Phone | undefined;
      const st = await startStation(await freePort(), allowsDeskDirect, kind);
      try {
        phone = await startPhone(client, { user: "concierge", password: DESK_SECRET });
        phone.dial(`sip:door@127.0.0.1:${st.port}`);
        await phone.established(10_000);
        assert.equal(st.find("out", /^SIP\/2\.0 401 /).length, 1, "challenged once");
        assert.match(st.find("in", /^INVITE /)[1]?.text ?? "", /\r\nAuthorization:\s*Digest [^\r]*username="concierge"/i, "sent again with its credentials");
        assert.ok(st.of(Ev.Incoming).some((e) => e.a === 1), "the station answered");
        await hangsUpCleanly(st, phone);
      } finally {
        await tearDown(t, st, phone);
      }
    });
  }
}
