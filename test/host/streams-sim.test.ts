// Board ABI 5 streams on the simulator's board (host/sim/streams.ts,
// docs/transports.md "Streams"), proved with a small module of its own
// (support/stream-module.ts: it takes whole lines and echoes them) loaded
// through host/firmware.ts: opens and their statuses, octets offered until
// the module takes them, the module's -1 closing the stream, the peer's
// close, connections accepted on the station's ports, and TLS checked
// against the CA and the name (RFC 5922 §7.2) with a test PKI made by
// openssl (support/pki.ts).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import tls from "node:tls";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { RecordingBoard, Firmware } from "../../host/firmware.js";
import { Streams, StreamStatus, streamExports } from "../../host/sim/streams.js";
import { streamHarness, is, type StreamHarness } from "./support/stream-harness.js";
import { streamModule } from "./support/stream-module.js";
import { Station } from "../../host/sim/station.js";
import { Clock } from "../../host/sim/udp.js";
import { trappingModule } from "./support/trapping-module.js";
import { peerServer, closedPort, waitFor, type PeerServer } from "./support/stream-peers.js";
import { makePki, pkiSkip, type KeyPair, type Pki } from "./support/pki.js";

const dir = mkdtempSync(path.join(tmpdir(), "streams-sim-"));
const skipPki = pkiSkip();
let pki: Pki;
before(() => {
  if (!skipPki) pki = makePki(dir);
});




/** A stream the module opened to a new local server, once the server holds the connection. */
async function connected(h: StreamHarness): Promise<{ srv: PeerServer; handle: number }> {
  const srv = await peerServer();
  const handle = h.open({ host: "127.0.0.1", port: srv.port });
  await h.until(is.opened(handle));
  await waitFor(() => srv.peers.length === 1, "the connection");
  return { srv, handle };
}

async function withHarness(fn: (h: StreamHarness) => Promise<void>, tlsFiles = {}): Promise<void> {
  const h = await streamHarness(dir, tlsFiles);
  try {
    await fn(h);
  } finally {
    h.close();
  }
}

test("streamOpen to a listening TCP port answers a handle and reports status 0 (open)", () => withHarness(async (h) => {
  const srv = await peerServer();
  const handle = h.open({ host: "127.0.0.1", port: srv.port });
  assert.ok(handle >= 1 && handle <= 255, `a handle 1..255, got ${handle}`);
  assert.equal((await h.until(is.opened(handle))).status, StreamStatus.Open);
  srv.close();
}));

test("streamOpen to a port nobody listens on reports status 1 (refused) and frees the handle", () => withHarness(async (h) => {
  const handle = h.open({ host: "127.0.0.1", port: await closedPort() });
  assert.equal((await h.until(is.opened(handle))).status, StreamStatus.Refused);
  assert.equal(h.streams.count, 0);
}));

test("a TLS open whose peer never answers the handshake reports status 5 when the time is up", async () => {
  // A TCP server that accepts and stays silent: the TCP open succeeds, the TLS handshake never ends.
  const srv = await peerServer();
  const h = await streamHarness(dir, {}, 300);
  try {
    const handle = h.open({ host: "127.0.0.1", port: srv.port }, true, "pbx.test");
    assert.equal((await h.until(is.opened(handle))).status, StreamStatus.Timeout);
    assert.equal(h.streams.count, 0);
  } finally {
    h.close();
    srv.close();
  }
});

test("octets the module does not take are offered again in front of the next ones", () => withHarness(async (h) => {
  const { srv, handle } = await connected(h);
  srv.peers[0].write("ab");
  await h.until(is.data(handle, 0));
  srv.peers[0].write("c\nd");
  await h.until(is.data(handle, 4));
  const offers = h.calls.filter(is.data(handle)).map((c) => [c.text, c.took]);
  assert.deepEqual(offers, [["ab", 0], ["abc\nd", 4], ["d", 0]]);
  srv.close();
}));

test("each octet the module takes is dropped once: its echo of whole lines arrives in order, once", () => withHarness(async (h) => {
  const { srv } = await connected(h);
  srv.peers[0].write("one\ntw");
  srv.peers[0].write("o\nthree\nfo");
  await waitFor(() => srv.got[0] === "one\ntwo\nthree\n", `the echo, got ${JSON.stringify(srv.got[0])}`);
  srv.close();
}));

test("an offer is at most rxCapacity octets; the module's -1 closes the stream and no boardStreamClosed follows", () => withHarness(async (h) => {
  h.x.setCapacity(8);
  const { srv, handle } = await connected(h);
  let ended = false;
  srv.peers[0].on("close", () => (ended = true));
  srv.peers[0].write("0123456789abcdef");
  const offer = await h.until(is.data(handle, -1));
  assert.equal(offer.text, "01234567");
  await waitFor(() => ended, "the board to close the connection");
  assert.equal(h.calls.filter(is.closed(handle)).length, 0);
  assert.equal(h.send(handle, "x\n"), -1, "a closed stream takes nothing");
  srv.close();
}));

test("the peer's close is reported as boardStreamClosed and the handle is free", () => withHarness(async (h) => {
  const { srv, handle } = await connected(h);
  srv.peers[0].end();
  await h.until(is.closed(handle));
  assert.equal(h.streams.count, 0);
  srv.close();
}));

test("streamClose ends the connection for the peer; no boardStreamClosed follows", () => withHarness(async (h) => {
  const { srv, handle } = await connected(h);
  let ended = false;
  srv.peers[0].on("end", () => (ended = true));
  h.x.close(handle);
  await waitFor(() => ended, "the peer to see the end");
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(h.calls.filter(is.closed(handle)).length, 0);
  srv.close();
}));

test("streamSend on a handle the board does not hold answers -1", () => withHarness(async (h) => {
  assert.equal(h.send(77, "x"), -1);
}));

test("a peer connecting to the TCP port is offered as boardStreamAccepted(secure 0) with its address at rxPeer", () => withHarness(async (h) => {
  const ports = await h.streams.listen("127.0.0.1", 0);
  const client = net.connect(ports.tcp, "127.0.0.1");
  await new Promise((r) => client.once("connect", r));
  const accepted = await h.until(is.accepted());
  assert.deepEqual([accepted.secure, accepted.taken, accepted.peer], [0, 1, { host: "127.0.0.1", port: client.localPort }]);
  let echo = "";
  client.on("data", (d) => (echo += d));
  client.write("hello\n");
  await waitFor(() => echo === "hello\n", "the echo on the accepted stream");
  client.destroy();
}));

test("a connection the module refuses (0) is closed by the board", () => withHarness(async (h) => {
  h.x.setAccept(0);
  const ports = await h.streams.listen("127.0.0.1", 0);
  const client = net.connect(ports.tcp, "127.0.0.1");
  let closed = false;
  client.on("close", () => (closed = true));
  client.on("error", () => {});
  await h.until(is.accepted());
  await waitFor(() => closed, "the board to close the refused connection");
  assert.equal(h.streams.count, 0);
}));

test("a module without the stream exports makes a board without streams", async () => {
  assert.equal(streamExports({ rxBuffer: () => 0 }), null);
  const streams = new Streams({ now: () => 0 });
  assert.equal(streams.streamOpen(new Uint8Array(18), false, ""), -1);
  await assert.rejects(streams.listen("127.0.0.1", 0), /no stream exports/);
});

test("a board without stream methods answers the module's streamOpen with -1", async () => {
  const fw = await Firmware.load(streamModule(dir), new RecordingBoard());
  assert.equal((fw.exports as unknown as { open(s: number, n: number): number }).open(0, 0), -1);
});

/** A TLS open through the module to a server presenting `pair`, with the test CA as the board's trust anchor: its status. */
async function tlsOpen(pair: KeyPair, then?: (h: StreamHarness, handle: number, got: string[]) => Promise<void>): Promise<number> {
  let status = -1;
  await withHarness(async (h) => {
    const srv = await peerServer(pair);
    try {
      const handle = h.open({ host: "127.0.0.1", port: srv.port }, true, pki.name);
      status = (await h.until(is.opened(handle))).status;
      await then?.(h, handle, srv.got);
    } finally {
      srv.close();
    }
  }, { ca: pki.ca });
  return status;
}

test("TLS: a server certificate from the given CA for the name gives status 0, and octets flow", { skip: skipPki ?? false }, async () => {
  const status = await tlsOpen(pki.server, async (h, handle, got) => {
    assert.equal(h.send(handle, "over tls\n"), 9);
    await waitFor(() => got[0] === "over tls\n", "the octets through TLS");
  });
  assert.equal(status, StreamStatus.Open);
});

test("TLS: a certificate for another name gives status 3", { skip: skipPki ?? false }, async () => {
  assert.equal(await tlsOpen(pki.wrongName), StreamStatus.WrongName);
});

test("TLS: a certificate from a CA the board was not given gives status 2", { skip: skipPki ?? false }, async () => {
  assert.equal(await tlsOpen(pki.untrusted), StreamStatus.Untrusted);
});

test("TLS: a peer connecting to localPort + 1 is accepted with secure 1 and sees the station's certificate", { skip: skipPki ?? false }, () => withHarness(async (h) => {
  const ports = await h.streams.listen("127.0.0.1", 0);
  assert.equal(ports.tls, ports.tcp + 1);
  const client = tls.connect({ host: "127.0.0.1", port: ports.tls!, ca: readFileSync(pki.ca), servername: pki.name });
  await new Promise((r) => client.once("secureConnect", r));
  const accepted = await h.until(is.accepted());
  assert.equal(accepted.secure, 1);
  client.destroy();
}, { ca: pki.ca, cert: pki.server.cert, key: pki.server.key }));

test("a station whose module lacks the stream exports starts, and takes no TCP connection on its port", async () => {
  // The trapping module: every export of the board ABI but the stream ones.
  const station = await Station.start({
    image: new Uint8Array(readFileSync(trappingModule(dir))),
    config: { user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0 },
    host: "127.0.0.1", port: 0, clock: new Clock(), onWarning: () => {},
  });
  try {
    assert.equal(station.streams.attached, false);
    const refused = await new Promise<boolean>((resolve) => {
      const c = net.connect(station.announced.port, "127.0.0.1");
      c.once("connect", () => (c.destroy(), resolve(false)));
      c.once("error", () => resolve(true));
    });
    assert.equal(refused, true, "nothing listens on TCP localPort");
  } finally {
    station.close();
  }
});

test("a station whose module has the stream exports takes TCP on localPort and TLS on the next port, and its answers go out", { skip: skipPki ?? false }, async () => {
  const station = await Station.start({
    image: streamModule(dir, true),
    config: { user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0 },
    host: "127.0.0.1", port: 0, clock: new Clock(), onWarning: (w) => assert.fail(w), tls: { ca: pki.ca, cert: pki.server.cert, key: pki.server.key },
  });
  const echo = async (socket: net.Socket, ready: string) => {
    await new Promise((r) => socket.once(ready, r));
    let got = "";
    socket.on("data", (d) => (got += d));
    socket.write("over the station\n");
    await waitFor(() => got === "over the station\n", `the echo after ${ready}`);
    socket.destroy();
  };
  try {
    assert.equal(station.streams.attached, true);
    const port = station.announced.port;
    await echo(net.connect(port, "127.0.0.1"), "connect");
    await echo(tls.connect({ host: "127.0.0.1", port: port + 1, ca: readFileSync(pki.ca), servername: pki.name }), "secureConnect");
  } finally {
    station.close();
  }
});
