// The station registers and calls over TLS (registrar.transport "tls", RFC
// 3261 §26.2, RFC 5630, RFC 5922; docs/transports.md "Streams") with a real
// registrar: Kamailio's tls module with a certificate of the test PKI
// (support/pki.ts, support/kamailio-tls.ts), the station trusting the test CA
// (--tls-ca). Its REGISTER goes over the one TLS connection (Via TLS, a sips:
// Contact), nothing to the registrar as a datagram; the door's call to the
// apartment (SIPp over UDP behind Kamailio) goes over it too, and the
// apartment's code opens the door. A certificate for another name or from a
// CA the station does not trust is refused with the transport-refused event,
// and no REGISTER is ever sent in clear.
import { test, before, after, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ev, Key, CallState, type IntercomEvent } from "../../host/intercom.js";
import { Refusal } from "../../host/vocabulary.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { kamailioTls, kamailioTlsSkip } from "./support/kamailio-tls.js";
import { makePki, pkiSkip, type Pki, type KeyPair } from "./support/pki.js";
import { startDoor, kindSkip, titled, type DoorControl, type StationKind } from "./support/interop-station.js";
import { waiter, runSipp, sippFailure, header } from "./support/interop-sipp.js";

const PASSWORD = "door-tls-5";
const skip = interopSkip() ?? pkiSkip() ?? kamailioTlsSkip();
const dir = mkdtempSync(path.join(tmpdir(), "interop-tls-"));
let pki: Pki;

before(() => {
  if (!skip) pki = makePki(dir);
});

interface Run {
  k: Kamailio;
  tlsPort: number;
  flatPort: number;
  door: DoorControl;
  events: (IntercomEvent & { t: number })[];
  /** What went over the station's streams (the simulator's), and the datagrams it sent. */
  stream: { dir: "out" | "in"; text: string }[];
  udp: { port: number; text: string }[];
  until(pred: () => boolean, ms: number, what: string): Promise<void>;
}

const runs: Run[] = [];
after(async () => {
  for (const r of runs) {
    r.door.close();
    await r.k.stop();
  }
});

/** Kamailio on TLS with `cert` (and the apartment, SIPp, at flatPort), the station of `kind` registering there over TLS and trusting the test CA. */
async function start(kind: StationKind, cert: KeyPair, extra: Record<string, unknown> = {}): Promise<Run> {
  const tlsPort = await freePort();
  const flatPort = await freePort();
  const k = new Kamailio(await freePort(), flatPort, PASSWORD, 3600, kamailioTls(mkdtempSync(path.join(dir, "k-")), tlsPort, cert, pki.ca));
  await k.start();
  const events: Run["events"] = [];
  const stream: Run["stream"] = [];
  const udp: Run["udp"] = [];
  const door = await startDoor(kind, {
    config: {
      user: "door", password: PASSWORD, domain: pki.name, registrar: { host: "127.0.0.1", port: tlsPort, transport: "tls" }, keepaliveInterval: 0,
      buttons: [{ mode: "sequential", ringTimeout: 20, targets: [`sip:flat@${pki.name}`] }],
      relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 1000 }],
      ...extra,
    },
    tls: { ca: pki.ca, cert: pki.server.cert, key: pki.server.key },
    onStream: (d, _port, data) => stream.push({ dir: d, text: data.toString("latin1") }),
    onSend: (to, data) => udp.push({ port: to.port, text: data.toString("latin1") }),
    onEvent: (e, t) => events.push({ ...e, t }),
  });
  const run: Run = { k, tlsPort, flatPort, door, events, stream, udp, until: waiter(events) };
  runs.push(run);
  return run;
}

function stop(t: TestContext, r: Run): Promise<void> {
  for (const e of r.events) t.diagnostic(`event ${e.kind} ${e.a} ${e.b} at ${e.t}`);
  for (const m of r.stream) t.diagnostic(`stream ${m.dir}: ${m.text.split("\r\n", 1)[0]}`);
  runs.splice(runs.indexOf(r), 1);
  r.door.close();
  return r.k.stop();
}

const registered = (r: Run) => r.events.some((e) => e.kind === Ev.Registered);
const refusals = (r: Run) => r.events.filter((e) => e.kind === Ev.TransportRefused).map((e) => [e.a, e.b]);
const sentRegisters = (r: Run) => r.stream.filter((m) => m.dir === "out" && m.text.startsWith("REGISTER "));
const udpRegisters = (r: Run) => r.udp.filter((m) => m.text.startsWith("REGISTER "));

test("Kamailio over TLS: the station registers with digest over one TLS connection (Via TLS, a sips: Contact on localPort + 1), nothing to the registrar over UDP", { skip: skip ?? false }, async (t) => {
  const r = await start("simulator", pki.server);
  try {
    await r.until(() => registered(r), 8000, "registration over TLS");
    const first = sentRegisters(r)[0]?.text ?? "";
    assert.match(header(first, "Via"), new RegExp(`^SIP/2\\.0/TLS 127\\.0\\.0\\.1:${r.door.wire.address.port};`));
    assert.equal(header(first, "Contact"), `<sips:door@127.0.0.1:${r.door.wire.address.port + 1}>`);
    assert.ok(r.stream.some((m) => m.dir === "in" && /^SIP\/2\.0 200 /.test(m.text) && /CSeq: \d+ REGISTER/.test(m.text)), "the 200 came over the stream");
    assert.deepEqual(r.udp.filter((m) => m.port === r.tlsPort || m.port === r.k.port), [], "nothing to the registrar over UDP");
    assert.deepEqual(refusals(r), []);
  } finally {
    await stop(t, r);
  }
});

test("Kamailio over TLS: the door calls the apartment (SIPp over UDP behind Kamailio) over the TLS connection; the apartment's 1234# opens the relay", { skip: skip ?? false }, async (t) => {
  const r = await start("simulator", pki.server);
  const sipp = runSipp("apartment-answers.xml", r.flatPort);
  try {
    await r.until(() => registered(r), 8000, "registration over TLS");
    r.door.press(Key.button(0));
    const calls = () => r.events.filter((e) => e.kind === Ev.Call).map((e) => e.a);
    await r.until(() => r.events.filter((e) => e.kind === Ev.Relay).length >= 2 && calls().includes(CallState.Ended), 15_000, "the relay's pulse and the end of the call");
    const result = await sipp.done;
    assert.equal(result.code, 0, sippFailure(result));
    const invite = r.stream.find((m) => m.dir === "out" && m.text.startsWith(`INVITE sip:flat@${pki.name} `));
    assert.ok(invite, "the INVITE went over the TLS stream");
    assert.match(header(invite.text, "Via"), /^SIP\/2\.0\/TLS /);
    assert.deepEqual(r.events.filter((e) => e.kind === Ev.Relay).map((e) => [e.a, e.b]), [[0, 1], [0, 0]], "relay 0 pulsed once");
    assert.deepEqual(r.udp.filter((m) => m.port === r.tlsPort || m.port === r.k.port), [], "nothing to Kamailio over UDP");
  } finally {
    if (sipp.proc.exitCode === null && sipp.proc.signalCode === null) sipp.proc.kill();
    await stop(t, r);
  }
});

test("a certificate for another name (RFC 5922 §7.2): transport-refused, reason name-mismatch (3), for the primary; no REGISTER sent, in clear or otherwise", { skip: skip ?? false }, async (t) => {
  const r = await start("simulator", pki.wrongName);
  try {
    await r.until(() => refusals(r).length > 0, 8000, "the refusal");
    assert.deepEqual(refusals(r), [[Refusal.NameMismatch, 0]]);
    await r.until(() => r.events.some((e) => e.kind === Ev.Unregistered), 2000, "the back-off after it");
    assert.deepEqual([...udpRegisters(r), ...sentRegisters(r)], []);
  } finally {
    await stop(t, r);
  }
});

test("a certificate from a CA the station does not trust: transport-refused, reason untrusted-ca (2)", { skip: skip ?? false }, async (t) => {
  const r = await start("simulator", pki.untrusted);
  try {
    await r.until(() => refusals(r).length > 0, 8000, "the refusal");
    assert.deepEqual(refusals(r), [[Refusal.UntrustedCa, 0]]);
    assert.deepEqual([...udpRegisters(r), ...sentRegisters(r)], []);
  } finally {
    await stop(t, r);
  }
});

const native = kindSkip("native");

test(titled("native", "Kamailio over TLS: the board registers over TLS (--tls-ca), nothing to the registrar over UDP"), { skip: skip ?? native ?? false }, async (t) => {
  const r = await start("native", pki.server);
  try {
    await r.until(() => registered(r), 10_000, "registration over TLS");
    assert.deepEqual(refusals(r), []);
    assert.deepEqual(r.udp.filter((m) => m.port === r.tlsPort || m.port === r.k.port), [], "nothing to the registrar over UDP");
  } finally {
    await stop(t, r);
  }
});

test(titled("native", "a certificate for another name: transport-refused, reason name-mismatch (3)"), { skip: skip ?? native ?? false }, async (t) => {
  const r = await start("native", pki.wrongName);
  try {
    await r.until(() => refusals(r).length > 0, 10_000, "the refusal");
    assert.deepEqual(refusals(r), [[Refusal.NameMismatch, 0]]);
    assert.deepEqual(udpRegisters(r), []);
  } finally {
    await stop(t, r);
  }
});
