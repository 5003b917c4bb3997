// Helpers for the intercom application specs (registration, buttons, dialing,
// keypad, incoming): configuration blocks made by the host encoder, a fresh
// user agent, the outbox and the app events read back as strings, and the
// peer's answers fed through the engine (engineReceive) so the UA's own
// state moves. Tests may allocate; the modules do not.
import * as C from "../../../assembly/app/config/access";
import { applyConfig, setLocalAddress } from "../../../assembly/app/settings";
import { appEventsReset, appEventCount, appEventKind, appEventA, appEventB } from "../../../assembly/app/events";
import { engineReceive } from "../../../assembly/sip/ua/engine";
import * as UC from "../../../assembly/sip/ua/calls";
import * as UE from "../../../assembly/sip/ua/events";
import { seedRandom } from "../../../assembly/sip/ua/random";
import { textData, textLength } from "../../../assembly/sip/ua/text";
import { setTimerBase } from "../../../assembly/sip/txn/clock";
import { outboxReset, outboxCount } from "../../../assembly/sip/txn/outbox";
import { RX_PEER, setPeerIPv4 } from "../../../assembly/sip/txn/peer";
import * as T from "../../../assembly/sip/txn/table";
import { loadRx, text } from "../msg/rx";
import { dialingActive, isOurLeg, onLegProgress, onLegAnswered, onLegGone } from "../../../assembly/app/dialing";
import { keypadCallEnded } from "../../../assembly/app/keypad";
import { incomingGone, ringingIncoming, answeredIncoming } from "../../../assembly/app/incoming";
import { registrationStart } from "../../../assembly/app/registration";
import { buttonsReset } from "../../../assembly/app/buttons";
import { sent, sentAddr, sentPort, startLine, header } from "../txn/support";

export { sent, startLine, header };

// ---- configuration blocks ----
// Made by host/config.ts after `npm run build`, with this script (each comment below is the JSON encoded):
//   node -e 'import("./build/js/host/config.js").then(({ validateConfig, encodeConfig }) => {
//     const b = [...encodeConfig(validateConfig(JSON).config)];   // JSON: the object in the comment
//     console.log(b.map((x) => "0x" + x.toString(16).padStart(2, "0")).join(", ")); })'
// Registrar 192.0.2.20:5060, backup 192.0.2.21:5062; calls go through the registrar.

// REG (refresh and back-off, no keepalive): {"user":"door","domain":"example.com","registrar":{"host":"192.0.2.20","port":5060},"backupRegistrar":{"host":"192.0.2.21","port":5062},"registerExpiry":600,"keepaliveInterval":0}
export const REG_LEN = 125;
export const REG = memory.data<u8>([
  0x44, 0x49, 0x43, 0x31, 0x01, 0x00, 0x6f, 0x00, 0x00, 0x00, 0x5b, 0xbb, 0xfc, 0x3c, 0x01, 0x04,
  0x00, 0x64, 0x6f, 0x6f, 0x72, 0x04, 0x0b, 0x00, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
  0x63, 0x6f, 0x6d, 0x10, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x14, 0x11, 0x02, 0x00, 0xc4, 0x13, 0x12,
  0x04, 0x00, 0xc0, 0x00, 0x02, 0x15, 0x13, 0x02, 0x00, 0xc6, 0x13, 0x14, 0x02, 0x00, 0xc4, 0x13,
  0x15, 0x04, 0x00, 0x58, 0x02, 0x00, 0x00, 0x16, 0x02, 0x00, 0x00, 0x00, 0x17, 0x01, 0x00, 0x03,
  0x18, 0x01, 0x00, 0x23, 0x19, 0x02, 0x00, 0xb8, 0x0b, 0x1a, 0x01, 0x00, 0x03, 0x1b, 0x02, 0x00,
  0x3c, 0x00, 0x1c, 0x01, 0x00, 0x00, 0x1d, 0x02, 0x00, 0x5b, 0x02, 0x1e, 0x01, 0x00, 0x00, 0x1f,
  0x02, 0x00, 0x78, 0x00, 0x20, 0x01, 0x00, 0x00, 0x21, 0x02, 0x00, 0x1e, 0x00,
]);

// KEEPALIVE (keepalive 30 s, failover after 3): {"user":"door","domain":"example.com","registrar":{"host":"192.0.2.20","port":5060},"backupRegistrar":{"host":"192.0.2.21","port":5062},"registerExpiry":600,"keepaliveInterval":30,"keepaliveFailures":3}
export const KEEPALIVE_LEN = 125;
export const KEEPALIVE = memory.data<u8>([
  0x44, 0x49, 0x43, 0x31, 0x01, 0x00, 0x6f, 0x00, 0x00, 0x00, 0xd4, 0x1a, 0x5f, 0x1f, 0x01, 0x04,
  0x00, 0x64, 0x6f, 0x6f, 0x72, 0x04, 0x0b, 0x00, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
  0x63, 0x6f, 0x6d, 0x10, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x14, 0x11, 0x02, 0x00, 0xc4, 0x13, 0x12,
  0x04, 0x00, 0xc0, 0x00, 0x02, 0x15, 0x13, 0x02, 0x00, 0xc6, 0x13, 0x14, 0x02, 0x00, 0xc4, 0x13,
  0x15, 0x04, 0x00, 0x58, 0x02, 0x00, 0x00, 0x16, 0x02, 0x00, 0x1e, 0x00, 0x17, 0x01, 0x00, 0x03,
  0x18, 0x01, 0x00, 0x23, 0x19, 0x02, 0x00, 0xb8, 0x0b, 0x1a, 0x01, 0x00, 0x03, 0x1b, 0x02, 0x00,
  0x3c, 0x00, 0x1c, 0x01, 0x00, 0x00, 0x1d, 0x02, 0x00, 0x5b, 0x02, 0x1e, 0x01, 0x00, 0x00, 0x1f,
  0x02, 0x00, 0x78, 0x00, 0x20, 0x01, 0x00, 0x00, 0x21, 0x02, 0x00, 0x1e, 0x00,
]);

// DIAL (two buttons, no backup, keepalive 30 s, failover after 2): {"user":"door","domain":"example.com","registrar":{"host":"192.0.2.20","port":5060},"keepaliveInterval":30,"keepaliveFailures":2,"maxCallSeconds":60,"buttons":[{"mode":"sequential","ringTimeout":20,"targets":["sip:flat1@example.com","sip:flat2@example.com","sip:flat3@example.com"]},{"mode":"parallel","ringTimeout":30,"targets":["sip:flat1@example.com","sip:flat2@example.com","sip:flat3@example.com"]}],"incoming":{"mode":"ring","allowed":["flat12","sip:concierge@example.com"],"refuseCode":486}}
export const DIAL_LEN = 318;
export const DIAL = memory.data<u8>([
  0x44, 0x49, 0x43, 0x31, 0x01, 0x00, 0x30, 0x01, 0x00, 0x00, 0xae, 0x87, 0x00, 0x07, 0x01, 0x04,
  0x00, 0x64, 0x6f, 0x6f, 0x72, 0x04, 0x0b, 0x00, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
  0x63, 0x6f, 0x6d, 0x10, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x14, 0x11, 0x02, 0x00, 0xc4, 0x13, 0x14,
  0x02, 0x00, 0xc4, 0x13, 0x15, 0x04, 0x00, 0x58, 0x02, 0x00, 0x00, 0x16, 0x02, 0x00, 0x1e, 0x00,
  0x17, 0x01, 0x00, 0x02, 0x18, 0x01, 0x00, 0x23, 0x19, 0x02, 0x00, 0xb8, 0x0b, 0x1a, 0x01, 0x00,
  0x03, 0x1b, 0x02, 0x00, 0x3c, 0x00, 0x1c, 0x01, 0x00, 0x02, 0x1d, 0x02, 0x00, 0xe6, 0x01, 0x1e,
  0x01, 0x00, 0x00, 0x1f, 0x02, 0x00, 0x3c, 0x00, 0x20, 0x01, 0x00, 0x00, 0x21, 0x02, 0x00, 0x1e,
  0x00, 0x40, 0x00, 0x00, 0x41, 0x01, 0x00, 0x00, 0x42, 0x02, 0x00, 0x14, 0x00, 0x43, 0x15, 0x00,
  0x73, 0x69, 0x70, 0x3a, 0x66, 0x6c, 0x61, 0x74, 0x31, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c,
  0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x43, 0x15, 0x00, 0x73, 0x69, 0x70, 0x3a, 0x66, 0x6c, 0x61, 0x74,
  0x32, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x43, 0x15, 0x00,
  0x73, 0x69, 0x70, 0x3a, 0x66, 0x6c, 0x61, 0x74, 0x33, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c,
  0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x40, 0x00, 0x00, 0x41, 0x01, 0x00, 0x01, 0x42, 0x02, 0x00, 0x1e,
  0x00, 0x43, 0x15, 0x00, 0x73, 0x69, 0x70, 0x3a, 0x66, 0x6c, 0x61, 0x74, 0x31, 0x40, 0x65, 0x78,
  0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x43, 0x15, 0x00, 0x73, 0x69, 0x70, 0x3a,
  0x66, 0x6c, 0x61, 0x74, 0x32, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f,
  0x6d, 0x43, 0x15, 0x00, 0x73, 0x69, 0x70, 0x3a, 0x66, 0x6c, 0x61, 0x74, 0x33, 0x40, 0x65, 0x78,
  0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x70, 0x06, 0x00, 0x66, 0x6c, 0x61, 0x74,
  0x31, 0x32, 0x70, 0x19, 0x00, 0x73, 0x69, 0x70, 0x3a, 0x63, 0x6f, 0x6e, 0x63, 0x69, 0x65, 0x72,
  0x67, 0x65, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d,
]);

// PLAIN (DTMF as application/dtmf): {"user":"door","domain":"example.com","registrar":{"host":"192.0.2.20","port":5060},"keepaliveInterval":0,"dtmf":"application/dtmf","buttons":[{"mode":"sequential","ringTimeout":20,"targets":["sip:flat1@example.com"]}]}
export const PLAIN_LEN = 149;
export const PLAIN = memory.data<u8>([
  0x44, 0x49, 0x43, 0x31, 0x01, 0x00, 0x87, 0x00, 0x00, 0x00, 0x9e, 0xeb, 0x8e, 0x0f, 0x01, 0x04,
  0x00, 0x64, 0x6f, 0x6f, 0x72, 0x04, 0x0b, 0x00, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
  0x63, 0x6f, 0x6d, 0x10, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x14, 0x11, 0x02, 0x00, 0xc4, 0x13, 0x14,
  0x02, 0x00, 0xc4, 0x13, 0x15, 0x04, 0x00, 0x58, 0x02, 0x00, 0x00, 0x16, 0x02, 0x00, 0x00, 0x00,
  0x17, 0x01, 0x00, 0x03, 0x18, 0x01, 0x00, 0x23, 0x19, 0x02, 0x00, 0xb8, 0x0b, 0x1a, 0x01, 0x00,
  0x03, 0x1b, 0x02, 0x00, 0x3c, 0x00, 0x1c, 0x01, 0x00, 0x00, 0x1d, 0x02, 0x00, 0x5b, 0x02, 0x1e,
  0x01, 0x00, 0x01, 0x1f, 0x02, 0x00, 0x78, 0x00, 0x20, 0x01, 0x00, 0x00, 0x21, 0x02, 0x00, 0x1e,
  0x00, 0x40, 0x00, 0x00, 0x41, 0x01, 0x00, 0x00, 0x42, 0x02, 0x00, 0x14, 0x00, 0x43, 0x15, 0x00,
  0x73, 0x69, 0x70, 0x3a, 0x66, 0x6c, 0x61, 0x74, 0x31, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c,
  0x65, 0x2e, 0x63, 0x6f, 0x6d,
]);

// ---- set-up ----

export const DOOR_ADDR: u32 = 0xc000020a; // 192.0.2.10

/** Loads block [p, p+len) as the active configuration and applies it (settings.ts); configLoad's code. */
export function useConfig(p: usize, len: i32): i32 {
  C.configDefaults();
  const r = C.configLoad(p, len);
  setLocalAddress(DOOR_ADDR);
  applyConfig();
  return r;
}

/** No transaction, no call, empty outbox and event queues, fixed random tokens, default timers. */
export function freshUa(): void {
  T.resetTable();
  for (let c = 0; c < UC.MAX_CALLS; c++) UC.freeCall(c);
  outboxReset();
  UE.uaEventsReset();
  appEventsReset();
  seedRandom(1, 2, 3, 4);
  setTimerBase(500, 4000, 5000);
  setPeerIPv4(RX_PEER, 0xc000021f, 5060);
}

// ---- reading what was sent ----

function method(i: i32): string {
  const line = startLine(sent(i));
  return line.substring(0, line.indexOf(" "));
}

function addr(i: i32): string {
  const a = sentAddr(i);
  return (a >>> 24).toString() + "." + ((a >>> 16) & 255).toString() + "." + ((a >>> 8) & 255).toString() + "." + (a & 255).toString() + ":" + sentPort(i).toString();
}

/** Every datagram in the outbox as "METHOD a.b.c.d:port" (responses: "SIP/2.0 code"), "," joined. */
export function outbox(): string {
  let s = "";
  for (let i = 0; i < outboxCount(); i++) {
    const m = method(i);
    s += (i > 0 ? "," : "") + (m == "SIP/2.0" ? startLine(sent(i)).substring(0, 11) : m + " " + addr(i));
  }
  return s;
}

/** The Request-URIs of the outbox's requests of `m`, "," joined. */
export function requests(m: string): string {
  let s = "";
  for (let i = 0; i < outboxCount(); i++) {
    if (method(i) != m) continue;
    const line = startLine(sent(i));
    s += (s.length > 0 ? "," : "") + line.substring(m.length + 1, line.lastIndexOf(" "));
  }
  return s;
}

/** The first outbox entry of method `m` ("" when none). */
export function first(m: string): string {
  for (let i = 0; i < outboxCount(); i++) if (method(i) == m) return sent(i);
  return "";
}

/** The body of a message (after the blank line). */
export function body(msg: string): string {
  const e = msg.indexOf("\r\n\r\n");
  return e < 0 ? "" : msg.substring(e + 4);
}

/** The app events since the last appEventsReset as "kind:a:b", "," joined. */
export function events(): string {
  let s = "";
  for (let i = 0; i < appEventCount(); i++) s += (i > 0 ? "," : "") + appEventKind(i).toString() + ":" + appEventA(i).toString() + ":" + appEventB(i).toString();
  return s;
}

/** The app events of `kind` only, as "a:b", "," joined. */
export function eventsOf(kind: i32): string {
  let s = "";
  for (let i = 0; i < appEventCount(); i++) {
    if (appEventKind(i) == kind) s += (s.length > 0 ? "," : "") + appEventA(i).toString() + ":" + appEventB(i).toString();
  }
  return s;
}

// ---- the other side of a call ----

/** The live UA call whose remote URI names `user` (sip:user@...), or -1. */
export function callTo(user: string): i32 {
  for (let c = 0; c < UC.MAX_CALLS; c++) {
    if (UC.callState(c) == UC.FREE) continue;
    const u = UC.remoteUri(c);
    if (text(textData(u), textData(u) + <usize>textLength(u)).includes("sip:" + user + "@")) return c;
  }
  return -1;
}

function line(msg: string, name: string): string { return name + ": " + header(msg, name) + "\r\n"; }

/** The target of call c answers its INVITE with `code` (To tag and Contact of the target), through the engine. */
export function answer(c: i32, code: i32, now: u32): void {
  const t = UC.inviteTxn(c);
  const invite = text(T.message(t), T.message(t) + <usize>T.messageLength(t));
  const to = header(invite, "To");
  const target = to.substring(1, to.length - 1);
  const msg = "SIP/2.0 " + code.toString() + " Reason\r\n" + line(invite, "Via") + line(invite, "From") +
    "To: " + to + ";tag=t" + c.toString() + "\r\n" + line(invite, "Call-ID") + line(invite, "CSeq") +
    (code >= 200 && code < 300 ? "Contact: <" + target + ">\r\n" : "") + "Content-Length: 0\r\n\r\n";
  engineReceive(loadRx(msg), now);
}

// ---- the visitor's call (dialing specs) ----

/** Ends whatever a previous test left, loads the block, sets the outbound proxy (registrationStart), empties everything. */
export function fresh(p: usize = DIAL, len: i32 = DIAL_LEN): void {
  for (let round = 0; round < 8 && dialingActive(); round++) {
    for (let c = 0; c < 4; c++) if (isOurLeg(c)) onLegGone(c, 0, 0);
  }
  incomingGone(ringingIncoming());
  incomingGone(answeredIncoming());
  keypadCallEnded();
  buttonsReset();
  expect(useConfig(p, len)).toBe(0);
  freshUa();
  registrationStart(0);
  freshUa();
}

/** The target `user` rings (180): the UA's early dialog, then onLegProgress. */
export function ring(user: string, now: u32): i32 { const c = callTo(user); answer(c, 180, now); onLegProgress(c); return c; }
/** The target `user` answers (200): the UA's ACK, then onLegAnswered (the outbox keeps both). */
export function pickUp(user: string, now: u32): i32 { const c = callTo(user); answer(c, 200, now); onLegAnswered(c, now); return c; }
/** The INVITE to `user` ends with final `code` (a failure, or 487 after our CANCEL), then onLegGone. */
export function gone(user: string, code: i32, now: u32): void { const c = callTo(user); answer(c, code, now); onLegGone(c, code, now); }
/** The bodies of the INFOs in the outbox, "|" joined. */
export function infos(): string {
  let s = "";
  for (let i = 0; i < outboxCount(); i++) if (startLine(sent(i)).startsWith("INFO ")) s += (s.length > 0 ? "|" : "") + body(sent(i));
  return s;
}

let incomingCount = 0;

/** An INVITE from `from` (the From header's address) arrives; the UA call it rings as, or -1. */
export function incoming(from: string, now: u32): i32 {
  const n = (++incomingCount).toString();
  const msg = "INVITE sip:door@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.31:5060;branch=z9hG4bKin" + n + "\r\n" +
    "Max-Forwards: 70\r\nFrom: " + from + ";tag=f" + n + "\r\nTo: <sip:door@example.com>\r\n" +
    "Call-ID: in" + n + "@192.0.2.31\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@192.0.2.31>\r\nContent-Length: 0\r\n\r\n";
  engineReceive(loadRx(msg), now);
  for (let i = 0; i < UE.uaEventCount(); i++) if (UE.uaEventKind(i) == UE.UA_INCOMING) return UE.uaEventCall(i);
  return -1;
}
