// A PBX for the limits property (limits.test.ts): at the registrar's address
// it plays every party the station talks to. It challenges the first
// REGISTER (RFC 3261 §22.2) and accepts the next, answers OPTIONS, PUBLISH,
// MESSAGE, INFO, BYE and NOTIFY with 200, answers an INVITE to `answering`
// with 180 then 200 and any other INVITE with 180 only (a CANCEL gets 200 and
// the INVITE 487, §9.2), acknowledges the station's 2xx, and on demand sends
// the station an INVITE and a SUBSCRIBE from an allowed caller. It keeps every
// datagram the station sent it.
import type { Address } from "../../../host/sip-engine.js";
import { header, headers, respond, startLine } from "../../../host/sim/sip-text.js";
import { Scripted } from "../../../host/sim/scripted.js";

const SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

export class LimitsPbx extends Scripted {
  readonly received: string[] = [];
  private n = 0;
  private challenged = false;
  private ringing = new Map<string, string>(); // Call-ID -> the INVITE left ringing

  constructor(readonly self: Address, readonly door: Address, readonly answering: string) {
    super();
  }

  private send(text: string): void {
    this.out.push({ data: Buffer.from(text, "latin1"), to: this.door });
  }

  private answer(req: string, status: string, extra: string[] = [], body = ""): void {
    this.send(respond(req, status, [...extra, ...(body ? ["Content-Type: application/sdp"] : [])], "pbx1", body));
  }

  receive(data: Uint8Array, _from: Address, _now = 0): number {
    const m = Buffer.from(data).toString("latin1");
    this.received.push(m);
    const line = startLine(m);
    const method = line.split(" ", 1)[0];
    if (method === "SIP/2.0") return this.response(m);
    const contact = [`Contact: <sip:pbx@${this.self.host}:${this.self.port}>`];
    if (method === "ACK") return 0;
    if (method === "REGISTER" && !this.challenged) {
      this.challenged = true;
      this.answer(m, "401 Unauthorized", ['WWW-Authenticate: Digest realm="pbx", nonce="n1", algorithm=MD5, qop="auth"']);
    } else if (method === "REGISTER") {
      this.answer(m, "200 OK", [`Contact: ${header(m, "Contact")};expires=600`]);
    } else if (method === "PUBLISH") {
      this.answer(m, "200 OK", ["SIP-ETag: e1", "Expires: 3600"]);
    } else if (method === "INVITE") {
      this.answer(m, "180 Ringing", contact);
      if (line.split(" ")[1] === this.answering) this.answer(m, "200 OK", contact, SDP);
      else this.ringing.set(header(m, "Call-ID") ?? "", m);
    } else if (method === "CANCEL") {
      this.answer(m, "200 OK");
      const invite = this.ringing.get(header(m, "Call-ID") ?? "");
      if (invite) this.answer(invite, "487 Request Terminated");
    } else {
      this.answer(m, "200 OK", method === "SUBSCRIBE" ? contact : []);
    }
    return 0;
  }

  private dialog?: { callId: string; from: string; to: string };

  /** The station's 2xx to our INVITE: acknowledged (§13.2.2.4). */
  private response(m: string): number {
    const cseq = header(m, "CSeq") ?? "";
    if (/^2/.test(startLine(m).slice(8)) && cseq.endsWith("INVITE") && this.dialog && header(m, "Call-ID") === this.dialog.callId) {
      const target = /<([^>]+)>/.exec(header(m, "Contact") ?? "")?.[1] ?? this.dialog.to;
      this.send([
        `ACK ${target} SIP/2.0`, `Via: SIP/2.0/UDP ${this.self.host}:${this.self.port};branch=z9hG4bKack${++this.n}`, "Max-Forwards: 70",
        `From: ${header(m, "From")}`, `To: ${header(m, "To")}`, `Call-ID: ${this.dialog.callId}`, `CSeq: ${cseq.split(" ")[0]} ACK`,
        "Content-Length: 0", "", "",
      ].join("\r\n"));
    }
    return 0;
  }

  /** A new request from `caller` (an allowed caller's URI) to the station's address of record `aor`. */
  request(method: "INVITE" | "SUBSCRIBE", caller: string, aor: string): void {
    const callId = `pbx${++this.n}@${this.self.host}`;
    if (method === "INVITE") this.dialog = { callId, from: caller, to: aor };
    const body = method === "INVITE" ? SDP : "";
    this.send([
      `${method} sip:${aor.slice(4).split("@")[0]}@${this.door.host}:${this.door.port} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.self.host}:${this.self.port};branch=z9hG4bKpbx${this.n}`, "Max-Forwards: 70",
      `From: <${caller}>;tag=c${this.n}`, `To: <${aor}>`, `Call-ID: ${callId}`, `CSeq: 1 ${method}`,
      `Contact: <sip:caller@${this.self.host}:${this.self.port}>`,
      ...(method === "SUBSCRIBE" ? ["Event: dialog", "Expires: 600", "Accept: application/dialog-info+xml"] : ["Content-Type: application/sdp"]),
      `Content-Length: ${Buffer.byteLength(body)}`, "", body,
    ].join("\r\n"));
  }
}

export { header, headers, startLine };
