// A registrar given by name (RFC 3263) against real software: dnsmasq as the
// DNS server (SRV, NAPTR and A records on a loopback port) and Kamailio as
// the registrar, with the simulated station's resolver (node:dns, board ABI
// 5). The native and QEMU boards have no resolver yet (docs/transports.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev, type IntercomEvent } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { startDoor } from "./support/interop-station.js";
import { waiter } from "./support/interop-sipp.js";
import { Dnsmasq, dnsmasqSkip } from "./support/dnsmasq.js";

const PASSWORD = "door-dns-5";

/** Kamailio on a free port, dnsmasq with `records(kamailioPort)`, and a simulated station registering with `registrar`. */
async function setUp(registrar: (kamailio: number) => Record<string, unknown>, records: (kamailio: number) => string[]) {
  const k = new Kamailio(await freePort(), await freePort(), PASSWORD, 3600);
  await k.start();
  const dns = new Dnsmasq(await freePort(), records(k.port));
  const events: (IntercomEvent & { t: number })[] = [];
  const sent: string[] = [];
  try {
    await dns.start();
  } catch (err) {
    await k.stop();
    throw err;
  }
  const door = await startDoor("simulator", {
    config: { user: "door", password: PASSWORD, domain: "example.com", registrar: registrar(k.port) },
    dnsServer: dns.server,
    onEvent: (e, t) => events.push({ ...e, t }),
    onSend: (to, data) => sent.push(`${to.host}:${to.port} ${data.toString("latin1").split("\r\n", 1)[0]}`),
  }).catch(async (err) => {
    await dns.stop();
    await k.stop();
    throw err;
  });
  const stop = async () => {
    door.close();
    await dns.stop();
    await k.stop();
  };
  const registered = () => events.some((e) => e.kind === Ev.Registered);
  return { k, dns, events, sent, stop, registered, until: waiter(events) };
}

function skipped(): string | null {
  return interopSkip() ?? dnsmasqSkip();
}

test("a registrar given by name without a port is found through SRV (_sip._udp), and the station registers with Kamailio there", async (t) => {
  const skip = skipped();
  if (skip) return t.skip(skip);
  const s = await setUp(() => ({ host: "pbx.test" }), (kp) => [`--srv-host=_sip._udp.pbx.test,k.pbx.test,${kp},10,0`, "--host-record=k.pbx.test,127.0.0.1"]);
  try {
    await s.until(s.registered, 10_000, "registration through SRV");
    assert.deepEqual(s.dns.queries().slice(0, 3), ["NAPTR pbx.test", "SRV _sip._udp.pbx.test", "A k.pbx.test"]);
    assert.ok(s.sent.every((l) => l.startsWith(`127.0.0.1:${s.k.port} `)), s.sent.join("\n"));
  } finally {
    await s.stop();
  }
});

test("SRV failover (RFC 3263 §4.3): the better-priority target does not answer, so after Timer F the station registers with the second", { timeout: 90_000 }, async (t) => {
  const skip = skipped();
  if (skip) return t.skip(skip);
  const dead = await freePort(); // nothing listens there
  const s = await setUp(() => ({ host: "pbx.test" }), (kp) => [
    `--srv-host=_sip._udp.pbx.test,dead.pbx.test,${dead},10,0`, `--srv-host=_sip._udp.pbx.test,k.pbx.test,${kp},20,0`,
    "--host-record=dead.pbx.test,127.0.0.1", "--host-record=k.pbx.test,127.0.0.1",
  ]);
  try {
    await s.until(s.registered, 60_000, "registration with the second SRV target");
    const first = s.sent.findIndex((l) => l.startsWith(`127.0.0.1:${s.k.port} `));
    assert.ok(first > 0, `the REGISTER went to the dead target first:\n${s.sent.join("\n")}`);
    assert.ok(s.sent[0].startsWith(`127.0.0.1:${dead} REGISTER`), s.sent.join("\n"));
    assert.ok(s.sent.slice(0, first).every((l) => l.startsWith(`127.0.0.1:${dead} `)), `nothing to the second target before the first failed:\n${s.sent.join("\n")}`);
    assert.equal(s.events.filter((e) => e.kind === Ev.Unregistered).length, 0, "no back-off between the candidates");
  } finally {
    await s.stop();
  }
});

test("NAPTR → SRV → A: the SIP+D2U record's replacement names the SRV, whose target's address the station registers with", async (t) => {
  const skip = skipped();
  if (skip) return t.skip(skip);
  const s = await setUp(() => ({ host: "pbx.test" }), (kp) => [
    "--naptr-record=pbx.test,10,10,s,SIP+D2U,,_sip._udp.sip-servers.test", `--srv-host=_sip._udp.sip-servers.test,k.pbx.test,${kp},10,0`,
    "--host-record=k.pbx.test,127.0.0.1",
  ]);
  try {
    await s.until(s.registered, 10_000, "registration through NAPTR and SRV");
    assert.deepEqual(s.dns.queries().slice(0, 3), ["NAPTR pbx.test", "SRV _sip._udp.sip-servers.test", "A k.pbx.test"]);
  } finally {
    await s.stop();
  }
});

test("a name with a port is looked up as A only (§4.2): no NAPTR, no SRV, even where they exist", async (t) => {
  const skip = skipped();
  if (skip) return t.skip(skip);
  const decoy = await freePort(); // where the SRV and NAPTR records would lead: nothing listens
  const s = await setUp((kp) => ({ host: "k.pbx.test", port: kp }), () => [
    "--naptr-record=k.pbx.test,10,10,s,SIP+D2U,,_sip._udp.k.pbx.test", `--srv-host=_sip._udp.k.pbx.test,decoy.pbx.test,${decoy},10,0`,
    "--host-record=k.pbx.test,127.0.0.1", "--host-record=decoy.pbx.test,127.0.0.1",
  ]);
  try {
    await s.until(s.registered, 10_000, "registration with the name's address");
    assert.deepEqual([...new Set(s.dns.queries())], ["A k.pbx.test"]);
    assert.ok(s.sent.every((l) => l.startsWith(`127.0.0.1:${s.k.port} `)), s.sent.join("\n"));
  } finally {
    await s.stop();
  }
});
