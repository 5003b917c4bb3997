// The door station's events (docs/board-abi.md) as text for people and as
// JSON lines for scripts. Digits and codes are never part of an event.
import { Ev, type IntercomEvent } from "../intercom.js";

export const CALL = ["", "dialing", "ringing", "connected", "ended", "failed"];
export const INCOMING = ["refused", "answered", "ringing"];
export const CONFIG = ["loaded", "none: safe defaults", "refused: safe defaults"];
export const TRANSFER = ["refused", "calling", "connected", "failed", "ended"];
export const ALARM = ["", "door-held-open", "keypad-locked", "call-unanswered"];
export const PRESENCE = ["failed", "idle", "busy", "removed"];

export function eventJson(e: IntercomEvent): Record<string, unknown> {
  switch (e.kind) {
    case Ev.Registered: return { event: "registered", registrar: e.a === 0 ? "primary" : "backup", expires: e.b };
    case Ev.Unregistered: return { event: "unregistered", code: e.a, retryIn: e.b };
    case Ev.Failover: return { event: "failover", registrar: e.a === 0 ? "primary" : "backup" };
    case Ev.Call: return { event: "call", state: CALL[e.a] ?? e.a, code: e.b };
    case Ev.Relay: return { event: "relay", relay: e.a, on: e.b === 1 };
    case Ev.Door: return { event: "door", open: e.a === 1 };
    case Ev.DoorHeldOpen: return { event: "door-held-open" };
    case Ev.Lockout: return { event: "lockout", locked: e.a === 1, seconds: e.b };
    case Ev.DtmfSent: return { event: "dtmf-sent" };
    case Ev.DtmfReceived: return { event: "dtmf-received", digits: e.a };
    case Ev.CodeWrong: return { event: "code-wrong", where: e.a === 0 ? "call" : "keypad" };
    case Ev.Config: return { event: "config", state: CONFIG[e.a] ?? e.a };
    case Ev.Incoming: return { event: "incoming", outcome: INCOMING[e.a] ?? e.a, code: e.b };
    case Ev.KeepaliveLost: return { event: "keepalive-lost", count: e.a };
    case Ev.Transfer: return { event: "transfer", state: TRANSFER[e.a] ?? e.a, code: e.b };
    case Ev.Subscribers: return { event: "subscribers", count: e.a };
    case Ev.Alarm: return { event: "alarm", alarm: ALARM[e.a] || e.a, code: e.b };
    case Ev.Presence: return { event: "presence", state: PRESENCE[e.a] ?? e.a, code: e.b };
  }
  return { event: "unknown", kind: e.kind, a: e.a, b: e.b };
}

export function eventText(e: IntercomEvent): string {
  const j = eventJson(e);
  const { event, ...rest } = j;
  const details = Object.entries(rest).map(([k, v]) => `${k}=${v}`).join(" ");
  return details ? `${event} ${details}` : String(event);
}

const index = (table: string[], v: unknown) => (typeof v === "number" ? v : table.indexOf(String(v)));

/** An event line back to the firmware's (kind, a, b): the inverse of eventJson for the fields it keeps (null: not an event). */
export function eventFromJson(j: Record<string, unknown>): IntercomEvent | null {
  const n = (v: unknown) => Number(v ?? 0);
  const flag = (v: unknown) => (v === true ? 1 : 0);
  switch (j.event) {
    case "registered": return { kind: Ev.Registered, a: j.registrar === "primary" ? 0 : 1, b: n(j.expires) };
    case "unregistered": return { kind: Ev.Unregistered, a: n(j.code), b: n(j.retryIn) };
    case "failover": return { kind: Ev.Failover, a: j.registrar === "primary" ? 0 : 1, b: 0 };
    case "call": return { kind: Ev.Call, a: index(CALL, j.state), b: n(j.code) };
    case "relay": return { kind: Ev.Relay, a: n(j.relay), b: flag(j.on) };
    case "door": return { kind: Ev.Door, a: flag(j.open), b: 0 };
    case "door-held-open": return { kind: Ev.DoorHeldOpen, a: 0, b: 0 };
    case "lockout": return { kind: Ev.Lockout, a: flag(j.locked), b: n(j.seconds) };
    case "dtmf-sent": return { kind: Ev.DtmfSent, a: 0, b: 0 };
    case "dtmf-received": return { kind: Ev.DtmfReceived, a: n(j.digits), b: 0 };
    case "code-wrong": return { kind: Ev.CodeWrong, a: j.where === "call" ? 0 : 1, b: 0 };
    case "config": return { kind: Ev.Config, a: index(CONFIG, j.state), b: 0 };
    case "incoming": return { kind: Ev.Incoming, a: index(INCOMING, j.outcome), b: n(j.code) };
    case "keepalive-lost": return { kind: Ev.KeepaliveLost, a: n(j.count), b: 0 };
    case "transfer": return { kind: Ev.Transfer, a: index(TRANSFER, j.state), b: n(j.code) };
    case "subscribers": return { kind: Ev.Subscribers, a: n(j.count), b: 0 };
    case "alarm": return { kind: Ev.Alarm, a: index(ALARM, j.alarm), b: n(j.code) };
    case "presence": return { kind: Ev.Presence, a: index(PRESENCE, j.state), b: n(j.code) };
    case "unknown": return { kind: n(j.kind), a: n(j.a), b: n(j.b) };
  }
  return null;
}
