// A scripted registrar for the gallery: it challenges a REGISTER without
// credentials with a digest 401 (RFC 3261 §22.2, qop=auth), accepts one
// with credentials (200 with the expiry granted), and answers OPTIONS 200.
import type { Address, Datagram } from "../sip-engine.js";

function headerLines(msg: string, name: string): string[] {
  const re = new RegExp(`^${name}\\s*:`, "i");
  return msg.split("\r\n\r\n", 1)[0].split("\r\n").slice(1).filter((l) => re.test(l));
}

function value(line: string | undefined): string {
  return line ? line.slice(line.indexOf(":") + 1).trim() : "";
}

/** A response to `request` (RFC 3261 §8.2.6): Via, From, Call-ID and CSeq copied, a To tag added. */
export function respond(request: string, status: string, extra: string[] = []): string {
  const to = value(headerLines(request, "To|t")[0]);
  return [
    `SIP/2.0 ${status}`,
    ...headerLines(request, "Via|v"),
    ...headerLines(request, "From|f"),
    `To: ${/;\s*tag=/i.test(to) ? to : `${to};tag=reg1`}`,
    ...headerLines(request, "Call-ID|i"),
    ...headerLines(request, "CSeq"),
    ...extra,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

export class ScriptedRegistrar {
  grant = 600;
  private out: Datagram[] = [];

  receive(data: Uint8Array, from: Address): number {
    const m = Buffer.from(data).toString("latin1");
    const method = m.split(" ", 1)[0];
    let reply: string | null = null;
    if (method === "REGISTER") {
      if (headerLines(m, "Authorization").length === 0) {
        reply = respond(m, "401 Unauthorized", ['WWW-Authenticate: Digest realm="example.com", nonce="gallery-nonce-1", qop="auth", algorithm=MD5']);
      } else {
        const expires = Math.min(Number(value(headerLines(m, "Expires")[0]) || "3600"), this.grant);
        reply = respond(m, "200 OK", [`Contact: ${value(headerLines(m, "Contact|m")[0])};expires=${expires}`, `Expires: ${expires}`]);
      }
    } else if (method === "OPTIONS") {
      reply = respond(m, "200 OK", ["Allow: REGISTER, OPTIONS"]);
    }
    if (reply) this.out.push({ data: Buffer.from(reply, "latin1"), to: from });
    return 0;
  }

  tick(): void {}

  nextDeadline(): number {
    return -1;
  }

  outbox(): Datagram[] {
    const o = this.out;
    this.out = [];
    return o;
  }
}
