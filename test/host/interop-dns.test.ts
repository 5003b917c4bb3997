// A registrar given by name (RFC 3263) against real software: dnsmasq as the
// DNS server (SRV, NAPTR and A records on a loopback port) and Kamailio as
// the registrar, per station kind with a resolver (board ABI 5): the
// simulator's (node:dns) and the native board's own (--dns,
// boards/native-linux/resolve.c). The Cortex-M4 under QEMU is not run: its
// port has no resolver (board.resolve answers -1, docs/transports.md "Names").
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev, type IntercomEvent } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { startDoor, kindSkip, titled, type StationKind } from "./support/interop-station.js";
import { waiter } from "./support/interop-sipp.js";
import { Dnsmasq, dnsmasqSkip } from "./support/dnsmasq.js";

const PASSWORD = "door-dns-5";

/** The kinds of station with a resolver (not the Cortex-M4: no resolver in its QEMU port). */
const KINDS: readonly StationKind[] = ["simulator", "native"];

/**
 * Kamailio on a free UDP port (and, with `tcp`, a TCP listener on another: a REGISTER reaches it only over TCP),
 * dnsmasq with `records(udpPort, tcpPort)`, and a station of `kind` registering with `registrar`.
 */
async function setUp(kind: StationKind, registrar: (kamailio: number) => Record<string, unknown>, records: (kamailio: number, tcp: number) => string[], tcp = false) {
  const tcpPort = await freePort();
  const k = new Kamailio(await freePort(), await freePort(), PASSWORD, 3600, tcp ? { listen: [`tcp:127.0.0.1:${tcpPort}`] } : {});
  await k.start();
  const dns = new Dnsmasq(await freePort(), records(k.port, tcpPort));
  const events: (IntercomEvent & { t: number })[] = [];
  const sent: string[] = [];
  try {
    await dns.start();
  } catch (err) {
    await k.stop();
    throw err;
  }
  const door = await startDoor(kind, {
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
  return { k, tcpPort, dns, events, sent, stop, registered, until: waiter(events) };
}

function skipped(kind: StationKind): string | null {
  return interopSkip() ?? dnsmasqSkip() ?? kindSkip(kind);
}

for (const kind of KINDS) {

  test(titled(kind, "a registrar given by name without a port is found through SRV (_sip._udp), and the station registers with Kamailio there"), async (t) => {
    const skip = skipped(kind);
    if (skip) return t.skip(skip);
    const s = await setUp(kind, () => ({ host: "pbx.test" }), (kp) => [`--srv-host=_sip._udp.pbx.test,k.pbx.test,${kp},10,0`, "--host-record=k.pbx.test,127.0.0.1"]);
    try {
      await s.until(s.registered, 10_000, "registration through SRV");
      assert.deepEqual(s.dns.queries().slice(0, 3), ["NAPTR pbx.test", "SRV _sip._udp.pbx.test", "A k.pbx.test"]);
      assert.ok(s.sent.every((l) => l.startsWith(`127.0.0.1:${s.k.port} `)), s.sent.join("\n"));
    } finally {
      await s.stop();
    }
  });

  test(titled(kind, "SRV failover (RFC 3263 §4.3): the better-priority target does not answer, so after Timer F the station registers with the second"), { timeout: 90_000 }, async (t) => {
    const skip = skipped(kind);
    if (skip) return t.skip(skip);
    const dead = await freePort(); // nothing listens there
    const s = await setUp(kind, () => ({ host: "pbx.test" }), (kp) => [
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

  test(titled(kind, "NAPTR → SRV → A: the SIP+D2U record's replacement names the SRV, whose target's address the station registers with"), async (t) => {
    const skip = skipped(kind);
    if (skip) return t.skip(skip);
    const s = await setUp(kind, () => ({ host: "pbx.test" }), (kp) => [
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

  test(titled(kind, "a name with a port is looked up as A only (§4.2): no NAPTR, no SRV, even where they exist"), async (t) => {
    const skip = skipped(kind);
    if (skip) return t.skip(skip);
    const decoy = await freePort(); // where the SRV and NAPTR records would lead: nothing listens
    const s = await setUp(kind, (kp) => ({ host: "k.pbx.test", port: kp }), () => [
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

  test(titled(kind, "NAPTR chooses TCP (RFC 3263 §4.1): with no transport configured, a SIP+D2T record of the better order leads to _sip._tcp and the station registers with Kamailio over TCP"), async (t) => {
    const skip = skipped(kind);
    if (skip) return t.skip(skip);
    const s = await setUp(kind, () => ({ host: "pbx.test" }), (kp, tcp) => [
      "--naptr-record=pbx.test,10,10,s,SIP+D2T,,_sip._tcp.pbx.test", "--naptr-record=pbx.test,20,10,s,SIP+D2U,,_sip._udp.pbx.test",
      `--srv-host=_sip._tcp.pbx.test,k.pbx.test,${tcp},10,0`, `--srv-host=_sip._udp.pbx.test,k.pbx.test,${kp},10,0`,
      "--host-record=k.pbx.test,127.0.0.1",
    ], true);
    try {
      await s.until(s.registered, 10_000, "registration over TCP through NAPTR and SRV");
      assert.deepEqual(s.dns.queries().slice(0, 3), ["NAPTR pbx.test", "SRV _sip._tcp.pbx.test", "A k.pbx.test"]);
      // Kamailio's TCP port takes no datagrams, and nothing went to its UDP port: the REGISTER went over the connection.
      assert.deepEqual(s.sent.filter((l) => / REGISTER /.test(l)), [], s.sent.join("\n"));
    } finally {
      await s.stop();
    }
  });

  test(titled(kind, "registrar.transport tcp and a name without a port (§4.1, §4.2): SRV of _sip._tcp.NAME, no NAPTR, and the station registers over TCP"), async (t) => {
    const skip = skipped(kind);
    if (skip) return t.skip(skip);
    const s = await setUp(kind, () => ({ host: "pbx.test", transport: "tcp" }), (kp, tcp) => [
      "--naptr-record=pbx.test,10,10,s,SIP+D2U,,_sip._udp.pbx.test", `--srv-host=_sip._udp.pbx.test,k.pbx.test,${kp},10,0`,
      `--srv-host=_sip._tcp.pbx.test,k.pbx.test,${tcp},10,0`, "--host-record=k.pbx.test,127.0.0.1",
    ], true);
    try {
      await s.until(s.registered, 10_000, "registration over TCP through SRV");
      assert.deepEqual(s.dns.queries().slice(0, 2), ["SRV _sip._tcp.pbx.test", "A k.pbx.test"]);
      assert.deepEqual(s.sent.filter((l) => / REGISTER /.test(l)), [], s.sent.join("\n"));
    } finally {
      await s.stop();
    }
  });
}
