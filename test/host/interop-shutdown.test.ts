// The station on a real network, started as a user starts it (`intercom sim
// --config FILE`, the native board with its block; no --host, no --port),
// against Kamailio on loopback: it binds its configured localPort and
// announces the address that routes to its registrar (RFC 3261 §18.1.1:
// Via's sent-by, §10.2.1: the Contact the registrar routes calls to), and
// when it is stopped (quit, the end of stdin, SIGINT, SIGTERM) it ends its
// call with BYE (§15.1.1), removes its binding (REGISTER with Expires: 0,
// §10.2.2) and exits 0 within the shutdown bound.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Kamailio, sipp, freePort, interopSkip } from "./support/interop.js";
import { nativeSkip } from "./support/interop-native.js";
import { DoorProcess, bindings, type DoorKind, type StopWay } from "./support/door-process.js";

const PASSWORD = "door-interop-7";
/** The hosts' shutdown grace is 1 s (Station.shutdown, main.c SHUTDOWN_GRACE_MS); the rest is process start-up and exit. */
const EXIT_BOUND_MS = 3000;

function config(registrar: number, localPort: number) {
  return {
    user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port: registrar },
    localPort, keepaliveInterval: 0,
    buttons: [{ mode: "sequential", ringTimeout: 20, targets: ["sip:flat@example.com"] }],
  };
}

function skipFor(kind: DoorKind): string | null {
  return interopSkip() ?? (kind === "native" ? nativeSkip() : null);
}

const STOPS: Record<DoorKind, StopWay[]> = { sim: ["quit", "end of stdin", "SIGINT", "SIGTERM"], native: ["quit", "SIGTERM"] };

for (const kind of ["sim", "native"] as const) {
  test(`${kind}: without --host the station binds the configured localPort and announces the address that routes to its registrar (127.0.0.1), so Kamailio's binding points back at it (RFC 3261 §18.1.1, §10.2.1)`, async (t) => {
    const skip = skipFor(kind);
    if (skip) return t.skip(skip);
    const k = new Kamailio(await freePort(), await freePort(), PASSWORD);
    await k.start();
    const localPort = await freePort();
    const door = DoorProcess.start(kind, config(k.port, localPort));
    try {
      const listening = await door.wait("listening", 5000);
      assert.equal(listening.host, "127.0.0.1", "the announced address: the interface that reaches 127.0.0.1");
      assert.equal(listening.port, localPort, "the configuration's localPort, not 5060");
      await door.wait("registered", 5000);
      const contacts = await bindings(k.port, PASSWORD);
      assert.equal(contacts.length, 1, `one binding: ${contacts.join(" | ")}`);
      assert.match(contacts[0], new RegExp(`^<sip:door@127\\.0\\.0\\.1:${localPort}[;>]`), "the Contact Kamailio keeps");
    } finally {
      door.kill();
      await k.stop();
    }
  });

  for (const way of STOPS[kind]) {
    test(`${kind}: on ${way} the call in progress gets BYE, the binding is removed (REGISTER Expires: 0) and the process exits 0 within ${EXIT_BOUND_MS} ms (RFC 3261 §15.1.1, §10.2.2)`, async (t) => {
      const skip = skipFor(kind);
      if (skip) return t.skip(skip);
      const flatPort = await freePort();
      const k = new Kamailio(await freePort(), flatPort, PASSWORD);
      await k.start();
      const apartment = sipp("apartment-answers-waits.xml", flatPort);
      const door = DoorProcess.start(kind, config(k.port, await freePort()));
      try {
        await door.wait("registered", 5000);
        assert.equal((await bindings(k.port, PASSWORD)).length, 1, "registered before the stop");
        door.command("button 0");
        await door.wait("call", 10_000, (l) => l.state === "connected");
        const end = await door.stop(way);
        assert.equal(end.code, 0, `exit code; stderr: ${door.stderr}`);
        assert.ok(end.ms < EXIT_BOUND_MS, `exited ${end.ms} ms after ${way}`);
        const flat = await Promise.race([apartment.done, new Promise<{ code: number; out: string }>((r) => setTimeout(() => r({ code: -1, out: "SIPp still waiting for the BYE" }), 5000))]);
        assert.equal(flat.code, 0, `the apartment got the door's BYE:\n${flat.out.slice(-2000)}`);
        assert.deepEqual(await bindings(k.port, PASSWORD), [], "Kamailio keeps no binding for the door");
      } finally {
        door.kill();
        apartment.proc.kill("SIGKILL");
        await k.stop();
      }
    });
  }
}
