// A scripted SIP party (for the gallery and the tests) that talks to one door
// station directly: it places a call (INVITE, ACK of the 2xx), sends REFER or
// SUBSCRIBE and any request in the dialog it made, answers every request it
// receives with 200 (NOTIFY, BYE, INFO; never BENOTIFY, which gets no answer,
// nor ACK), and keeps every message it saw. Given a `secret`, it answers the
// station's 401 by sending its request again with digest credentials (RFC
// 3261 §22.2, RFC 2617 §3.2.2 with qop=auth), as a phone calling the door
// directly does. Fixed tags, Call-IDs and cnonce: the same traffic on every run.
import { createHash } from "node:crypto";
import type { Address } from "../sip-engine.js";
import { header, respond, startLine } from "../sim/sip-text.js";
import { Scripted } from "../sim/scripted.js";

export interface Dialog {
  callId: string;
  tag: string;
  /** The door's To tag once it answered. */
  remoteTag: string;
  cseq: number;
}

export class ScriptedPeer extends Scripted {
  seen: string[] = [];
  /** Called for every message received, after the automatic answer. */
  onMessage?: (msg: string) => void;
  private branch = 0;
  /** The last request sent outside a dialog's ACK, to send again with credentials after a 401. */
  private last?: { d: Dialog; method: string; extra: string[]; body: string; type: string };

  constructor(readonly user: string, readonly self: Address, readonly door: Address, readonly doorUser = "door", readonly secret?: string) {
    super();
  }

  private get uri(): string {
    return `sip:${this.doorUser}@${this.door.host}:${this.door.port}`;
  }

  /** A new dialog (or transaction outside any) with this Call-ID and From tag. */
  dialog(callId: string, tag: string): Dialog {
    return { callId, tag, remoteTag: "", cseq: 0 };
  }

  /** Sends `method` in (or creating) dialog `d`, with extra header lines and a body of `type`. */
  request(d: Dialog, method: string, extra: string[] = [], body = "", type = ""): void {
    if (method !== "ACK") this.last = { d, method, extra, body, type };
    const cseq = method === "ACK" ? d.cseq : ++d.cseq;
    const lines = [
      `${method} ${this.uri} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.self.host}:${this.self.port};branch=z9hG4bK${this.user}${++this.branch}`,
      "Max-Forwards: 70",
      `From: <sip:${this.user}@example.com>;tag=${d.tag}`,
      `To: <sip:${this.doorUser}@example.com>${d.remoteTag ? `;tag=${d.remoteTag}` : ""}`,
      `Call-ID: ${d.callId}`,
      `CSeq: ${cseq} ${method}`,
      `Contact: <sip:${this.user}@${this.self.host}:${this.self.port}>`,
      ...extra,
      ...(type ? [`Content-Type: ${type}`] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      "",
      body,
    ];
    this.out.push({ data: Buffer.from(lines.join("\r\n"), "latin1"), to: this.door });
  }

  /** INVITE with an SDP offer. */
  invite(d: Dialog): void {
    const sdp = `v=0\r\no=- 1 1 IN IP4 ${this.self.host}\r\ns=-\r\nc=IN IP4 ${this.self.host}\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n`;
    this.request(d, "INVITE", [], sdp, "application/sdp");
  }

  receive(data: Uint8Array, _from: Address, _now = 0): number {
    const m = Buffer.from(data).toString("latin1");
    this.seen.push(m);
    const line = startLine(m);
    if (!line.startsWith("SIP/2.0") && !line.startsWith("ACK") && !line.startsWith("BENOTIFY")) {
      this.out.push({ data: Buffer.from(respond(m, "200 OK", [], `${this.user}1`), "latin1"), to: this.door });
    }
    if (line.startsWith("SIP/2.0 401 ") && this.secret && this.last && !this.last.extra.some((h) => h.startsWith("Authorization:"))) {
      const { d, method, extra, body, type } = this.last;
      this.request(d, method, [...extra, this.authorization(header(m, "WWW-Authenticate") ?? "", method)], body, type);
    }
    this.onMessage?.(m);
    return 0;
  }

  /** The Authorization for a challenge (WWW-Authenticate value) to `method` at the door's URI (RFC 2617 §3.2.2, qop=auth). */
  private authorization(challenge: string, method: string): string {
    const param = (name: string) => new RegExp(`${name}="?([^",]*)"?`, "i").exec(challenge)?.[1] ?? "";
    const md5 = (v: string) => createHash("md5").update(v).digest("hex");
    const [realm, nonce, cnonce, nc] = [param("realm"), param("nonce"), "0a4f113b", "00000001"];
    const response = md5(`${md5(`${this.user}:${realm}:${this.secret}`)}:${nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${this.uri}`)}`);
    return `Authorization: Digest username="${this.user}", realm="${realm}", nonce="${nonce}", uri="${this.uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", algorithm=MD5`;
  }

  /** Takes the door's tag from a response to dialog `d` (once it has one). */
  learn(d: Dialog, response: string): void {
    // Only a response that creates a dialog names its tag: not a refusal or a challenge (§12.1).
    if (header(response, "Call-ID") !== d.callId || !/^SIP\/2\.0 [12]\d\d /.test(startLine(response))) return;
    const tag = /;\s*tag=([^;\s]+)/i.exec(header(response, "To") ?? "");
    if (tag && !d.remoteTag) d.remoteTag = tag[1];
  }

}
