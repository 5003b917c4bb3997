// The door station end to end through the board ABI: the call button calls
// the apartments, the apartment opens the door with DTMF, the keypad.
import { test } from "node:test";
import assert from "node:assert/strict";
import { world, flat, press, eventsOf, BASE, FLAT1, Ev, UaEvent, REGISTRAR } from "./support/intercom-fixture.js";
import { Key, CallState } from "../../host/intercom.js";
import { startLine } from "./support/sip-text.js";

test("boots with its configuration, registers with digest auth and reports it (issue: REGISTER on boot)", async () => {
  const w = await world(BASE);
  w.net.run(5000);
  assert.deepEqual(eventsOf(w.door, Ev.Config).map((e) => e.a), [0]);
  assert.equal(w.registrar.count("REGISTER"), 2); // challenged, then with Authorization
  assert.deepEqual(eventsOf(w.door, Ev.Registered).map((e) => [e.a, e.b]), [[0, 600]]);
});

test("one press of the call button calls the first apartment; the apartment sends the door code and the relay pulses", async () => {
  const w = await world({ ...BASE, registrar: FLAT1, keepaliveInterval: 0 });
  const f1 = await flat(w, FLAT1, "flat1", 5);
  f1.onEvent = (ev) => {
    if (ev.kind === UaEvent.Incoming) {
      f1.engine.answer(ev.call, w.net.now);
      w.net.collect(f1);
      for (const [i, d] of ["1", "2", "3", "4", "#"].entries()) {
        w.net.at(w.net.now + 500 + i * 300, () => { f1.engine.info(ev.call, `Signal=${d}\r\nDuration=160\r\n`, w.net.now); w.net.collect(f1); });
      }
    }
  };
  press(w, Key.button(0), 1000);
  w.net.run(20_000);
  const invites = w.door.sent.map(String).filter((m) => m.startsWith("INVITE"));
  assert.equal(invites.length, 1);
  assert.match(startLine(invites[0]), /^INVITE sip:flat1@example\.com SIP\/2\.0$/);
  assert.deepEqual(eventsOf(w.door, Ev.Call).map((e) => e.a).slice(0, 2), [CallState.Dialing, CallState.Connected]);
  assert.deepEqual(eventsOf(w.door, Ev.Relay).map((e) => [e.a, e.b]), [[0, 1], [0, 0]]);
  assert.ok(eventsOf(w.door, Ev.DtmfReceived).length >= 4);
  assert.equal(eventsOf(w.door, Ev.CodeWrong).length, 0);
});

test("the registrar address is the flat here: without registration the call still goes out (REGISTER refused)", async () => {
  const w = await world({ ...BASE, registrar: FLAT1, keepaliveInterval: 0 });
  await flat(w, FLAT1, "flat1", 6);
  w.net.run(2000);
  assert.ok(eventsOf(w.door, Ev.Unregistered).length >= 1);
  assert.equal(REGISTRAR.port, 5060);
});

test("without a configuration block the station runs on safe defaults and says so: no registration, no door", async () => {
  const w = await world(null);
  w.net.run(60_000);
  assert.deepEqual(eventsOf(w.door, Ev.Config).map((e) => e.a), [1]);
  assert.match(w.door.engine.logs()[0].text, /safe defaults/);
  assert.equal(w.registrar.requests.length, 0);
  for (const k of "9876#") w.door.engine.key(k.charCodeAt(0), true, w.net.now);
  w.net.run(70_000);
  assert.equal(eventsOf(w.door, Ev.Relay).length, 0);
});

test("a corrupted configuration block is refused with a log line naming the problem; the station keeps safe defaults", async () => {
  const { block } = await import("./support/intercom-fixture.js");
  const { Intercom } = await import("../../host/intercom.js");
  const bytes = block(BASE);
  bytes[bytes.length - 3] ^= 0x55; // a byte of the body: the CRC no longer matches
  const door = await Intercom.create(bytes, "192.0.2.10");
  door.start(0);
  assert.deepEqual(door.events().filter((e) => e.kind === Ev.Config).map((e) => e.a), [2]);
  const line = door.logs()[0];
  assert.equal(line.level, 0);
  assert.match(line.text, /CRC|checksum/i);
  assert.equal(door.outbox().length, 0); // no REGISTER on defaults
});
