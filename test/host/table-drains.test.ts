// Property (issue 13, item 1): whatever requests a neighbour sends, of every
// size up to the receive buffer, in any order and at any time, the station's
// transaction table is empty 64*T1 after the last one. The station runs on a
// virtual clock with a registrar that answers (so its own REGISTER ends too);
// the neighbour's datagrams come from an address nobody listens on.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { world, BASE } from "./support/intercom-fixture.js";
import { hostileRequest } from "./support/hostile.js";

const T1 = 500;
const NEIGHBOUR = { host: "192.0.2.66", port: 5070 };
const METHODS = ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", "UPDATE", "PRACK", "MESSAGE", "SUBSCRIBE", "NOTIFY", "REFER", "REGISTER", "PUBLISH", "SERVICE", "FOO"];

const requestArb = fc.record({
  method: fc.constantFrom(...METHODS),
  /** Octets of Via padding: from none to what fills the 8 KB receive buffer. */
  padding: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 7800 })),
  viaPort: fc.constantFrom(0, 5070, 5080),
  rport: fc.boolean(),
  toTag: fc.option(fc.constantFrom("t1", "invented", "x"), { nil: undefined }),
  /** Milliseconds after the previous request. */
  gap: fc.integer({ min: 0, max: 3000 }),
});

test("property: after random requests of every size up to the receive buffer, the transaction table is empty 64*T1 after the last one", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 40 }), async (requests) => {
      const w = await world({ ...BASE, keepaliveInterval: 0 });
      w.net.run(2000); // registered
      let at = 2000;
      for (const r of requests) {
        at += r.gap;
        const text = hostileRequest({ method: r.method, sentBy: `192.0.2.66:${r.viaPort}`, rport: r.rport, viaPadding: r.padding, toTag: r.toTag });
        w.net.at(at, () => {
          w.door.engine.receive(Buffer.from(text, "latin1"), NEIGHBOUR, w.net.now);
          w.net.collect(w.door);
        });
      }
      w.net.run(at + 64 * T1);
      const s = w.door.engine.stats();
      assert.equal(s.transactions, 0, `slots still held 64*T1 after ${requests.length} requests: ${s.transactions}`);
    }),
    { numRuns: 40, seed: 13 },
  );
});
