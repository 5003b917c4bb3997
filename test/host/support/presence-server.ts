// A registrar and presence server on a real UDP socket for the shutdown
// tests: REGISTER gets 200; PUBLISH gets 200 with a SIP-ETag and the Expires
// it asked for (RFC 3903 §6). Every PUBLISH is kept, in order.
import dgram from "node:dgram";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { header, respond, startLine } from "../../../host/sim/sip-text.js";

export interface PresenceServerOptions {
  /** The removal (Expires: 0) is challenged with 407 first, and its retry answered after this many ms. */
  challengeRemovalThenAnswerAfterMs?: number;
  /** The first PUBLISH (the initial publication) is answered after this many ms. */
  answerFirstAfterMs?: number;
}

export class PresenceServer {
  readonly publishes: string[] = [];
  private socket = dgram.createSocket("udp4");
  port = 0;

  private constructor(private o: PresenceServerOptions) {}

  static async start(o: PresenceServerOptions = {}): Promise<PresenceServer> {
    const s = new PresenceServer(o);
    await new Promise<void>((r) => s.socket.bind(0, "127.0.0.1", () => r()));
    s.port = s.socket.address().port;
    s.socket.on("message", (m, from) => s.answer(m.toString("latin1"), from));
    return s;
  }

  private answer(msg: string, from: dgram.RemoteInfo): void {
    const method = startLine(msg).split(" ", 1)[0];
    let reply = "";
    if (method === "REGISTER") reply = respond(msg, "200 OK", [`Contact: ${header(msg, "Contact")};expires=600`]);
    let delay = 0;
    if (method === "PUBLISH") {
      this.publishes.push(msg);
      if (this.publishes.length === 1) delay = this.o.answerFirstAfterMs ?? 0;
      const challenge = this.o.challengeRemovalThenAnswerAfterMs;
      if (challenge !== undefined && header(msg, "Expires") === "0") {
        if (!header(msg, "Proxy-Authorization")) {
          // RFC 3261 §22.3: a proxy asks for credentials; the firmware sends the request again with them.
          reply = respond(msg, "407 Proxy Authentication Required", ['Proxy-Authenticate: Digest realm="example.com", nonce="n1", algorithm=MD5']);
        } else {
          delay = challenge;
        }
      }
      reply ||= respond(msg, "200 OK", [`SIP-ETag: etag${this.publishes.length}`, `Expires: ${header(msg, "Expires") ?? "3600"}`]);
    }
    if (reply) setTimeout(() => this.socket.send(reply, from.port, from.address), delay);
  }

  /** Waits until `n` PUBLISHes arrived (or `ms` passed). */
  async until(n: number, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (this.publishes.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }

  close(): void {
    this.socket.close();
  }
}

/** A station configuration that registers with `port` and publishes its presence there. */
export function publishingConfig(port: number): Record<string, unknown> {
  return { user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port }, keepaliveInterval: 0, presence: { publish: true, expires: 3600 } };
}

/**
 * RFC 3903 §4.5: a station stopped on purpose (`quit` on stdin) removes its
 * publication, Expires: 0 naming the entity tag it was given, before it exits 0.
 * With a server that answers the first PUBLISH late, the quit comes while that
 * one is unanswered: the station waits for the answer, then removes.
 */
export async function expectRemovalOnQuit(child: ChildProcess, server: PresenceServer): Promise<void> {
  await server.until(1, 5000);
  assert.equal(server.publishes.length, 1, "the initial publication");
  const exited = new Promise((r) => child.on("exit", r));
  child.stdin!.write("quit\n");
  assert.equal(await exited, 0);
  assert.equal(server.publishes.length, 2, "the removal, sent before the exit");
  assert.equal(header(server.publishes[1], "Expires"), "0");
  assert.equal(header(server.publishes[1], "SIP-If-Match"), "etag1");
}

/** As above, with the removal challenged (407) and its retry answered late: the station waits for that answer. */
export async function expectChallengedRemovalAnswered(child: ChildProcess, server: PresenceServer, stdout: () => string): Promise<void> {
  await server.until(1, 5000);
  const exited = new Promise((r) => child.on("exit", r));
  child.stdin!.write("quit\n");
  assert.equal(await exited, 0);
  assert.deepEqual(server.publishes.slice(1).map((p) => [header(p, "Expires"), header(p, "Proxy-Authorization") !== null]), [["0", false], ["0", true]], "the removal, then again with credentials");
  assert.match(stdout(), /"event":"presence","state":"removed","code":200/, "the late 200 reached the station before it closed");
}
