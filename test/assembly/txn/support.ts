// Helpers for the transaction-layer specs: requests and responses as text,
// the transmit and receive buffers filled from text, the outbox read back as
// strings, and a virtual clock that records when something was sent. Tests
// may allocate; the engine does not.
import { TX } from "../../../assembly/sip/msg/buffers";
import { lookupMethod } from "../../../assembly/sip/msg/methods";
import { beginResponseFor } from "../../../assembly/sip/msg/response";
import { endMessage } from "../../../assembly/sip/msg/writer";
import { setTimerBase } from "../../../assembly/sip/txn/clock";
import { startClient } from "../../../assembly/sip/txn/client";
import { serverRespond } from "../../../assembly/sip/txn/server";
import { receiveTransaction, tickTransactions } from "../../../assembly/sip/txn/engine";
import { eventsReset } from "../../../assembly/sip/txn/events";
import { outboxReset, outboxCount, outboxData, outboxLength, outboxPeer } from "../../../assembly/sip/txn/outbox";
import { RX_PEER, PEER_SIZE, setPeerIPv4, peerPort } from "../../../assembly/sip/txn/peer";
import { resetTable } from "../../../assembly/sip/txn/table";
import { parse, text } from "../msg/rx";
import { ascii } from "../msg/scratch";

/** Where client requests go: 192.0.2.1:5060. */
export const SERVER_ADDR: u32 = 0xc0000201;
/** The source of received datagrams by default: 198.51.100.7:5070 (not the Via host). */
export const SOURCE_ADDR: u32 = 0xc6336407;
export const SOURCE_PORT: u32 = 5070;
export const DEST: usize = memory.data(<i32>PEER_SIZE);

/** An empty table and outbox, no events, the default timers, the default source. */
export function fresh(): void {
  resetTable();
  outboxReset();
  eventsReset();
  setTimerBase(500, 4000, 5000);
  setPeerIPv4(DEST, SERVER_ADDR, 5060);
  setPeerIPv4(RX_PEER, SOURCE_ADDR, SOURCE_PORT);
}

// ---- messages as text ----

export const RURI = "sip:door@192.0.2.1";

/**
 * A request from 192.0.2.10 with one Via: `via` is the sent-by and any
 * parameters before the branch ("" branch: none), `toTag` adds a To tag.
 */
export function request(method: string, branch: string, via: string = "192.0.2.10:5070", uri: string = RURI, toTag: string = ""): string {
  return method + " " + uri + " SIP/2.0\r\n" +
    "Via: SIP/2.0/UDP " + via + (branch.length > 0 ? ";branch=" + branch : "") + "\r\n" +
    "Max-Forwards: 70\r\n" +
    "From: <sip:alice@example.com>;tag=a1\r\n" +
    "To: <sip:door@example.com>" + (toTag.length > 0 ? ";tag=" + toTag : "") + "\r\n" +
    "Call-ID: c1@192.0.2.10\r\n" +
    "CSeq: 1 " + method + "\r\n" +
    "Content-Length: 0\r\n\r\n";
}

/** A response as the server at SERVER_ADDR would send it for CSeq 4711 `cseqMethod`. */
export function response(code: i32, branch: string, cseqMethod: string, toTag: string = "b7"): string {
  return "SIP/2.0 " + code.toString() + " Reason\r\n" +
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=" + branch + "\r\n" +
    "From: \"Door\" <sip:door@example.com>;tag=f1\r\n" +
    "To: <sip:bob@example.com>;tag=" + toTag + "\r\n" +
    "Call-ID: call-1@192.0.2.10\r\n" +
    "CSeq: 4711 " + cseqMethod + "\r\n" +
    "Content-Length: 0\r\n\r\n";
}

// ---- driving the layer ----

/** Copies s into TX; returns its length. */
export function toTx(s: string): i32 {
  for (let i = 0; i < s.length; i++) store<u8>(TX + <usize>i, <u8>s.charCodeAt(i));
  return s.length;
}

/** Puts the request `s` into TX and starts its client transaction to DEST at `now` (outbox emptied first). */
export function start(s: string, now: u32 = 0, arg: i32 = 7, handler: i32 = 1): i32 {
  outboxReset();
  const n = toTx(s);
  const b = s.indexOf("branch=") + 7;
  let e = b;
  while (e < s.length && s.charAt(e) != ";" && s.charAt(e) != "\r") e++;
  const c = s.indexOf("CSeq: ") + 6;
  const cseq = <u32>I32.parseInt(s.substring(c, s.indexOf(" ", c)));
  const m = lookupMethod(TX, s.indexOf(" "));
  return startClient(m, cseq, TX + <usize>b, e - b, n, DEST, now, handler, arg);
}

/** The peer sends `s` (from RX_PEER): parses it and hands it to the layer; -1000 when it does not parse. */
export function receive(s: string, now: u32, stranger: bool = false): i32 {
  outboxReset();
  if (parse(s) != 0) return -1000;
  return receiveTransaction(now, stranger);
}

/** The TU answers the request `req` of server transaction `slot` with `code` at `now`. */
export function respond(req: string, slot: i32, code: i32, now: u32): bool {
  outboxReset();
  parse(req);
  beginResponseFor(code, ascii("uas-tag-1"), 9);
  return serverRespond(slot, code, endMessage(0, 0), now);
}

/** Runs the timers at `now` (outbox emptied first, as the engine does). */
export function tickAt(now: u32): void {
  outboxReset();
  tickTransactions(now);
}

/**
 * Ticks every millisecond of [from, to] (offsets from `base`, wrapping) and
 * lists the offsets at which a message was sent, "," separated.
 */
export function sendTimes(from: u32, to: u32, base: u32 = 0): string {
  let s = "";
  for (let t = from; t <= to; t++) {
    tickAt(base + t);
    for (let k = 0; k < outboxCount(); k++) s += (s.length > 0 ? "," : "") + t.toString();
  }
  outboxReset();
  return s;
}

// ---- reading what was sent ----

/** Outbox entry i as text ("" when absent). */
export function sent(i: i32): string {
  const p = outboxData(i);
  return p == 0 ? "" : text(p, p + <usize>outboxLength(i));
}

/** The IPv4 address (a.b.c.d as u32) and the port outbox entry i goes to. */
export function sentAddr(i: i32): u32 {
  const p = outboxPeer(i);
  return (<u32>load<u8>(p + 12) << 24) | (<u32>load<u8>(p + 13) << 16) | (<u32>load<u8>(p + 14) << 8) | <u32>load<u8>(p + 15);
}
export function sentPort(i: i32): u32 { return peerPort(outboxPeer(i)); }

/** The start line of a message. */
export function startLine(msg: string): string {
  const e = msg.indexOf("\r\n");
  return e < 0 ? msg : msg.substring(0, e);
}

/** The values of every header line `name` of msg, "|" joined; "<absent>" when none. */
export function header(msg: string, name: string): string {
  const lines = msg.split("\r\n");
  const prefix = name + ": ";
  let out = "";
  let found = false;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].length == 0) break;
    if (!lines[i].startsWith(prefix)) continue;
    out += (found ? "|" : "") + lines[i].substring(prefix.length);
    found = true;
  }
  return found ? out : "<absent>";
}
