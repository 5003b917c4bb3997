// Presence end to end through the board ABI: PUBLISH (RFC 3903) of a PIDF
// document (RFC 3863) through the outbound proxy, which asks for credentials,
// to a presence server: published once registered, modified on each change
// of the call state, refreshed before it expires, published again after a
// 412, the Expires raised after a 423, removed at shutdown. Virtual clock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Intercom, Ev, Key, type IntercomEvent } from "../../host/intercom.js";
import { VirtualNet, type Peer } from "../../host/tools/virtual-net.js";
import { ChallengingProxy, PresenceServer } from "../../host/tools/gallery-server.js";
import { header, startLine } from "../../host/sim/sip-text.js";
import { block } from "../../host/tools/gallery-flows.js";

const DOOR = { host: "192.0.2.10", port: 5060 };
const PROXY = { host: "192.0.2.20", port: 5060 };
const ESC = { host: "192.0.2.50", port: 5060 };
const FLAT = { host: "192.0.2.31", port: 5060 };
const State = { Failed: 0, Idle: 1, Busy: 2, Removed: 3 } as const;

const CONFIG = {
  user: "door", password: "door-secret-1", domain: "example.com", registrar: PROXY, keepaliveInterval: 0,
  buttons: [{ mode: "sequential", ringTimeout: 5, targets: ["sip:flat@example.com"] }],
  presence: { publish: true, expires: 3600 },
};

async function scene(setup: (esc: PresenceServer) => void = () => {}) {
  const net = new VirtualNet();
  const events: (IntercomEvent & { t: number })[] = [];
  const esc = new PresenceServer();
  setup(esc);
  net.add("proxy", PROXY, new ChallengingProxy(PROXY, DOOR, (m) => (m === "PUBLISH" ? ESC : FLAT)));
  net.add("esc", ESC, esc);
  net.add("flat", FLAT, { receive: () => 0, tick: () => {}, nextDeadline: () => -1, outbox: () => [] }); // never answers
  const door = net.add("door", DOOR, await Intercom.create(block(CONFIG), DOOR.host));
  door.onEvent = (e) => events.push({ ...e, t: net.now });
  door.party.start(0);
  net.collect(door as unknown as Peer);
  const presence = () => events.filter((e) => e.kind === Ev.Presence).map((e) => [e.a, e.b]);
  /** The PUBLISHes the server got (with credentials: the proxy challenged the first of each). */
  const got = () => esc.requests.map((m) => ({ ifMatch: header(m, "SIP-If-Match"), expires: header(m, "Expires"), body: m.split("\r\n\r\n")[1] }));
  return { net, door, esc, presence, got };
}

test("once registered the station publishes open and idle; the proxy's 407 is answered with credentials", async () => {
  const s = await scene();
  s.net.run(2000);
  const sent = s.net.sent.filter((x) => x.from === "door" && startLine(x.data.toString("latin1")).startsWith("PUBLISH"));
  assert.equal(sent.length, 2, "challenged, then with Proxy-Authorization");
  assert.match(header(sent[1].data.toString("latin1"), "Proxy-Authorization") ?? "", /uri="sip:door@example.com"/);
  assert.equal(s.got().length, 1);
  assert.equal(s.got()[0].ifMatch, null);
  assert.match(s.got()[0].body, /<basic>open<\/basic><\/status><\/tuple><note>idle<\/note>/);
  assert.deepEqual(s.presence(), [[State.Idle, 200]]);
});

test("a visitor's call shows as on-the-phone (a modification naming the entity-tag), and idle again when it ends", async () => {
  const s = await scene();
  s.net.at(2000, s.door, (d, now) => d.key(Key.button(0), true, now));
  s.net.at(2060, s.door, (d, now) => d.key(Key.button(0), false, now));
  s.net.run(60_000);
  const g = s.got();
  assert.deepEqual(g.map((x) => x.ifMatch), [null, "e1", "e2"]);
  assert.match(g[1].body, /<rpid:on-the-phone\/>/);
  assert.match(g[2].body, /<note>idle<\/note>/);
  assert.deepEqual(s.presence(), [[State.Idle, 200], [State.Busy, 200], [State.Idle, 200]]);
});

test("refreshed before it expires (85% of the time granted): SIP-If-Match, no body", async () => {
  const s = await scene((esc) => (esc.maxExpires = 100));
  s.net.run(90_000);
  const g = s.got();
  assert.equal(g.length, 2);
  assert.deepEqual([g[1].ifMatch, g[1].body], ["e1", ""]);
  const refreshAt = s.net.sent.filter((x) => x.to === "esc").map((x) => x.t)[1];
  assert.ok(refreshAt >= 85_000 && refreshAt < 86_000, `refresh at ${refreshAt} ms`);
});

test("412 to a refresh (the server lost the publication): a fresh initial PUBLISH with the state, no report of a failure", async () => {
  const s = await scene((esc) => (esc.maxExpires = 100));
  s.net.at(50_000, s.door, () => (s.esc.forget = true));
  s.net.run(90_000);
  const g = s.got();
  assert.deepEqual(g.map((x) => x.ifMatch), [null, "e1", null]);
  assert.match(g[2].body, /<note>idle<\/note>/);
  assert.deepEqual(s.presence(), [[State.Idle, 200]]);
});

test("423: published again with the server's Min-Expires", async () => {
  const s = await scene((esc) => (esc.minExpires = 7200));
  s.net.run(2000);
  assert.deepEqual(s.got().map((x) => x.expires), ["3600", "7200"]);
  assert.deepEqual(s.presence(), [[State.Idle, 200]]);
});

test("shutdown removes the publication (Expires: 0, SIP-If-Match) and reports it; nothing is published after", async () => {
  const s = await scene();
  s.net.at(2000, s.door, (d, now) => d.shutdown(now));
  s.net.at(3000, s.door, (d, now) => d.key(Key.button(0), true, now));
  s.net.run(10_000);
  const g = s.got();
  assert.deepEqual(g.map((x) => [x.ifMatch, x.expires]), [[null, "3600"], ["e1", "0"]]);
  assert.deepEqual(s.presence(), [[State.Idle, 200], [State.Removed, 200]]);
  assert.equal(s.esc.etag, "", "the server holds nothing");
});
