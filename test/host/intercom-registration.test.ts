// Registration end to end through the board ABI, on the virtual clock (RFC 3261
// §10.2 and the issue): REGISTER on boot with digest auth, refresh before expiry,
// exponential back-off on failure, 423 handled, a refresh during a call leaves the
// call alone; OPTIONS keepalive, failover to the backup and back; incoming OPTIONS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, BACKUP, DOOR, Ev } from "./support/intercom-fixture.js";
import { regWorld, requestsFromDoor, responsesToDoor, cseqOf, timedOf, AT, type RegWorld } from "./support/registration-fixture.js";
import { Key, CallState } from "../../host/intercom.js";
import { header } from "./support/sip-text.js";

const TIMER_F = 64 * 500; // 64·T1, T1 = 500 ms (RFC 3261 §17.1.2.2)
const WITH_BACKUP = { ...BASE, backupRegistrar: BACKUP };

/** A key as a finger presses it: down, 50 ms, up. */
function press(w: RegWorld, code: number, at: number): void {
  w.net.at(at, () => { w.door.engine.key(code, true, w.net.now); w.net.collect(w.door); });
  w.net.at(at + 50, () => { w.door.engine.key(code, false, w.net.now); w.net.collect(w.door); });
}

const okTimes = (w: RegWorld) => responsesToDoor(w, "REGISTER").filter((r) => r.msg.startsWith("SIP/2.0 200"));
/** The REGISTER a response answers (same Call-ID and CSeq). */
const answered = (w: RegWorld, r: { msg: string }) => requestsFromDoor(w, "REGISTER").find((q) => header(q.msg, "Call-ID") === header(r.msg, "Call-ID") && cseqOf(q.msg) === cseqOf(r.msg))!;

test("refresh at 85% of the granted expiry (600 s: 510 s after the 200), same Call-ID, CSeq one higher, and again", async () => {
  const w = await regWorld({ ...BASE, keepaliveInterval: 0 });
  w.net.run(1_100_000);
  const regs = requestsFromDoor(w, "REGISTER");
  const oks = okTimes(w);
  assert.ok(oks.length >= 3, `expected boot and two refreshes to succeed, got ${oks.length} 200s`);
  for (const ok of oks.slice(0, 2)) {
    const last = answered(w, ok);
    const next = regs.find((r) => r.sentAt > ok.at)!;
    assert.ok(next, "no refresh after the 200");
    assert.equal(next.sentAt - ok.at, 510_000, "refresh at 85% of 600 s");
    assert.equal(header(next.msg, "Call-ID"), header(last.msg, "Call-ID"));
    assert.equal(cseqOf(next.msg), cseqOf(last.msg) + 1);
  }
  assert.deepEqual(timedOf(w, Ev.Registered).map((e) => [e.a, e.b]), oks.map(() => [0, 600]));
});

test("refresh lead is at least 5 s for short grants (60 s: at 85%, 20 s: no later than 15 s)", async () => {
  for (const [grant, latest] of [[60, 51_000], [20, 15_000]]) {
    const w = await regWorld({ ...BASE, registerExpiry: 60, keepaliveInterval: 0 }, (p) => (p.grant = grant));
    w.net.run(grant * 1000 + 5000);
    const [ok] = okTimes(w);
    const next = requestsFromDoor(w, "REGISTER").find((r) => r.sentAt > ok.at);
    assert.ok(next, `grant ${grant}: no refresh before the binding expired`);
    const delay = next.sentAt - ok.at;
    assert.ok(delay > 0 && delay <= latest && grant * 1000 - delay >= 5000, `grant ${grant}: refresh ${delay} ms after the 200`);
    if (grant === 60) assert.equal(delay, 51_000);
  }
});

test("CSeq rises by exactly one per REGISTER of the binding even while OPTIONS keepalives run (§10.2)", async () => {
  const w = await regWorld(BASE); // keepaliveInterval 30
  w.net.run(520_000);
  const regs = requestsFromDoor(w, "REGISTER");
  assert.ok(regs.length >= 4, "boot (2) and the first refresh (2)");
  assert.equal(new Set(regs.map((r) => header(r.msg, "Call-ID"))).size, 1);
  assert.deepEqual(regs.map((r) => cseqOf(r.msg)), regs.map((_, i) => cseqOf(regs[0].msg) + i));
});

test("back-off: a failed REGISTER is retried 30, 60, 120, 240, 480 s after each failure, then every 900 s (cap)", async () => {
  const w = await regWorld(BASE, (p) => (p.failWith = 503));
  w.net.run(2_800_000);
  const regs = requestsFromDoor(w, "REGISTER");
  const failures = responsesToDoor(w, "REGISTER");
  const expected = [30, 60, 120, 240, 480, 900, 900].map((s) => s * 1000);
  assert.ok(failures.length >= expected.length + 1, `only ${failures.length} failures`);
  assert.ok(failures.every((f) => f.msg.startsWith("SIP/2.0 503")));
  const gaps = expected.map((_, i) => regs.find((r) => r.sentAt > failures[i].at)!.sentAt - failures[i].at);
  assert.deepEqual(gaps, expected);
  const unreg = timedOf(w, Ev.Unregistered);
  assert.deepEqual(unreg.slice(0, expected.length).map((e) => [e.a, e.b * 1000, e.t]), expected.map((ms, i) => [503, ms, failures[i].at]));
  assert.equal(timedOf(w, Ev.Registered).length, 0);
});

test("back-off: when the registrar recovers, the station registers at the next scheduled retry, not before", async () => {
  const w = await regWorld(BASE, (p) => (p.failWith = 503));
  w.net.at(100_000, () => (w.primary.failWith = 0));
  w.net.run(300_000);
  const failures = responsesToDoor(w, "REGISTER").filter((r) => r.msg.startsWith("SIP/2.0 503"));
  assert.equal(failures.length, 3); // at 0, +30 s, +60 s: the next retry is 120 s after the third
  const retryAt = failures[2].at + 120_000;
  const after = requestsFromDoor(w, "REGISTER").filter((r) => r.sentAt > failures[2].at);
  assert.ok(after.length >= 1);
  assert.equal(after[0].sentAt, retryAt);
  const reg = timedOf(w, Ev.Registered);
  assert.equal(reg.length, 1);
  assert.ok(reg[0].t >= retryAt && reg[0].t < retryAt + 1000);
});

test("423 Interval Too Brief: registers again at once asking at least Min-Expires, and succeeds", async () => {
  const w = await regWorld(BASE, (p) => { p.minExpires = 3600; p.grant = 3600; });
  w.net.run(10_000);
  const brief = responsesToDoor(w, "REGISTER").find((r) => r.msg.startsWith("SIP/2.0 423"));
  assert.ok(brief, "the registrar answered 423");
  const after = requestsFromDoor(w, "REGISTER").filter((r) => r.sentAt >= brief.at);
  assert.ok(after.length >= 1);
  assert.equal(after[0].sentAt, brief.at, "again at once");
  for (const r of after) assert.ok(Number(header(r.msg, "Expires")) >= 3600, `Expires ${header(r.msg, "Expires")}`);
  assert.deepEqual(timedOf(w, Ev.Registered).map((e) => [e.a, e.b]), [[0, 3600]]);
  assert.equal(timedOf(w, Ev.Unregistered).length, 0);
});

test("a wrong password (401 again with credentials): exactly 2 REGISTERs per attempt, then back-off", async () => {
  const w = await regWorld(BASE, (p) => (p.rejectCredentials = true));
  w.net.run(200_000);
  const regs = requestsFromDoor(w, "REGISTER");
  const attempts: (typeof regs)[] = [];
  for (const r of regs) {
    const cur = attempts[attempts.length - 1];
    if (cur && r.sentAt - cur[cur.length - 1].sentAt < 1000) cur.push(r);
    else attempts.push([r]);
  }
  assert.equal(attempts.length, 3, "attempts at boot, +30 s, +60 s in 200 s");
  for (const a of attempts) assert.deepEqual(a.map((r) => header(r.msg, "Authorization") !== null), [false, true]);
  const unreg = timedOf(w, Ev.Unregistered);
  assert.deepEqual(unreg.map((e) => [e.a, e.b]), [[401, 30], [401, 60], [401, 120]]);
  assert.equal(attempts[1][0].sentAt - unreg[0].t, 30_000);
  assert.equal(attempts[2][0].sentAt - unreg[1].t, 60_000);
});

test("keepalive: an OPTIONS to the station's own address-of-record through the registrar every keepaliveInterval (30 s); all answered, no failover", async () => {
  const w = await regWorld(WITH_BACKUP);
  w.net.run(301_000);
  const pings = requestsFromDoor(w, "OPTIONS");
  assert.equal(pings.length, 10);
  assert.ok(pings.every((p) => p.to === AT.primary && p.msg.startsWith("OPTIONS sip:door@example.com SIP/2.0")));
  assert.ok(pings[0].sentAt > 0 && pings[0].sentAt <= 30_100, `first at ${pings[0].sentAt}`);
  assert.deepEqual(pings.slice(1).map((p, i) => p.sentAt - pings[i].sentAt), pings.slice(1).map(() => 30_000));
  assert.equal(timedOf(w, Ev.KeepaliveLost).length, 0);
  assert.equal(timedOf(w, Ev.Failover).length, 0);
  assert.equal(w.wire.filter((d) => d.to === AT.backup).length, 0);
});

/** The primary goes down at 100 s: three keepalives go unanswered. */
async function primaryDown(upAgainAt?: number): Promise<RegWorld> {
  const w = await regWorld(WITH_BACKUP);
  w.net.at(100_000, () => (w.primary.up = false));
  if (upAgainAt) w.net.at(upAgainAt, () => (w.primary.up = true));
  return w;
}

test("failover: each unanswered OPTIONS reported after Timer F; after keepaliveFailures (3) Failover to the backup and REGISTER there", async () => {
  const w = await primaryDown();
  press(w, Key.button(0), 300_000);
  w.net.run(310_000);
  const lost = requestsFromDoor(w, "OPTIONS", AT.primary).filter((p) => p.sentAt >= 100_000).slice(0, 3);
  const kl = timedOf(w, Ev.KeepaliveLost);
  assert.deepEqual(kl.map((e) => [e.a, e.t]), lost.map((p, i) => [i + 1, p.sentAt + TIMER_F]));
  const fo = timedOf(w, Ev.Failover);
  assert.deepEqual(fo.map((e) => [e.a, e.t]), [[1, kl[2].t]]);
  const toBackup = requestsFromDoor(w, "REGISTER", AT.backup);
  assert.ok(toBackup.length >= 1 && toBackup[0].sentAt === fo[0].t, "REGISTER to the backup at the failover");
  assert.deepEqual(timedOf(w, Ev.Registered).map((e) => e.a), [0, 1]);
  // From then on: REGISTER, keepalives and calls go to the backup; only probes go to the primary.
  const later = w.wire.filter((d) => d.from === AT.door && d.sentAt > fo[0].t);
  assert.equal(later.filter((d) => d.to === AT.primary && !d.msg.startsWith("OPTIONS ")).length, 0);
  assert.ok(requestsFromDoor(w, "OPTIONS", AT.backup).length >= 1, "keepalives to the backup");
  assert.ok(requestsFromDoor(w, "INVITE", AT.backup).length >= 1, "the call goes via the backup");
});

test("failback: on the backup the station keeps probing the primary with OPTIONS; when it answers, Failover(0) and REGISTER to the primary", async () => {
  const w = await primaryDown(280_000);
  w.net.run(400_000);
  const fo = timedOf(w, Ev.Failover);
  assert.deepEqual(fo.map((e) => e.a), [1, 0]);
  const probes = requestsFromDoor(w, "OPTIONS", AT.primary).filter((p) => p.sentAt > fo[0].t && p.sentAt < 280_000);
  assert.ok(probes.length >= 1, "OPTIONS to the primary while on the backup");
  assert.ok(fo[1].t > 280_000 && fo[1].t <= 280_000 + 30_000 + TIMER_F, `failback at ${fo[1].t}`);
  const reg = requestsFromDoor(w, "REGISTER", AT.primary).filter((r) => r.sentAt >= fo[1].t);
  assert.ok(reg.length >= 1 && reg[0].sentAt === fo[1].t, "REGISTER to the primary at the failback");
  assert.deepEqual(timedOf(w, Ev.Registered).map((e) => e.a), [0, 1, 0]);
  assert.equal(w.wire.filter((d) => d.from === AT.door && d.to === AT.backup && d.sentAt > fo[1].t && !d.msg.startsWith("SIP/2.0")).length, 0);
});

test("a registration refresh during a call never disturbs the call", async () => {
  // The scripted flat sends no RTP: the RTP timeout (media.rtpTimeoutSeconds) is off for this long call.
  const w = await regWorld({ ...BASE, registerExpiry: 60, maxCallSeconds: 600, media: { rtpTimeoutSeconds: 0 } }, (p) => { p.uas = true; p.grant = 60; });
  const hangupAt = 125_000;
  press(w, Key.button(0), 5000);
  press(w, Key.hangup, hangupAt);
  w.net.run(140_000);
  const calls = timedOf(w, Ev.Call);
  assert.deepEqual(calls.map((e) => e.a), [CallState.Dialing, CallState.Ringing, CallState.Connected, CallState.Ended]);
  const connectedAt = calls[2].t;
  assert.ok(connectedAt < 6000 && calls[3].t >= hangupAt, `connected ${connectedAt}, ended ${calls[3].t}`);
  const inCall = (t: number) => t > connectedAt && t < hangupAt;
  assert.ok(timedOf(w, Ev.Registered).filter((e) => inCall(e.t)).length >= 2, "at least two refreshes fell inside the call");
  assert.ok(requestsFromDoor(w, "REGISTER").filter((r) => inCall(r.sentAt)).length >= 2);
  for (const m of ["BYE", "CANCEL"]) assert.equal(requestsFromDoor(w, m).filter((r) => r.sentAt < hangupAt).length, 0, `${m} before the hang-up`);
  assert.equal(requestsFromDoor(w, "INVITE").length, 1, "no re-INVITE or new call");
  assert.equal(requestsFromDoor(w, "BYE").length, 1, "the hang-up sends BYE");
});

test("an incoming OPTIONS from the registrar is answered 200 with Allow (§11.2)", async () => {
  const w = await regWorld(BASE);
  const ping = ["OPTIONS sip:door@192.0.2.10:5060 SIP/2.0", "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKregping1", "Max-Forwards: 70",
    "From: <sip:registrar@example.com>;tag=r1", "To: <sip:door@example.com>", "Call-ID: regping-1@192.0.2.20", "CSeq: 7 OPTIONS",
    "Accept: application/sdp", "Content-Length: 0", "", ""].join("\r\n");
  w.net.at(5000, () => w.primary.inject(ping, DOOR));
  w.net.run(6000);
  const answers = w.wire.filter((d) => d.from === AT.door && d.to === AT.primary && header(d.msg, "Call-ID") === "regping-1@192.0.2.20");
  assert.equal(answers.length, 1);
  const [a] = answers;
  assert.match(a.msg, /^SIP\/2\.0 200 /);
  assert.equal(header(a.msg, "CSeq"), "7 OPTIONS");
  assert.match(header(a.msg, "Via")!, /branch=z9hG4bKregping1/);
  assert.match(header(a.msg, "Allow") ?? "", /\bINVITE\b/);
});
