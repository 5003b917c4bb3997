// The other end of the boards' streams in their tests (streams-sim,
// native-streams): local TCP and TLS servers that record what arrives, and
// a TCP port nobody listens on.
import net from "node:net";
import tls from "node:tls";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import type { KeyPair } from "./pki.js";

export interface PeerServer {
  port: number;
  /** The connections it accepted, in order, and what each received (latin1). */
  peers: net.Socket[];
  got: string[];
  close(): void;
}

/** A TCP server on 127.0.0.1 (TLS presenting `pair` when given). */
export async function peerServer(pair?: KeyPair): Promise<PeerServer> {
  const peers: net.Socket[] = [], got: string[] = [];
  const onSocket = (s: net.Socket) => {
    const i = peers.push(s) - 1;
    got[i] = "";
    s.on("data", (d) => (got[i] += d.toString("latin1")));
    s.on("error", () => {});
  };
  const srv = pair ? tls.createServer({ cert: readFileSync(pair.cert), key: readFileSync(pair.key) }, onSocket) : net.createServer(onSocket);
  srv.on("tlsClientError", () => {});
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  return { port: (srv.address() as net.AddressInfo).port, peers, got, close: () => { for (const p of peers) p.destroy(); srv.close(); } };
}

/** A TCP port on 127.0.0.1 that was free a moment ago and nobody listens on. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Waits until pred() holds; fails naming `what` after `ms`. */
export async function waitFor(pred: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
