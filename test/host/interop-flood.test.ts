// Issue 13, item 2: a bounded flood of 1,500 datagrams a second from 100
// ports (requests in invented dialogs, INVITEs never ACKed, requests whose
// answer cannot fit, REGISTER, OPTIONS, MESSAGE) while a visitor calls the
// flat every 10 s through Kamailio and the flat (SIPp) sends the door code:
// every call opens the door, the registration refresh succeeds, and the
// transaction table is empty 64*T1 after the flood. On the simulator and the
// native board (support/flood.ts runs it; `npm run flood` prints the figures).
import { test } from "node:test";
import assert from "node:assert/strict";
import { interopSkip } from "./support/interop.js";
import { STATION_KINDS, kindSkip, titled } from "./support/interop-station.js";
import { runFlood } from "./support/flood.js";

const T1 = 500;

for (const kind of STATION_KINDS) {
  if (kind === "cortex-m4") continue; // its emulated UART carries about 60 datagrams a second: it would measure the bridge
  test(titled(kind, "flood: 1,500 datagrams a second from 100 ports; every visitor's call opens the door, the registration refresh succeeds, and the table is empty 64*T1 after"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const f = await runFlood(kind);
    t.diagnostic(JSON.stringify(f));
    assert.ok(f.offered.sent >= 1000 * 50, `the flood was offered: ${JSON.stringify(f.offered)}`);
    assert.ok(f.calls >= 5, `the visitor called: ${f.calls}`);
    assert.equal(f.connected, f.calls, "every call was answered by the flat");
    assert.equal(f.opened, f.calls, "every call opened the door");
    assert.ok(f.refreshes >= 1, "the registration was refreshed during the flood");
    assert.ok(f.drainMs >= 0 && f.drainMs <= 64 * T1 + 2000, `the table emptied within 64*T1 of the flood's end: ${f.drainMs} ms`);
    assert.equal(f.apartmentExit, 0, "the apartment's SIPp ran every call to its end");
  });
}
