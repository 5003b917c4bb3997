// Board ABI 5 streams on the native board (boards/native-linux/streams*.c,
// docs/transports.md "Streams"), proved with the stream test module through
// wasm2c in place of the firmware (support/streams-native.ts): the same
// rules as the simulator's board (streams-sim.test.ts), in C with OpenSSL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import net from "node:net";
import tls from "node:tls";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildDriver, Driver, hex, nativeStreamsSkip, text } from "./support/streams-native.js";
import { peerServer, closedPort, waitFor, type PeerServer } from "./support/stream-peers.js";
import { makePki, pkiSkip, type KeyPair, type Pki } from "./support/pki.js";

const skip = nativeStreamsSkip() ?? pkiSkip();
const dir = mkdtempSync(path.join(tmpdir(), "streams-native-"));
let exe = "";
let pki: Pki;
const drivers: Driver[] = [];
const servers: PeerServer[] = [];

before(() => {
  if (skip) return;
  exe = buildDriver(dir);
  pki = makePki(dir);
});

after(() => {
  for (const d of drivers) d.stop();
  for (const s of servers) s.close();
});

function driver(files: { ca?: string; cert?: string; key?: string } = {}): Driver {
  const d = new Driver(exe, files);
  drivers.push(d);
  return d;
}




/** The status boardStreamOpened reported for the module's open of `port`. */
async function openStatus(d: Driver, port: number, secure = false, name = "-"): Promise<{ handle: number; status: number }> {
  const handle = await d.command(`open 127.0.0.1 ${port} ${secure ? 1 : 0} ${name}`);
  const opened = await d.until((l) => l.call === "opened" && l.handle === handle);
  return { handle, status: Number(opened.status) };
}

/** A server of stream-peers.ts, closed after the suite. */
async function server(pair?: KeyPair): Promise<PeerServer> {
  const srv = await peerServer(pair);
  servers.push(srv);
  return srv;
}

/** A stream the module opened to a new server, once the server holds it. */
async function connected(d: Driver) {
  const srv = await server();
  const { handle, status } = await openStatus(d, srv.port);
  assert.equal(status, 0);
  await waitFor(() => srv.peers.length === 1, "the connection");
  return { srv, handle };
}

test("native: streamOpen to a listening TCP port answers a handle and reports status 0", { skip: skip ?? false }, async () => {
  const d = driver();
  const srv = await server();
  const { handle, status } = await openStatus(d, srv.port);
  assert.ok(handle >= 1 && handle <= 255);
  assert.equal(status, 0);
});

test("native: streamOpen to a port nobody listens on reports status 1, after the import returned", { skip: skip ?? false }, async () => {
  const d = driver();
  const port = await closedPort();
  const from = d.lines.length;
  const { status } = await openStatus(d, port);
  assert.equal(status, 1);
  assert.equal(d.lines[from].open !== undefined, true, "the open's answer comes before its outcome");
});

test("native: octets the module does not take are offered again in front of the next ones", { skip: skip ?? false }, async () => {
  const d = driver();
  const { srv, handle } = await connected(d);
  srv.peers[0].write("ab");
  await d.until((l) => l.call === "data" && l.handle === handle);
  srv.peers[0].write("c\nd");
  await d.until((l) => l.call === "data" && l.took === 4);
  assert.deepEqual(d.calls("data", handle).map((l) => [text(l.hex), l.took]), [["ab", 0], ["abc\nd", 4], ["d", 0]]);
  await waitFor(() => srv.got[0] === "abc\n", "the echo of the whole line");
});

test("native: an offer is at most rxCapacity octets; -1 closes the stream and no boardStreamClosed follows", { skip: skip ?? false }, async () => {
  const d = driver();
  await d.command("capacity 8");
  const { srv, handle } = await connected(d);
  let closed = false;
  srv.peers[0].on("close", () => (closed = true));
  srv.peers[0].write("0123456789abcdef");
  const offer = await d.until((l) => l.call === "data" && l.took === -1);
  assert.equal(text(offer.hex), "01234567");
  await waitFor(() => closed, "the board to close the connection");
  assert.equal(d.calls("closed", handle).length, 0);
  assert.equal(await d.command(`send ${handle} ${hex("x\n")}`), -1);
});

test("native: the peer's close is reported as boardStreamClosed", { skip: skip ?? false }, async () => {
  const d = driver();
  const { srv, handle } = await connected(d);
  srv.peers[0].end();
  await d.until((l) => l.call === "closed" && l.handle === handle);
});

test("native: streamClose ends the connection for the peer; no boardStreamClosed follows", { skip: skip ?? false }, async () => {
  const d = driver();
  const { srv, handle } = await connected(d);
  let ended = false;
  srv.peers[0].on("end", () => (ended = true));
  await d.command(`close ${handle}`);
  await waitFor(() => ended, "the peer to see the end");
  assert.equal(d.calls("closed", handle).length, 0);
});

test("native: a peer on the TCP port is offered as boardStreamAccepted(secure 0) with its address at rxPeer, and echoed", { skip: skip ?? false }, async () => {
  const d = driver();
  const port = await closedPort();
  assert.equal(await d.command(`listen ${port}`), 0);
  const client = net.connect(port, "127.0.0.1");
  await new Promise((r) => client.once("connect", r));
  const accepted = await d.until((l) => l.call === "accepted");
  assert.deepEqual([accepted.secure, accepted.taken, accepted.peer, accepted.port], [0, 1, "127.0.0.1", client.localPort]);
  let echo = "";
  client.on("data", (b) => (echo += b));
  client.write("hello\n");
  await waitFor(() => echo === "hello\n", "the echo");
  client.destroy();
});

test("native: a connection the module refuses (0) is closed by the board", { skip: skip ?? false }, async () => {
  const d = driver();
  await d.command("accept 0");
  const port = await closedPort();
  await d.command(`listen ${port}`);
  const client = net.connect(port, "127.0.0.1");
  let closed = false;
  client.on("close", () => (closed = true));
  client.on("error", () => {});
  await d.until((l) => l.call === "accepted" && l.taken === 0);
  await waitFor(() => closed, "the board to close it");
});

test("native TLS: a certificate from the given CA for the name gives status 0, and octets flow", { skip: skip ?? false }, async () => {
  const d = driver({ ca: pki.ca });
  const srv = await server(pki.server);
  const { handle, status } = await openStatus(d, srv.port, true, pki.name);
  assert.equal(status, 0);
  assert.equal(await d.command(`send ${handle} ${hex("over tls\n")}`), 9);
  await waitFor(() => srv.got[0] === "over tls\n", "the octets through TLS");
});

test("native TLS: a certificate for another name gives status 3", { skip: skip ?? false }, async () => {
  const d = driver({ ca: pki.ca });
  assert.equal((await openStatus(d, (await server(pki.wrongName)).port, true, pki.name)).status, 3);
});

test("native TLS: a certificate from a CA the board was not given gives status 2", { skip: skip ?? false }, async () => {
  const d = driver({ ca: pki.ca });
  assert.equal((await openStatus(d, (await server(pki.untrusted)).port, true, pki.name)).status, 2);
});

test("native TLS: a peer on port + 1 gets the station's certificate and is accepted with secure 1", { skip: skip ?? false }, async () => {
  const d = driver({ ca: pki.ca, cert: pki.server.cert, key: pki.server.key });
  const port = await closedPort();
  assert.equal(await d.command(`listen ${port}`), 0);
  const client = tls.connect({ host: "127.0.0.1", port: port + 1, ca: readFileSync(pki.ca), servername: pki.name });
  await new Promise((r) => client.once("secureConnect", r));
  client.write("x");
  const accepted = await d.until((l) => l.call === "accepted");
  assert.deepEqual([accepted.secure, accepted.taken], [1, 1]);
  client.destroy();
});

test("native TLS: octets decrypted beyond the buffer reach the module once it made room (no new octets on the socket)", { skip: skip ?? false }, async () => {
  const d = driver({ ca: pki.ca });
  await d.command("capacity 8");
  const srv = await server(pki.server);
  const { status } = await openStatus(d, srv.port, true, pki.name);
  assert.equal(status, 0);
  await waitFor(() => srv.peers.length === 1, "the connection");
  srv.peers[0].write("abc\n".repeat(5)); // one TLS record of 20 octets, the buffer 8
  await waitFor(() => srv.got[0] === "abc\n".repeat(5), `the echo of all five lines, got ${JSON.stringify(srv.got[0])}`);
});

test("native: a --tls-ca file that cannot be read stops the board naming the option", { skip: skip ?? false }, () => {
  const r = spawnSync(exe, [path.join(dir, "no-such-ca.pem")], { input: "", encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--tls-ca: cannot use .*no-such-ca\.pem.*\n.*PEM file/);
});

test("native: --tls-cert with the key of another certificate stops the board naming --tls-key", { skip: skip ?? false }, () => {
  const r = spawnSync(exe, [pki.ca, pki.server.cert, pki.wrongName.key], { input: "", encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--tls-key: not the private key of --tls-cert/);
  assert.doesNotMatch(r.stderr, /PRIVATE KEY/, "the key's octets are never printed");
});
