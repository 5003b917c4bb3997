// Who may call, subscribe and open (the hardening of incoming requests), on
// the simulator and the native board with the same expectations: a spoofed
// INVITE or SUBSCRIBE from an address that is not the registrar is refused
// (403) and never answered; a call left ringing is given up after
// incoming.ringSeconds (480); the call button calls the flat while a call
// rings, unless it is the configured answer key; one watcher holds at most
// two subscriptions; a direct call (incoming.direct) is answered only with
// the right digest credentials. The other party is a bare UDP socket
// (support/udp-phone.ts), standing in for the registrar where it must be trusted.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Ev, Key } from "../../host/intercom.js";
import { freePort } from "./support/interop.js";
import { startStation, header, type TestStation } from "./support/interop-sipp.js";
import { UdpPhone, ackFor, byeFor } from "./support/udp-phone.js";
import { kindSkip, titled, type StationKind } from "./support/interop-station.js";

const KINDS: readonly StationKind[] = ["simulator", "native"];
const SECRET = "c0ncierge-7";

/** The station (`extra` config, of `kind`) and a phone; `trusted`: the phone is its registrar (address and port). */
async function setUp(kind: StationKind, extra: Record<string, unknown>, trusted: boolean): Promise<{ st: TestStation; phone: UdpPhone }> {
  const phone = await UdpPhone.open();
  const st = await startStation(trusted ? phone.port : await freePort(), extra, kind);
  phone.target(st.port);
  return { st, phone };
}

/** A station whose registrar is the phone (`incoming` fields added to ring mode) with the phone's INVITE ringing (180). */
async function ringing(kind: StationKind, incoming: Record<string, unknown>): Promise<{ st: TestStation; phone: UdpPhone; inv: string }> {
  const { st, phone } = await setUp(kind, { incoming: { mode: "ring", allowed: ["concierge"], ...incoming } }, true);
  const inv = phone.request("INVITE", "concierge").text;
  phone.send(inv);
  await phone.wait(/^SIP\/2\.0 180 /, 3000, "180 Ringing");
  return { st, phone, inv };
}

function done(t: TestContext, st: TestStation, phone: UdpPhone): void {
  for (const line of st.log()) t.diagnostic(line);
  st.close();
  phone.close();
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The phone ends the answered call (BYE) and waits for its 200, so nothing is pending when the station stops. */
async function hangUp(phone: UdpPhone, inv: string, ok: string): Promise<void> {
  phone.send(byeFor(inv, ok));
  await phone.wait(/^SIP\/2\.0 200 /, 3000, "200 to the BYE", /BYE/);
}

for (const kind of KINDS) {
  test(titled(kind, "a spoofed INVITE (From: an allowed caller) from an address that is not the registrar gets 403 and is never answered"), async (t) => {
    const skip = kindSkip(kind);
    if (skip) return t.skip(skip);
    const { st, phone } = await setUp(kind, { incoming: { mode: "auto-answer", allowed: ["concierge"] } }, false);
    try {
      phone.send(phone.request("INVITE", "concierge").text);
      await phone.wait(/^SIP\/2\.0 [2-6]\d\d /, 3000, "the final answer", /INVITE/);
      await pause(500);
      assert.deepEqual(phone.find(/^SIP\/2\.0 [2-6]\d\d /).map((m) => m.split(" ")[1]), ["403"]);
      assert.equal(st.find("out", /^SIP\/2\.0 200 /).length, 0, "never answered");
      assert.deepEqual(st.of(Ev.Incoming), [], "the application never heard of it");
    } finally {
      done(t, st, phone);
    }
  });

  test(titled(kind, "an INVITE left ringing is given up after incoming.ringSeconds (5 s) with 480"), async (t) => {
    const skip = kindSkip(kind);
    if (skip) return t.skip(skip);
    const { st, phone, inv } = await ringing(kind, { ringSeconds: 5 });
    try {
      const rang = Date.now();
      const final = await phone.wait(/^SIP\/2\.0 480 /, 8000, "480 after the ring time");
      phone.send(ackFor(inv, final));
      const after = Date.now() - rang;
      assert.ok(after >= 4500 && after < 7000, `480 after ${after} ms of ringing`);
      assert.equal(phone.find(/^SIP\/2\.0 200 /).length, 0, "never answered");
    } finally {
      done(t, st, phone);
    }
  });

  test(titled(kind, "the call button calls the flat while an INVITE rings: it does not answer the ringing call"), async (t) => {
    const skip = kindSkip(kind);
    if (skip) return t.skip(skip);
    const { st, phone } = await ringing(kind, {});
    try {
      st.s.press(Key.button(0));
      await phone.wait(/^INVITE sip:flat@example\.com /, 3000, "the station calling the flat");
      await pause(300);
      assert.equal(phone.find(/^SIP\/2\.0 200 /).length, 0, "the ringing call is not answered");
    } finally {
      done(t, st, phone);
    }
  });

  test(titled(kind, "with incoming.answerKey 0 the call button answers the ringing call instead"), async (t) => {
    const skip = kindSkip(kind);
    if (skip) return t.skip(skip);
    const { st, phone, inv } = await ringing(kind, { answerKey: 0 });
    try {
      st.s.press(Key.button(0));
      const ok = await phone.wait(/^SIP\/2\.0 200 /, 3000, "200 OK", /INVITE/);
      phone.send(ackFor(inv, ok));
      assert.equal(phone.find(/^INVITE /).length, 0, "the flat is not called");
      await hangUp(phone, inv, ok);
    } finally {
      done(t, st, phone);
    }
  });

  test(titled(kind, "spoofed SUBSCRIBEs from an address that is not the registrar get 403 and take no slot"), async (t) => {
    const skip = kindSkip(kind);
    if (skip) return t.skip(skip);
    const { st, phone } = await setUp(kind, { incoming: { mode: "ring", allowed: ["concierge"] } }, false);
    try {
      for (let i = 0; i < 4; i++) phone.send(phone.request("SUBSCRIBE", "flat", { extra: "Event: dialog\r\nExpires: 3600" }).text);
      const end = Date.now() + 3000;
      while (phone.find(/^SIP\/2\.0 /).length < 4 && Date.now() < end) await pause(20);
      assert.deepEqual(phone.find(/^SIP\/2\.0 /).map((m) => m.split(" ")[1]), ["403", "403", "403", "403"]);
      assert.deepEqual(st.of(Ev.Subscribers), []);
    } finally {
      done(t, st, phone);
    }
  });

  test(titled(kind, "one watcher holds at most two subscriptions: through the registrar its third SUBSCRIBE gets 503"), async (t) => {
    const skip = kindSkip(kind);
    if (skip) return t.skip(skip);
    const { st, phone } = await setUp(kind, {}, true);
    try {
      for (let i = 0; i < 3; i++) {
        phone.send(phone.request("SUBSCRIBE", "flat", { extra: "Event: dialog\r\nExpires: 3600" }).text);
        await pause(100);
      }
      const end = Date.now() + 3000;
      while (phone.find(/^SIP\/2\.0 /, /SUBSCRIBE/).length < 3 && Date.now() < end) await pause(20);
      assert.deepEqual(phone.find(/^SIP\/2\.0 /, /SUBSCRIBE/).map((m) => m.split(" ")[1]), ["200", "200", "503"]);
      assert.deepEqual(st.of(Ev.Subscribers).map((e) => e.a), [1, 2]);
    } finally {
      done(t, st, phone);
    }
  });

  const direct = { incoming: { mode: "auto-answer", direct: true, allowed: [{ caller: "concierge", secret: SECRET }] } };

  test(titled(kind, "a direct call (incoming.direct) is challenged (401) and answered with the right credentials"), async (t) => {
    const skip = kindSkip(kind);
    if (skip) return t.skip(skip);
    const { st, phone } = await setUp(kind, direct, false);
    try {
      const first = phone.request("INVITE", "concierge");
      phone.send(first.text);
      const challenge = await phone.wait(/^SIP\/2\.0 401 /, 3000, "401 with a challenge");
      assert.match(header(challenge, "WWW-Authenticate"), /^Digest realm="example\.com", nonce="[0-9a-f]{24}", algorithm=MD5, qop="auth"$/);
      const again = phone.request("INVITE", "concierge", { callId: first.callId, cseq: 2, extra: phone.authorization(challenge, "INVITE", "concierge", SECRET) }).text;
      phone.send(again);
      const ok = await phone.wait(/^SIP\/2\.0 200 /, 3000, "200 OK", /2 INVITE/);
      phone.send(ackFor(again, ok));
      assert.ok(st.of(Ev.Incoming).some((e) => e.a === 1), "answered");
      await hangUp(phone, again, ok);
    } finally {
      done(t, st, phone);
    }
  });

  test(titled(kind, "a direct call with the wrong secret is refused (403) and never answered"), async (t) => {
    const skip = kindSkip(kind);
    if (skip) return t.skip(skip);
    const { st, phone } = await setUp(kind, direct, false);
    try {
      const first = phone.request("INVITE", "concierge");
      phone.send(first.text);
      const challenge = await phone.wait(/^SIP\/2\.0 401 /, 3000, "401 with a challenge");
      phone.send(phone.request("INVITE", "concierge", { callId: first.callId, cseq: 2, extra: phone.authorization(challenge, "INVITE", "concierge", "guessed") }).text);
      await phone.wait(/^SIP\/2\.0 403 /, 3000, "403", /2 INVITE/);
      await pause(300);
      assert.equal(phone.find(/^SIP\/2\.0 200 /).length, 0, "never answered");
      assert.deepEqual(st.of(Ev.Incoming), []);
    } finally {
      done(t, st, phone);
    }
  });
}
