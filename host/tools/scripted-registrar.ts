// A scripted registrar (for the gallery and the tests): it challenges a
// REGISTER without credentials with a digest 401 (RFC 3261 §22.2,
// qop=auth), accepts one with credentials (200 with the expiry granted, or
// 423 below `minExpires`, §10.2.8), answers OPTIONS 200, and can be taken
// down (`up = false`) or made to fail every REGISTER (`failWith`).
import type { Address } from "../sip-engine.js";
import { header, respond, startLine } from "../sim/sip-text.js";
import { Scripted } from "../sim/scripted.js";

export class ScriptedRegistrar extends Scripted {
  up = true;
  challenge = true;
  grant = 600;
  minExpires = 0;
  failWith = 0;
  nonce = "n1";
  requests: string[] = [];

  receive(data: Uint8Array, from: Address, _now = 0): number {
    if (!this.up) return 0;
    const m = Buffer.from(data).toString("latin1");
    this.requests.push(m);
    const line = startLine(m);
    let reply: string | null = null;
    if (line.startsWith("REGISTER")) {
      const expires = Number(header(m, "Expires") ?? "3600");
      const granted = Math.min(expires, this.grant);
      if (this.failWith) reply = respond(m, `${this.failWith} Failure`, [], "reg1");
      else if (this.challenge && !header(m, "Authorization")) reply = respond(m, "401 Unauthorized", [`WWW-Authenticate: Digest realm="example.com", nonce="${this.nonce}", qop="auth", algorithm=MD5`], "reg1");
      else if (this.minExpires && expires < this.minExpires) reply = respond(m, "423 Interval Too Brief", [`Min-Expires: ${this.minExpires}`], "reg1");
      else reply = respond(m, "200 OK", [`Contact: ${header(m, "Contact")};expires=${granted}`, `Expires: ${granted}`], "reg1");
    } else if (line.startsWith("OPTIONS")) {
      reply = respond(m, "200 OK", ["Allow: REGISTER, OPTIONS"], "reg1");
    }
    if (reply) this.out.push({ data: Buffer.from(reply, "latin1"), to: from });
    return 0;
  }

  count(method: string): number {
    return this.requests.filter((m) => m.startsWith(method)).length;
  }
}
