// A hostile neighbour on the building's LAN: SIP requests made to hurt (an
// answer that cannot fit, a Via that points nowhere, invented dialogs,
// INVITEs never ACKed), and UDP sockets that send them and count what comes
// back. Deterministic: every random choice comes from a seeded Rng.
import dgram from "node:dgram";
import type { Address } from "../../../host/sip-engine.js";
import { Rng } from "./mutator.js";

export interface RequestShape {
  method: string;
  /** Sent-by of the top Via ("127.0.0.1:5070"); rport is added when `rport`. */
  sentBy: string;
  rport?: boolean;
  /** A Via parameter of this many octets (an answer that echoes it cannot fit). */
  viaPadding?: number;
  toTag?: string;
  fromTag?: string;
  callId?: string;
  cseq?: number;
  /** Extra header lines, CRLF-terminated. */
  extra?: string;
  body?: string;
}

let counter = 0;

/** A request as text (CRLF line ends), well formed unless a field says otherwise. */
export function hostileRequest(s: RequestShape): string {
  const n = ++counter;
  const via = `SIP/2.0/UDP ${s.sentBy};branch=z9hG4bKh${n}x${Date.now() % 100000}${s.rport ? ";rport" : ""}${s.viaPadding ? `;pad=${"p".repeat(s.viaPadding)}` : ""}`;
  const body = s.body ?? "";
  return [
    `${s.method} sip:door@127.0.0.1 SIP/2.0`, `Via: ${via}`, "Max-Forwards: 70",
    `From: <sip:neighbour@192.0.2.66>;tag=${s.fromTag ?? `f${n}`}`,
    `To: <sip:door@127.0.0.1>${s.toTag ? `;tag=${s.toTag}` : ""}`,
    `Call-ID: ${s.callId ?? `hostile-${n}@192.0.2.66`}`, `CSeq: ${s.cseq ?? 1} ${s.method === "ACK" ? "INVITE" : s.method}`,
    "Contact: <sip:neighbour@192.0.2.66>",
  ].join("\r\n") + "\r\n" + (s.extra ?? "") + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** One of the requests a flood mixes, chosen by `rng`, from `port` (the socket it leaves from). */
export function floodRequest(rng: Rng, port: number, rxCapacity: number): string {
  const sentBy = `127.0.0.1:${port}`;
  switch (rng.below(6)) {
    case 0: // a request in a dialog the station never had (invented To tag)
      return hostileRequest({ method: ["INFO", "BYE", "UPDATE", "NOTIFY"][rng.below(4)], sentBy, rport: true, toTag: `t${rng.below(1e9)}`, cseq: 2 + rng.below(100) });
    case 1: // an INVITE that is never ACKed
      return hostileRequest({ method: "INVITE", sentBy, rport: true, body: "v=0\r\n", extra: "Content-Type: application/sdp\r\n" });
    case 2: // a request whose answer cannot fit in the station's send buffer
      return hostileRequest({ method: ["MESSAGE", "CANCEL", "INFO", "SUBSCRIBE"][rng.below(4)], sentBy, rport: true, viaPadding: 3900 + rng.below(Math.max(1, rxCapacity - 4300)) });
    case 3:
      return hostileRequest({ method: "REGISTER", sentBy, rport: true });
    case 4:
      return hostileRequest({ method: "OPTIONS", sentBy, rport: true });
    default: // a MESSAGE from a stranger
      return hostileRequest({ method: "MESSAGE", sentBy, rport: true, body: "open", extra: "Content-Type: text/plain\r\n" });
  }
}

/** UDP sockets on 127.0.0.1 that send requests and count the status codes that come back. */
export class Neighbour {
  readonly answers = new Map<string, number>();
  private sockets: dgram.Socket[] = [];

  static async open(count: number): Promise<Neighbour> {
    const n = new Neighbour();
    for (let i = 0; i < count; i++) {
      const s = dgram.createSocket("udp4");
      await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
      s.on("message", (m) => {
        const code = /^SIP\/2\.0 (\d{3})/.exec(m.toString("latin1"))?.[1] ?? "request";
        n.answers.set(code, (n.answers.get(code) ?? 0) + 1);
      });
      s.on("error", () => {});
      n.sockets.push(s);
    }
    return n;
  }

  port(i: number): number {
    return this.sockets[i % this.sockets.length].address().port;
  }

  send(i: number, to: Address, text: string): void {
    this.sockets[i % this.sockets.length].send(Buffer.from(text, "latin1"), to.port, to.host);
  }

  count(code: string): number {
    return this.answers.get(code) ?? 0;
  }

  total(): number {
    return [...this.answers.values()].reduce((a, b) => a + b, 0);
  }

  close(): void {
    for (const s of this.sockets) s.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
