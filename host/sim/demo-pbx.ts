// The embedded default's PBX: a registrar that accepts the door station, and
// a stateless proxy (RFC 3261 §16.11) between the station and the one
// apartment: requests get its Via on top and go to the other side; responses
// lose that Via and follow the next one. Just enough for the demo story.
import type { Address } from "../sip-engine.js";
import { respond, headerLines } from "./sip-text.js";
import { Scripted } from "./scripted.js";

function split(msg: string): { head: string[]; body: string } {
  const i = msg.indexOf("\r\n\r\n");
  return { head: msg.slice(0, i).split("\r\n"), body: msg.slice(i + 4) };
}

const isVia = (l: string) => /^(via|v)\s*:/i.test(l);

export class DemoPbx extends Scripted {
  name = "pbx";
  self: Address = { host: "127.0.0.1", port: 0 };
  private branch = 0;

  constructor(private door: () => Address, private apartment: () => Address) {
    super();
  }

  receive(data: Uint8Array, from: Address): number {
    const msg = Buffer.from(data).toString("latin1");
    const { head, body } = split(msg);
    if (head[0].startsWith("SIP/2.0")) return this.response(head, body);
    const method = head[0].split(" ")[0];
    // REGISTER, and OPTIONS to the domain (the station's keepalive), are for the PBX itself.
    if (method === "REGISTER" || (method === "OPTIONS" && !head[0].split(" ")[1].includes("@"))) {
      return this.answer(msg, from, method === "REGISTER" ? ["Expires: 600"] : ["Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER"]);
    }
    const to = from.port === this.door().port && from.host === this.door().host ? this.apartment() : this.door();
    const via = `Via: SIP/2.0/UDP ${this.self.host}:${this.self.port};branch=z9hG4bKpbx${++this.branch}`;
    const first = head.findIndex(isVia);
    const lines = [...head.slice(0, first), via, ...head.slice(first)];
    this.out.push({ data: Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body}`, "latin1"), to });
    return 0;
  }

  private answer(msg: string, from: Address, extra: string[]): number {
    this.out.push({ data: Buffer.from(respond(msg, "200 OK", [...headerLines(msg, "Contact"), ...extra], "pbx"), "latin1"), to: from });
    return 0;
  }

  private response(head: string[], body: string): number {
    const vias = head.map((l, i) => [l, i] as const).filter(([l]) => isVia(l));
    if (vias.length < 2) return 0;
    const rest = head.filter((_, i) => i !== vias[0][1]);
    // The next Via: its received/rport when present (RFC 3581), else its sent-by.
    const v = vias[1][0];
    const sentBy = /SIP\/2\.0\/UDP\s+([^;:\s]+)(?::(\d+))?/i.exec(v);
    const received = /;received=([^;\s]+)/i.exec(v);
    const rport = /;rport=(\d+)/i.exec(v);
    const to: Address = { host: received?.[1] ?? sentBy?.[1] ?? "127.0.0.1", port: Number(rport?.[1] ?? sentBy?.[2] ?? 5060) };
    this.out.push({ data: Buffer.from(`${rest.join("\r\n")}\r\n\r\n${body}`, "latin1"), to });
    return 0;
  }

}
