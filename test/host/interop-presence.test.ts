// PUBLISH (RFC 3903) of the station's presence against Kamailio and SIPp:
// Kamailio asks for credentials (407, checking the digest) and relays each
// PUBLISH to a SIPp party playing the presence server (presence-server.xml),
// which walks the station through 423, the initial publication, two
// modifications (a call, then idle), a refresh answered 412, the initial
// publication again and, at shutdown, the removal. SIPp must exit 0 (every
// step and every header check of its scenario passed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev, Key, type IntercomEvent } from "../../host/intercom.js";
import { Station } from "../../host/sim/station.js";
import { Clock } from "../../host/sim/udp.js";
import { interopSkip, Kamailio, freePort } from "./support/interop.js";
import { runSipp, sippFailure, header, startLine, PASSWORD } from "./support/interop-sipp.js";

const State = { Idle: 1, Busy: 2, Removed: 3 } as const;

test("Kamailio + SIPp presence server: 423, initial (open, idle), a call as on-the-phone, idle, refresh 412 then initial again, removal at shutdown", async (t) => {
  const skip = interopSkip();
  if (skip) return t.skip(skip);
  const escPort = await freePort();
  const k = new Kamailio(await freePort(), escPort, PASSWORD);
  await k.start();
  const esc = runSipp("presence-server.xml", escPort, [], 40);
  const clock = new Clock();
  const events: (IntercomEvent & { t: number })[] = [];
  const out: string[] = [];
  const inbound: string[] = [];
  const station = await Station.start({
    config: {
      user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port: k.port }, keepaliveInterval: 0,
      buttons: [{ mode: "sequential", ringTimeout: 20, targets: ["sip:nobody@example.com"] }], presence: { publish: true, expires: 60 },
    },
    host: "127.0.0.1", port: 0, clock,
    watch: (_from, _to, data) => out.push(data.toString("latin1")),
    onEvent: (e) => events.push({ ...e, t: clock.now() }),
  });
  const receive = station.door.receive.bind(station.door);
  station.door.receive = (data, from, now) => (inbound.push(Buffer.from(data).toString("latin1")), receive(data, from, now));
  let sipp: { code: number } | undefined;
  void esc.done.then((r) => (sipp = r));
  const until = async (pred: () => boolean, ms: number, what: string) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (sipp && sipp.code !== 0) assert.fail(`waiting for ${what}: ${sippFailure(await esc.done)}`);
      if (Date.now() > end) assert.fail(`timed out waiting for ${what}; events ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const presence = () => events.filter((e) => e.kind === Ev.Presence).map((e) => [e.a, e.b]);
  const okToPublish = () => inbound.filter((m) => startLine(m).startsWith("SIP/2.0 200") && /PUBLISH$/.test(header(m, "CSeq"))).length;
  try {
    await until(() => presence().length > 0, 10_000, "the first publication");
    station.key(Key.button(0), true);
    setTimeout(() => station.key(Key.button(0), false), 60);
    await until(() => okToPublish() >= 4, 20_000, "the modifications, the refresh (412) and the initial PUBLISH again");
    station.door.shutdown(clock.now());
    station.wire.flush();
    await until(() => presence().some((p) => p[0] === State.Removed), 10_000, "the removal");
    const r = await esc.done;
    assert.equal(r.code, 0, sippFailure(r));
    assert.deepEqual(presence(), [[State.Idle, 200], [State.Busy, 200], [State.Idle, 200], [State.Removed, 200]]);
    const publishes = out.filter((m) => startLine(m).startsWith("PUBLISH ") && header(m, "Proxy-Authorization"));
    assert.deepEqual(publishes.map((m) => [header(m, "SIP-If-Match"), header(m, "Expires")]),
      [["", "60"], ["", "90"], ["et1", "90"], ["et2", "90"], ["et3", "90"], ["", "90"], ["et4", "0"]]);
    assert.equal(new Set(publishes.map((m) => header(m, "Call-ID"))).size, 1, "one publication, one Call-ID");
    assert.ok(out.filter((m) => startLine(m).startsWith("PUBLISH ")).every((m) => startLine(m) === "PUBLISH sip:door@example.com SIP/2.0"));
  } finally {
    for (const m of out) if (/^(PUBLISH|SIP)/.test(m)) t.diagnostic(`door -> ${startLine(m)} [${header(m, "CSeq")}] If-Match=${header(m, "SIP-If-Match")}`);
    for (const m of inbound) t.diagnostic(`door <- ${startLine(m)} [${header(m, "CSeq")}]`);
    if (esc.proc.exitCode === null) esc.proc.kill();
    const r = await esc.done;
    for (const line of r.trace) t.diagnostic(`esc: ${line}`);
    station.close();
    await k.stop();
  }
});
