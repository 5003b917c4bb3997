// Door codes and the lockout end to end (issue items 6 and 9): codes sent by
// INFO in a call count against the keypad's lockout and a call with
// lockout.callTries wrong codes is hung up; a lockout survives a restart of
// the firmware where the board keeps its retained record. On the simulator
// (virtual clock) and on the native board (a child process: a restart is the
// process started again with the same --state file).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BASE, DOOR, block } from "./support/intercom-fixture.js";
import { scene, edge, aptInfo, of, Apartments } from "./support/apartments.js";
import { Intercom, Key, Ev, type IntercomEvent } from "../../host/intercom.js";
import { MemoryRetained } from "../../host/firmware.js";
import { NativeStation, nativeSkip } from "./support/interop-native.js";
import { BoardStore } from "../../host/serial/board/store.js";
import { SimBoard } from "../../host/serial/board/sim-board.js";
import { factoryImage } from "../../host/serial/factory.js";

const PLAIN = "application/dtmf";
/** The defaults of the lockout: 3 wrong codes in a row lock for 60 s, 3 in one call hang it up. */
const CFG = { ...BASE, keepaliveInterval: 0, buttons: [{ mode: "sequential", ringTimeout: 30, targets: ["sip:flat1@example.com"] }], lockout: { tries: 3, seconds: 60 } };
const WRONG = ["1111#", "2222#", "3333#", "4444#", "5555#"];

let skip: string | null = null;
before(() => {
  skip = nativeSkip();
});

test("door codes in a call: 155 wrong codes by INFO then the right one open nothing; the station locks and hangs up after the third", async () => {
  const s = await scene(CFG);
  s.apts.plans.flat1 = { answerAfter: 500 };
  edge(s.net, s.door, Key.button(0), true, 1000);
  edge(s.net, s.door, Key.button(0), false, 1050);
  for (let i = 0; i < 155; i++) aptInfo(s, "flat1", 3000 + i * 200, PLAIN, WRONG[i % WRONG.length]);
  aptInfo(s, "flat1", 3000 + 155 * 200, PLAIN, "1234#");
  s.net.run(40_000);
  assert.deepEqual(of(s.ev, Ev.Relay), [], "no relay opened");
  assert.equal(of(s.ev, Ev.CodeWrong).length, 3, "three wrong codes counted, then none");
  assert.deepEqual(of(s.ev, Ev.Lockout).map((e) => [e.a, e.b, e.t]), [[1, 60, 3420]]); // the third wrong code, sent at 3400, arrives 20 ms later
  assert.equal(s.apts.got("BYE", "flat1").length, 1, "the station hung up");
});

test("door codes in a call: lockout.callTries wrong codes hang up that call (BYE) before the lockout's tries are reached", async () => {
  const s = await scene({ ...CFG, lockout: { tries: 5, seconds: 60, callTries: 2 } });
  s.apts.plans.flat1 = { answerAfter: 500 };
  edge(s.net, s.door, Key.button(0), true, 1000);
  edge(s.net, s.door, Key.button(0), false, 1050);
  aptInfo(s, "flat1", 3000, PLAIN, "1111#");
  aptInfo(s, "flat1", 4000, PLAIN, "2222#");
  s.net.run(10_000);
  const bye = s.apts.got("BYE", "flat1");
  assert.equal(bye.length, 1);
  assert.ok(bye[0].at >= 4000 && bye[0].at < 4100, `BYE at ${bye[0].at}`);
  assert.deepEqual(of(s.ev, Ev.Lockout), [], "2 of 5 tries: not locked");
});

test("door codes in a call: while the keypad is locked out, the right code by INFO opens nothing", async () => {
  const s = await scene(CFG);
  s.apts.plans.flat1 = { answerAfter: 500 };
  for (const [i, code] of ["0000#", "0001#", "0002#"].entries()) {
    [...code].forEach((k, j) => s.net.at(100 + i * 1000 + j * 100, () => { s.door.engine.key(k.charCodeAt(0), true, s.net.now); s.net.collect(s.door); }));
  }
  edge(s.net, s.door, Key.button(0), true, 5000);
  edge(s.net, s.door, Key.button(0), false, 5050);
  aptInfo(s, "flat1", 7000, PLAIN, "1234#");
  s.net.run(10_000);
  assert.deepEqual(of(s.ev, Ev.Lockout).map((e) => e.a), [1]);
  assert.deepEqual(of(s.ev, Ev.Relay), []);
});

type Timed = IntercomEvent & { t: number };

/** A station on its own clock with the board's retained record `kept`: start at 0, keys typed, ticks. */
async function station(kept: MemoryRetained) {
  const door = await Intercom.create(block(CFG), DOOR.host, undefined, undefined, kept);
  const ev: Timed[] = [];
  const take = (t: number) => ev.push(...door.events().map((e) => ({ ...e, t })));
  door.start(0);
  take(0);
  let now = 0;
  const until = (t: number) => {
    for (let d = door.nextDeadline(now); d >= 0 && now + d <= t; d = door.nextDeadline(now)) {
      now += d;
      door.tick(now);
      take(now);
    }
    now = t;
  };
  const type = (keys: string, at: number) => [...keys].forEach((k, i) => {
    until(at + i * 100);
    door.key(k.charCodeAt(0), true, now);
    take(now);
  });
  return { ev, type, until };
}

test("lockout across a restart (simulator): the station started again on the same board is still locked; the right code opens only once the lock has run out", async () => {
  const kept = new MemoryRetained();
  const first = await station(kept);
  first.type("0000#0001#0002#", 100);
  assert.deepEqual(of(first.ev, Ev.Lockout).map((e) => e.a), [1], "locked before the restart");
  first.until(20_000);
  const again = await station(kept);
  assert.deepEqual(of(again.ev, Ev.Lockout).map((e) => [e.a, e.t]), [[1, 0]], "locked from the start");
  again.type("9876#", 1000);
  assert.deepEqual(of(again.ev, Ev.Relay), [], "the right code is ignored while locked");
  again.until(60_000);
  assert.deepEqual(of(again.ev, Ev.Lockout).map((e) => [e.a, e.t]), [[1, 0], [0, 60_000]], "the lock ran its time again from the restart");
  again.type("9876#", 61_000);
  assert.deepEqual(of(again.ev, Ev.Relay).map((e) => [e.a, e.b]), [[0, 1]]);
});

test("lockout across a restart (simulator): two wrong codes before it and one after lock the station (the count is kept)", async () => {
  const kept = new MemoryRetained();
  (await station(kept)).type("0000#0001#", 100);
  const again = await station(kept);
  again.type("0002#", 1000);
  assert.deepEqual(of(again.ev, Ev.Lockout).map((e) => e.a), [1]);
});

test("lockout across a reboot of the simulated board (as a configuration change makes it): still locked, kept in retained.bin of its store", async () => {
  const store = new BoardStore(mkdtempSync(path.join(tmpdir(), "sim-lockout-")));
  store.saveConfigBlock(block(CFG));
  const events: Record<string, unknown>[] = [];
  const board = new SimBoard({ store, host: "127.0.0.1", port: 0, factory: factoryImage, onEvent: (e) => events.push(e) });
  const typeAll = (keys: string) => [...keys].forEach((k) => board.running!.station.key(k.charCodeAt(0), true));
  try {
    await board.reboot();
    typeAll("0000#0001#0002#");
    assert.deepEqual(events.filter((e) => e.event === "lockout").map((e) => e.locked), [true]);
    events.length = 0;
    await board.reboot();
    typeAll("9876#");
    assert.deepEqual(events.filter((e) => e.event === "lockout").map((e) => e.locked), [true], "locked from the start");
    assert.deepEqual(events.filter((e) => e.event === "relay"), [], "the right code is ignored");
    assert.ok(store.retained.read()?.length === 16, "the record is in the store");
  } finally {
    board.stop();
  }
});

// ---- the native board ----

/** The apartments (support/apartments.ts) on a real UDP socket: the native station's registrar and flats. */
async function apartmentsOnUdp() {
  const apts = new Apartments();
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()));
  const t0 = Date.now();
  const flush = () => {
    apts.tick(Date.now() - t0);
    for (const d of apts.outbox()) socket.send(d.data, d.to.port, d.to.host);
  };
  socket.on("message", (m, from) => {
    apts.receive(m, { host: from.address, port: from.port }, Date.now() - t0);
    flush();
  });
  const timer = setInterval(flush, 10);
  return {
    apts, port: socket.address().port,
    info: (body: string) => { apts.info("flat1", PLAIN, body, Date.now() - t0); flush(); },
    close: () => { clearInterval(timer); socket.close(); },
  };
}

async function until(ok: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("native board: wrong codes by INFO in a call lock out and hang up; the right code then opens nothing", async (t) => {
  if (skip) return t.skip(skip);
  const net = await apartmentsOnUdp();
  const ev: IntercomEvent[] = [];
  const door = await NativeStation.start({ config: { ...CFG, registrar: { host: "127.0.0.1", port: net.port } }, onEvent: (e) => ev.push(e) });
  try {
    net.apts.plans.flat1 = { answerAfter: 100 };
    door.press(Key.button(0));
    await until(() => ev.some((e) => e.kind === Ev.Call && e.a === 3), "the call connected");
    for (const code of ["1111#", "2222#", "3333#", "1234#"]) {
      net.info(code);
      await sleep(150);
    }
    await until(() => net.apts.got("BYE", "flat1").length === 1, "the BYE");
    await sleep(300);
    assert.deepEqual(ev.filter((e) => e.kind === Ev.Lockout).map((e) => e.a), [1]);
    assert.equal(ev.filter((e) => e.kind === Ev.CodeWrong).length, 3);
    assert.deepEqual(ev.filter((e) => e.kind === Ev.Relay), []);
  } finally {
    door.close();
    net.close();
  }
});

test("native board: restarted with the same --state file, the station is still locked and ignores the right code", async (t) => {
  if (skip) return t.skip(skip);
  const state = path.join(mkdtempSync(path.join(tmpdir(), "native-lockout-")), "door.state");
  const config = { ...CFG, registrar: { host: "127.0.0.1", port: 9 } };
  const typeAll = (door: NativeStation, keys: string) => [...keys].forEach((k) => door.command(`key ${k}`));
  const before: IntercomEvent[] = [];
  const first = await NativeStation.start({ config, state, onEvent: (e) => before.push(e) });
  typeAll(first, "0000#0001#0002#");
  await until(() => before.some((e) => e.kind === Ev.Lockout && e.a === 1), "the lockout");
  await first.shutdown();
  const after: IntercomEvent[] = [];
  const again = await NativeStation.start({ config, state, onEvent: (e) => after.push(e) });
  try {
    await until(() => after.some((e) => e.kind === Ev.Config), "the start");
    typeAll(again, "9876#");
    await sleep(500);
    assert.deepEqual(after.filter((e) => e.kind === Ev.Lockout).map((e) => e.a), [1], "locked from the start");
    assert.deepEqual(after.filter((e) => e.kind === Ev.Relay), [], "the right code is ignored");
  } finally {
    again.close();
  }
});
