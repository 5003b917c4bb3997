// Property: every value the configuration validator accepts gives valid SIP.
// A station configured at and near the limits of docs/config.md (the longest
// user, authUser, domain, displayName, call-button targets, alarm URI and
// allowed caller) registers, keeps alive, publishes, calls (answered, and
// cancelled while ringing), sends a keypad digit, hangs up, raises an alarm,
// takes a call and a subscription from an allowed caller; every datagram it
// sends parses with the firmware's own parser (verdict 0), and its From, To
// and Request-URI carry the configured values whole. Virtual clock.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Firmware, Field } from "../../host/firmware.js";
import { validateConfig } from "../../host/config.js";
import { Key } from "../../host/intercom.js";
import { world, press, REGISTRAR, DOOR } from "./support/intercom-fixture.js";
import { LimitsPbx, header, startLine } from "./support/limits-pbx.js";

let fw: Firmware;
let shown = 0;
before(async () => {
  fw = await Firmware.load();
});

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const chars = (set: string, n: number) => fc.array(fc.constantFrom(...set.split("")), { minLength: n, maxLength: n }).map((a) => a.join(""));
/** A length: the maximum, one less, or any in range (the edges most often). */
const length = (min: number, max: number) => fc.oneof(fc.constant(max), fc.constant(Math.max(min, max - 1)), fc.integer({ min, max }));
const text = (set: string, min: number, max: number) => length(min, max).chain((n) => chars(set, n));

/** A host name of exactly n octets (RFC 3261 §25.1: labels of at most 63, the top label starting with a letter). */
const hostOfLength = (n: number) => chars(ALNUM, n).map((s) => {
  const labels: string[] = [];
  let rest = s;
  while (rest.length > 63) {
    const k = Math.min(63, rest.length - 2);
    labels.push(rest.slice(0, k));
    rest = rest.slice(k + 1);
  }
  labels.push(`x${rest.slice(1)}`);
  return labels.join(".");
});
/** sip:user@host of exactly n octets (n >= 7), user of 1..12, distinguished by `mark`. */
const uriOfLength = (mark: string, n: number) => hostOfLength(n - 5 - mark.length).map((h) => `sip:${mark}@${h}`);

const USER_CHARS = `${ALNUM}-_.!~*'()&=+$,;?/`;
const limits = fc.record({
  user: text(USER_CHARS, 1, 63),
  authUser: fc.option(text(`${ALNUM}!#$%&'()*+,-./:;<=>?@[]^_\`{|}~`, 1, 63), { nil: undefined }),
  domain: length(1, 127).chain(hostOfLength),
  displayName: fc.option(text(`${ALNUM} -_.,;:!?'()<>@`, 1, 63), { nil: undefined }),
  answered: length(8, 127).chain((n) => uriOfLength("a", n)),
  ringing: length(8, 127).chain((n) => uriOfLength("r", n)),
  alarm: length(8, 127).chain((n) => uriOfLength("m", n)),
  caller: length(8, 127).chain((n) => uriOfLength("c", n)),
});
type Limits = typeof limits extends fc.Arbitrary<infer T> ? T : never;

function config(l: Limits) {
  return {
    user: l.user, authUser: l.authUser, password: "pw", domain: l.domain, displayName: l.displayName,
    registrar: REGISTRAR, keepaliveInterval: 30,
    buttons: [{ mode: "sequential", ringTimeout: 60, targets: [l.answered] }, { mode: "sequential", ringTimeout: 60, targets: [l.ringing] }],
    relays: [{ pulseMs: 3000, doorCodes: ["1234"] }], accessCodes: [{ code: "9876", relay: 0 }],
    lockout: { tries: 1, seconds: 60 },
    incoming: { mode: "ring", allowed: [l.caller], answerKey: 0 },
    alarms: { uri: l.alarm },
    presence: { publish: true },
  };
}

/** The URI of a name-addr: the last <...> (a quoted display name may hold "<"). */
const inner = (v: string | null) => /<([^<>]*)>[^<>]*$/.exec(v ?? "")?.[1] ?? null;
const keys = (w: Awaited<ReturnType<typeof world>>, s: string, at: number) => [...s].forEach((k, i) => press(w, k.charCodeAt(0), at + i * 200));

/** The station's traffic for one configuration: every datagram it sent. */
async function traffic(l: Limits): Promise<string[]> {
  const w = await world(config(l));
  w.net.run(0);
  const pbx = new LimitsPbx(REGISTRAR, DOOR, l.answered);
  const node = w.net.add("pbx", REGISTRAR, pbx);
  const aor = `sip:${l.user}@${l.domain}`;
  press(w, Key.button(0), 2000); // answered: INVITE, ACK
  keys(w, "5", 4000); // a keypad digit in the call: INFO
  press(w, Key.hangup, 6000); // BYE
  keys(w, "1111#", 6500); // a wrong code at the keypad, out of any call: locked, the alarm MESSAGE
  press(w, Key.button(1), 8000); // rings only
  press(w, Key.button(1), 10000); // pressed again: CANCEL, then the ACK of the 487
  w.net.at(12000, () => { pbx.request("INVITE", l.caller, aor); w.net.collect(node as never); });
  press(w, Key.button(0), 13000); // the answer key: 200
  w.net.at(15000, () => { pbx.request("SUBSCRIBE", l.caller, aor); w.net.collect(node as never); });
  w.net.run(45_000); // the keepalive OPTIONS
  return w.door.sent.map((d) => d.toString("latin1"));
}

test("every value the validator accepts gives valid SIP: every datagram parses, From/To/Request-URI whole", async () => {
  await fc.assert(fc.asyncProperty(limits, async (l) => {
    try { await check(l); } catch (e) { if (!shown++) console.error(String(e).slice(0, 4000)); throw e; }
  }), { numRuns: 25 });
});

async function check(l: Limits): Promise<void> {
  {
    assert.ok(validateConfig(config(l)).ok, JSON.stringify(validateConfig(config(l))));
    const aor = `sip:${l.user}@${l.domain}`;
    const sent = await traffic(l);
    const kinds = new Set<string>();
    const invites = new Map<string, string>(); // Call-ID -> the INVITE's Request-URI
    for (const m of sent) {
      // Verdict 0, or 415 for a body only a watcher or presence server reads (the parser's policy is the station's own as a receiver).
      const verdict = fw.parse(Buffer.from(m, "latin1"));
      const pidf = ["application/pidf+xml", "application/dialog-info+xml"].includes(header(m, "Content-Type") ?? "");
      assert.ok(verdict === 0 || (verdict === 415 && pidf), `${verdict} ${fw.reason()}\n${m}`);
      const line = startLine(m);
      const from = inner(header(m, "From")), to = inner(header(m, "To"));
      if (line.startsWith("SIP/2.0")) { // our answers to the PBX's INVITE and SUBSCRIBE
        kinds.add(`${line.slice(8, 11)} ${(header(m, "CSeq") ?? "").split(" ")[1]}`);
        assert.deepEqual([to, from], [aor, l.caller], m);
        continue;
      }
      const method = fw.text(Field.Method)!, ruri = fw.text(Field.RequestUri)!;
      kinds.add(method);
      assert.equal(from, aor, m);
      if (method === "INVITE" && l.displayName) assert.equal(header(m, "From")?.split(";tag=")[0], `"${l.displayName}" <${aor}>`);
      const want: Record<string, [string | null, string | null]> = {
        REGISTER: [`sip:${l.domain}`, aor], PUBLISH: [aor, aor], MESSAGE: [l.alarm, l.alarm], NOTIFY: [null, l.caller],
        INVITE: [null, ruri], CANCEL: [invites.get(header(m, "Call-ID")!) ?? "?", ruri],
      };
      if (method === "INVITE") invites.set(header(m, "Call-ID")!, ruri);
      if (method === "INVITE") assert.ok([l.answered, l.ringing].includes(ruri), ruri);
      if (["ACK", "BYE", "INFO"].includes(method)) assert.ok([l.answered, l.ringing, l.caller].includes(to!), m);
      const [r, t] = want[method] ?? [null, null];
      if (r !== null) assert.equal(ruri, r, m);
      if (t !== null) assert.equal(to, t, m);
      if (method === "REGISTER" && header(m, "Authorization")) assert.match(header(m, "Authorization")!, new RegExp(`username="${(l.authUser ?? l.user).replace(/[^\w]/g, "\\$&")}"`));
    }
    const all = ["REGISTER", "OPTIONS", "INVITE", "ACK", "BYE", "CANCEL", "INFO", "MESSAGE", "PUBLISH", "NOTIFY", "180 INVITE", "200 INVITE", "200 SUBSCRIBE"];
    assert.deepEqual(all.filter((k) => !kinds.has(k)), [], "every kind of message was sent");
  }
}
