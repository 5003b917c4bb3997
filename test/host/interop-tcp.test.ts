// The station registers over TCP (registrar.transport "tcp", RFC 3261 §18,
// docs/transports.md) with a real registrar: Kamailio listening on TCP, the
// simulator's streams (host/sim/streams.ts) carrying the firmware's
// connection. Digest authentication runs over the same connection: nothing
// goes to the registrar as a datagram.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev, type IntercomEvent } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { startDoor } from "./support/interop-station.js";
import { waiter } from "./support/interop-sipp.js";

const PASSWORD = "door-tcp-3";

test("Kamailio over TCP: the station opens one connection, registers with digest auth over it, and is registered", async (t) => {
  const skip = interopSkip();
  if (skip) return t.skip(skip);
  const port = await freePort();
  const k = new Kamailio(port, await freePort(), PASSWORD, 3600, { listen: [`tcp:127.0.0.1:${port}`] });
  await k.start();
  const events: (IntercomEvent & { t: number })[] = [];
  const udp: string[] = [];
  const s = await startDoor("simulator", {
    config: { user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port, transport: "tcp" }, keepaliveInterval: 0 },
    onSend: (to, data) => udp.push(`${to.port}: ${data.toString("latin1").split("\r\n", 1)[0]}`),
    onEvent: (e, at) => events.push({ ...e, t: at }),
  });
  try {
    await waiter(events)(() => events.some((e) => e.kind === Ev.Registered), 8000, "registration over TCP");
    assert.deepEqual(udp.filter((l) => l.startsWith(`${port}:`)), [], "nothing went to the registrar over UDP");
    assert.equal(events.filter((e) => e.kind === Ev.Unregistered).length, 0);
  } finally {
    s.close();
    await k.stop();
  }
});
