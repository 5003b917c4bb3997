// The native board's stream listeners at an IPv6 address (boards/native-linux/
// streams-sock.c, net.c; docs/transports.md "IPv6"): they listen on the
// station's address in its family, an IPv6 one dual-stack. Proved with the
// stream test module in place of the firmware (support/streams-native.ts).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildDriver, Driver, nativeStreamsSkip } from "./support/streams-native.js";
import { closedPort, waitFor } from "./support/stream-peers.js";
import { ipv6Skip } from "./support/ipv6.js";

const dir = mkdtempSync(path.join(tmpdir(), "streams-ipv6-"));
let skip: string | null = null;
let exe = "";
const drivers: Driver[] = [];

before(async () => {
  skip = nativeStreamsSkip() ?? (await ipv6Skip());
  if (!skip) exe = buildDriver(dir);
});

after(() => {
  for (const d of drivers) d.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The driver listening on host:port (streams_listen's answer 0), and a TCP peer connected from `from`. */
async function acceptedFrom(host: string, from: string): Promise<{ d: Driver; client: net.Socket }> {
  const d = new Driver(exe);
  drivers.push(d);
  const port = await closedPort();
  assert.equal(await d.command(`listen ${port} ${host}`), 0, `listening on ${host} port ${port}`);
  const client = net.connect({ port, host: from });
  await new Promise((r) => client.once("connect", r));
  return { d, client };
}

test("native: the TCP listener of a station at ::1 takes a peer from [::1], offered with its IPv6 address at rxPeer, and echoes it", async (t) => {
  if (skip) return t.skip(skip);
  const { d, client } = await acceptedFrom("::1", "::1");
  try {
    const accepted = await d.until((l) => l.call === "accepted");
    assert.deepEqual([accepted.taken, accepted.peer, accepted.port], [1, "::1", client.localPort]);
    let echo = "";
    client.on("data", (b) => (echo += b));
    client.write("over six\n");
    await waitFor(() => echo === "over six\n", "the echo over IPv6");
  } finally {
    client.destroy();
  }
});

test("native: the TCP listener of a station bound to :: is dual-stack: an IPv4 peer is offered as ::ffff:127.0.0.1 (the ABI's mapped form)", async (t) => {
  if (skip) return t.skip(skip);
  const { d, client } = await acceptedFrom("::", "127.0.0.1");
  try {
    const accepted = await d.until((l) => l.call === "accepted");
    assert.deepEqual([accepted.taken, accepted.peer, accepted.port], [1, "127.0.0.1", client.localPort]);
  } finally {
    client.destroy();
  }
});
