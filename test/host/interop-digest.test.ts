// Digest SHA-256 (RFC 7616) and stale nonces against Kamailio 5.6's auth
// module: `modparam("auth", "algorithm", "SHA-256")` makes every challenge
// name algorithm=SHA-256; `nonce_expire` makes a nonce stale after so many
// seconds, and a relay that holds the station's answer past it makes
// Kamailio challenge again with stale=true. The simulated station only (the
// native and QEMU boards run the same module's auth code).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev, type IntercomEvent } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { startDoor } from "./support/interop-station.js";
import { waiter, type WireMessage } from "./support/interop-sipp.js";
import { HoldingRelay } from "./support/holding-relay.js";

const PASSWORD = "door-digest-9";
const SHA256 = 'modparam("auth", "algorithm", "SHA-256")';

async function station(registrar: number) {
  const events: (IntercomEvent & { t: number })[] = [];
  const messages: WireMessage[] = [];
  const s = await startDoor("simulator", {
    config: {
      user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port: registrar }, keepaliveInterval: 0,
      buttons: [{ mode: "sequential", ringTimeout: 20, targets: ["sip:flat@example.com"] }],
    },
    onSend: (to, data, t) => messages.push({ t, dir: "out", peer: to.port, text: data.toString("latin1") }),
    onReceive: (from, data, t) => messages.push({ t, dir: "in", peer: from.port, text: data.toString("latin1") }),
    onEvent: (e, t) => events.push({ ...e, t }),
  });
  const registers = () => messages.filter((m) => m.dir === "out" && m.text.startsWith("REGISTER "));
  const challenges = () => messages.filter((m) => m.dir === "in" && /^SIP\/2\.0 401 /.test(m.text));
  return { s, events, messages, registers, challenges, until: waiter(events) };
}

/** The value of a header field of `text` (the first of that name). */
function header(text: string, name: string): string {
  const m = new RegExp(`\\r\\n${name}:\\s*([^\\r]*)`, "i").exec(text);
  return m ? m[1] : "";
}

/** A directive of a Digest value: its text, unquoted ("" when absent). */
function directive(value: string, name: string): string {
  const m = new RegExp(`(?:^|[ ,])${name}=("([^"]*)"|[^,\\s]+)`, "i").exec(value);
  return m ? (m[2] ?? m[1]) : "";
}

test("Kamailio with algorithm SHA-256: the station answers its challenge with algorithm=SHA-256 and a 64-digit response, and registers", async (t) => {
  const skip = interopSkip();
  if (skip) return t.skip(skip);
  const k = new Kamailio(await freePort(), await freePort(), PASSWORD, 3600, { config: [SHA256] });
  await k.start();
  const st = await station(k.port);
  try {
    await st.until(() => st.events.some((e) => e.kind === Ev.Registered), 5000, "registration");
    const challenge = header(st.challenges()[0]?.text ?? "", "WWW-Authenticate");
    assert.equal(directive(challenge, "algorithm"), "SHA-256", `Kamailio's challenge: ${challenge}`);
    const answered = st.registers().map((m) => header(m.text, "Authorization")).filter((a) => a !== "");
    assert.equal(answered.length, 1, "one REGISTER carried credentials");
    assert.equal(directive(answered[0], "algorithm"), "SHA-256", `the station's answer: ${answered[0]}`);
    assert.match(directive(answered[0], "response"), /^[0-9a-f]{64}$/, "RFC 7616 §3.4.1: 64 lower-case hex digits");
    const ok = st.messages.filter((m) => m.dir === "in" && /^SIP\/2\.0 200 /.test(m.text) && /\r\nCSeq:\s*\d+ REGISTER\r\n/i.test(m.text));
    assert.equal(ok.length, 1, "Kamailio accepted the SHA-256 credentials (200 to the REGISTER)");
    assert.equal(st.events.filter((e) => e.kind === Ev.Unregistered).length, 0);
    t.diagnostic(st.messages.map((m) => `${m.t} ${m.dir} ${m.text.split("\r\n", 1)[0]}`).join("\n"));
  } finally {
    st.s.close();
    await k.stop();
  }
});

test("Kamailio's stale=true (nonce_expire 2 s, the answer held 3 s on the way): the station answers the new nonce at once and registers, no failure", async (t) => {
  const skip = interopSkip();
  if (skip) return t.skip(skip);
  const k = new Kamailio(await freePort(), await freePort(), PASSWORD, 3600, { config: [SHA256, 'modparam("auth", "nonce_expire", 2)'] });
  await k.start();
  // Hold the REGISTERs answering the first nonce (the answer and its retransmissions) past its expiry.
  let firstNonce = "";
  const relay = new HoldingRelay({ host: "127.0.0.1", port: k.port }, (text) => {
    const nonce = directive(header(text, "Authorization"), "nonce");
    if (nonce !== "" && firstNonce === "") firstNonce = nonce;
    return nonce !== "" && nonce === firstNonce ? 3000 : 0;
  });
  await relay.start();
  const st = await station(relay.address.port);
  try {
    await st.until(() => st.events.some((e) => e.kind === Ev.Registered), 15_000, "registration after the stale nonce").catch((e) => { t.diagnostic(st.messages.map((m) => `${m.t} ${m.dir} ${m.text}`).join("\n")); throw e; });
    const stale = st.challenges().find((m) => /stale=true/i.test(header(m.text, "WWW-Authenticate")));
    assert.ok(stale, "Kamailio challenged the late answer with stale=true");
    const newNonce = directive(header(stale.text, "WWW-Authenticate"), "nonce");
    assert.notEqual(newNonce, firstNonce, "the stale challenge brings a new nonce");
    const retry = st.registers().find((m) => m.t >= stale.t && directive(header(m.text, "Authorization"), "nonce") === newNonce);
    assert.ok(retry, "the station answered the new nonce");
    assert.ok(retry.t - stale.t < 1000, `answered at once (${retry.t - stale.t} ms after the stale challenge)`);
    assert.equal(directive(header(retry.text, "Authorization"), "algorithm"), "SHA-256");
    assert.equal(st.events.filter((e) => e.kind === Ev.Unregistered).length, 0, "no unregistered event: a stale nonce is not a wrong password");
    t.diagnostic(st.messages.map((m) => `${m.t} ${m.dir} ${m.text.split("\r\n", 1)[0]}`).join("\n"));
  } finally {
    st.s.close();
    relay.close();
    await k.stop();
  }
});
