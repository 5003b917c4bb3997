// Helpers for the UA's event-family specs (REFER, SUBSCRIBE/NOTIFY, MESSAGE,
// SERVICE, BENOTIFY): a confirmed call with an allowed caller, requests from
// the peer written as text and fed through the engine, and what the engine
// sent read back. Tests may allocate; the engine does not.
import { engineReceive, engineTick } from "../../../assembly/sip/ua/engine";
import { answerIncoming } from "../../../assembly/sip/ua/uas";
import * as UC from "../../../assembly/sip/ua/calls";
import * as UE from "../../../assembly/sip/ua/events";
import { textData, textLength } from "../../../assembly/sip/ua/text";
import { outboxReset, outboxCount } from "../../../assembly/sip/txn/outbox";
import { loadRx, text } from "../msg/rx";
import { fresh, incoming, sent, startLine, header } from "../app/app-support";

export { sent, startLine, header };

/** The local (To) tag of call c. */
export function tagOf(c: i32): string {
  const t = UC.localTag(c);
  return text(textData(t), textData(t) + <usize>textLength(t));
}

/** The remote (From) tag of call c: in-dialog requests from the peer carry it (§12.2.2). */
export function remoteTagOf(c: i32): string {
  const t = UC.remoteTag(c);
  return text(textData(t), textData(t) + <usize>textLength(t));
}

let callNumber = 0;
/** A fresh station (DIAL configuration: destinations flat1..3, callers flat12 and the concierge) with an answered call from flat12. */
export function confirmedCall(now: u32): i32 {
  fresh();
  const c = incoming("<sip:flat12@example.com>", now);
  answerIncoming(c, now);
  callNumber++;
  const ack = "ACK sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.31:5060;branch=z9hG4bKack" + callNumber.toString() +
    "\r\nMax-Forwards: 70\r\nFrom: <sip:flat12@example.com>;tag=" + remoteTagOf(c) + "\r\nTo: <sip:door@example.com>;tag=" + tagOf(c) +
    "\r\nCall-ID: " + callIdOf(c) + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
  receive(ack, now);
  return c;
}

/** The Call-ID of the call `incoming` made last. */
export function callIdOf(c: i32): string {
  const t = UC.callId(c);
  return text(textData(t), textData(t) + <usize>textLength(t));
}

/** A request from the peer 192.0.2.31 in call c's dialog (or outside any with `c` < 0), with extra header lines and a body. */
export function inDialog(method: string, c: i32, cseq: i32, extra: string, body: string = "", type: string = ""): string {
  const n = (++callNumber).toString();
  return method + " sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.31:5060;branch=z9hG4bKr" + n + "\r\n" +
    "Max-Forwards: 70\r\nFrom: <sip:flat12@example.com>;tag=" + (c >= 0 ? remoteTagOf(c) : "f1") + "\r\n" +
    "To: <sip:door@example.com>" + (c >= 0 ? ";tag=" + tagOf(c) : "") + "\r\n" +
    "Call-ID: " + (c >= 0 ? callIdOf(c) : "out" + n + "@192.0.2.31") + "\r\nCSeq: " + cseq.toString() + " " + method + "\r\n" +
    "Contact: <sip:flat12@192.0.2.31>\r\n" + extra + (type.length > 0 ? "Content-Type: " + type + "\r\n" : "") +
    "Content-Length: " + body.length.toString() + "\r\n\r\n" + body;
}

/** The engine receives `msg` at `now` (outbox emptied first); the parse verdict. */
export function receive(msg: string, now: u32): i32 {
  outboxReset();
  return engineReceive(loadRx(msg), now);
}

/** The engine's timers at `now` (outbox emptied first). */
export function tick(now: u32): void {
  outboxReset();
  engineTick(now);
}

/** The start lines in the outbox, "," joined (responses as "SIP/2.0 202 Accepted"). */
export function lines(): string {
  let s = "";
  for (let i = 0; i < outboxCount(); i++) s += (i > 0 ? "," : "") + startLine(sent(i));
  return s;
}

/** The first datagram in the outbox whose start line begins with `prefix` ("" when none). */
export function firstSent(prefix: string): string {
  for (let i = 0; i < outboxCount(); i++) if (startLine(sent(i)).startsWith(prefix)) return sent(i);
  return "";
}

/** The UA events of `kind` of the last engine call as "call:code:extra", "," joined. */
export function uaEventsOf(kind: i32): string {
  let s = "";
  for (let i = 0; i < UE.uaEventCount(); i++) {
    if (UE.uaEventKind(i) != kind) continue;
    s += (s.length > 0 ? "," : "") + UE.uaEventCall(i).toString() + ":" + UE.uaEventCode(i).toString() + ":" + UE.uaEventExtra(i).toString();
  }
  return s;
}

/** The data of the first UA event of `kind`, as text. */
export function uaEventText(kind: i32): string {
  for (let i = 0; i < UE.uaEventCount(); i++) {
    if (UE.uaEventKind(i) == kind) return text(UE.uaEventData(i), UE.uaEventData(i) + <usize>UE.uaEventDataLength(i));
  }
  return "";
}

/** A response from the peer to our request `req` (Via, From, To, Call-ID, CSeq copied; To tag added). */
export function answerTo(req: string, code: i32): string {
  const to = header(req, "To");
  return "SIP/2.0 " + code.toString() + " Reason\r\nVia: " + header(req, "Via") + "\r\nFrom: " + header(req, "From") +
    "\r\nTo: " + to + (to.includes(";tag=") ? "" : ";tag=sub9") + "\r\nCall-ID: " + header(req, "Call-ID") + "\r\nCSeq: " + header(req, "CSeq") +
    "\r\nContent-Length: 0\r\n\r\n";
}

/** The body of a message (after the blank line). */
export function bodyOf(msg: string): string {
  const e = msg.indexOf("\r\n\r\n");
  return e < 0 ? "" : msg.substring(e + 4);
}

let subNumber = 0;
/** A SUBSCRIBE outside any dialog from `from` (a name-addr), with extra header lines; a fresh Call-ID. */
export function subscribe(from: string, extra: string): string {
  const n = (++subNumber).toString();
  return "SUBSCRIBE sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.31:5060;branch=z9hG4bKs" + n + "\r\n" +
    "Max-Forwards: 70\r\nFrom: " + from + ";tag=s" + n + "\r\nTo: <sip:door@example.com>\r\n" +
    "Call-ID: sub" + n + "@192.0.2.31\r\nCSeq: 1 SUBSCRIBE\r\nContact: <sip:phone@192.0.2.31>\r\n" + extra +
    "Content-Length: 0\r\n\r\n";
}

/** The same subscriber again in the dialog the 200 `ok` created: CSeq `cseq`, extra header lines. */
export function resubscribe(first: string, ok: string, cseq: i32, extra: string): string {
  return "SUBSCRIBE sip:phone@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.31:5060;branch=z9hG4bKrs" + (++subNumber).toString() + "\r\n" +
    "Max-Forwards: 70\r\nFrom: " + header(first, "From") + "\r\nTo: " + header(ok, "To") + "\r\n" +
    "Call-ID: " + header(first, "Call-ID") + "\r\nCSeq: " + cseq.toString() + " SUBSCRIBE\r\nContact: <sip:phone@192.0.2.31>\r\n" + extra +
    "Content-Length: 0\r\n\r\n";
}
