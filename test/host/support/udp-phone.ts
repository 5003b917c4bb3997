// A bare SIP party on a UDP socket of 127.0.0.1 for the caller-trust tests
// (interop-callers.test.ts): it sends requests written as text, keeps every
// datagram it gets, answers the station's own requests (REGISTER, OPTIONS,
// NOTIFY) 200 so that it can stand in for the registrar, and computes the
// digest answer to a 401 (RFC 7616 §3.4.1, MD5, qop=auth) with node's crypto.
import dgram from "node:dgram";
import { createHash, randomBytes } from "node:crypto";
import { header, startLine } from "./interop-sipp.js";

export const md5 = (s: string) => createHash("md5").update(s).digest("hex");

export class UdpPhone {
  got: { t: number; text: string }[] = [];
  private closed = false;
  private constructor(private sock: dgram.Socket, readonly port: number, private to: number) {
    sock.on("message", (data, from) => {
      const text = data.toString("latin1");
      this.got.push({ t: Date.now(), text });
      if (/^(REGISTER|OPTIONS|NOTIFY) /.test(text) && !this.closed) sock.send(Buffer.from(reply(text, 200), "latin1"), from.port, from.address);
    });
  }

  /** A party on a free port of 127.0.0.1 sending to the station on `stationPort` (set later with `target`). */
  static async open(stationPort = 0): Promise<UdpPhone> {
    const sock = dgram.createSocket("udp4");
    await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
    return new UdpPhone(sock, sock.address().port, stationPort);
  }

  target(stationPort: number): void { this.to = stationPort; }

  send(text: string): void { this.sock.send(Buffer.from(text, "latin1"), this.to, "127.0.0.1"); }

  /** Messages received whose start line matches `first` (and CSeq `cseq`). */
  find(first: RegExp, cseq?: RegExp): string[] {
    return this.got.map((g) => g.text).filter((t) => first.test(startLine(t)) && (!cseq || cseq.test(header(t, "CSeq"))));
  }

  /** Waits for a message like `find`; its text, or throws naming `what`. */
  async wait(first: RegExp, ms: number, what: string, cseq?: RegExp): Promise<string> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const m = this.find(first, cseq);
      if (m.length > 0) return m[0];
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out after ${ms} ms waiting for ${what}; got: ${this.got.map((g) => startLine(g.text)).join(" | ")}`);
  }

  /** A new request outside any dialog from `user`@example.com; `cseq`, `callId` and extra header lines may be given. */
  request(method: string, user: string, o: { callId?: string; cseq?: number; extra?: string; tag?: string } = {}): { text: string; callId: string } {
    const callId = o.callId ?? randomBytes(6).toString("hex");
    const cseq = o.cseq ?? 1;
    const sdp = method === "INVITE" ? "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\n" : "";
    const text = [
      `${method} ${this.ruri()} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK${randomBytes(6).toString("hex")};rport`,
      "Max-Forwards: 70", `From: <sip:${user}@example.com>;tag=${o.tag ?? "t" + callId}`, "To: <sip:door@example.com>",
      `Call-ID: ${callId}`, `CSeq: ${cseq} ${method}`, `Contact: <sip:${user}@127.0.0.1:${this.port}>`,
      ...(o.extra ? [o.extra] : []),
      ...(sdp ? ["Content-Type: application/sdp"] : []), `Content-Length: ${sdp.length}`, "", sdp,
    ].join("\r\n");
    return { text, callId };
  }

  ruri(): string { return `sip:door@127.0.0.1:${this.to}`; }

  /** The Authorization answering the WWW-Authenticate of `challenge` for `user` with `secret` (method, this Request-URI). */
  authorization(challenge: string, method: string, user: string, secret: string): string {
    const w = header(challenge, "WWW-Authenticate");
    const realm = /realm="([^"]*)"/.exec(w)![1], nonce = /nonce="([^"]*)"/.exec(w)![1];
    const cnonce = randomBytes(4).toString("hex"), nc = "00000001", uri = this.ruri();
    const response = md5(`${md5(`${user}:${realm}:${secret}`)}:${nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
    return `Authorization: Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, cnonce="${cnonce}", qop=auth, nc=${nc}`;
  }

  close(): void {
    this.closed = true;
    this.sock.close();
  }
}

/** The BYE ending the call that INVITE `inv` made and `ok` (its 200) confirmed (RFC 3261 §15.1.1). */
export function byeFor(inv: string, ok: string): string {
  return [`BYE ${header(ok, "Contact").replace(/^<|>.*$/g, "")} SIP/2.0`, `Via: SIP/2.0/UDP ${/UDP ([^;]+)/.exec(header(inv, "Via"))![1]};branch=z9hG4bKbye${Date.now()}`,
    "Max-Forwards: 70", `From: ${header(inv, "From")}`, `To: ${header(ok, "To")}`, `Call-ID: ${header(inv, "Call-ID")}`,
    `CSeq: ${Number(header(inv, "CSeq").split(" ")[0]) + 1} BYE`, "Content-Length: 0", "", ""].join("\r\n");
}

/** A response to `req` with `code`: Via, From, To (a tag added), Call-ID and CSeq copied. */
export function reply(req: string, code: number): string {
  const to = header(req, "To");
  return [`SIP/2.0 ${code} Answer`, `Via: ${header(req, "Via")}`, `From: ${header(req, "From")}`,
    `To: ${to}${to.includes("tag=") ? "" : ";tag=p1"}`, `Call-ID: ${header(req, "Call-ID")}`, `CSeq: ${header(req, "CSeq")}`,
    "Content-Length: 0", "", ""].join("\r\n");
}

/** The ACK for a final response `res` to INVITE `inv` (RFC 3261 §17.1.1.3 for a non-2xx: the INVITE's branch; a 2xx gets its own). */
export function ackFor(inv: string, res: string): string {
  return [`ACK ${startLine(inv).split(" ")[1]} SIP/2.0`, `Via: ${header(inv, "Via")}`, "Max-Forwards: 70",
    `From: ${header(inv, "From")}`, `To: ${header(res, "To")}`, `Call-ID: ${header(inv, "Call-ID")}`,
    `CSeq: ${header(inv, "CSeq").split(" ")[0]} ACK`, "Content-Length: 0", "", ""].join("\r\n");
}
