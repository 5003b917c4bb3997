// The release module's shadow stack (asc's `stackSize`, asconfig.json: 256
// octets since the serial agent needed the memory) is deep enough, measured:
// the octets below its start are painted before the station starts, real
// work runs (registration with digest, a call with in-call door codes, the
// parser's corpus as datagrams, keys and ticks), and the deepest octet that
// changed is the deepest the stack went. asc's own check (`~stack_check`)
// turns an overflow into a fault, never a silent overwrite; this test keeps
// the margin: the deepest use stays within half of the stack.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Intercom, Key } from "../../host/intercom.js";
import { defaultImagePath } from "../../host/firmware.js";
import { firstGlobalStart } from "../../host/wasm-binary.js";
import { BASE, FLAT1, Ev, eventsOf, world, flat, press } from "./support/intercom-fixture.js";
import { UaEvent } from "../../host/sip-engine.js";
import { tortureMessages, intercomMessages } from "./support/corpus.js";

/** The release build's stackSize (asconfig.json, target release). */
const STACK_SIZE = 256;
const PAINT = 0xa5;

/** Where the shadow stack starts (asc's __stack_pointer, the module's first global). */
function stackStart(image: Uint8Array): number {
  const top = firstGlobalStart(image);
  assert.ok(top !== null, "the module's first global is asc's stack pointer (a mutable i32 from i32.const)");
  return top;
}

test("the shadow stack: the deepest use over registration, a call with door codes and the parser corpus stays within half of its 256 octets", async () => {
  const image = readFileSync(defaultImagePath());
  const top = stackStart(image);
  let station!: Intercom;
  const w = await world({ ...BASE, registrar: FLAT1, keepaliveInterval: 0 }, 3, (s) => {
    station = s;
    new Uint8Array(s.fw.exports.memory.buffer).fill(PAINT, top - STACK_SIZE, top);
  });
  const net = w.net;
  const f1 = await flat(w, FLAT1, "flat1", 5);
  f1.onEvent = (ev) => {
    if (ev.kind !== UaEvent.Incoming) return;
    f1.engine.answer(ev.call, net.now);
    net.collect(f1);
    for (const [i, d] of ["1", "2", "3", "4", "#"].entries()) {
      net.at(net.now + 500 + i * 300, () => { f1.engine.info(ev.call, `Signal=${d}\r\nDuration=160\r\n`, net.now); net.collect(f1); });
    }
  };
  press(w, Key.button(0), 1000);
  net.run(20_000);
  assert.deepEqual(eventsOf(w.door, Ev.Relay).map((e) => [e.a, e.b]), [[0, 1], [0, 0]], "the call connected and its door code opened the relay");
  for (const m of [...tortureMessages(), ...intercomMessages()]) station.receive(m, { host: "192.0.2.99", port: 5060 }, net.now);
  for (const k of "1234#9876#") station.key(k.charCodeAt(0), true, net.now);
  station.tick(net.now + 60_000);

  const m = new Uint8Array(station.fw.exports.memory.buffer);
  let deepest = 0;
  for (let a = top - STACK_SIZE; a < top; a++) {
    if (m[a] !== PAINT) { deepest = top - a; break; }
  }
  console.log(`shadow stack: deepest use ${deepest} of ${STACK_SIZE} octets (start ${top})`);
  assert.ok(deepest > 0, "the workload used the shadow stack (the paint was overwritten)");
  assert.ok(deepest <= STACK_SIZE / 2, `deepest use ${deepest} octets: more than half of the ${STACK_SIZE}-octet stack; raise stackSize in asconfig.json (release) and this figure`);
});
