// The scripted servers of the alarm and presence flows (gallery and tests):
// an outbound proxy that registers the door (the demo PBX's registrar), asks
// the door's own MESSAGE and PUBLISH for credentials once (407, RFC 3261
// §22.3) and relays them, credentials and all, to the party that serves
// them; and a presence server (an ESC, RFC 3903 §6) that keeps one
// entity-tag per publication. Fixed nonces and entity-tags: the same traffic
// on every run.
import type { Address, Datagram } from "../sip-engine.js";
import { DemoPbx } from "../sim/demo-pbx.js";
import { header, respond, startLine } from "../sim/sip-text.js";
import { Scripted } from "../sim/scripted.js";

/** A proxy in front of the party `next(method)` names for each request; challenges MESSAGE and PUBLISH without Proxy-Authorization. */
export class ChallengingProxy extends Scripted {
  private pbx: DemoPbx;
  private target: Address;
  challenged = 0;
  /** Whether MESSAGE and PUBLISH are asked for credentials. */
  challenge = true;

  constructor(self: Address, door: Address, private next: (method: string) => Address) {
    super();
    this.target = door;
    this.pbx = new DemoPbx(() => door, () => this.target);
    this.pbx.self = self;
  }

  receive(data: Uint8Array, from: Address, now = 0): number {
    const m = Buffer.from(data).toString("latin1");
    const method = startLine(m).split(" ")[0];
    const own = method === "MESSAGE" || method === "PUBLISH";
    if (own && this.challenge && !header(m, "Proxy-Authorization")) {
      this.challenged++;
      const challenge = `Proxy-Authenticate: Digest realm="example.com", nonce="p${this.challenged}", qop="auth", algorithm=MD5`;
      this.out.push({ data: Buffer.from(respond(m, "407 Proxy Authentication Required", [challenge], "proxy1"), "latin1"), to: from });
      return 0;
    }
    if (!m.startsWith("SIP/2.0")) this.target = this.next(method);
    return this.pbx.receive(data, from);
  }

  override outbox(): Datagram[] {
    return [...super.outbox(), ...this.pbx.outbox()];
  }
}

/**
 * A presence server: an initial PUBLISH (a body, no SIP-If-Match) gets 200
 * with a new SIP-ETag and the Expires granted (at most `maxExpires`); one
 * whose SIP-If-Match names the current tag gets 200 and a new tag (Expires 0
 * removes the publication); any other tag 412; an Expires below `minExpires`
 * 423 with Min-Expires; an Event other than presence 489.
 */
export class PresenceServer extends Scripted {
  minExpires = 0;
  maxExpires = 3600;
  /** Forget the publication (as a server that restarted): the next SIP-If-Match gets 412. */
  forget = false;
  etag = "";
  requests: string[] = [];
  private n = 0;

  receive(data: Uint8Array, from: Address, _now = 0): number {
    const m = Buffer.from(data).toString("latin1");
    if (!startLine(m).startsWith("PUBLISH")) return 0;
    this.requests.push(m);
    this.out.push({ data: Buffer.from(this.answer(m), "latin1"), to: from });
    return 0;
  }

  private answer(m: string): string {
    if ((header(m, "Event") ?? "").split(";")[0].trim() !== "presence") return respond(m, "489 Bad Event", ["Allow-Events: presence"], "esc1");
    const expires = Number(header(m, "Expires") ?? "3600");
    if (expires > 0 && expires < this.minExpires) return respond(m, "423 Interval Too Brief", [`Min-Expires: ${this.minExpires}`], "esc1");
    const match = header(m, "SIP-If-Match");
    if (this.forget) {
      this.forget = false;
      this.etag = "";
    }
    if (match !== null && match !== this.etag) return respond(m, "412 Conditional Request Failed", [], "esc1");
    if (expires === 0) {
      this.etag = "";
      return respond(m, "200 OK", ["Expires: 0"], "esc1");
    }
    this.etag = `e${++this.n}`;
    return respond(m, "200 OK", [`SIP-ETag: ${this.etag}`, `Expires: ${Math.min(expires, this.maxExpires)}`], "esc1");
  }

}
